"""The supervisor's dashboard (vendored ECharts under the CSP) and the correction of a warning;
the public complaint form with its receipt."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from fazhi.supervision import engine
from fazhi.supervision.models import Complaint, Warning
from tests.browser.test_registry_flows import CHROMIUM, browser_world, login, page  # noqa: F401
from tests.test_onsite import Onsite
from tests.test_supervision import remote

pytestmark = [
    pytest.mark.browser,
]


def test_warning_corrected_and_dashboard_drawn(page: Any, live_server: Any, browser_world: Any) -> None:  # noqa: F811
    site = Onsite(browser_world)
    remote(site, day=timezone.localdate() - dt.timedelta(days=2))
    engine.scan(start=timezone.localdate() - dt.timedelta(days=10), end=timezone.localdate())
    warning = Warning.objects.get(rule__code="no_plan")
    url = live_server.url
    login(page, live_server, "inspector_a")
    page.goto(f"{url}/supervision/warnings/")
    page.fill(f"[data-warning='{warning.pk}'] input[name=text]", "已补录检查计划并经审批")
    page.click(f"[data-warning='{warning.pk}'] button[value=correct]")
    page.wait_for_selector(".alert-success")
    page.context.clear_cookies()
    login(page, live_server, "supervisor")
    page.goto(f"{url}/supervision/warnings/")
    page.click(f"[data-warning='{warning.pk}'] button[value=accept]")
    page.wait_for_selector(".alert-success")
    page.goto(f"{url}/supervision/")
    page.wait_for_selector("[data-chart='by_rule'] canvas")
    assert page.inner_text("[data-figure='corrected']") == "1"
    assert page.locator("[data-chart] canvas").count() == 5
    page.context.clear_cookies()
    page.goto(f"{url}/public/complaints/new/")
    page.select_option("select[name=region]", str(browser_world.town_a.pk))
    page.fill("textarea[name=text]", "检查人员要求企业停产配合检查三天")
    page.click("button:has-text('提交')")
    page.wait_for_selector("[data-status='received']")
    assert Complaint.objects.get().source == "public"
    assert page.console_errors == []
