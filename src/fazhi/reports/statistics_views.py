"""行政执法统计年报 pages: one body's six tables for a year (each saying where its numbers come from),
entering and importing the registers fazhi does not keep, and the area's .xlsx and .docx."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import can
from fazhi.core.errors import ApplicationError, NotFound, PermissionDenied, ValidationError
from fazhi.core.lookups import get_or_not_found
from fazhi.core.params import param_int, param_year
from fazhi.core.web import AppView, docx_response, xlsx_response
from fazhi.registry.models import EnforcementBody
from fazhi.reports import statistics_services as services
from fazhi.reports.statistics import (
    ENTERED_TABLES,
    SOURCE_ENTERED,
    SOURCE_IMPORTED,
    SOURCE_NO_POWER,
    area_statistics,
    body_statistics,
    due_date,
    statistics_area_name,
    statistics_bodies,
)
from fazhi.reports.statistics_documents import cell_text, statistics_docx, statistics_xlsx


def default_year() -> int:
    """Last year: the statistics count a whole year, so the one to show first is the last finished
    year (due 31 January, looked back on for the rest of the year); this year can be chosen."""
    return timezone.localdate().year - 1


class _StatisticsView(AppView):
    permission = Perm.STATS_VIEW

    def year(self, request: HttpRequest) -> int:
        return param_year(request.GET, default=default_year())

    def body(self, request: HttpRequest) -> EnforcementBody:
        bodies = statistics_bodies(user=request.user)
        pk = param_int(request.GET, "body")
        body = get_or_not_found(bodies, pk=pk) if pk else bodies.first()
        if body is None:
            raise NotFound(_("No enforcement body is in your area."))
        return body

    def back(self, body: EnforcementBody, year: int) -> HttpResponse:
        return redirect(f"{reverse('reports:statistics')}?body={body.pk}&year={year}")


class StatisticsView(_StatisticsView):
    def get(self, request: HttpRequest, error: ApplicationError | None = None, posted: Any = None) -> HttpResponse:
        year, body = self.year(request), self.body(request)
        stats = body_statistics(body=body, year=year)
        tables = []
        for result in stats.tables:
            typed = posted if posted and posted.get("table") == result.table.key else None
            shown = result.source in (SOURCE_ENTERED, SOURCE_IMPORTED)
            lines = [
                {
                    "line": line,
                    "value": cell_text(value),
                    "input": typed.get(line.key, "") if typed else (cell_text(value) if shown else ""),
                }
                for line, value in zip(result.table.lines, result.cells(), strict=True)
            ]
            tables.append(
                {
                    "result": result,
                    "lines": lines,
                    "no_power": typed.get("no_power") == "1" if typed else result.source == SOURCE_NO_POWER,
                    "editable": not result.table.kept and services.can_edit_body(request.user, body),
                }
            )
        context = {
            "body": body,
            "year": year,
            "due": due_date(year),
            "bodies": statistics_bodies(user=request.user),
            "tables": tables,
            "can_import": can(request.user, Perm.STATS_EDIT),
            "error": error,
            "posted": posted,
        }
        return render(request, "reports/statistics.html", context, status=422 if error else 200)

    def post(self, request: HttpRequest) -> HttpResponse:
        year, body = self.year(request), self.body(request)
        table = request.POST.get("table", "")
        definition = ENTERED_TABLES.get(table)
        if definition is None:
            raise NotFound()
        try:
            services.statistics_save(
                actor=request.user,
                body=body,
                year=year,
                table=table,
                no_power=request.POST.get("no_power") == "1",
                values={line.key: request.POST.get(line.key, "") for line in definition.lines},
                expected_version=param_int(request.POST, "version", default=0),
            )
        except PermissionDenied:
            raise  # a refusal is a 403, not a form to correct
        except ApplicationError as exc:
            return self.get(request, error=exc, posted={"table": table, **request.POST.dict()})
        messages.success(request, _("Saved."))
        return self.back(body, year)


class StatisticsImportView(_StatisticsView):
    permission = Perm.STATS_EDIT

    def post(self, request: HttpRequest) -> HttpResponse:
        year, body = self.year(request), self.body(request)
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise ValidationError(_("Choose the Excel file to import."))
            n = services.statistics_import(actor=request.user, year=year, fh=upload)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Imported %(n)d tables.") % {"n": n})
        return self.back(body, year)


def _statistics_name(request: HttpRequest, year: int) -> str:
    return _("%(area)s %(year)s annual enforcement statistics") % {
        "area": statistics_area_name(user=request.user),
        "year": year,
    }


class StatisticsTemplateView(_StatisticsView):
    permission = Perm.STATS_EDIT

    def get(self, request: HttpRequest) -> HttpResponse:
        year = self.year(request)
        return xlsx_response(
            services.import_template(user=request.user, year=year),
            _("%(year)s enforcement statistics import template") % {"year": year} + ".xlsx",
        )


class StatisticsXlsxView(_StatisticsView):
    def get(self, request: HttpRequest) -> HttpResponse:
        year = self.year(request)
        rows = area_statistics(user=request.user, year=year)
        data = statistics_xlsx(rows=rows, year=year, area=statistics_area_name(user=request.user))
        return xlsx_response(data, _statistics_name(request, year) + ".xlsx")


class StatisticsDocxView(_StatisticsView):
    def get(self, request: HttpRequest) -> HttpResponse:
        year = self.year(request)
        rows = area_statistics(user=request.user, year=year)
        data = statistics_docx(rows=rows, year=year, area=statistics_area_name(user=request.user))
        return docx_response(data, _statistics_name(request, year) + ".docx")
