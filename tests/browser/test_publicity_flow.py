"""On a phone (390×844): village staff correct a mistyped activity and withdraw another."""

from __future__ import annotations

from typing import Any

import pytest

from fazhi.publicity.models import Activity
from tests.browser.test_registry_flows import CHROMIUM, browser_world, login, page  # noqa: F401
from tests.factories_publicity import PublicityWorld

pytestmark = [
    pytest.mark.browser,
]


def test_correct_and_withdraw_an_activity_on_a_phone(page: Any, live_server: Any, browser_world: Any) -> None:  # noqa: F811
    from django.db import connections

    pw = PublicityWorld(browser_world)
    a = pw.activity(participants=300)
    connections.close_all()
    login(page, live_server, "pub_grid_a")
    page.goto(f"{live_server.url}/publicity/activities/{a.pk}/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1
    page.click("a:has-text('更正')")
    page.wait_for_url(f"{live_server.url}/publicity/activities/{a.pk}/edit/")
    assert page.input_value("#participants") == "300"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1
    page.fill("#participants", "30")
    page.click("button:has-text('保存')")
    page.wait_for_url(f"{live_server.url}/publicity/activities/{a.pk}/")
    assert "活动已更正" in page.inner_text("body")
    page.fill("input[name=reason]", "活动未举办")
    page.click("button:has-text('撤销')")
    page.locator("#withdrawn").wait_for()
    assert "活动未举办" in page.inner_text("#withdrawn")
    assert page.locator("a:has-text('更正')").count() == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1
    done = Activity.objects.get(pk=a.pk)
    assert (done.participants, done.withdrawn_reason) == (30, "活动未举办")
    assert not page.console_errors
