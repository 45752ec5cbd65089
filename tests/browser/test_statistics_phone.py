"""On a phone (390×844): the enforcement statistics page (行政执法统计年报) fits the screen, and a
body head enters a table there."""

from __future__ import annotations

from typing import Any

import pytest

from fazhi.reports.models import StatisticsEntry
from tests.browser.test_registry_flows import browser_world, login, page  # noqa: F401

pytestmark = [pytest.mark.browser]


def test_the_statistics_page_fits_a_phone_and_saves_a_table(page: Any, live_server: Any, browser_world: Any) -> None:  # noqa: F811
    login(page, live_server, "head_a")
    page.goto(f"{live_server.url}/reports/statistics/")
    page.locator('[data-table="licensing"]').wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1  # nothing wider than the phone
    levy = page.locator('section[data-table="levy"]')
    levy.locator("input[name=no_power]").check()
    levy.locator("button").click()
    page.locator('section[data-table="levy"][data-source="no_power"]').wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1
    entry = StatisticsEntry.objects.get(body=browser_world.body_a, table="levy")
    assert entry.no_power and entry.entered_by.username == "head_a"
    assert page.console_errors == []
