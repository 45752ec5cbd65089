"""On a phone (390×844): the leaders' dashboard (/reports/) draws its year-on-year charts inside the
screen, each a picture with a text alternative, and the page loads with no CSP or script error."""

from __future__ import annotations

from typing import Any

import pytest

from fazhi.reports import charts
from tests.browser.test_registry_flows import browser_world, login, page  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(charts.cjk_font() is None, reason="no CJK font (fonts-noto-cjk) installed"),
]


def test_the_dashboard_charts_fit_a_phone(page: Any, live_server: Any, browser_world: Any) -> None:  # noqa: F811
    login(page, live_server, "leader_a")
    page.goto(f"{live_server.url}/reports/")
    first = page.locator("svg.report-chart").first
    first.wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1  # nothing wider than the phone
    box = first.bounding_box()
    assert box is not None and 300 <= box["width"] <= 390 and box["height"] > 100  # drawn, full width
    assert "：" in (first.get_attribute("aria-label") or "") and first.get_attribute("role") == "img"
    # the text is text, large enough to read: at least 11 CSS px on the phone
    size = page.evaluate(
        "() => Math.min(...[...document.querySelectorAll('svg.report-chart text')]"
        ".map(t => parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a))"
    )
    assert size >= 11, size
    assert page.console_errors == []
