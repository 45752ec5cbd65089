"""On a phone (390×844): the legal office enters a training session and ticks who attended."""

from __future__ import annotations

from typing import Any

import pytest

from fazhi.training.models import Attendance, Session
from tests.browser.test_registry_flows import CHROMIUM, browser_world, login, page  # noqa: F401
from tests.factories import TrainingWorld

pytestmark = [
    pytest.mark.browser,
]


def test_enter_a_session_with_attendance_on_a_phone(page: Any, live_server: Any, browser_world: Any) -> None:  # noqa: F811
    from django.utils import timezone

    tw = TrainingWorld(browser_world)
    login(page, live_server, "legal_a")
    page.goto(f"{live_server.url}/training/")
    page.click("a:has-text('新建培训')")
    page.wait_for_url(f"{live_server.url}/training/sessions/new/")
    page.fill("#topic", "行政执法三项制度")
    page.fill("#day", timezone.localdate().isoformat())
    page.fill("#hours", "-2")
    page.fill("#place", "镇政府三楼会议室")
    page.click("button:has-text('保存并勾选参训人员')")
    assert "课时不能为负数" in page.inner_text("body")  # refused on the form, the values kept
    assert page.input_value("#topic") == "行政执法三项制度"
    page.fill("#hours", "2")
    page.click("button:has-text('保存并勾选参训人员')")
    page.wait_for_url(f"{live_server.url}/training/sessions/*/")
    boxes = page.locator("#attendance input[type=checkbox]")
    assert boxes.count() == 3
    for i in range(2):
        boxes.nth(i).check()
    page.click("button:has-text('保存参训名单')")
    page.wait_for_selector("text=参训名单已保存")
    assert page.inner_text("#present-count") == "2"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1  # nothing wider than the phone
    session = Session.objects.get(topic="行政执法三项制度")
    assert Attendance.objects.filter(session=session).count() == 2
    assert str(session.hours) in {"2", "2.0"}
    del tw
