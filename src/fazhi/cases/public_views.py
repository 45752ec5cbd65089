"""Public pages (no login) of penalty decisions (结果公示): the list and one notice, read through
``public_selectors``; the filters are those of the published inspection results."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views import View

from fazhi.cases import public_selectors
from fazhi.core.errors import NotFound
from fazhi.core.params import param_date, param_id
from fazhi.inspections import public_selectors as inspections_public


class DecisionListView(View):
    def get(self, request: HttpRequest) -> HttpResponse:
        qs = public_selectors.public_decision_list(
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
            "cases/public_decisions.html",
            {
                "page": page,
                "rows": page.object_list,
                "params": params.urlencode(),
                "townships": inspections_public.public_townships(),
                "bodies": inspections_public.public_bodies(),
                "filters": request.GET,
            },
        )


class DecisionDetailView(View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        try:
            item = public_selectors.public_decision_get(pk=pk)
        except NotFound as exc:
            raise Http404 from exc
        return render(request, "cases/public_decision.html", {"item": item, "c": item.content})
