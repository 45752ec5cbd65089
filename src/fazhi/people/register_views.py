"""The township's register pages: risk meetings, incidents, screening campaigns; bulk exports
(requested, approved by another, downloaded once)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import can
from fazhi.core.errors import ApplicationError, PermissionDenied, ValidationError
from fazhi.core.params import param_choice, param_count, param_date, param_id, param_ids
from fazhi.core.web import AppView, paged
from fazhi.people import selectors, services
from fazhi.people.views import _csv


class RegisterView(AppView):
    permission = Perm.PEOPLE_EDIT

    def context(self, request: HttpRequest, values: dict[str, Any]) -> dict[str, Any]:
        user = request.user
        return {
            "meetings": selectors.meeting_list(user=user)[:30],
            "incidents": selectors.incident_list(user=user)[:30],
            "screenings": selectors.screening_list(user=user)[:30],
            "townships": selectors.townships_for(user=user),
            "files": selectors.file_list(user=user)[:200],
            "values": values,
            # what was typed comes back with a refusal: the files chosen for a meeting too
            "chosen_files": {int(v) for v in request.POST.getlist("files") if v.isdigit()},
            "today": timezone.localdate(),
        }

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, "people/register.html", self.context(request, {}))

    def post(self, request: HttpRequest) -> HttpResponse:
        p = request.POST
        user = request.user
        action = p.get("action", "")
        try:
            township = selectors.townships_for(user=user).filter(pk=param_id(p, "township") or 0).first()
            if township is None:
                raise ValidationError(_("Choose the township."), details={"township": "required"})
            if action == "meeting":
                chosen = set(param_ids(p, "files"))
                files = list(selectors.file_list(user=user).filter(pk__in=chosen)) if chosen else []
                actions = []
                if p.get("follow_up", "").strip():
                    actions.append(
                        services.ActionInput(
                            action=p.get("follow_up", ""),
                            due_on=param_date(p, "follow_up_due", default=timezone.localdate()),
                        )
                    )
                services.meeting_record(
                    actor=user,
                    township=township,
                    held_on=param_date(p, "held_on", default=timezone.localdate()),
                    title=p.get("title", ""),
                    attendees=p.get("attendees", ""),
                    decisions=p.get("decisions", ""),
                    files=files,
                    actions=actions,
                )
            elif action == "incident":
                services.incident_record(
                    actor=user,
                    township=township,
                    occurred_on=param_date(p, "occurred_on", default=timezone.localdate()),
                    description=p.get("description", ""),
                    file=selectors.file_for_register(user=user, pk=param_id(p, "file")),
                )
            elif action == "screening":
                services.screening_record(
                    actor=user,
                    township=township,
                    title=p.get("title", ""),
                    ends_on=param_date(p, "ends_on", default=timezone.localdate()),
                    screened=param_count(p, "screened", default=0),
                    suspected=param_count(p, "suspected", default=0),
                    confirmed=param_count(p, "confirmed", default=0),
                    referred=param_count(p, "referred", default=0),
                )
            elif action == "export":
                services.export_request(actor=user, township=township, purpose=p.get("purpose", ""))
                messages.success(request, _("Export requested: the township leader approves it."))
                return redirect("people:exports")
            else:
                raise ValidationError(_("Choose an action."))
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return render(request, "people/register.html", self.context(request, dict(p.items())), status=422)
        messages.success(request, _("Saved."))
        return redirect("people:register")


class ExportsView(AppView):
    """Bulk exports: the requester sees theirs, the township leader approves; downloaded once."""

    def get(self, request: HttpRequest) -> HttpResponse:
        if not (can(request.user, Perm.PEOPLE_EDIT) or can(request.user, Perm.PEOPLE_EXPORT_APPROVE)):
            raise PermissionDenied()
        rows = selectors.export_list(user=request.user)
        return render(
            request,
            "people/exports.html",
            {**paged(request, rows), "can_approve": can(request.user, Perm.PEOPLE_EXPORT_APPROVE)},
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        p = request.POST
        try:
            approval = selectors.export_get(user=request.user, pk=param_id(p, "export", required=True))
            if p.get("action") == "approve":
                services.export_approve(actor=request.user, approval=approval)
            elif p.get("action") == "download":
                rows = services.export_rows(actor=request.user, approval=approval)
                keys = ["number", "category", "name", "id_number", "address", "phone", "danger_level"]
                return _csv(
                    _("Special-population export %(number)s") % {"number": approval.pk} + ".csv",
                    keys,
                    [[r[k] for k in keys] for r in rows],
                )
            else:
                raise ValidationError(_("Choose an action."))
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect("people:exports")
        messages.success(request, _("Export approved."))
        return redirect("people:exports")


class SharingView(AppView):
    """Sharing grants with a county body (公安, 卫健, 司法): the governance officer lists, grants and
    revokes them through the services (purpose, scope, ledger). The page names bodies, townships and
    categories — never a file, never an identity."""

    permission = Perm.PEOPLE_EDIT

    def context(self, request: HttpRequest, values: dict[str, Any], **extra: Any) -> dict[str, Any]:
        user = request.user
        return {
            **paged(request, selectors.share_list(user=user)),
            "townships": selectors.sharing_townships_for(user=user),
            "bodies": selectors.share_bodies(),
            "categories": selectors.category_list(),
            "levels": [str(n) for n in range(6)],
            "values": values,
            "chosen_categories": set(values.get("categories", [])),
            "field_errors": extra.pop("field_errors", {}),
            "today": timezone.localdate(),
            **extra,
        }

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, "people/sharing.html", self.context(request, {}))

    def post(self, request: HttpRequest) -> HttpResponse:
        p = request.POST
        user = request.user
        action = p.get("action", "")
        try:
            if action == "grant":
                township = selectors.sharing_townships_for(user=user).filter(pk=param_id(p, "township") or 0).first()
                if township is None:
                    raise ValidationError(_("Choose the township."), details={"township": "required"})
                org = selectors.share_bodies().filter(pk=param_id(p, "org") or 0).first()
                if org is None:
                    raise ValidationError(_("Choose the body to share with."), details={"org": "required"})
                chosen = set(p.getlist("categories"))
                services.share_grant(
                    actor=user,
                    township=township,
                    org=org,
                    purpose=p.get("purpose", ""),
                    categories=[c for c in selectors.category_list() if c.code in chosen],
                    valid_until=param_date(p, "valid_until", required=True),
                    min_danger_level=int(param_choice(p, "min_danger_level", [str(n) for n in range(6)]) or 0),
                )
                messages.success(request, _("Sharing granted."))
            elif action == "revoke":
                grant = selectors.share_get(user=user, pk=param_id(p, "grant", required=True))
                services.share_revoke(actor=user, grant=grant, reason=p.get("reason", ""))
                messages.success(request, _("Sharing revoked."))
            else:
                raise ValidationError(_("Choose an action."))
        except ApplicationError as exc:
            messages.error(request, exc.message)
            values: dict[str, Any] = dict(p.items()) if action == "grant" else {}
            if action == "grant":
                values["categories"] = p.getlist("categories")
            errors = exc.details if isinstance(exc.details, dict) else {}
            return render(
                request,
                "people/sharing.html",
                self.context(request, values, field_errors=errors),
                status=exc.http_status,
            )
        return redirect("people:sharing")
