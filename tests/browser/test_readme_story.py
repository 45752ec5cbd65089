"""The README's demo story, clicked through on a phone (390×844) on the data `fazhi demo` loads:
the inspector's 执法码, the enterprise verifies it, the township's and the county bureau's
officers scan in from their own phones, answer and sign their sections of the unified checklist,
the visit is finished, and the enterprise reads the result in 企业服务.

If this test fails, the README's story no longer works as written: fix the story or the demo."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from tests.browser.test_onsite_flow import draw
from tests.browser.test_registry_flows import CHROMIUM
from tests.dbutil import set_ledger_triggers

pytestmark = [
    pytest.mark.browser,
]
README = Path(__file__).resolve().parents[2] / "README.md"


@pytest.fixture
def demo(live_server: Any) -> Iterator[None]:
    from django.db import connections

    from fazhi.web.demo import load_demo

    load_demo()
    connections.close_all()  # see browser_world: Playwright's greenlets need a fresh connection
    yield
    set_ledger_triggers(False)  # the live-server database is flushed after the test


@pytest.fixture
def phones(demo: None) -> Iterator[Any]:
    """A function that opens a new phone (its own browser context: its own login)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
        )
        errors: list[str] = []

        def phone() -> Any:
            pg = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN").new_page()
            pg.on("pageerror", lambda e: errors.append(str(e)))
            return pg

        phone.errors = errors  # type: ignore[attr-defined]
        yield phone
        browser.close()
        from django.db import connections

        connections.close_all()


def log_in(pg: Any, base: str, username: str) -> None:
    from fazhi.web.demo_data import DEMO_PASSWORD

    pg.goto(f"{base}/accounts/login/")
    pg.fill("#id_username", username)
    pg.fill("#id_password", DEMO_PASSWORD)
    pg.click("button:has-text('登录')")
    pg.wait_for_url(re.compile(r"^(?!.*/accounts/login/).*$"))


def answer(pg: Any, section: str) -> None:
    """Answer every line of the sections matching ``section`` as compliant (autosaved)."""
    for label in pg.locator(f"{section} label[for$='pass']").all():
        label.click()
        pg.wait_for_selector("[data-save-status].text-success")


def test_the_readme_story_works_on_a_phone(phones: Any, live_server: Any) -> None:
    from fazhi.inspections import codes
    from fazhi.inspections.models import InspectionRecord, JointInspection
    from fazhi.registry.models import EnforcementBody

    readme = README.read_text(encoding="utf-8")
    base = live_server.url
    visit = JointInspection.objects.get(date=timezone.localdate(), enterprise__org_unit__isnull=False)
    yj = EnforcementBody.objects.get(code="YJ")
    township = visit.lead_body
    # the README tells this story with these logins and pages
    for words in ("fl_inspector", "yj_inspector", "我的检查", "执法码", "企业码", "签到", "完成检查", "企业服务"):
        assert words in readme.split("## Two commands")[1].split("| login |")[0], words

    # 峰灵镇's inspector: 我的检查 from the phone menu, today's visit with its 执法码
    fl = phones()
    log_in(fl, base, "fl_inspector")
    fl.click(".navbar-toggler")
    fl.click("[data-nav-group='inspections'] > button")  # the 检查 group (issue 24)
    fl.click("a.dropdown-item:has-text('我的检查')")
    fl.wait_for_url("**/inspections/mine/")
    row = fl.locator("tr", has_text=visit.enterprise.name).first
    row.locator("summary:has-text('执法码')").click()
    assert row.locator("img[data-task-code]").is_visible()

    # the enterprise scans the 执法码: the approved task and the team, without logging in
    ent = phones()
    ent.goto(f"{base}/v/{codes.task_token(visit.pk, visit.date)}/")
    ent.wait_for_selector("[data-verified]")
    for officer in visit.officers.all():
        assert officer.certificate_no in ent.inner_text("body")

    # the two departments' officers scan the enterprise code (企业码), each on their own phone
    scan = f"{base}/inspections/s/{codes.enterprise_token(visit.enterprise_id, visit.enterprise.code_serial)}/"
    fl.goto(scan)
    fl.click("button:has-text('签到')")
    fl.wait_for_selector("[data-waiting]")
    county = phones()
    log_in(county, base, "yj_inspector")
    county.goto(scan)
    county.click("button:has-text('签到')")
    county.wait_for_selector("[data-autosave]")
    record = InspectionRecord.objects.get(joint_inspection=visit)

    # 峰灵镇 answers the shared lines and its own, and signs them
    fl.goto(f"{base}/inspections/records/{record.pk}/")
    answer(fl, f"section:not([data-section='{yj.pk}'])")
    draw(fl, f"canvas[data-signature='sig-section-{township.pk}']")
    fl.click("[data-sign-section]")
    fl.wait_for_selector(f"[data-signed='{township.pk}']")
    # the page says whose part is still unsigned and who can sign it
    waiting = fl.inner_text(f"[data-unsigned='{yj.pk}']")
    assert "县应急局" in waiting and "yj_inspector" in waiting
    assert "yj_inspector" in fl.inner_text("[data-unsigned-summary]")

    # the county bureau's officer answers and signs the bureau's section
    county.goto(f"{base}/inspections/records/{record.pk}/")
    answer(county, f"section[data-section='{yj.pk}']")
    draw(county, f"canvas[data-signature='sig-section-{yj.pk}']")
    county.click("[data-sign-section]")
    county.wait_for_selector(f"[data-signed='{yj.pk}']")

    # 完成检查 with the representative's signature
    fl.goto(f"{base}/inspections/records/{record.pk}/")
    assert fl.locator("[data-unsigned-summary]").count() == 0
    fl.select_option("select[name=outcome]", "no_issue")
    fl.fill("input[name=representative_name]", "王经理")
    draw(fl, "canvas[data-signature='sig-rep']")
    fl.click("button:has-text('完成检查')")
    fl.wait_for_selector("[data-outcome='no_issue']")
    record.refresh_from_db()
    assert record.status == "finished"

    # the enterprise logs in: its home is 企业服务, and the result is there
    ent_user = phones()
    log_in(ent_user, base, "enterprise")
    assert ent_user.url.endswith("/inspections/portal/")
    assert "企业服务" in ent_user.title()
    card = ent_user.locator(f"[data-record='{record.pk}']")
    assert card.locator("[data-outcome='no_issue']").inner_text() == "未发现问题"
    assert phones.errors == []
