"""The region's figures (this year beside last, each linked to its records) and the annual report."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from fazhi.accounts.models import Region
from fazhi.accounts.roles import Perm
from fazhi.core.errors import ApplicationError, NotFound, ValidationError
from fazhi.core.params import param_choice, param_int, param_year
from fazhi.core.web import AppView, docx_response, file_download
from fazhi.reports import pdf, selectors, services
from fazhi.reports.charts import CHART_GROUPS, charts_for, with_charts, without_charts
from fazhi.reports.document import annual_report_docx, report_fill
from fazhi.reports.figures import figures_cached, labelled
from fazhi.reports.numbers import exact
from fazhi.reports.placeholders import placeholder_groups
from fazhi.reports.text import blocks


def _default_year() -> int:
    """The year being reported: last year until the report is due (1 April), then this year."""
    today = timezone.localdate()
    return today.year - 1 if today.month <= 3 else today.year


class _ReportView(AppView):
    permission = Perm.REPORT_VIEW

    def region_and_year(self, request: HttpRequest) -> tuple[Region, int]:
        regions = selectors.report_regions(user=request.user)
        code = request.GET.get("region", "").strip()
        region = selectors.report_region_get(user=request.user, code=code) if code else regions.first()
        if region is None:
            raise NotFound()
        return region, param_year(request.GET, default=_default_year())


class FiguresView(_ReportView):
    def get(self, request: HttpRequest) -> HttpResponse:
        region, year = self.region_and_year(request)
        this, last = figures_cached(region=region, year=year), figures_cached(region=region, year=year - 1)
        groups = charts_for(this, last)
        rows = []
        for fid, fig in this.figures.items():
            before = last.figures.get(fid)
            rows.append(
                {
                    "id": fid,
                    "label": fig["label"],
                    "value": exact(fig["value"]),
                    "last": exact(before["value"]) if before else "—",
                    "unit": fig["unit"],
                    "counted": fig["counted"],
                    "source": fig["source"],
                }
            )
        context = {
            "region": region,
            "year": year,
            "rows": rows,
            "missing": labelled(sorted(this.missing, key=lambda m: (m["why"], m["id"]))),
            "pdf": pdf.pdf_status(region, year),
            "regions": selectors.report_regions(user=request.user),
            "charts": [g for g in groups if g.charts],
            "charts_unavailable": next((g.unavailable for g in groups if g.unavailable), ""),
        }
        return render(request, "reports/figures.html", context)


def annual_report_name(region: Region, year: int) -> str:
    """The report's file name as its readers call it: 峰灵镇2025年法治政府建设情况报告."""
    return _("%(region)s %(year)s rule-of-law government report") % {"region": region.name, "year": year}


class AnnualDocumentView(_ReportView):
    def get(self, request: HttpRequest) -> HttpResponse:
        region, year = self.region_and_year(request)
        data = annual_report_docx(region=region, year=year, template=selectors.report_source(region=region, year=year))
        return docx_response(data, annual_report_name(region, year) + ".docx")


class AnnualPdfView(_ReportView):
    """GET: the report's PDF once made; POST: ask for it (a background task makes it)."""

    def back(self, request: HttpRequest, region: Region, year: int) -> HttpResponse:
        name = "reports:figures" if request.POST.get("back") == "figures" else "reports:annual"
        return redirect(f"{reverse(name)}?region={region.code}&year={year}")

    def get(self, request: HttpRequest) -> HttpResponseBase:
        region, year = self.region_and_year(request)
        if pdf.pdf_status(region, year).state != "ready":
            messages.info(request, _("The PDF is not made yet: ask for it with the button on this page."))
            return self.back(request, region, year)
        fh = pdf.annual_pdf_open(actor=request.user, region=region, year=year)
        return file_download(fh, annual_report_name(region, year) + ".pdf", content_type="application/pdf")

    def post(self, request: HttpRequest) -> HttpResponse:
        region, year = self.region_and_year(request)
        try:
            pdf.annual_pdf_request(actor=request.user, region=region, year=year)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The PDF is being made from the report as it stands: refresh in a minute."))
        return self.back(request, region, year)


class AnnualReportView(_ReportView):
    """Write the report's words (figures as placeholders), see it filled, approve and publish."""

    def get(self, request: HttpRequest, error: ApplicationError | None = None, text: str | None = None) -> HttpResponse:
        region, year = self.region_and_year(request)
        report = selectors.annual_report_for(user=request.user, region=region, year=year)
        source = (
            text if text is not None else (report.text if report else selectors.starting_text(region=region, year=year))
        )
        filled, figs = report_fill(region=region, year=year, template=source)
        context = {
            "region": region,
            "year": year,
            "report": report,
            "text": source,
            "chart_groups": "、".join(f"{{chart.{key}}}" for key in CHART_GROUPS),
            "preview": with_charts(blocks(filled.text), figs, figures_cached(region=region, year=year - 1)),
            "missing": labelled(filled.missing),
            "pdf": pdf.pdf_status(region, year),
            "error": error,
            "due": dt.date(year + 1, 4, 1),
            "can_edit": services.can_edit(request.user, region, report),
            "can_approve": services.can_approve(request.user, region, report),
            "can_publish": services.can_publish(request.user, region, report),
            "regions": selectors.report_regions(user=request.user),
            "placeholders": placeholder_groups(figs),
        }
        return render(request, "reports/annual.html", context, status=422 if error else 200)

    def post(self, request: HttpRequest) -> HttpResponse:
        region, year = self.region_and_year(request)
        report = selectors.annual_report_for(user=request.user, region=region, year=year)
        action = param_choice(request.POST, "action", ["save", "approve", "publish"], default="save")
        version = param_int(request.POST, "version", default=0)
        text = request.POST.get("text", "")
        try:
            if action == "save":
                services.annual_report_save(
                    actor=request.user, region=region, year=year, text=text, expected_version=version
                )
            elif report is None:
                raise ValidationError(_("Save the report first."))
            elif action == "approve":
                services.annual_report_approve(actor=request.user, report=report, expected_version=version)
            else:
                services.annual_report_publish(actor=request.user, report=report, expected_version=version)
        except ApplicationError as exc:
            return self.get(request, error=exc, text=text if action == "save" else None)
        return redirect(f"{request.path}?region={region.code}&year={year}")


class PublicReportListView(View):
    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, "reports/public_list.html", {"reports": selectors.published_reports()})


class PublicReportView(View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        try:
            report = selectors.published_report_get(pk=pk)
        except NotFound as exc:
            raise Http404 from exc
        return render(
            request,
            "reports/public_report.html",
            {"report": report, "blocks": without_charts(blocks(report.published_text))},
        )
