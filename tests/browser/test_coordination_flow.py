"""Plan → coordination → approval → the enterprise's own page, clicked through in chromium."""

from __future__ import annotations

from typing import Any

import pytest

from fazhi.inspections.models import JointInspection, PlanItem
from tests.browser.test_registry_flows import CHROMIUM, browser_world, login, page  # noqa: F401
from tests.factories import MatterFactory, OfficerFactory

pytestmark = [
    pytest.mark.browser,
]


def test_plan_to_published_visit(page: Any, live_server: Any, browser_world: Any) -> None:  # noqa: F811
    from django.utils import timezone

    from fazhi.inspections.services import month_end, next_month

    w = browser_world
    matter = MatterFactory(body=w.body_a, name="安全生产检查")
    OfficerFactory(body=w.body_a, name="峰灵乙")
    month = next_month(timezone.localdate())
    login(page, live_server, "inspector_a")
    page.goto(f"{live_server.url}/inspections/plans/?month={month:%Y-%m}")
    page.select_option("#id_body", str(w.body_a.pk))
    page.select_option("#id_enterprise", str(w.ent_a.pk))
    page.select_option("#id_matter", str(matter.pk))
    page.fill("#id_earliest", month.isoformat())
    page.fill("#id_latest", month_end(month).isoformat())
    page.click("button:has-text('添加')")
    page.wait_for_selector(".alert")
    item = PlanItem.objects.get()
    if item.status == "late_pending":  # after the 25th the coordinator accepts it
        PlanItem.objects.filter(pk=item.pk).update(status="late_accepted")
    page.context.clear_cookies()
    login(page, live_server, "supervisor")
    page.goto(f"{live_server.url}/inspections/runs/")
    page.select_option("#id_region", str(w.county.pk))
    page.fill("#id_month", f"{month:%Y-%m}")
    page.click("button:has-text('运行')")
    page.wait_for_load_state()
    if page.locator("input[type=checkbox][name=calendar_confirmed]").count():  # a year without holidays yet
        assert "尚未录入" in page.content()
        page.check("input[name=calendar_confirmed]")
        page.click("button:has-text('运行')")
    page.wait_for_selector("text=综合查一次")
    assert "峰灵酒业有限公司" in page.content()
    run_url = page.url
    for approver in ("head_a", "leader_a"):
        page.context.clear_cookies()
        login(page, live_server, approver)
        page.goto(run_url)
        page.once("dialog", lambda d: d.accept())  # "确认批准全部 1 项联合检查？"
        page.click("[data-approve-all]")
        page.wait_for_selector(".alert-success")
    assert JointInspection.objects.get().status == "approved"
    page.context.clear_cookies()
    login(page, live_server, "enterprise")
    page.goto(f"{live_server.url}/inspections/mine/")
    assert "五个严禁" in page.content()
    assert JointInspection.objects.get().date.strftime("%Y-%m-%d") in page.content()
    assert page.console_errors == []
