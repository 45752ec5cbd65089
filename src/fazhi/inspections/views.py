"""Plan and coordination pages: views parse, selectors read, services write."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import can
from fazhi.accounts.selectors import region_in_scope
from fazhi.core.errors import ApplicationError, PermissionDenied
from fazhi.core.params import param_id, param_int, param_month
from fazhi.core.web import AppView, form_error, paged, xlsx_response
from fazhi.core.workdays import unknown_years
from fazhi.inspections import onsite, selectors, services
from fazhi.inspections.forms import PlanItemForm, RunForm
from fazhi.inspections.imports import plan_items_import, plan_template
from fazhi.inspections.models import InspectionRecord, PlanItem
from fazhi.registry import selectors as registry


class MethodPermissionView(AppView):
    """A page whose reading and writing need different permissions: ``permissions`` maps the HTTP
    method to the ``Perm`` that ``AppView`` checks once (a method not named needs none)."""

    permissions: dict[str, Any] = {}

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        self.permission = self.permissions.get(request.method or "GET", self.permission)
        return super().dispatch(request, *args, **kwargs)


def _month(request: HttpRequest) -> dt.date:
    """The month shown (``?month=YYYY-MM``, or the form's ``month_view``); next month by default."""
    default = services.next_month(timezone.localdate())
    if request.GET.get("month"):
        return param_month(request.GET, "month", default=default)
    return param_month(request.POST, "month_view", default=default)


class PlanView(AppView):
    permission = Perm.PLAN_VIEW

    def _form(self, request: HttpRequest, data: Any = None, month: dt.date | None = None) -> PlanItemForm:
        bodies = registry.body_editable(user=request.user)
        initial = {"earliest": month, "latest": services.month_end(month)} if month else None
        return PlanItemForm(
            data,
            initial=initial,
            bodies=bodies,
            enterprises=registry.enterprise_list(user=request.user),
            matters=registry.matter_list(user=request.user, published=True).filter(body__in=bodies),
        )

    def get(self, request: HttpRequest, form: PlanItemForm | None = None) -> HttpResponse:
        month = _month(request)
        can_submit = can(request.user, Perm.PLAN_SUBMIT)
        items = list(selectors.plan_item_list(user=request.user, month=month))
        notes = selectors.plan_item_notes(items=items)
        joint = selectors.joint_visit_ids(items=items)
        for item in items:
            item.run_note = notes.get(item.pk, "")  # type: ignore[attr-defined]
            item.joint_visit = item.joint_inspection_id in joint  # type: ignore[attr-defined]
        return render(
            request,
            "inspections/plan.html",
            {
                "month": month,
                "prev": (month - dt.timedelta(days=1)).replace(day=1),
                "next": services.next_month(month),
                "items": items,
                "form": (form or self._form(request, month=month)) if can_submit else None,
                "can_coordinate": can(request.user, Perm.PLAN_COORDINATE),
                "can_submit": can_submit,
                "deadline_day": settings.FAZHI_PLAN_DEADLINE_DAY,
            },
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        month = _month(request)
        action = request.POST.get("action", "add")
        try:
            if action in ("withdraw", "accept", "refuse"):
                item = selectors.plan_item_get(user=request.user, pk=param_id(request.POST, "item", required=True))
                if action == "withdraw":
                    services.plan_item_withdraw(actor=request.user, item=item)
                else:
                    services.plan_item_late_decide(actor=request.user, item=item, accept=action == "accept")
                messages.success(request, _("Saved."))
                return redirect(f"{request.path}?month={month:%Y-%m}")
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect(f"{request.path}?month={month:%Y-%m}")
        if not can(request.user, Perm.PLAN_SUBMIT):  # adding a line; the other actions' services decide
            raise PermissionDenied()
        form = self._form(request, request.POST)
        if form.is_valid():
            try:
                item = services.plan_item_add(actor=request.user, **form.cleaned_data)
            except ApplicationError as exc:
                form_error(request, form, exc)
            else:
                if item.status == PlanItem.Status.LATE_PENDING:
                    messages.warning(request, _("Added after the deadline: the coordinator must accept it."))
                else:
                    messages.success(request, _("Added to the plan."))
                return redirect(f"{request.path}?month={item.month:%Y-%m}")
        return self.get(request, form)


class RunListView(MethodPermissionView):
    permissions = {"GET": Perm.PLAN_VIEW, "POST": Perm.PLAN_COORDINATE}

    def get(self, request: HttpRequest, form: RunForm | None = None) -> HttpResponse:
        regions = region_in_scope(user=request.user).filter(level__in=["county", "township"])
        coordinate = can(request.user, Perm.PLAN_COORDINATE)
        return render(
            request,
            "inspections/runs.html",
            {
                "runs": selectors.run_list(user=request.user)[:50],
                "figures_list": [
                    f
                    for year in (timezone.localdate().year, timezone.localdate().year + 1)
                    if (f := selectors.coordination_year_figures(user=request.user, year=year))["runs"]
                ],
                "form": (form or RunForm(regions=regions, initial={"month": services.next_month(timezone.localdate())}))
                if coordinate
                else None,
            },
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        regions = region_in_scope(user=request.user).filter(level__in=["county", "township"])
        form = RunForm(request.POST, regions=regions)
        if form.is_valid():
            try:
                run = services.coordination_run_create(actor=request.user, **form.cleaned_data)
            except ApplicationError as exc:
                if isinstance(exc.details, dict) and "calendar_confirmed" in exc.details:
                    form = RunForm(request.POST, regions=regions, ask_calendar=True)
                    form.is_valid()
                    form.add_error("calendar_confirmed", exc.message)
                else:
                    form_error(request, form, exc)
            else:
                return redirect("inspections:run_detail", pk=run.pk)
        return self.get(request, form)


class RunDetailView(AppView):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        run = selectors.run_get(user=request.user, pk=pk)
        unscheduled = selectors.run_unscheduled(run=run)
        estimated = (run.problem or {}).get("calendar", {}).get("estimated_years", [])
        page = Paginator(
            selectors.run_inspections(user=request.user, run=run).prefetch_related("plan_items__matter"), 50
        ).get_page(request.GET.get("page"))
        inspections_qs = list(page.object_list)
        checklists = selectors.unified_checklists(inspections=inspections_qs)
        for visit in inspections_qs:
            visit.checklist = checklists[visit.pk]
            visit.absorbed = selectors.absorbed_items(visit.merged)
        return render(
            request,
            "inspections/run_detail.html",
            {
                "run": run,
                "inspections": inspections_qs,
                "unscheduled": unscheduled,
                "page": page,
                "params": "",
                "can_coordinate": can(request.user, Perm.PLAN_COORDINATE),
                "can_approve": services.can_approve(request.user),
                "waiting_count": selectors.approvals_waiting(user=request.user, run=run).count(),
                "reduction_pct": round(run.reduction * 100),
                "calendar_estimated": estimated,
                "calendar_entered_since": bool(estimated)
                and not unknown_years(run.month, services.month_end(run.month)),
            },
        )


def _count(request: HttpRequest) -> int:
    try:
        return int(request.POST.get("count", ""))
    except ValueError:
        return -1


class RunApproveView(AppView):
    """Approve, from the run page, every visit of the run waiting for the user — after a
    confirmation that says how many; the count confirmed must still be the count."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        run = selectors.run_get(user=request.user, pk=pk)
        try:
            done = services.approvals_approve_all(actor=request.user, run=run, expected=_count(request))
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Approved %(n)d joint inspections.") % {"n": done})
        return redirect("inspections:run_detail", pk=pk)


class ApprovalsView(AppView):
    """待审批: the visits waiting for this approver (the lead body's head, the township leader), one
    by one — approve, or return to the coordinator with a reason — or all after a confirmation."""

    permission = Perm.PLAN_APPROVE

    def get(self, request: HttpRequest) -> HttpResponse:
        # Paged like the other long lists (a township leader meets some seventy visits after a
        # run); "approve all" still covers every waiting visit, with the total confirmed.
        listing = paged(request, selectors.approvals_waiting(user=request.user))
        visits = list(listing["rows"])
        checklists = selectors.unified_checklists(inspections=visits)
        for visit in visits:
            visit.checklist = checklists[visit.pk]
        return render(
            request,
            "inspections/approvals.html",
            {
                **listing,
                "visits": visits,
                "count": listing["page"].paginator.count,
                "is_approver": services.can_approve(request.user),
                "afterwards": selectors.approvals_afterwards_waiting(user=request.user),
                "filing_workdays": settings.FAZHI_NO_CODE_FILING_WORKDAYS,
            },
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        action = request.POST.get("action", "")
        try:
            if action == "approve_all":
                done = services.approvals_approve_all(actor=request.user, expected=_count(request))
                messages.success(request, _("Approved %(n)d joint inspections.") % {"n": done})
            else:
                visit = selectors.inspection_get(user=request.user, pk=param_id(request.POST, "visit") or 0)
                if action == "approve":
                    services.joint_inspection_approve(actor=request.user, inspection=visit)
                    messages.success(
                        request, _("Approved: %(ent)s on %(day)s.") % {"ent": visit.enterprise.name, "day": visit.date}
                    )
                elif action == "return":
                    services.joint_inspection_return(
                        actor=request.user, inspection=visit, reason=request.POST.get("reason", "")
                    )
                    messages.success(
                        request,
                        _("Returned to the coordinator: %(ent)s on %(day)s.")
                        % {"ent": visit.enterprise.name, "day": visit.date},
                    )
                else:
                    messages.error(request, _("Unknown action."))
        except ValueError:
            messages.error(request, _("Unknown action."))
        except ApplicationError as exc:
            messages.error(request, exc.message)
        # back to the page the approver was on (the forms post to it, its query kept)
        return redirect(request.get_full_path())


class VisitActionView(AppView):
    """The coordinator's answer to a returned visit: re-submit it with an answer, or cancel it
    (re-planning it is the 'Re-plan' form of the run page)."""

    permission = Perm.PLAN_COORDINATE

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        visit = selectors.inspection_get(user=request.user, pk=pk)
        action = request.POST.get("action", "")
        try:
            if action == "resubmit":
                services.joint_inspection_resubmit(
                    actor=request.user, inspection=visit, answer=request.POST.get("answer", "")
                )
                messages.success(request, _("Submitted for approval again."))
            elif action == "cancel":
                services.joint_inspection_cancel(
                    actor=request.user, inspection=visit, reason=request.POST.get("reason", "")
                )
                messages.success(request, _("The visit was cancelled; its plan items wait for the next run."))
            else:
                messages.error(request, _("Unknown action."))
        except ApplicationError as exc:
            messages.error(request, exc.message)
        return redirect(f"{reverse('inspections:run_detail', args=[visit.run_id])}#visit-{visit.pk}")


FIVE_PROHIBITIONS = [
    gettext_lazy("No inspections for profit (逐利检查)."),
    gettext_lazy("No disturbing the enterprise's normal production and operation."),
    gettext_lazy("No arbitrary penalties (任性处罚)."),
    gettext_lazy("No inspection quotas (下达检查指标)."),
    gettext_lazy("No disguised inspections (变相检查)."),
]


class MyInspectionsView(AppView):
    """An officer's own calendar; an enterprise's own visits with the frequency and 五个严禁."""

    permission = Perm.OWN_SCHEDULE

    def get(self, request: HttpRequest) -> HttpResponse:
        if selectors.is_enterprise_account(request.user):
            return redirect("inspections:portal")
        today = timezone.localdate()
        visits = list(selectors.my_inspections(user=request.user, start=today.replace(month=1, day=1)))
        since = today.replace(month=1, day=1)
        records = {r.joint_inspection_id: r for r in selectors.my_team_records(user=request.user, since=since)}
        counts = selectors.inspections_this_year(enterprise_ids=sorted({v.enterprise_id for v in visits}))
        for visit in visits:
            visit.carried_out = records.get(visit.pk)  # type: ignore[attr-defined]
            visit.year_count = counts[visit.enterprise_id]  # type: ignore[attr-defined]
            visit.can_start = onsite.can_start_remote(request.user, visit)  # type: ignore[attr-defined]
        return render(
            request,
            "inspections/mine.html",
            {
                "visits": visits,
                "today": today,
                "open_records": selectors.my_team_records(user=request.user, since=since).filter(
                    status__in=["checking_in", "in_progress"]
                ),
                "is_enterprise": False,
                "prohibitions": FIVE_PROHIBITIONS,
                "remote_methods": InspectionRecord.RemoteMethod.choices,
            },
        )


class PlanImportView(AppView):
    """Upload a workbook of plan items (the same rules as adding them one by one)."""

    permission = Perm.PLAN_SUBMIT

    def get(self, request: HttpRequest) -> HttpResponse:
        return xlsx_response(plan_template(), _("Inspection plan import template") + ".xlsx")

    def post(self, request: HttpRequest) -> HttpResponse:
        month = _month(request)
        upload = request.FILES.get("file")
        if upload is None:
            messages.error(request, _("Choose an Excel workbook (.xlsx) to upload."))
            return redirect(f"{reverse('inspections:plan')}?month={month:%Y-%m}")
        report = plan_items_import(actor=request.user, fh=upload, partial=request.POST.get("partial") == "on")
        if report.written:
            messages.success(request, _("%(n)d plan items added.") % {"n": report.created})
        for error in report.errors[:50]:
            messages.error(request, str(error))
        if report.errors and not report.written:
            messages.error(request, _("Nothing was written: correct the rows and upload the file again."))
        return redirect(f"{reverse('inspections:plan')}?month={month:%Y-%m}")


class ReplanView(AppView):
    """A change after approval, from the run page: one visit re-planned, the rest untouched."""

    permission = Perm.PLAN_COORDINATE

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        inspection = selectors.inspection_get(user=request.user, pk=pk)
        officer = inspection.officers.filter(pk=param_id(request.POST, "officer") or 0).first()
        try:
            new = services.joint_inspection_replan(
                actor=request.user,
                inspection=inspection,
                reason=request.POST.get("reason", ""),
                officer=officer,
                enterprise_closed=request.POST.get("closed") == "on",
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("The visit was cancelled and re-planned: %(n)d new draft visit(s) need approval.") % {"n": len(new)},
            )
        return redirect("inspections:run_detail", pk=inspection.run_id)


class CapView(AppView):
    """Yearly routine caps of a body (all matters, or one matter) — set on the body's page."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        body = registry.body_get(user=request.user, pk=pk)
        try:
            matter = body.matters.filter(pk=param_id(request.POST, "matter") or 0).first()
            services.frequency_cap_set(
                actor=request.user, body=body, matter=matter, max_per_year=param_int(request.POST, "max_per_year")
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Saved."))
        return redirect("registry:body_detail", pk=pk)
