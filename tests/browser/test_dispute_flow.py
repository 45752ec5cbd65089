"""Issue 21, "Done when": on a phone (390 px) a grid worker registers a dispute, the governance
officer routes it and assigns the mediator, who accepts it, holds a session, records the agreement,
downloads the 调解协议书, and at the follow-up visit finds it not performed: the dispute reopens."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest

from tests.browser.test_registry_flows import CHROMIUM, browser_world, login, page  # noqa: F401
from tests.factories import party_resident_id

pytestmark = [
    pytest.mark.browser,
]


def switch_user(page: Any, live_server: Any, username: str) -> None:  # noqa: F811
    page.context.clear_cookies()
    login(page, live_server, username)


def fits_the_phone(page: Any) -> bool:  # noqa: F811
    return bool(page.evaluate("document.documentElement.scrollWidth") <= 390 + 1)


def test_intake_to_reopening_on_a_phone(page: Any, live_server: Any, browser_world: Any) -> None:  # noqa: F811
    from fazhi.disputes.models import Dispute
    from tests.factories import DisputeWorld

    dw = DisputeWorld(browser_world)  # (puts the categories back after an earlier test's flush)
    url = live_server.url

    # 1. intake on the phone
    login(page, live_server, "grid_a")
    page.goto(f"{url}/disputes/new/")
    assert fits_the_phone(page)
    page.select_option("#village", str(dw.w.village_a.pk))
    page.select_option("#category", "neighbours")
    page.fill("input[name=party_1_name]", "张三")
    page.fill("input[name=party_1_id_number]", party_resident_id("19800101", 11))
    page.fill("input[name=party_1_phone]", "13812345678")
    page.fill("input[name=party_2_name]", "李四")
    page.check("input[name=police_related]")
    page.fill("#description", "两户因排水沟堵塞发生争执")
    page.click("#intake button.btn-primary")
    page.wait_for_url(lambda u: "/disputes/" in u and u.rstrip("/").split("/")[-1].isdigit())
    d = Dispute.objects.get()
    body = page.content()
    assert d.number in body and "138****5678" in body and "13812345678" not in body
    assert fits_the_phone(page)

    # 2. routing and assignment by the governance officer
    switch_user(page, live_server, "zongzhi_a")
    page.goto(f"{url}/disputes/{d.pk}/")
    page.click("summary:has-text('指派调解员')")
    page.check(f"input[name=mediators][value='{dw.mediator.pk}']")
    page.click("button:has-text('指派')")
    page.wait_for_selector(".alert-success")
    page.click("summary:has-text('分流')")
    page.select_option("select[name=level]", "township")
    page.select_option("select[name=lead_org]", str(dw.w["leader_a"].org_unit.pk))
    page.check(f"input[name=joined_orgs][value='{dw.police.pk}']")
    page.click("form:has(input[value=route]) button")
    page.wait_for_selector(".alert-success")
    d.refresh_from_db()
    assert d.level == "township" and d.lead_org_id == dw.w["leader_a"].org_unit.pk

    # 3. the mediator accepts and holds a session
    switch_user(page, live_server, "grid_a2")
    page.goto(f"{url}/disputes/{d.pk}/")
    page.click("button:has-text('受理调解')")
    page.wait_for_selector(".alert-success")
    page.click("a:has-text('登记调解会')")
    page.wait_for_url(f"{url}/disputes/{d.pk}/session/")
    assert fits_the_phone(page)
    for box in page.locator("input[name=present]").all():
        box.check()
    page.fill("#place", "谭家村村委会")
    page.fill("#notes", "双方陈述了排水沟堵塞经过，同意由李四疏通")
    page.click("#session button")
    page.wait_for_url(f"{url}/disputes/{d.pk}/")

    # 4. the agreement and its document
    page.click("summary:has-text('登记调解协议')")
    page.fill("textarea[name=terms]", "李四于三日内疏通排水沟")
    page.click("button:has-text('保存协议')")
    page.wait_for_selector(".alert-success")
    with page.expect_download() as download:
        page.click("a:has-text('调解协议书')")
    data = download.value.path().read_bytes()
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert "人民调解协议书" in xml and "李四于三日内疏通排水沟" in xml and d.number in xml

    # 5. the follow-up visit: not performed, the dispute reopens
    page.click("a:has-text('登记回访')")
    page.wait_for_selector("#follow-up")
    assert fits_the_phone(page)
    page.click("label[for=performed-no]")
    page.fill("#note", "李四未疏通，张三再次反映")
    page.click("#follow-up button")
    page.wait_for_url(f"{url}/disputes/{d.pk}/")
    assert page.locator(".alert-warning").count() == 1
    d.refresh_from_db()
    assert d.status == "mediating" and d.reopened == 1
    assert "调解中" in page.locator("h1").inner_text()
    assert page.console_errors == []
