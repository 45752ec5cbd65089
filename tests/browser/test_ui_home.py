"""Issue 24, done when: at 390 px and 1366 px every role's home page shows its navigation with no
label wrapped inside a word (measured: the line boxes of each label's text), and the role's first
task is one click away."""

from __future__ import annotations

from typing import Any

import pytest

from fazhi.accounts.roles import Role
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


# the other roles: username -> role, created in the test beside the world's users; their first task
# is the first link on their home (a to-do's list, or where to start when nothing waits)
OTHER_ROLES = {
    "head_a": None,
    "dept_inspector": None,
    "secadmin": None,
    "auditadmin": None,
    "legal_a": Role.LEGAL_OFFICE,
    "zongzhi_a": Role.GOVERNANCE_OFFICER,
    "grid_a": Role.GRID_WORKER,
    "jiandu_a": Role.ENFORCEMENT_SUPERVISOR,
}
FIRST_LINK = "[data-todo] a[data-todo-more], [data-todo] li a, [data-start-links] a"


def check_home(pg: Any, live_server: Any, username: str, width: int, selector: str, target: str | None) -> None:
    """No navigation label wraps at ``width``; the first task opens in one click."""
    pg.set_viewport_size({"width": width, "height": 900 if width > 400 else 844})
    login(pg, live_server, username)
    pg.goto(f"{live_server.url}/")
    if width < 1200 and pg.locator(".navbar-toggler").count():
        assert pg.locator("[data-nav]").is_hidden()  # behind the menu button on a phone
        pg.locator(".navbar-toggler").click()
        pg.locator("[data-nav]").wait_for(state="visible")
    else:
        navbar = pg.locator("nav.navbar").bounding_box()
        assert navbar["height"] < 130, navbar  # the top bar takes at most two rows
    # nothing is pushed off the screen: the page never scrolls sideways (the user's name, 退出)
    assert pg.evaluate("document.documentElement.scrollWidth") <= width
    assert open_each_group_and_measure(pg) == []
    assert labels_on_one_line(pg, "[data-bottom-bar] a") == []
    assert labels_on_one_line(pg, "[data-todo] b") == []  # the to-do titles do not break either
    pg.goto(f"{live_server.url}/")  # the home page as it opens, menus closed
    link = pg.locator(selector).first
    assert link.is_visible(), selector
    target = target or link.get_attribute("href")
    with pg.expect_response(lambda r: r.url.split("#")[0] == f"{live_server.url}{target}".split("#")[0]) as opened:
        link.click()
    assert opened.value.status == 200, (target, opened.value.status)
    assert pg.console_errors == []


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
    check_home(page, live_server, username, width, *FIRST_TASK[username])


@pytest.mark.parametrize("width", [390, 1366])
@pytest.mark.parametrize("username", list(OTHER_ROLES))
def test_every_other_role_home(
    page: Any,  # noqa: F811
    live_server: Any,
    browser_world: Any,  # noqa: F811
    username: str,
    width: int,
) -> None:
    from fazhi.accounts.models import OrgUnit
    from tests.factories import OrgUnitFactory, UserFactory

    role = OTHER_ROLES[username]
    if role is not None:
        org = browser_world["leader_a"].org_unit
        if role == Role.LEGAL_OFFICE:
            org = OrgUnitFactory(name="峰灵镇司法所", kind=OrgUnit.Kind.JUSTICE_BUREAU, region=browser_world.town_a)
        UserFactory(username=username, org_unit=org, roles=[role])
    check_home(page, live_server, username, width, FIRST_LINK, None)


def test_the_bottom_bar_is_labelled_and_hidden_on_a_desktop(page: Any, live_server: Any, browser_world: Any) -> None:  # noqa: F811
    login(page, live_server, "leader_a")
    bar = page.locator("[data-bottom-bar]")
    assert bar.is_visible() and bar.get_attribute("aria-label") == "现场常用"
    assert bar.locator("a").all_inner_texts() == ["待审批", "指标与年报"]
    page.set_viewport_size({"width": 1366, "height": 900})
    assert bar.is_hidden()
