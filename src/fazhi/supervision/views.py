"""Complaint pages: the enterprise submits from its portal; the justice bureau answers."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import can
from fazhi.accounts.selectors import region_in_scope, region_in_scope_find
from fazhi.core.errors import ApplicationError, PermissionDenied
from fazhi.core.params import param_choice, param_id, param_year
from fazhi.core.web import AppView, paged, safe_next
from fazhi.inspections import selectors as inspections
from fazhi.registry import selectors as registry
from fazhi.supervision import selectors, services
from fazhi.supervision.models import Complaint, Warning, WarningRule


class ComplaintListView(AppView):
    def get(self, request: HttpRequest) -> HttpResponse:
        if not services.can_see_complaints(request.user):
            raise PermissionDenied()
        handler = can(request.user, Perm.COMPLAINT_HANDLE)
        return render(
            request,
            "supervision/complaints.html",
            {
                "rows": selectors.complaint_list(user=request.user)[:200],
                "can_answer": handler,
                "bodies": registry.body_list(user=request.user) if handler else [],
                "regions": region_in_scope(user=request.user).filter(level__in=["county", "township"])
                if handler
                else [],
                "kinds": Complaint.Kind.choices,
                "today": timezone.localdate(),
            },
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        action = request.POST.get("action", "answer")
        try:
            if "record" in request.POST:
                record = inspections.record_get(user=request.user, pk=param_id(request.POST, "record", required=True))
                services.complaint_submit(actor=request.user, record=record, text=request.POST.get("text", ""))
                messages.success(request, _("Your complaint went to the county justice bureau, not to the department."))
                return redirect("supervision:complaints")
            if action == "hotline":
                if not can(request.user, Perm.COMPLAINT_HANDLE):
                    raise PermissionDenied()
                region = region_in_scope_find(user=request.user, pk=param_id(request.POST, "region"))
                if region is None:
                    raise ApplicationError(_("Choose the township (or the county) where it happened."))
                services.complaint_receive(
                    actor=request.user,
                    source=Complaint.Source.HOTLINE,
                    kind=request.POST.get("kind", ""),
                    body=registry.body_find(user=request.user, pk=param_id(request.POST, "body")),
                    region=region,
                    text=request.POST.get("text", ""),
                    enterprise_name=request.POST.get("enterprise_name", ""),
                    contact_name=request.POST.get("contact_name", ""),
                    contact_phone=request.POST.get("contact_phone", ""),
                )
                messages.success(request, _("Recorded."))
                return redirect("supervision:complaints")
            complaint = selectors.complaint_get(
                user=request.user, pk=param_id(request.POST, "complaint", required=True)
            )
            if action == "reveal":
                phone = services.complaint_contact_reveal(
                    actor=request.user, complaint=complaint, reason=request.POST.get("reason", "")
                )
                messages.info(
                    request,
                    _("Complaint #%(n)d: %(name)s %(phone)s (this read is logged)")
                    % {"n": complaint.pk, "name": complaint.contact_name, "phone": phone},
                )
                return redirect("supervision:complaints")
            if action == "lead":
                body = registry.body_find(user=request.user, pk=param_id(request.POST, "body"))
                if body is None:
                    raise ApplicationError(_("Choose the department that checks the lead."))
                services.complaint_to_lead(actor=request.user, complaint=complaint, body=body)
                messages.success(request, _("Sent to the department for a lead check."))
            else:
                services.complaint_answer(
                    actor=request.user, complaint=complaint, answer=request.POST.get("answer", "")
                )
                messages.success(request, _("Answered; the complainant sees the answer in the portal."))
        except ApplicationError as exc:
            messages.error(request, exc.message)
            if "record" in request.POST:
                return redirect("inspections:portal")
        return redirect("supervision:complaints")


class WarningListView(AppView):
    permission = Perm.WARNING_VIEW

    def get(self, request: HttpRequest) -> HttpResponse:
        status = param_choice(request.GET, "status", Warning.Status.values)
        rule = request.GET.get("rule", "")
        rows = selectors.warning_list(
            user=request.user, status=status, rule=rule, escalated=request.GET.get("escalated") == "1"
        )
        return render(
            request,
            "supervision/warnings.html",
            {
                **paged(request, rows),
                "statuses": Warning.Status.choices,
                "rules": selectors.rule_list(),
                "status": status,
                "rule": rule,
                "can_correct": services.can_correct_warnings(request.user),
                "can_supervise": can(request.user, Perm.SUPERVISE),
                "red_lines": selectors.red_lines(),
                "today": timezone.localdate(),
            },
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        warning = selectors.warning_get(user=request.user, pk=param_id(request.POST, "warning", required=True))
        action = request.POST.get("action", "")
        try:
            if action == "correct":
                services.warning_correct(actor=request.user, warning=warning, text=request.POST.get("text", ""))
            elif action in ("accept", "return"):
                services.warning_verify(
                    actor=request.user, warning=warning, accept=action == "accept", note=request.POST.get("text", "")
                )
            elif action == "dismiss":
                services.warning_dismiss(actor=request.user, warning=warning, reason=request.POST.get("text", ""))
            else:
                raise ApplicationError(_("Unknown action."))
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Saved."))
        return redirect(safe_next(request, "supervision:warnings"))


class DashboardView(AppView):
    permission = Perm.SUPERVISE

    def get(self, request: HttpRequest) -> HttpResponse:
        year = param_year(request.GET, default=timezone.localdate().year)
        figures = selectors.dashboard(user=request.user, year=year)
        return render(request, "supervision/dashboard.html", {"f": figures, "year": year})


class RuleView(AppView):
    permission = Perm.WARNING_VIEW

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(
            request,
            "supervision/rules.html",
            {
                "rules": selectors.rule_list(),
                "severities": WarningRule.Severity.choices,
                "can_edit": can(request.user, Perm.WARNING_RULE_EDIT),
            },
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        rule = selectors.rule_list().filter(pk=param_id(request.POST, "rule") or 0).first()
        try:
            if rule is None:
                raise ApplicationError(_("Unknown rule."))
            params: dict[str, Any] = {}
            for name in rule.params:
                raw = request.POST.get(f"param_{name}", "").strip()
                try:
                    params[name] = int(raw)
                except ValueError:
                    params[name] = raw
            services.rule_update(
                actor=request.user,
                rule=rule,
                enabled=request.POST.get("enabled") == "on",
                severity=request.POST.get("severity", ""),
                params=params,
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Saved. Warnings raised from now on carry the new version."))
        return redirect("supervision:rules")


class OpinionView(AppView):
    """执法监督员: an opinion about one inspection (from its page) or in general."""

    def post(self, request: HttpRequest) -> HttpResponse:
        try:
            record_id = param_id(request.POST, "record")
            record = inspections.record_get(user=request.user, pk=record_id) if record_id else None
            services.opinion_give(actor=request.user, record=record, text=request.POST.get("text", ""))
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect(safe_next(request, "supervision:complaints"))
        messages.success(request, _("Your opinion is recorded; the justice bureau answers it by the deadline."))
        return redirect("supervision:complaints")


class AccountabilityView(AppView):
    permission = Perm.SUPERVISE

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(
            request,
            "supervision/accountability.html",
            {
                "rows": selectors.accountability_list(user=request.user)[:200],
                "red_lines": selectors.red_lines(),
            },
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        try:
            if request.POST.get("action") == "conclude":
                item = (
                    selectors.accountability_list(user=request.user)
                    .filter(pk=param_id(request.POST, "item") or 0)
                    .first()
                )
                if item is None:
                    raise ApplicationError(_("Unknown record."))
                services.accountability_conclude(
                    actor=request.user,
                    item=item,
                    act_finding=request.POST.get("act_finding", ""),
                    supervision_finding=request.POST.get("supervision_finding", ""),
                )
            else:
                warning = selectors.warning_get(user=request.user, pk=param_id(request.POST, "warning", required=True))
                red_line = selectors.red_lines().filter(pk=param_id(request.POST, "red_line") or 0).first()
                if red_line is None:
                    raise ApplicationError(_("Choose the red line that was crossed."))
                services.accountability_open(
                    actor=request.user, red_line=red_line, facts=request.POST.get("facts", ""), warning=warning
                )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Saved."))
        return redirect("supervision:accountability")
