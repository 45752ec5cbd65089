"""Issue 23.4: the demo's 行政执法统计年报 of last year — 峰灵镇's body entered on the page, four county
departments imported, tables 无此职能, bodies left 未填报, a note — and loading it again adds nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from fazhi.accounts.models import Region, User
from fazhi.registry.models import EnforcementBody
from fazhi.reports import statistics_demo
from fazhi.reports.models import StatisticsEntry
from fazhi.reports.statistics import body_statistics
from tests.dbutil import assert_nothing_changed

pytestmark = pytest.mark.django_db


class Created:
    def __init__(self) -> None:
        self.created: dict[str, int] = {}

    def add(self, what: str, n: int = 1) -> None:
        self.created[what] = self.created.get(what, 0) + n


def tables_of(code: str, year: int) -> dict[str, Any]:
    body = EnforcementBody.objects.get(code=code)
    return {t.table.key: t for t in body_statistics(body=body, year=year).tables}


def test_the_demo_enters_last_years_statistics_once() -> None:
    call_command("demo")
    year = timezone.localdate().year - 1
    fengling = tables_of("ZF-500238117", year)
    assert fengling["licensing"].source == "entered" and fengling["licensing"].cells() == [14, 12, 2]
    assert fengling["coercion"].entry is not None and fengling["coercion"].entry.entered_by.username == "fl_head"
    assert fengling["levy"].source == fengling["requisition"].source == "no_power"
    market = tables_of("SJ", year)
    assert market["licensing"].source == "imported" and market["licensing"].cells() == [412, 420, 6]
    assert len(market["licensing"].notes) == 1  # 426 decided, 412 received: carried over, noted
    assert tables_of("ZR", year)["levy"].cells() == [27, 3856000]
    for code in ("HB", "XF", "WJ", "ZF-500238103"):  # left 未填报
        assert {t.source for t in tables_of(code, year).values() if not t.table.kept} == {"not_filled"}
    imported = StatisticsEntry.objects.filter(year=year, source="imported")
    assert set(imported.values_list("entered_by__username", flat=True)) == {"county_legal"}
    assert imported.count() == 16

    townships = {r.name: r for r in Region.objects.filter(level="township")}
    with assert_nothing_changed():
        statistics_demo.load(townships, Created())
    assert User.objects.filter(username="county_legal").count() == 1
