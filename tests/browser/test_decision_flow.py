"""Issue 18, "Done when": a citizen comments on an open draft without an account → the office
publishes, groups and answers the comments → the legal office reviews → adoption is refused
before the review and allowed after → the published decision shows the answers.

The comment window ends today; the rest happens "tomorrow" (the clock moved for the live server
too), when participation may be closed."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone

from tests.browser.test_registry_flows import CHROMIUM, browser_world, login, page  # noqa: F401

pytestmark = [pytest.mark.browser]


def switch_user(page: Any, live_server: Any, username: str) -> None:  # noqa: F811
    page.context.clear_cookies()
    login(page, live_server, username)


def test_comment_answer_review_adopt_publish(page: Any, live_server: Any, browser_world: Any) -> None:  # noqa: F811
    from fazhi.decisions import services
    from fazhi.decisions.models import Comment, Decision
    from tests.factories_decisions import DecisionWorld

    dw = DecisionWorld(browser_world)
    today = timezone.localdate()
    services.consultation_open(
        actor=dw.w["legal_a"], decision=dw.decision, opens_on=today - dt.timedelta(days=29), closes_on=today
    )
    from django.db import connections

    connections.close_all()
    url, pk = live_server.url, dw.decision.pk

    # 1. a citizen, no account, comments and gets a receipt
    page.goto(f"{url}/public/decisions/{pk}/")
    page.fill("#text", "建议保留老街早市摊位，方便村民卖菜")
    page.fill("#contact", "13812345678")
    page.click("#comment-form button")
    page.wait_for_selector("#receipt")
    assert "建议保留老街早市摊位" in page.content() and "13812345678" not in page.content()
    receipt_url = page.url
    assert Comment.objects.get().contact == "13812345678"

    # 2. the office publishes, groups and answers
    login(page, live_server, "legal_a")
    page.goto(f"{url}/decisions/{pk}/")
    page.click("form:has(input[value=publish_comments]) button")
    page.wait_for_selector(".alert-success")
    page.click("form:has(input[value=group]) button")
    page.wait_for_selector(".alert-success")
    page.select_option("form:has(input[value=answer]) select[name=kind]", "partly")
    page.fill("form:has(input[value=answer]) textarea[name=answer]", "早市保留至过渡期结束，之后迁入新区市场。")
    page.click("form:has(input[value=answer]) button")
    page.wait_for_selector(".alert-success")

    tomorrow = dt.datetime.combine(today + dt.timedelta(days=1), dt.time(10), tzinfo=ZoneInfo(settings.TIME_ZONE))
    with time_machine.travel(tomorrow, tick=True):
        # 3. tomorrow: participation closed, the steps that do not apply recorded
        switch_user(page, live_server, "legal_a")
        page.goto(f"{url}/decisions/{pk}/")
        page.click("form:has(input[value=close_consultation]) button")
        page.wait_for_selector(".alert-success")
        for kind in ("hearing", "experts", "risk"):
            page.click("details:has(input[value=not_applicable]) summary")
            page.select_option("form:has(input[value=not_applicable]) select[name=kind]", kind)
            page.fill("form:has(input[value=not_applicable]) input[name=reason]", "本事项不涉及，记录理由")
            page.click("form:has(input[value=not_applicable]) button")
            page.wait_for_selector(".alert-success")

        # 4. the leader: adoption refused before the legality review, naming it
        switch_user(page, live_server, "leader_a")
        page.goto(f"{url}/decisions/{pk}/")
        assert "合法性审查" in page.inner_text("#blocked")
        assert page.locator("form:has(input[value=discuss])").count() == 0
        token = page.locator("input[name=csrfmiddlewaretoken]").first.get_attribute("value")
        r = page.request.post(
            f"{url}/decisions/{pk}/",
            form={
                "csrfmiddlewaretoken": token or "",
                "action": "discuss",
                "meeting": "镇政府常务会议",
                "attendance": "镇长等5人",
                "adopted": "1",
            },
            headers={"Referer": f"{url}/decisions/{pk}/"},
        )
        assert r.status == 422 and "合法性审查" in r.text()
        assert Decision.objects.get(pk=pk).status == "drafting"

        # 5. the legal office reviews
        switch_user(page, live_server, "legal_a")
        page.goto(f"{url}/decisions/{pk}/")
        page.click("#review summary")
        page.fill("#review input[name=submitted_on]", (today - dt.timedelta(days=20)).isoformat())
        page.select_option("#review select[name=result]", "pass")
        page.fill("#review textarea[name=opinion]", "主体合法，程序完备，内容合法。")
        page.click("#review button")
        page.wait_for_selector(".alert-success")
        assert page.locator("[data-review]").count() == 1

        # 6. the leader adopts, the office publishes
        switch_user(page, live_server, "leader_a")
        page.goto(f"{url}/decisions/{pk}/")
        page.fill("#discuss input[name=meeting]", "镇政府常务会议")
        page.fill("#discuss input[name=attendance]", "镇长、副镇长等5人")
        page.click("#discuss button")
        page.wait_for_selector(".alert-success")
        assert Decision.objects.get(pk=pk).status == "adopted"
        switch_user(page, live_server, "legal_a")
        page.goto(f"{url}/decisions/{pk}/")
        page.click("form:has(input[value=publish]) button")
        page.wait_for_selector(".alert-success")

        # 7. the public sees the decision with the answer; the receipt shows it too
        page.context.clear_cookies()
        page.goto(f"{url}/public/decisions/{pk}/")
        assert "早市保留至过渡期结束" in page.inner_text("#answers")
        page.goto(receipt_url)
        assert "早市保留至过渡期结束" in page.content()
    assert Decision.objects.get(pk=pk).status == "published"
