"""检查前有方案审批 clicked through on a phone: the body head finds 待审批 in the menu, approves one
visit, returns another with a reason, and approves the rest only after a confirmation naming how
many; cancelling that confirmation approves nothing."""

from __future__ import annotations

from typing import Any

import pytest

from fazhi.inspections.models import JointInspection
from tests.browser.test_registry_flows import CHROMIUM, browser_world, login, page  # noqa: F401
from tests.test_approvals import drafts

pytestmark = [
    pytest.mark.browser,
]


def test_head_approves_one_returns_one_and_confirms_the_rest(page: Any, live_server: Any, browser_world: Any) -> None:  # noqa: F811
    _run, visits = drafts(browser_world, 4)
    first, second = visits[0], visits[1]
    login(page, live_server, "head_a")
    # the home page lists what waits, and the menu has 待审批
    assert "等我审批的联合检查" in page.inner_text("[data-todos]")
    page.click(".navbar-toggler")
    page.click("[data-nav-group='inspections'] > button")  # the 检查 group (issue 24)
    page.click("a.dropdown-item:has-text('待审批')")
    page.wait_for_url("**/inspections/approvals/")
    page.click(f"[data-visit='{first.pk}'] [data-approve]")
    page.wait_for_selector(".alert-success")
    assert page.locator(f"[data-visit='{first.pk}']").count() == 0
    # 退回 needs a reason: the browser will not send the form without one
    page.click(f"[data-visit='{second.pk}'] [data-return]")
    assert JointInspection.objects.get(pk=second.pk).status == "draft"
    page.fill(f"[data-visit='{second.pk}'] input[name=reason]", "当天镇里有防汛演练，请改期")
    page.click(f"[data-visit='{second.pk}'] [data-return]")
    page.wait_for_selector(".alert-success")
    returned = JointInspection.objects.get(pk=second.pk)
    assert returned.status == "returned" and "防汛演练" in returned.return_reason
    # all the rest: the confirmation says how many; dismissing it approves nothing
    dialogs: list[str] = []
    page.once("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.click("[data-approve-all]")
    assert dialogs == ["确认批准全部 2 项联合检查？"]
    assert JointInspection.objects.filter(head_approved_at__isnull=False).count() == 1
    page.once("dialog", lambda d: (dialogs.append(d.message), d.accept()))
    page.click("[data-approve-all]")
    page.wait_for_selector(".alert-success")
    assert JointInspection.objects.filter(head_approved_at__isnull=False).count() == 3
    assert "没有等待您审批的检查" in page.inner_text("main")
    assert page.console_errors == []
