"""Issue 24: the public pages, the login page, the verify page, the enterprise portal and the
on-site pages meet WCAG 2.x AA (GB/T 37668-2019) as axe-core (vendored, static/vendor/axe/) checks
it: no serious or critical violation; the 大字版 switch makes the type larger and is kept per browser."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from fazhi.inspections import codes
from tests.browser.test_registry_flows import CHROMIUM, browser_world, login, page  # noqa: F401
from tests.test_onsite import Onsite

pytestmark = [
    pytest.mark.browser,
]

AXE = Path(__file__).resolve().parents[2] / "src" / "fazhi" / "static" / "vendor" / "axe" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def serious_violations(pg: Any) -> list[str]:
    """axe-core's serious and critical violations on the open page, one line each."""
    if not pg.evaluate("() => !!window.axe"):
        # evaluated through the DevTools protocol, so the page's CSP (no inline script) allows it
        pg.evaluate("source => { (0, eval)(source); }", AXE.read_text(encoding="utf-8"))
    result = pg.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS)
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:5]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("width", [390, 1366])
def test_public_pages_have_no_serious_accessibility_violation(
    page: Any,  # noqa: F811
    live_server: Any,
    browser_world: Any,  # noqa: F811
    width: int,
) -> None:
    site = Onsite(browser_world)
    page.set_viewport_size({"width": width, "height": 900})
    found = {}
    for path in (
        "/accounts/login/",
        "/public/results/",
        "/public/draws/",
        "/public/complaints/new/",
        "/public/reports/",
        f"/v/{codes.task_token(site.visit.pk, site.today)}/",
    ):
        response = page.goto(live_server.url + path)
        assert response is not None and response.status == 200, path
        found[path] = serious_violations(page)
    assert found == {p: [] for p in found}


def test_portal_and_on_site_pages_have_no_serious_accessibility_violation(
    page: Any,  # noqa: F811
    live_server: Any,
    browser_world: Any,  # noqa: F811
) -> None:
    site = Onsite(browser_world)
    record = site.start()  # the checklist an inspector fills on site
    found = {}
    login(page, live_server, "enterprise")
    for path in ("/inspections/portal/", "/supervision/complaints/"):
        page.goto(live_server.url + path)
        found[path] = serious_violations(page)
    page.context.clear_cookies()
    login(page, live_server, "inspector_a")
    for path in (
        "/",
        "/inspections/mine/",
        "/inspections/records/",
        f"/inspections/records/{record.pk}/",
        "/search/?find=峰灵",
    ):
        page.goto(live_server.url + path)
        found[path] = serious_violations(page)
    assert found == {p: [] for p in found}


def test_large_text_switch_is_kept_per_browser(page: Any, live_server: Any, browser_world: Any) -> None:  # noqa: F811
    url = f"{live_server.url}/public/complaints/new/"
    page.goto(url)
    switch = page.locator("[data-large-text-toggle]")
    assert switch.get_attribute("aria-pressed") == "false"
    size = page.evaluate("() => parseFloat(getComputedStyle(document.body).fontSize)")
    switch.click()
    assert switch.get_attribute("aria-pressed") == "true"
    larger = page.evaluate("() => parseFloat(getComputedStyle(document.body).fontSize)")
    assert larger >= size * 1.2, (size, larger)
    page.goto(f"{live_server.url}/public/results/")  # another page, the same browser: still large
    assert page.locator("html.large-text").count() == 1
    assert page.locator("[data-large-text-toggle]").get_attribute("aria-pressed") == "true"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1  # still fits the phone
    page.locator("[data-large-text-toggle]").click()
    page.reload()
    assert page.locator("html.large-text").count() == 0
    assert page.console_errors == []
