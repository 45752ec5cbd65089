"""Pages anyone may open without logging in: the task-code verification (亮证), published results
(结果公示) and random draws (双随机、一公开). They show only what the law requires to be public."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.views import View

from fazhi.accounts.models import Region
from fazhi.core.errors import ApplicationError
from fazhi.core.params import param_date, param_id
from fazhi.inspections import codes, draws, publication, selectors
from fazhi.inspections.models import InspectionRecord, JointInspection
from fazhi.inspections.views import FIVE_PROHIBITIONS
from fazhi.registry.models import EnforcementBody


def _approved_visit(token: str) -> JointInspection:
    code = codes.read_task_token(token)
    visit = (
        JointInspection.objects.filter(pk=code.inspection_id, date=code.day)
        .select_related("enterprise", "lead_body", "head_approved_by", "leader_approved_by")
        .first()
    )
    if visit is None or visit.status != JointInspection.Status.APPROVED:
        from django.utils.translation import gettext as _

        raise ApplicationError(
            _("This task was cancelled or is not approved. Do not let the inspection start on it; you may complain.")
        )
    return visit


class VerifyView(View):
    """The enterprise scanned the task code: the approved task, its basis and the team (亮证)."""

    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        try:
            visit = _approved_visit(token)
        except ApplicationError as exc:
            return render(request, "inspections/verify.html", {"refusal": exc.message}, status=410)
        items = list(visit.plan_items.select_related("matter", "body").order_by("body__code"))
        record = InspectionRecord.objects.filter(joint_inspection=visit).first()
        return render(
            request,
            "inspections/verify.html",
            {
                "visit": visit,
                "token": token,
                "items": items,
                "team": visit.officers.select_related("body"),
                "prohibitions": FIVE_PROHIBITIONS,
                "year_count": selectors.inspections_this_year(enterprise_ids=[visit.enterprise_id])[
                    visit.enterprise_id
                ],
                "record": record,
            },
        )


class VerifyPhotoView(View):
    """A team officer's photo, only through a valid task code naming that officer."""

    def get(self, request: HttpRequest, token: str, officer_id: int) -> HttpResponseBase:
        try:
            visit = _approved_visit(token)
        except ApplicationError as exc:
            raise Http404 from exc
        officer = visit.officers.filter(pk=officer_id).first()
        if officer is None or not officer.photo:
            raise Http404
        response = FileResponse(officer.photo.open("rb"))
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, max-age=3600"
        return response


class ResultListView(View):
    def get(self, request: HttpRequest) -> HttpResponse:
        township = Region.objects.filter(pk=param_id(request.GET, "township") or 0).first()
        qs = publication.public_list(
            township_path=township.path if township else "",
            body_id=param_id(request.GET, "body"),
            start=param_date(request.GET, "start"),
            end=param_date(request.GET, "end"),
        )
        page = Paginator(qs, settings.FAZHI_PAGE_SIZE).get_page(request.GET.get("page"))
        params = request.GET.copy()
        params.pop("page", None)
        return render(
            request,
            "inspections/public_results.html",
            {
                "page": page,
                "rows": page.object_list,
                "params": params.urlencode(),
                "townships": Region.objects.filter(level="township").order_by("path"),
                "bodies": EnforcementBody.objects.filter(published=True).order_by("code"),
                "filters": request.GET,
                "outcomes": dict(InspectionRecord.Outcome.choices),
            },
        )


class ResultDetailView(View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        item = publication.public_get(pk=pk)
        if item is None:
            raise Http404
        return render(
            request,
            "inspections/public_result.html",
            {
                "item": item,
                "c": item.content,
                "outcomes": dict(InspectionRecord.Outcome.choices),
                "modes": dict(InspectionRecord.Mode.choices),
            },
        )


class DrawListView(View):
    def get(self, request: HttpRequest) -> HttpResponse:
        page = Paginator(selectors.draw_list(), settings.FAZHI_PAGE_SIZE).get_page(request.GET.get("page"))
        return render(request, "inspections/public_draws.html", {"page": page, "rows": page.object_list, "params": ""})


class DrawDetailView(View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        item = selectors.draw_list().filter(pk=pk).first()
        if item is None:
            raise Http404
        return render(request, "inspections/public_draw.html", {"item": item, "confirmed": draws.draw_confirms(item)})
