"""What the reports pages may show: the county and township regions of the user's area."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from fazhi.accounts.models import Region
from fazhi.accounts.roles import Perm
from fazhi.accounts.selectors import region_in_scope
from fazhi.core.lookups import get_or_not_found
from fazhi.reports.models import AnnualReport


def report_regions(*, user: Any) -> QuerySet[Region]:
    """The regions a report can be made for: the county and townships of the user's area."""
    if not getattr(user, "is_authenticated", False) or not user.can(Perm.REPORT_VIEW):
        return Region.objects.none()
    levels = [Region.Level.COUNTY, Region.Level.TOWNSHIP]
    return region_in_scope(user=user).filter(level__in=levels)


def report_region_get(*, user: Any, code: str) -> Region:
    return get_or_not_found(report_regions(user=user), code=code)


def annual_report_for(*, user: Any, region: Region, year: int) -> AnnualReport | None:
    """The region's report of the year, if one was written (the region already checked in scope)."""
    if not report_regions(user=user).filter(pk=region.pk).exists():
        return None
    return AnnualReport.objects.filter(region=region, year=year).select_related("approved_by").first()


def published_reports() -> QuerySet[AnnualReport]:
    """What the public site lists: published reports only."""
    return AnnualReport.objects.filter(status=AnnualReport.Status.PUBLISHED).select_related("region")


def published_report_get(*, pk: int) -> AnnualReport:
    return get_or_not_found(published_reports(), pk=pk)


def starting_text(*, region: Region, year: int) -> str:
    """A new report starts from the region's report of the year before, else the default."""
    from fazhi.reports.text import default_template

    last = AnnualReport.objects.filter(region=region, year=year - 1).values_list("text", flat=True).first()
    return last or default_template()


def report_source(*, region: Region, year: int) -> str:
    """The words the report's documents (.docx, PDF) are made from: the published text once
    published (already filled, frozen), else the text as last saved, else where a new report starts."""
    report = AnnualReport.objects.filter(region=region, year=year).first()
    if report is None:
        return starting_text(region=region, year=year)
    if report.status == AnnualReport.Status.PUBLISHED and report.published_text:
        return report.published_text
    return report.text
