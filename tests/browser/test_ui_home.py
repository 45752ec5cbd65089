"""Issue 24, done when: at 390 px and 1366 px every role's home page shows its navigation with no
label wrapped inside a word (measured: the line boxes of each label's text), and the role's first
task is one click away."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.test_registry_flows import CHROMIUM, browser_world, login, page  # noqa: F401

pytestmark = [
    pytest.mark.browser,
]

# Line boxes of an element's text: one when the label sits on one line.
LINES = """e => {
  const r = document.createRange(); r.selectNodeContents(e);
  const tops = new Set(Array.from(r.getClientRects()).filter(x => x.width > 0).map(x => Math.round(x.top)));
  return tops.size;
}"""

# role -> (the link of its first task on its home page, the page that link opens)
FIRST_TASK = {
    "inspector_a": ("[data-todo='1'] a[data-todo-more]", "/inspections/mine/"),
    "leader_a": ("[data-todo='1'] a[data-todo-more]", "/inspections/approvals/"),
    "supervisor": ("[data-todo] a[data-todo-more]", "/supervision/warnings/?status=submitted"),
    "enterprise": ("a[data-nav-link='supervision:complaints']:visible", "/supervision/complaints/"),
    "sysadmin": ("[data-start-links] a[href='/system/users/']", "/system/users/"),
}


def labels_on_one_line(pg: Any, selector: str) -> list[tuple[str, int]]:
    """The visible labels matching selector that take more than one line."""
    wrapped = []
    for el in pg.locator(selector).all():
        if el.is_visible() and el.evaluate(LINES) > 1:
            wrapped.append((el.inner_text(), el.evaluate(LINES)))
    return wrapped


def open_each_group_and_measure(pg: Any) -> list[tuple[str, int]]:
    wrapped = labels_on_one_line(pg, "[data-nav] .nav-link")
    for toggle in pg.locator("[data-nav-group] > button").all():
        toggle.click()
        wrapped += labels_on_one_line(pg, "[data-nav-group] .dropdown-menu.show .dropdown-item")
        toggle.click()
    return wrapped


@pytest.mark.parametrize("width", [390, 1366])
@pytest.mark.parametrize("username", list(FIRST_TASK))
def test_home_navigation_never_wraps_and_the_first_task_is_one_click(
    page: Any,  # noqa: F811
    live_server: Any,
    browser_world: Any,  # noqa: F811
    username: str,
    width: int,
) -> None:
    if username == "inspector_a":
        from tests.test_onsite import Onsite

        Onsite(browser_world)  # a visit today: the inspector's first to-do
    page.set_viewport_size({"width": width, "height": 900 if width > 400 else 844})
    login(page, live_server, username)
    page.goto(f"{live_server.url}/")
    if width < 1200 and page.locator(".navbar-toggler").count():
        assert page.locator("[data-nav]").is_hidden()  # behind the menu button on a phone
        page.locator(".navbar-toggler").click()
        page.locator("[data-nav]").wait_for(state="visible")
    else:
        navbar = page.locator("nav.navbar").bounding_box()
        assert navbar["height"] < 80, navbar  # the top bar is one row
    assert open_each_group_and_measure(page) == []
    assert labels_on_one_line(page, "[data-bottom-bar] a") == []
    page.goto(f"{live_server.url}/")  # the home page as it opens, menus closed
    selector, target = FIRST_TASK[username]
    link = page.locator(selector).first
    assert link.is_visible(), selector
    link.click()
    page.wait_for_url(f"{live_server.url}{target}")
    assert page.console_errors == []


def test_the_bottom_bar_is_labelled_and_hidden_on_a_desktop(page: Any, live_server: Any, browser_world: Any) -> None:  # noqa: F811
    login(page, live_server, "leader_a")
    bar = page.locator("[data-bottom-bar]")
    assert bar.is_visible() and bar.get_attribute("aria-label") == "现场常用"
    assert bar.locator("a").all_inner_texts() == ["待审批", "指标与年报"]
    page.set_viewport_size({"width": 1366, "height": 900})
    assert bar.is_hidden()
