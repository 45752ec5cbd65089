"""Complaint pages: the enterprise submits from its portal; the justice bureau answers."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import can, require
from fazhi.core.errors import ApplicationError
from fazhi.core.web import AppView
from fazhi.inspections import selectors as inspections
from fazhi.supervision import selectors, services


class ComplaintListView(AppView):
    def get(self, request: HttpRequest) -> HttpResponse:
        if not (can(request.user, Perm.COMPLAIN) or can(request.user, Perm.COMPLAINT_HANDLE)):
            require(request.user, Perm.COMPLAINT_HANDLE)
        return render(
            request,
            "supervision/complaints.html",
            {
                "rows": selectors.complaint_list(user=request.user)[:200],
                "can_answer": can(request.user, Perm.COMPLAINT_HANDLE),
                "today": timezone.localdate(),
            },
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        try:
            if "record" in request.POST:
                record = inspections.record_get(user=request.user, pk=int(request.POST.get("record") or 0))
                services.complaint_submit(actor=request.user, record=record, text=request.POST.get("text", ""))
                messages.success(request, _("Your complaint went to the county justice bureau, not to the department."))
                return redirect("supervision:complaints")
            complaint = selectors.complaint_get(user=request.user, pk=int(request.POST.get("complaint") or 0))
            services.complaint_answer(actor=request.user, complaint=complaint, answer=request.POST.get("answer", ""))
            messages.success(request, _("Answered; the complainant sees the answer in the portal."))
        except ApplicationError as exc:
            messages.error(request, exc.message)
            if "record" in request.POST:
                return redirect("inspections:portal")
        return redirect("supervision:complaints")
