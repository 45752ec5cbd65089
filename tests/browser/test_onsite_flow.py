"""The visit on a phone: the enterprise verifies the task code, two officers scan in, the unified
checklist survives a dropped connection, a photo, signatures, the result, the public notice. Each
page of the on-site flow (scan, sign, finish) is checked with axe-core on the way (issue 24): no
serious or critical violation."""

from __future__ import annotations

from typing import Any

import pytest

from fazhi.inspections import codes
from fazhi.inspections.models import InspectionRecord, Publication
from tests.browser.test_registry_flows import CHROMIUM, browser_world, login, page  # noqa: F401
from tests.browser.test_ui_accessibility import serious_violations
from tests.test_onsite import JPEG, Onsite

pytestmark = [
    pytest.mark.browser,
]


def draw(pg: Any, selector: str) -> None:
    pg.locator(selector).scroll_into_view_if_needed()
    box = pg.locator(selector).bounding_box()
    pg.mouse.move(box["x"] + 10, box["y"] + 10)
    pg.mouse.down()
    pg.mouse.move(box["x"] + 80, box["y"] + 40, steps=5)
    pg.mouse.move(box["x"] + 140, box["y"] + 15, steps=5)
    pg.mouse.up()


def switch(pg: Any, live_server: Any, username: str) -> None:
    pg.context.clear_cookies()
    login(pg, live_server, username)


def test_visit_from_scan_to_public_notice(page: Any, live_server: Any, browser_world: Any, tmp_path: Any) -> None:  # noqa: F811
    site = Onsite(browser_world)
    url = live_server.url
    # 亮证: the enterprise scans the team's task code, no login
    page.goto(f"{url}/v/{codes.task_token(site.visit.pk, site.today)}/")
    page.wait_for_selector("[data-verified]")
    for officer in (site.a1, site.a2, site.d1):
        assert officer.certificate_no in page.inner_text("body")
    scan = f"{url}/inspections/s/{site.token}/"
    # the county officer scans the enterprise code first: checked in, waiting for a second
    switch(page, live_server, "dept_inspector")
    page.goto(scan)
    axe = {"scan": serious_violations(page)}
    page.click("button:has-text('签到')")
    page.wait_for_selector("[data-waiting]")
    axe["scan, waiting for a second officer"] = serious_violations(page)
    # the township officer scans: the checklist opens
    switch(page, live_server, "inspector_a")
    page.goto(scan)
    page.click("button:has-text('签到')")
    page.wait_for_selector("[data-autosave]")
    axe["checklist after the scan"] = serious_violations(page)
    record = InspectionRecord.objects.get()
    # the network drops while answering: the answer stays on the phone and is sent when it returns
    page.route("**/answer/", lambda route: route.abort())
    page.click("label[for='a1pass']")
    page.wait_for_selector("[data-save-status].text-danger")
    page.unroute("**/answer/")
    page.wait_for_selector("[data-save-status].text-success", timeout=15000)
    page.click("label[for='a2pass']")
    page.wait_for_selector("[data-save-status].text-success")
    assert list(record.answers.filter(seq__in=[1, 2]).values_list("answer", flat=True)) == ["pass", "pass"]
    photo = tmp_path / "fire-exit.jpg"
    photo.write_bytes(JPEG)
    page.set_input_files("input[type=file][name=file]", str(photo))
    page.click("button:has-text('上传')")
    page.wait_for_selector("text=证据已保存")
    draw(page, f"canvas[data-signature='sig-section-{browser_world.body_a.pk}']")
    page.click("[data-sign-section]")
    page.wait_for_selector(f"[data-signed='{browser_world.body_a.pk}']")
    axe["sign"] = serious_violations(page)
    # the county officer answers and signs the department's own part from their phone
    switch(page, live_server, "dept_inspector")
    page.goto(f"{url}/inspections/records/{record.pk}/")
    page.click("label[for='a3fail']")
    page.fill("[data-seq='3'] input[name=note]", "两具灭火器过期")
    page.press("[data-seq='3'] input[name=note]", "Tab")
    page.wait_for_selector("[data-save-status].text-success")
    # an untouched pad is no signature: the page says so and sends nothing
    page.click("[data-sign-section]")
    page.wait_for_selector(f"[data-signature-empty='sig-section-{browser_world.dept_body.pk}']:visible")
    axe["sign, an empty pad refused"] = serious_violations(page)
    assert not record.signoffs.filter(body=browser_world.dept_body).exists()
    draw(page, f"canvas[data-signature='sig-section-{browser_world.dept_body.pk}']")
    page.click("[data-sign-section]")
    page.wait_for_selector(f"[data-signed='{browser_world.dept_body.pk}']")
    # the township officer records the result with the representative's signature
    switch(page, live_server, "inspector_a")
    page.goto(f"{url}/inspections/records/{record.pk}/")
    page.select_option("select[name=outcome]", "rectify")
    page.fill("input[name=rectification_due]", f"{site.today.replace(year=site.today.year + 1):%Y-%m-%d}")
    page.fill("input[name=representative_name]", "王经理")
    page.fill("textarea[name=statement]", "无异议，马上更换")
    axe["finish, the form filled"] = serious_violations(page)
    draw(page, "canvas[data-signature='sig-rep']")
    page.click("button:has-text('完成检查')")
    page.wait_for_selector("[data-outcome='rectify']")
    axe["finished"] = serious_violations(page)
    assert axe == {step: [] for step in axe}
    record.refresh_from_db()
    assert record.status == "finished" and record.representative_signature_id and record.evidence.count() >= 3
    # the lead body's head publishes; anyone reads the notice
    switch(page, live_server, "head_a")
    page.goto(f"{url}/inspections/publications/")
    page.click("button:has-text('公示')")
    page.wait_for_selector(".alert-success")
    page.context.clear_cookies()
    page.goto(f"{url}/public/results/{Publication.objects.get().pk}/")
    text = page.inner_text("body")
    assert "灭火器在有效期内" in text and "王经理" not in text
    # the only failed request is the one this test cut off
    assert [e for e in page.console_errors if "ERR_FAILED" not in e] == []
