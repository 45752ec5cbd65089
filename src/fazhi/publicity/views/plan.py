"""Coverage (the heat table village × quarter, per target group), targets, village settings, import."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from fazhi.accounts.roles import Perm
from fazhi.core.errors import ApplicationError, ValidationError
from fazhi.core.params import param_choice, param_count, param_id, param_int, param_year
from fazhi.core.web import AppView, xlsx_response
from fazhi.publicity import imports, selectors, services
from fazhi.publicity.models import Target, TargetGroup
from fazhi.publicity.views.common import base_context, year_of


class CoverageView(AppView):
    permission = Perm.PUBLICITY_VIEW

    def get(self, request: HttpRequest) -> HttpResponse:
        year = year_of(request)
        group = param_choice(request.GET, "group", TargetGroup.values)
        ctx = base_context(
            request,
            year=year,
            group=group,
            groups=TargetGroup.choices,
            coverage=selectors.coverage_of(user=request.user, year=year, group=group),
        )
        return render(request, "publicity/coverage.html", ctx)


class TargetView(AppView):
    permission = Perm.PUBLICITY_MANAGE

    def post(self, request: HttpRequest) -> HttpResponse:
        p = request.POST
        try:
            # a region named is found in the area or refused, never replaced by the user's own area
            rid = param_id(p, "region")
            region = selectors.region_find(user=request.user, pk=rid) if rid else selectors.area_of(user=request.user)
            if region is None:
                raise ValidationError(_("Choose the area the target is for."))
            year = param_year(p, default=0)
            services.target_set(
                actor=request.user,
                region=region,
                year=year,
                quarter=param_int(p, "quarter", min=1, max=4),
                metric=param_choice(p, "metric", Target.Metric.values),
                value=param_count(p, "value", max=10_000),
                note=p.get("note", ""),
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect("publicity:home")
        messages.success(request, _("Target saved."))
        return redirect(f"{reverse('publicity:home')}?year={year}")


class VillagesView(AppView):
    permission = Perm.PUBLICITY_MANAGE

    def get(self, request: HttpRequest) -> HttpResponse:
        ctx = base_context(
            request,
            villages=selectors.village_rows(user=request.user),
        )
        return render(request, "publicity/villages.html", ctx)

    def post(self, request: HttpRequest) -> HttpResponse:
        p = request.POST
        try:
            village = selectors.region_find(user=request.user, pk=param_id(p, "village", required=True))
            if village is None:
                raise ValidationError(_("Choose a village or community."))
            services.village_setting_set(
                actor=request.user,
                village=village,
                population=param_int(p, "population", min=1, max=1_000_000),
                remote=p.get("remote") == "1",
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect("publicity:villages")
        messages.success(request, _("Village setting saved."))
        return redirect("publicity:villages")


class ImportView(AppView):
    permission = Perm.PUBLICITY_MANAGE

    def get(self, request: HttpRequest) -> HttpResponse:
        if request.GET.get("template") == "1":
            return xlsx_response(imports.template(), _("Legal publicity activities import template") + ".xlsx")
        return render(request, "publicity/import.html", base_context(request, errors=[]))

    def post(self, request: HttpRequest) -> HttpResponse:
        errors: list[str] = []
        try:
            upload = request.FILES.get("file")
            if upload is None:
                raise ValidationError(_("Choose the file."))
            n = imports.activity_import(actor=request.user, fh=upload)
        except ApplicationError as exc:
            messages.error(request, exc.message)
            if isinstance(exc.details, dict):
                errors = [str(e) for e in exc.details.get("errors", [])]
            return render(request, "publicity/import.html", base_context(request, errors=errors), status=422)
        messages.success(request, _("%(n)d activities imported.") % {"n": n})
        return redirect("publicity:activities")
