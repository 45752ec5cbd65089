"""Case-file review (案卷评查) with the year's figures, and compliance guidance visits."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import can
from fazhi.cases import selectors, services
from fazhi.cases.models import GuidanceVisit, ReviewItem
from fazhi.cases.views.common import ReadWriteView, form_day
from fazhi.core.errors import ApplicationError
from fazhi.core.params import param_count, param_ids, param_money, param_year
from fazhi.core.web import AppView
from fazhi.registry import selectors as registry


def _marks(request: HttpRequest) -> dict[str, services.Mark]:
    """The reviewer's marks: each item failed, given a deduction or a note (the others pass)."""
    marks = {}
    for item in selectors.review_items():
        failed = request.POST.get(f"fail_{item.code}") == "1"
        deduction = param_money(request.POST, f"deduct_{item.code}")
        note = request.POST.get(f"note_{item.code}", "")
        if failed or deduction or note.strip():
            marks[item.code] = services.Mark(failed=failed, deduction=deduction, note=note)
    return marks


class ReviewListView(AppView):
    permission = Perm.CASE_VIEW

    def get(self, request: HttpRequest) -> HttpResponse:
        year = param_year(request.GET, default=timezone.localdate().year)
        return render(
            request,
            "cases/review_list.html",
            {
                "year": year,
                "rates": selectors.review_rates(user=request.user, year=year),
                "pending": selectors.reviewable(user=request.user, year=year)[:100],
                "can_review": can(request.user, Perm.CASE_FILE_REVIEW),
                "figures": selectors.case_figures(user=request.user, year=year),
                "guidance": selectors.guidance_figures(user=request.user, year=year),
            },
        )


class ReviewView(AppView):
    permission = Perm.CASE_FILE_REVIEW

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        case = selectors.case_get(user=request.user, pk=pk)
        checks = services.prechecks(case)
        items = [(i, checks.get(i.auto_check)) for i in selectors.review_items()]
        return render(request, "cases/review.html", {"case": case, "items": items, "sections": ReviewItem.Section})

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        case = selectors.case_get(user=request.user, pk=pk)
        try:
            review = services.case_review_submit(
                actor=request.user, case=case, marks=_marks(request), comment=request.POST.get("comment", "")
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect("cases:review", pk=case.pk)
        messages.success(request, _("Reviewed: %(t)s points.") % {"t": review.total})
        return redirect("cases:reviews")


class GuidanceView(ReadWriteView):
    """Read by whoever records visits or views cases; written by those who record visits."""

    read_permissions = (Perm.GUIDANCE_RECORD, Perm.CASE_VIEW)
    write_permission = Perm.GUIDANCE_RECORD

    def get(self, request: HttpRequest) -> HttpResponse:
        year = param_year(request.GET, default=timezone.localdate().year)
        return render(
            request,
            "cases/guidance.html",
            {
                "year": year,
                "rows": selectors.guidance_list(user=request.user, year=year)[:200],
                "figures": selectors.guidance_figures(user=request.user, year=year),
                "kinds": GuidanceVisit.Kind.choices,
                "can_record": can(request.user, Perm.GUIDANCE_RECORD),
                "today": timezone.localdate(),
            },
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        p = request.POST
        try:
            ids = param_ids(p, "enterprises")
            services.guidance_record(
                actor=request.user,
                kind=p.get("kind", ""),
                day=form_day(request),
                enterprises=list(registry.enterprise_list(user=request.user).filter(pk__in=ids)),
                topics=p.get("topics", ""),
                problems_found=param_count(p, "found"),
                problems_solved=param_count(p, "solved"),
                notes=p.get("notes", ""),
            )
            messages.success(request, _("Recorded."))
        except ApplicationError as exc:
            messages.error(request, exc.message)
        return redirect("cases:guidance")
