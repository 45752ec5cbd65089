"""The flows people click through, in Debian's chromium driven by Playwright.

Skipped only when /usr/bin/chromium is missing, and failed instead in CI (``CI=true``, see
conftest.py); `.ci/run` installs it, so CI always runs them.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from fazhi.registry.models import Enterprise, ImportJob
from tests.browser.conftest import CHROMIUM
from tests.dbutil import set_ledger_triggers
from tests.factories import PASSWORD, valid_uscc
from tests.xlsx import header, workbook

pytestmark = [
    pytest.mark.browser,
]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop


@pytest.fixture
def browser_world(live_server: Any) -> Iterator[Any]:
    from tests.factories import build_world

    world = build_world()
    # Playwright's sync API switches greenlets, and Django keeps one connection per context: close
    # this one now, or it stays open (idle) beside the test's and PostgreSQL cannot drop the database.
    from django.db import connections

    connections.close_all()
    yield world
    set_ledger_triggers(False)  # the live-server database is flushed after the test


@pytest.fixture
def page(browser_world: Any) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")  # a phone
        pg = context.new_page()
        errors: list[str] = []
        pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        pg.on("pageerror", lambda e: errors.append(str(e)))
        pg.console_errors = errors
        yield pg
        browser.close()
        from django.db import connections

        connections.close_all()  # the test body's connection lives in Playwright's context


def login(page: Any, live_server: Any, username: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button:has-text('登录')")
    # the home page; an enterprise's home is its portal
    page.wait_for_url(lambda url: url in (f"{live_server.url}/", f"{live_server.url}/inspections/portal/"))


def test_search_edit_and_conflict(page: Any, live_server: Any, browser_world: Any) -> None:
    from tests.factories import EnterpriseFactory

    EnterpriseFactory(name="谭家村小卖部", region=browser_world.village_a)
    login(page, live_server, "inspector_a")
    page.click(".navbar-toggler")
    page.click("[data-nav-group='registers'] > button")  # the 登记 group (issue 24)
    page.click("a.dropdown-item:text-is('企业')")
    assert page.locator("#rows").inner_text().count("峰灵酒业有限公司") == 1
    page.fill("input[name=q]", "flj")  # pinyin initials, filtered by htmx as one types
    page.wait_for_url("**q=flj**")  # the filter is in the address: shareable, back button works
    page.wait_for_function("!document.querySelector('#rows').innerText.includes('小卖部')")
    assert "峰灵酒业有限公司" in page.locator("#rows").inner_text()
    page.click("a:has-text('峰灵酒业有限公司')")
    assert "139****5678" in page.content()
    page.click("a:has-text('编辑')")
    edit_url = page.url
    page.fill("#id_name", "峰灵酒业（浏览器）有限公司")
    page.click("button:has-text('保存')")
    page.wait_for_selector(".alert-success")
    assert Enterprise.objects.get(pk=browser_world.ent_a.pk).name == "峰灵酒业（浏览器）有限公司"
    # someone else saves while our stale form is open
    page.goto(edit_url)
    Enterprise.objects.filter(pk=browser_world.ent_a.pk).update(version=99)
    page.fill("#id_name", "过期的修改")
    page.click("button:has-text('保存')")
    assert "已有其他人修改" in page.content()
    assert Enterprise.objects.get(pk=browser_world.ent_a.pk).name == "峰灵酒业（浏览器）有限公司"
    assert page.console_errors == []


def test_import_with_errors_then_fixed(page: Any, live_server: Any, browser_world: Any, tmp_path: Path) -> None:
    login(page, live_server, "inspector_a")
    bad = tmp_path / "企业.xlsx"
    bad.write_bytes(
        workbook(
            header("enterprises"), [[valid_uscc(1), "好企业", "", "", "谭家村"], ["BAD", "坏企业", "", "", "谭家村"]]
        ).getvalue()
    )
    page.goto(f"{live_server.url}/registry/import/")
    page.set_input_files("#id_file", str(bad))
    page.click("button:has-text('上传并导入')")
    page.wait_for_selector("text=未写入任何数据")
    assert "第 3 行" in page.content()
    assert not Enterprise.objects.filter(name="好企业").exists()
    with page.expect_download() as dl:
        page.click("a:has-text('下载被拒绝的行')")
    assert dl.value.suggested_filename.endswith(".xlsx")
    assert Path(dl.value.path()).stat().st_size > 0  # read to the end: the server closes its response
    good = tmp_path / "企业2.xlsx"
    good.write_bytes(workbook(header("enterprises"), [[valid_uscc(1), "好企业", "", "", "谭家村"]]).getvalue())
    page.goto(f"{live_server.url}/registry/import/")
    page.set_input_files("#id_file", str(good))
    page.click("button:has-text('上传并导入')")
    page.wait_for_selector("text=新增 1")
    assert ImportJob.objects.filter(status="done").count() == 1
    page.screenshot(path=str(tmp_path / "import.png"), full_page=True)
    assert page.console_errors == []


def test_audit_administrator_verifies_the_ledger(page: Any, live_server: Any, browser_world: Any) -> None:
    login(page, live_server, "auditadmin")
    page.goto(f"{live_server.url}/system/ledger/")
    page.click("button:has-text('立即校验')")
    page.wait_for_selector(".alert-success")
    assert "账本完整" in page.content()
    page.goto(f"{live_server.url}/registry/enterprises/")
    assert "没有符合条件的企业" in page.content()
    assert page.console_errors == []
