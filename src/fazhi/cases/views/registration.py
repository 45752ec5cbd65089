"""The case list and the two ways a case begins: a case source registered (also from an
inspection that found the violation) and the summary procedure decided on the spot."""

from __future__ import annotations

from abc import abstractmethod
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import can
from fazhi.cases import selectors, services
from fazhi.cases.models import Case, Violation
from fazhi.cases.views.common import chosen, chosen_officers
from fazhi.core.errors import ApplicationError, ValidationError
from fazhi.core.params import param_date, param_id, param_money
from fazhi.core.web import AppView, ScopedListView
from fazhi.inspections import selectors as inspections
from fazhi.registry import selectors as registry


def _body_and_violation(request: HttpRequest) -> tuple[Any, Violation]:
    """The user's own body and the violation chosen from its catalogue, or a refusal saying which."""
    body = services.registering_body(request.user)
    violation = selectors.violation_choice(user=request.user, pk=param_id(request.POST, "violation"), body_id=body.pk)
    if violation is None:
        raise ValidationError(_("Choose a violation from your body's catalogue."), details={"violation": "required"})
    return body, violation


def _form_context(request: HttpRequest, values: dict[str, Any]) -> dict[str, Any]:
    body = registry.own_body(user=request.user)
    return {
        "body": body,
        "violations": selectors.violation_list(user=request.user, body_id=body.pk if body else None),
        "party_kinds": Case.PartyKind.choices,
        "values": values,
    }


class CaseListView(ScopedListView):
    permission = Perm.CASE_VIEW
    selector = selectors.case_list
    template_name = "cases/list.html"
    partial_template = "cases/_rows.html"
    filters = ("q", "status")
    bool_filters = ("overdue",)

    def extra_context(self, request: HttpRequest) -> dict[str, Any]:
        return {
            "statuses": Case.Status.choices,
            "status": request.GET.get("status", ""),
            "q": request.GET.get("q", ""),
            "can_handle": can(request.user, Perm.CASE_HANDLE),
            "today": timezone.localdate(),
        }


class _CaseStartView(AppView):
    """A form that starts a case for the user's body; a refusal shows the form again with what
    was typed and the service's message."""

    permission = Perm.CASE_HANDLE
    template_name: str
    done: Any  # the message once the case exists

    @abstractmethod
    def context(self, request: HttpRequest, values: dict[str, Any]) -> dict[str, Any]:
        """What the form shows, with the ``values`` typed so far."""

    @abstractmethod
    def start(self, request: HttpRequest, values: dict[str, Any]) -> Case:
        """Parse the form and call the service that starts the case."""

    def post(self, request: HttpRequest) -> HttpResponse:
        values: dict[str, Any] = dict(request.POST.items())
        try:
            case = self.start(request, values)
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return render(request, self.template_name, self.context(request, values), status=422)
        messages.success(request, str(self.done))
        return redirect("cases:detail", pk=case.pk)


class CaseNewView(_CaseStartView):
    """Register a case source; ``?record=`` starts from an inspection that found the violation."""

    template_name = "cases/new.html"
    done = gettext_lazy("Registered. The body head files the case.")

    def context(self, request: HttpRequest, values: dict[str, Any]) -> dict[str, Any]:
        return {
            **_form_context(request, values),
            "enterprises": registry.enterprise_list(user=request.user)[:0],
            "sources": Case.Source.choices,
            "today": timezone.localdate(),
        }

    def get(self, request: HttpRequest) -> HttpResponse:
        values: dict[str, Any] = {"source": Case.Source.INSPECTION, "party_kind": Case.PartyKind.ORGANISATION}
        record_id = param_id(request.GET, "record")
        if record_id:
            record = inspections.record_get(user=request.user, pk=record_id)
            values.update(
                record=record,
                enterprise=record.enterprise,
                occurred_on=record.date.isoformat(),
                facts=record.findings,
            )
        return render(request, self.template_name, self.context(request, values))

    def start(self, request: HttpRequest, values: dict[str, Any]) -> Case:
        p = request.POST
        body, violation = _body_and_violation(request)
        record = chosen(request, "record", inspections.record_get)
        enterprise = chosen(request, "enterprise", registry.enterprise_get)
        values.update(record=record, enterprise=enterprise)
        return services.case_register(
            actor=request.user,
            body=body,
            violation=violation,
            source=p.get("source", ""),
            party_kind=p.get("party_kind", ""),
            enterprise=enterprise,
            party_name=p.get("party_name", ""),
            party_id_number=p.get("party_id_number", ""),
            party_address=p.get("party_address", ""),
            occurred_on=param_date(p, "occurred_on", required=True),
            facts=p.get("facts", ""),
            source_record=record,
            source_note=p.get("source_note", ""),
            major=p.get("major") == "1",
        )


class SummaryView(_CaseStartView):
    """简易程序 on the spot (a phone form)."""

    template_name = "cases/summary.html"
    done = gettext_lazy("Decided on the spot; print or show the decision to the party.")

    def context(self, request: HttpRequest, values: dict[str, Any]) -> dict[str, Any]:
        ctx = _form_context(request, values)
        body = ctx["body"]
        ctx["officers"] = (
            registry.officer_list(user=request.user, body_id=body.pk, may_inspect_on=timezone.localdate())
            if body
            else []
        )
        return ctx

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template_name, self.context(request, {"party_kind": "person"}))

    def start(self, request: HttpRequest, values: dict[str, Any]) -> Case:
        p = request.POST
        body, violation = _body_and_violation(request)
        return services.case_summary(
            actor=request.user,
            body=body,
            violation=violation,
            party_kind=p.get("party_kind", ""),
            enterprise=chosen(request, "enterprise", registry.enterprise_get),
            party_name=p.get("party_name", ""),
            party_id_number=p.get("party_id_number", ""),
            facts=p.get("facts", ""),
            officers=chosen_officers(request, body),
            fine=param_money(p, "fine"),
            warning=p.get("warning") == "1",
            statement=p.get("statement", ""),
            paid_on_the_spot=p.get("paid") == "1",
        )
