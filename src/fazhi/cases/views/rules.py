"""The rules page: violations, discretion benchmarks, waiver lists and document templates, the
data the county edits. Each form's ``action`` names one small handler."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import can
from fazhi.cases import selectors, services
from fazhi.cases.models import Circumstance, DocumentKind, Violation, Waiver
from fazhi.cases.services.documents import sample_context
from fazhi.cases.views.common import ReadWriteView, chosen
from fazhi.core.errors import ApplicationError, ValidationError
from fazhi.core.params import param_count, param_id, param_money
from fazhi.registry import selectors as registry


def _violation(request: HttpRequest) -> Violation:
    violation = selectors.violation_choice(user=request.user, pk=param_id(request.POST, "violation"))
    if violation is None:
        raise ValidationError(_("Choose the violation."))
    return violation


def _save_violation(request: HttpRequest) -> None:
    p = request.POST
    body = registry.body_list(user=request.user).filter(pk=param_id(p, "body") or 0).first()
    if body is None:
        raise ValidationError(_("Choose the body."))
    services.violation_save(
        actor=request.user,
        body=body,
        code=p.get("code", ""),
        name=p.get("name", ""),
        violated_provision=p.get("violated_provision", ""),
        penalty_provision=p.get("penalty_provision", ""),
        limitation_years=param_count(p, "limitation_years", default=2),
    )


def _save_benchmark(request: HttpRequest) -> None:
    p = request.POST
    services.benchmark_save(
        actor=request.user,
        violation=_violation(request),
        circumstance=p.get("circumstance", ""),
        description=p.get("description", ""),
        fine_min=param_money(p, "fine_min"),
        fine_max=param_money(p, "fine_max"),
        warning_allowed=p.get("warning_allowed") == "1",
    )


def _save_waiver(request: HttpRequest) -> None:
    p = request.POST
    violation = _violation(request)
    services.waiver_save(
        actor=request.user,
        violation=violation,
        kind=p.get("kind", ""),
        legal_ground=p.get("legal_ground", ""),
        conditions_text=p.get("conditions_text", ""),
        first_within_years=param_count(p, "first_within_years", default=0),
        max_harm=p.get("max_harm", ""),
        correction_required=p.get("correction_required") == "1",
        no_consequence_required=p.get("no_consequence_required") == "1",
        active=p.get("active", "1") == "1",
        waiver=chosen(request, "waiver", selectors.waiver_get),
    )


def _upload_template(request: HttpRequest) -> None:
    upload = request.FILES.get("file")
    if upload is None:
        raise ValidationError(_("Choose a .docx file."))
    services.template_upload(
        actor=request.user,
        kind=request.POST.get("kind", ""),
        fh=upload.file,  # type: ignore[arg-type]
        note=request.POST.get("note", ""),
    )


def _reset_template(request: HttpRequest) -> None:
    services.template_reset(actor=request.user, kind=request.POST.get("kind", ""))


RULE_ACTIONS: dict[str, Callable[[HttpRequest], None]] = {
    "violation": _save_violation,
    "benchmark": _save_benchmark,
    "waiver": _save_waiver,
    "template": _upload_template,
    "template_reset": _reset_template,
}


class RulesView(ReadWriteView):
    """Read by whoever handles or edits cases; written by the county's rule editors."""

    read_permissions = (Perm.CASE_VIEW, Perm.CASE_RULES_EDIT)
    write_permission = Perm.CASE_RULES_EDIT

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(
            request,
            "cases/rules.html",
            {
                "violations": selectors.catalogue(user=request.user),
                "can_edit": can(request.user, Perm.CASE_RULES_EDIT),
                "bodies": registry.body_list(user=request.user),
                "circumstances": Circumstance.choices,
                "waiver_kinds": Waiver.Kind.choices,
                "harms": Waiver.Harm.choices,
                "document_kinds": DocumentKind.choices,
                "templates": selectors.templates_active(),
                "fields": sorted(sample_context()),
            },
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        handler = RULE_ACTIONS.get(request.POST.get("action", ""))
        try:
            if handler is None:
                raise ValidationError(_("Unknown action."))
            handler(request)
            messages.success(request, _("Saved; it applies from now on (the change is in the ledger)."))
        except ApplicationError as exc:
            messages.error(request, exc.message)
        return redirect("cases:rules")
