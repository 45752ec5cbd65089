"""The region's figures (this year beside last, each linked to its records) and the annual report."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from fazhi.accounts.models import Region
from fazhi.accounts.roles import Perm
from fazhi.core.errors import NotFound
from fazhi.core.params import param_year
from fazhi.core.web import AppView
from fazhi.reports import selectors
from fazhi.reports.document import annual_report_docx
from fazhi.reports.figures import figures_for
from fazhi.reports.numbers import exact


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
        this, last = figures_for(region=region, year=year), figures_for(region=region, year=year - 1)
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
            "missing": sorted(this.missing, key=lambda m: (m["why"], m["id"])),
            "regions": selectors.report_regions(user=request.user),
        }
        return render(request, "reports/figures.html", context)


class AnnualDocumentView(_ReportView):
    def get(self, request: HttpRequest) -> HttpResponse:
        region, year = self.region_and_year(request)
        data = annual_report_docx(region=region, year=year)
        response = HttpResponse(
            data, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        )
        name = f"{region.code}-{year}-annual-report.docx"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
