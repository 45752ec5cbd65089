"""Issue 24: the navigation by task (groups per role, one-entry groups as plain links, entries of
apps not merged yet skipped), the phone's bottom bar per role, the home page as what waits for me,
and the one search box answering in the user's scope."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from fazhi.web import navigation
from fazhi.web.navigation import NavGroup, bottom_bar_for, nav_for
from fazhi.web.search_views import QUERY_MAX, search_query
from tests.factories import CaseWorld, EnterpriseFactory
from tests.test_cases import investigated

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def groups(user: Any) -> dict[str, list[str]]:
    return {g["key"]: [i["name"] for i in g["items"]] for g in nav_for(user)}


def test_each_role_sees_only_the_groups_it_has_something_in(world: Any) -> None:
    inspector = groups(world["inspector_a"])
    assert list(inspector) == ["today", "inspections", "supervision", "cases", "training", "registers"]
    assert inspector["inspections"][0] == "inspections:mine"  # the on-site task first
    assert "system" not in inspector
    audit = groups(world["auditadmin"])
    assert audit == {"today": ["home"], "system": ["core:ledger", "core:access_log"]}
    leader = groups(world["leader_a"])
    assert leader["inspections"][0] == "inspections:approvals"
    assert leader["reports"] == ["reports:figures", "reports:annual", "reports:statistics"]
    # an enterprise's menu holds its portal, its complaints, the drafts open for comment and its own
    # comments on them (企业服务)
    enterprise = groups(world["enterprise"])
    assert enterprise == {
        "inspections": ["inspections:portal"],
        "supervision": ["supervision:complaints"],
        "decisions": ["decisions_public:list", "decisions:my_comments"],
    }
    # every app's group has landed: the county supervisor sees training, disputes, decisions,
    # publicity and the figures of 重点人群
    keys = [g.key for g in navigation.NAV if isinstance(g, NavGroup)]
    assert {"decisions", "training", "publicity", "disputes", "groups"} <= set(keys)
    assert {"training", "disputes", "decisions", "publicity", "groups"} <= set(groups(world["supervisor"]))
    assert "groups" not in inspector  # an inspector holds nothing of 重点人群


def test_a_one_entry_group_is_a_plain_link_and_the_page_marks_where_i_am(world: Any) -> None:
    page = client_for(world["auditadmin"]).get(reverse("core:ledger")).content.decode()
    assert 'data-nav-group="system"' in page  # two entries: a dropdown
    assert 'data-nav-link="home"' in page and 'data-nav-group="today"' not in page  # one: a link
    assert 'aria-current="page"' in page
    nav = nav_for(world["auditadmin"], reverse("core:ledger"))
    system = next(g for g in nav if g["key"] == "system")
    assert system["active"] and not system["single"]
    assert [i["active"] for i in system["items"]] == [True, False]


def test_an_entry_whose_url_does_not_resolve_is_skipped_and_a_flat_entry_finds_its_group(
    world: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    nav = [
        *navigation.NAV,
        ("普法", "publicity:list", ()),  # an app not merged yet: no URL
        ("新的看板", "supervision:dashboard", ()),  # an entry added without a group
        ("别的页面", "home", ()),  # a namespace with no group: 系统
    ]
    monkeypatch.setattr(navigation, "NAV", nav)
    seen = groups(world["inspector_a"])
    assert "publicity" not in seen
    assert seen["supervision"][-1] == "supervision:dashboard"
    assert seen["system"] == ["home"]
    assert client_for(world["inspector_a"]).get("/").status_code == 200


def test_the_bottom_bar_holds_what_the_role_does_on_site(world: Any) -> None:
    def bar(name: str) -> list[str]:
        return [i["name"] for i in bottom_bar_for(world[name])]

    assert bar("inspector_a") == ["inspections:mine", "search", "inspections:records"]
    assert bar("leader_a") == ["inspections:approvals", "reports:figures"]
    assert bar("supervisor") == ["supervision:warnings", "supervision:complaints", "search"]
    assert bar("enterprise") == ["inspections:portal", "supervision:complaints", "decisions_public:list"]
    assert bar("sysadmin") == []
    page = client_for(world["inspector_a"]).get("/").content.decode()
    assert "data-bottom-bar" in page and 'aria-label="现场常用"' in page
    assert "data-bottom-bar" not in client_for(world["sysadmin"]).get("/").content.decode()


def test_home_is_what_waits_for_me_without_register_counts(world: Any) -> None:
    home = client_for(world["inspector_a"]).get("/")
    todos = home.context["todos"]
    assert todos[0]["more"] == reverse("inspections:mine")  # today's visits first
    assert "cards" not in home.context
    # a role with nothing waiting is told where to start, from its own menu
    admin = client_for(world["sysadmin"]).get("/").content.decode()
    assert "data-start-links" in admin and reverse("core:user_list") in admin
    assert client_for(world["enterprise"]).get("/")["Location"] == reverse("inspections:portal")


def test_search_finds_enterprises_by_name_initials_and_code_in_scope(world: Any) -> None:
    own = EnterpriseFactory(name="峰灵搜索测试商店", region=world.village_a)
    other = EnterpriseFactory(name="城厢搜索测试商店", region=world.village_b)
    c = client_for(world["inspector_a"])
    url = reverse("search")

    def hits(q: str) -> str:
        return c.get(url, {"find": q}).content.decode()

    assert own.name in hits("搜索测试") and other.name not in hits("搜索测试")  # 峰灵镇 only
    assert own.name in hits("flsscs")  # pinyin initials
    assert own.name in hits(own.uscc[:10])  # credit code
    county = client_for(world["supervisor"]).get(url, {"find": "搜索测试"}).content.decode()
    assert own.name in county and other.name in county
    assert "data-search-section" not in hits("")  # nothing asked, nothing listed
    assert "没有找到" in hits("不存在的名字")


def test_search_finds_a_case_by_number_for_those_who_see_cases(world: Any) -> None:
    cw = CaseWorld(world)
    case = investigated(cw)
    assert case.number
    found = client_for(world["inspector_a"]).get(reverse("search"), {"find": case.number}).content.decode()
    assert reverse("cases:detail", args=[case.pk]) in found
    other_town = client_for(world["inspector_b"]).get(reverse("search"), {"find": case.number}).content.decode()
    assert reverse("cases:detail", args=[case.pk]) not in other_town
    admin = client_for(world["sysadmin"]).get(reverse("search"), {"find": case.number}).content.decode()
    assert "没有可搜索" in admin and "data-search-section" not in admin


def test_search_shows_the_first_results_and_links_to_all() -> None:
    assert search_query({"find": "  峰灵  "}) == "峰灵"
    assert len(search_query({"find": "x" * 200})) == QUERY_MAX
    assert search_query({}) == ""


def test_search_links_to_the_full_list_past_the_first_results(world: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from fazhi.web import search_views

    monkeypatch.setattr(search_views, "SEARCH_SHOWN", 1)
    EnterpriseFactory(name="峰灵多结果一", region=world.village_a)
    EnterpriseFactory(name="峰灵多结果二", region=world.village_a)
    page = client_for(world["inspector_a"]).get(reverse("search"), {"find": "多结果"}).content.decode()
    assert page.count("data-search-hit") == 1
    assert f"{reverse('registry:enterprise_list')}?q=" in page


def test_the_inspections_address_opens_where_each_role_starts(world: Any) -> None:
    """``/inspections/`` was a 404: now each role lands on the first inspections page of its menu."""
    expected = {
        "inspector_a": "/inspections/mine/",
        "leader_a": "/inspections/approvals/",
        "enterprise": "/inspections/portal/",
        "supervisor": "/inspections/plans/",  # the county supervisor reads the plans first
    }
    for username, target in expected.items():
        r = client_for(world[username]).get("/inspections/")
        assert (r.status_code, r["Location"]) == (302, target), username
    # a role with nothing of inspections in its menu is refused, and is not sent anywhere
    assert "inspections" not in groups(world["auditadmin"])
    refused = client_for(world["auditadmin"]).get("/inspections/")
    assert refused.status_code == 403 and "Location" not in refused
    assert Client().get("/inspections/")["Location"].startswith("/accounts/login/")  # not signed in
