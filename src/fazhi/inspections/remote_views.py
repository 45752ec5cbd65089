"""Approval for every inspection, on the pages: a team officer starts an approved remote visit
(非现场, from 我的检查); the lead body's head approves afterwards (事后补批) a check made without an
approved plan (from 待审批 or the record page)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from fazhi.accounts.roles import Perm
from fazhi.core.errors import ApplicationError
from fazhi.core.web import AppView, safe_next
from fazhi.inspections import onsite, selectors


class RemoteStartView(AppView):
    """Start the remote check of an approved remote visit the officer is on the team of."""

    permission = Perm.INSPECT

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        visit = selectors.my_inspection_get(user=request.user, pk=pk)
        try:
            record = onsite.remote_record_start(actor=request.user, visit=visit, method=request.POST.get("method", ""))
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect("inspections:mine")
        messages.success(request, _("The remote check has started: answer its checklist."))
        return redirect("inspections:record", pk=record.pk)


class ApproveAfterwardsView(AppView):
    """事后补批 by the lead body's head, within the filing deadline."""

    permission = Perm.PLAN_APPROVE

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        record = selectors.record_get(user=request.user, pk=pk)
        try:
            onsite.record_approve_afterwards(actor=request.user, record=record)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("Approved afterwards: %(ent)s on %(day)s.") % {"ent": record.enterprise.name, "day": record.date},
            )
        return redirect(safe_next(request, reverse("inspections:record", args=[pk])))
