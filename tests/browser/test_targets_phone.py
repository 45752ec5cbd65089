"""On a phone (390×844): the township leader adds a work target on /reports/targets/ and opens the
report editor's list of placeholders; neither page scrolls sideways."""

from __future__ import annotations

from typing import Any

import pytest

from fazhi.reports.models import WorkTarget
from tests.browser.test_registry_flows import browser_world, login, page  # noqa: F401

pytestmark = [pytest.mark.browser]


def _fits(pg: Any) -> None:
    assert pg.evaluate("document.documentElement.scrollWidth") <= 390 + 1  # nothing wider than the phone


def test_a_target_is_added_on_a_phone_and_the_placeholders_fit(page: Any, live_server: Any, browser_world: Any) -> None:  # noqa: F811
    from django.utils import timezone

    year = timezone.localdate().year
    login(page, live_server, "leader_a")
    page.goto(f"{live_server.url}/reports/targets/?year={year}")
    form = page.locator("form[data-add]")
    form.wait_for()
    _fits(page)
    form.locator("input[name=text]").fill("执法规范化情况纳入年度考核，权重")
    form.locator("input[name=value]").fill("20")
    form.locator("input[name=unit]").fill("%")
    form.locator("button[value=add]").click()
    page.locator("[data-target]").first.wait_for()
    _fits(page)
    target = WorkTarget.objects.get()
    assert target.figure == "" and target.unit == "%" and target.year == year
    assert "权重不低于20%" in page.locator("[data-target]").first.inner_text()

    page.goto(f"{live_server.url}/reports/annual/?year={year - 1}")
    page.locator("[data-placeholders] > summary").click()
    page.locator("[data-placeholders] details > summary").first.click()
    page.locator("[data-placeholder=region]").wait_for()
    _fits(page)
    assert page.console_errors == []
