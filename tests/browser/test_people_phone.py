"""Issue 22 on a phone (390×844): the file page with its 包抓 reassignment form and the sharing page
fit without horizontal scroll, and a reassignment is made by ticking an official of the list."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from fazhi.people import services
from fazhi.people.models import PersonFile
from tests.browser.test_registry_flows import CHROMIUM, browser_world, login, page  # noqa: F401
from tests.factories_people import PeopleWorld

pytestmark = [
    pytest.mark.browser,
]


def test_reassignment_and_sharing_fit_a_phone(page: Any, live_server: Any, browser_world: Any) -> None:  # noqa: F811
    pw = PeopleWorld(browser_world)
    services.share_grant(
        actor=pw.officer,
        township=pw.w.town_a,
        org=pw.d.police,
        purpose="肇事肇祸风险预警",
        categories=[pw.mental_cat],
        valid_until=timezone.localdate() + dt.timedelta(days=30),
    )
    login(page, live_server, pw.officer.username)
    page.goto(f"{live_server.url}/people/{pw.mental.pk}/")
    form = page.locator("#assign")
    form.wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1
    form.locator(f"#resp-{pw.grid.pk}").uncheck()
    form.locator(f"#resp-{pw.grid2.pk}").check()
    form.locator("input[name=reason]").fill("网格调整")
    form.locator("button").click()
    page.wait_for_load_state()
    assert set(PersonFile.objects.get(pk=pw.mental.pk).responsible.values_list("pk", flat=True)) == {pw.grid2.pk}
    page.goto(f"{live_server.url}/people/sharing/")
    page.locator("#grants").wait_for()
    assert "肇事肇祸风险预警" in page.locator("#grants").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1
    assert page.console_errors == []
