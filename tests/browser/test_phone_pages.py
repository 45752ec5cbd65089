"""On a phone (390×844): my inspection schedule keeps company names readable (a card per visit,
not one character per line), and every public page links to the public complaint form."""

from __future__ import annotations

from typing import Any

import pytest

from fazhi.inspections import codes
from tests.browser.test_registry_flows import CHROMIUM, browser_world, login, page  # noqa: F401
from tests.test_onsite import Onsite

pytestmark = [
    pytest.mark.browser,
]


def test_schedule_company_names_are_readable_on_a_phone(page: Any, live_server: Any, browser_world: Any) -> None:  # noqa: F811
    site = Onsite(browser_world)
    login(page, live_server, "inspector_a")
    page.goto(f"{live_server.url}/inspections/mine/")
    cell = page.locator("[data-schedule] [data-enterprise]").first
    cell.wait_for()
    assert site.w.ent_a.name in cell.inner_text()
    width = cell.evaluate("e => e.getBoundingClientRect().width")
    font = cell.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert width >= 6 * font, (width, font)  # was about one character wide
    lines = cell.evaluate(
        "e => Math.round(e.getBoundingClientRect().height / parseFloat(getComputedStyle(e).lineHeight || 24))"
    )
    assert lines <= 2, lines
    assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1  # nothing wider than the phone


def test_every_public_page_links_the_complaint_form(page: Any, live_server: Any, browser_world: Any) -> None:  # noqa: F811
    site = Onsite(browser_world)
    url = live_server.url
    pages = [
        "/public/results/",
        "/public/draws/",
        f"/v/{codes.task_token(site.visit.pk, site.today)}/",  # the verify page
        "/v/not-a-code/",  # the invalid code page
    ]
    for path in pages:
        page.goto(url + path)
        link = page.locator("a[data-complaint-link]")
        assert link.count() == 1, path
        assert link.is_visible(), path
    page.locator("a[data-complaint-link]").click()
    page.wait_for_url(f"{url}/public/complaints/new/")
    assert page.locator("textarea[name=text]").count() == 1


# Every sub-tab of a section's tab row: its label on one line, all tabs on one row (the tops of all
# links equal), the row scrolling sideways inside itself rather than the page.
SUBTABS = """nav => Array.from(nav.querySelectorAll('a.nav-link')).map(a => ({
  text: a.innerText.trim(),
  top: Math.round(a.getBoundingClientRect().top),
  lines: Math.round((a.getBoundingClientRect().height - parseFloat(getComputedStyle(a).paddingTop)
    - parseFloat(getComputedStyle(a).paddingBottom)) / parseFloat(getComputedStyle(a).lineHeight)),
}))"""


def test_the_sub_tabs_are_one_scrollable_row_on_a_phone(page: Any, live_server: Any, browser_world: Any) -> None:  # noqa: F811
    from tests.factories_publicity import PublicityWorld

    pw = PublicityWorld(browser_world)
    login(page, live_server, pw.legal.username)
    for path in ("/publicity/", "/training/"):
        page.goto(f"{live_server.url}{path}")
        tabs = page.locator("nav[data-subtabs]").first.evaluate(SUBTABS)
        assert len(tabs) >= 4, tabs
        assert {t["top"] for t in tabs} == {tabs[0]["top"]}, tabs  # one row
        assert [t["text"] for t in tabs if t["lines"] > 1] == [], tabs  # no label broken over lines
        assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1  # the page does not scroll
