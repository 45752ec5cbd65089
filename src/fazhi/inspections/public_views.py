"""Pages anyone may open without logging in: the task-code verification (亮证), published results
(结果公示) and random draws (双随机、一公开). They show only what the law requires to be public,
read through ``public_selectors``."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.views import View

from fazhi.core.errors import ApplicationError, NotFound
from fazhi.core.params import param_date, param_id
from fazhi.inspections import draws, public_selectors, selectors
from fazhi.inspections.models import InspectionRecord
from fazhi.inspections.views import FIVE_PROHIBITIONS


class VerifyView(View):
    """The enterprise scanned the task code: the approved task, its basis and the team (亮证)."""

    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        try:
            visit = public_selectors.public_visit_get(token=token)
        except ApplicationError as exc:
            return render(request, "inspections/verify.html", {"refusal": exc.message}, status=410)
        return render(
            request,
            "inspections/verify.html",
            {
                "visit": visit,
                "token": token,
                "items": public_selectors.public_visit_items(visit=visit),
                "team": public_selectors.public_visit_team(visit=visit),
                "prohibitions": FIVE_PROHIBITIONS,
                "year_count": selectors.inspections_this_year(enterprise_ids=[visit.enterprise_id])[
                    visit.enterprise_id
                ],
                "record": public_selectors.public_visit_record(visit=visit),
            },
        )


class VerifyPhotoView(View):
    """A team officer's photo, only through a valid task code naming that officer."""

    def get(self, request: HttpRequest, token: str, officer_id: int) -> HttpResponseBase:
        try:
            visit = public_selectors.public_visit_get(token=token)
            officer = public_selectors.public_officer_photo(visit=visit, officer_id=officer_id)
        except ApplicationError as exc:
            raise Http404 from exc
        response = FileResponse(officer.photo.open("rb"))
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, max-age=3600"
        return response


class ResultListView(View):
    def get(self, request: HttpRequest) -> HttpResponse:
        qs = public_selectors.public_result_list(
            township_id=param_id(request.GET, "township"),
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
                "townships": public_selectors.public_townships(),
                "bodies": public_selectors.public_bodies(),
                "filters": request.GET,
                "outcomes": dict(InspectionRecord.Outcome.choices),
            },
        )


class ResultDetailView(View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        try:
            item = public_selectors.public_result_get(pk=pk)
        except NotFound as exc:
            raise Http404 from exc
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
        page = Paginator(public_selectors.public_draw_list(), settings.FAZHI_PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        return render(request, "inspections/public_draws.html", {"page": page, "rows": page.object_list, "params": ""})


class DrawDetailView(View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        try:
            item = public_selectors.public_draw_get(pk=pk)
        except NotFound as exc:
            raise Http404 from exc
        return render(
            request,
            "inspections/public_draw.html",
            {"item": item, "confirmed": draws.draw_confirms(item), **public_selectors.public_draw_rows(item)},
        )
