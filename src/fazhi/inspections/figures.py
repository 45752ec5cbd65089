"""Coordination figures of the annual report (issue 23): "全年整合重复检查N次, 企业迎检频次同比下降N%"."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from fazhi.accounts.scopes import RegionReader
from fazhi.core.figures import NotKept, Value, figure, pct
from fazhi.inspections.models import InspectionRecord
from fazhi.inspections.selectors import coordination_run_totals, record_list


@figure(
    "coordination.merged_inspections",
    label=_("Repeated inspections merged (合并同类项)"),
    unit=_("times"),
    counted=_(
        "Visits the departments would have made alone minus the joint visits made, over the latest "
        "coordination run of each month of the year."
    ),
    source="inspections:run_list",
)
def merged_inspections(region: Any, year: int) -> Value:
    figures = coordination_run_totals(user=RegionReader(region), year=year)
    if not figures["runs"]:
        return NotKept(str(_("No month of the year was coordinated in this region.")))
    return int(figures["saved"])


@figure(
    "coordination.merged_items",
    label=_("Items merged into one check (合并同类项)"),
    unit=_("items"),
    counted=_(
        "Plan items of one enterprise sharing a catalogue matter with another department's item that were "
        "checked once by that department, the result shared (结果互认), over the latest coordination run of "
        "each month of the year."
    ),
    source="inspections:run_list",
)
def merged_items(region: Any, year: int) -> Value:
    figures = coordination_run_totals(user=RegionReader(region), year=year)
    if not figures["runs"]:
        return NotKept(str(_("No month of the year was coordinated in this region.")))
    return int(figures["merged_items"])


_AT_PREMISES = [InspectionRecord.Mode.ON_SITE, InspectionRecord.Mode.NO_CODE]


def inspections_made_two_years(region: Any, year: int) -> tuple[int, int]:
    """On-site inspections of the region's enterprises (on site and without a code) made the year
    before and in the year, counted in one query."""
    c = (
        record_list(user=RegionReader(region))
        .filter(date__range=(dt.date(year - 1, 1, 1), dt.date(year, 12, 31)), mode__in=_AT_PREMISES)
        .aggregate(
            last=Count("pk", filter=Q(date__year=year - 1)),
            this=Count("pk", filter=Q(date__year=year)),
        )
    )
    return int(c["last"]), int(c["this"])


@figure(
    "coordination.frequency_change_pct",
    label=_("Change in enterprise inspections, year on year"),
    unit="%",
    counted=_(
        "On-site inspections of the region's enterprises made in the year against the year before, in per cent "
        "(negative: fewer)."
    ),
    source="inspections:records",
)
def frequency_change_pct(region: Any, year: int) -> Value:
    last, this = inspections_made_two_years(region, year)
    if not last:
        return NotKept(str(_("No inspection was recorded in this region the year before.")))
    return pct(this - last, last)
