"""What the targets page and the report read of the work targets: the regions the user may see."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from fazhi.accounts.models import Region
from fazhi.core.lookups import get_or_not_found
from fazhi.reports.models import WorkTarget
from fazhi.reports.selectors import report_regions


def _visible(user: Any) -> QuerySet[WorkTarget]:
    return WorkTarget.objects.filter(region__in=report_regions(user=user)).select_related(
        "region", "achieved_by", "withdrawn_by"
    )


def region_targets(*, user: Any, region: Region, year: int) -> list[WorkTarget]:
    """The region's targets of the year, withdrawn ones too (last), or none outside the user's area."""
    rows = list(_visible(user).filter(region=region, year=year).order_by("pk"))
    return sorted(rows, key=lambda t: t.withdrawn_at is not None)


def target_get(*, user: Any, pk: int) -> WorkTarget:
    return get_or_not_found(_visible(user), pk=pk)


def report_targets(*, region: Region, year: int) -> list[WorkTarget]:
    """The targets a report of ``region`` states (withdrawn ones left out): the report is the region's
    own, filled as its reader (the region already checked in scope by the page that shows it)."""
    return list(WorkTarget.objects.filter(region=region, year=year, withdrawn_at=None).order_by("pk"))
