"""The decision catalogue page (决策事项目录) through the test client as the real roles, and who
sees which catalogue (decisions/access.py): a draft, its Chinese refusals with nothing written, the
leader's approval, and the roles turned away."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from fazhi.accounts.roles import Role
from fazhi.accounts.scopes import SystemUser
from fazhi.core.errors import ValidationError
from fazhi.core.models import LedgerEntry
from fazhi.decisions import selectors, services
from fazhi.decisions.models import Catalogue, CatalogueItem
from tests.dates import today
from tests.dbutil import assert_nothing_changed
from tests.factories import UserFactory
from tests.factories_decisions import DecisionWorld
from tests.test_onsite_pages import client_for

pytestmark = pytest.mark.django_db

CATALOGUE = "decisions:catalogue"
DENIED = "您没有执行此操作的权限，请向管理员申请相应角色。"


@pytest.fixture
def dw(world: Any) -> DecisionWorld:
    return DecisionWorld(world)


@pytest.fixture
def legal(dw: DecisionWorld) -> Client:
    """峰灵镇's legal office, who drafts; logged in before any block that checks nothing changed."""
    return client_for(dw.w["legal_a"])


def _refused(c: Client, data: dict[str, Any]) -> str:
    with assert_nothing_changed():
        r = c.post(reverse(CATALOGUE), data)
    assert r.status_code == 422
    return r.content.decode()


def test_the_page_shows_the_area_s_catalogues_and_the_drafting_form(dw: DecisionWorld, legal: Client) -> None:
    other = services.catalogue_create(
        actor=dw.w["legal_b"], region=dw.w.town_b, year=today().year, titles=["城厢镇老旧小区改造"]
    )
    page = legal.get(reverse(CATALOGUE)).content.decode()
    assert "峰灵镇场镇农贸市场搬迁" in page and "峰灵镇垃圾分类实施方案" in page
    assert "城厢镇老旧小区改造" not in page  # another township's draft
    assert 'name="titles"' in page and f'<option value="{dw.w.town_a.pk}">峰灵镇</option>' in page
    assert 'value="approve"' not in page  # the legal office drafts, the leader approves
    page_b = client_for(dw.w["leader_b"]).get(reverse(CATALOGUE)).content.decode()
    assert "城厢镇老旧小区改造" in page_b and f'name="catalogue" value="{other.pk}"' in page_b
    # the county supervisor reads every township's catalogue and drafts none
    county = client_for(dw.w["supervisor"]).get(reverse(CATALOGUE)).content.decode()
    assert "城厢镇老旧小区改造" in county and "峰灵镇场镇农贸市场搬迁" in county
    assert 'name="titles"' not in county


def test_a_user_without_an_area_sees_no_catalogue(dw: DecisionWorld) -> None:
    nowhere = UserFactory(username="dec_nowhere", org_unit=None, roles=[Role.LEGAL_OFFICE])
    page = client_for(nowhere).get(reverse(CATALOGUE)).content.decode()
    assert "还没有决策事项目录。" in page and "峰灵镇场镇农贸市场搬迁" not in page


@pytest.mark.parametrize("who", ["inspector_a", "enterprise"])
def test_the_page_is_refused_to_roles_without_decisions(dw: DecisionWorld, who: str) -> None:
    c = client_for(dw.w[who])
    assert c.get(reverse(CATALOGUE)).status_code == 403
    form = {"action": "create", "region": dw.w.town_a.pk, "year": str(today().year + 1), "titles": "越权事项"}
    with assert_nothing_changed():
        assert c.post(reverse(CATALOGUE), form).status_code == 403
    assert not selectors.catalogue_list(user=dw.w[who]).exists()  # nothing of the area in their scope


def test_the_system_sees_every_catalogue(dw: DecisionWorld) -> None:
    services.catalogue_create(actor=dw.w["legal_b"], region=dw.w.town_b, year=today().year, titles=["城厢镇事项"])
    regions = set(selectors.catalogue_list(user=SystemUser("system:test")).values_list("region__name", flat=True))
    assert regions == {"峰灵镇", "城厢镇"}


def test_a_catalogue_is_drafted_for_next_year(dw: DecisionWorld, legal: Client) -> None:
    year = today().year + 1
    form = {"action": "create", "region": dw.w.town_a.pk, "year": str(year), "drafting_office": " 峰灵镇党政办 "}
    r = legal.post(reverse(CATALOGUE), {**form, "titles": "场镇污水管网改造\n\n  集镇停车收费标准  \n"})
    assert r.status_code == 302 and r["Location"] == reverse(CATALOGUE)
    c = Catalogue.objects.get(year=year)
    assert (c.region, c.status, c.approved_on, c.published_on) == (dw.w.town_a, Catalogue.Status.DRAFT, None, None)
    items = sorted(CatalogueItem.objects.filter(catalogue=c).values_list("title", "drafting_office"))
    assert items == [("场镇污水管网改造", "峰灵镇党政办"), ("集镇停车收费标准", "峰灵镇党政办")]
    entry = LedgerEntry.objects.get(verb="decision.catalogue_created", target_id=str(c.pk))
    assert json.loads(entry.payload) == {"items": 2}
    page = legal.get(reverse(CATALOGUE)).content.decode()
    assert "已保存。" in page and "场镇污水管网改造 · 峰灵镇党政办" in page


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"titles": " \n \n"}, "请至少列出一项决策事项（每行一项）。"),
        ({"titles": "甲" * 101}, "事项名称最多 100 个字：" + "甲" * 20),
        ({"year": "+2"}, "请选择今年或明年（或以往年度）。"),  # two years on (resolved in the test)
        ({"year": "this"}, "已有"),  # this year's catalogue exists already (resolved in the test)
        ({"year": "明年"}, "参数“year”无效"),
        ({"region": ""}, "请选择地区。"),
        ({"region": "town_b"}, "请选择地区。"),
        ({"drafting_office": "办" * 101}, "最多100个字（现为101个）。"),
    ],
)
def test_a_draft_is_refused_with_the_reason(
    dw: DecisionWorld, legal: Client, change: dict[str, str], message: str
) -> None:
    form = {"action": "create", "region": str(dw.w.town_a.pk), "year": str(today().year + 1), "titles": "事项"}
    form.update(change)
    if change.get("year") == "+2":
        form["year"] = str(today().year + 2)
    if change.get("year") == "this":
        form["year"] = str(today().year)
        message = f"峰灵镇 已有 {today().year} 年度的决策事项目录，请在原目录中补充。"
    if change.get("region") == "town_b":
        form["region"] = str(dw.w.town_b.pk)
    page = _refused(legal, form)
    assert message in page and "已保存。" not in page


def test_the_leader_approves_and_publishes_a_draft(dw: DecisionWorld) -> None:
    draft = services.catalogue_create(
        actor=dw.w["legal_a"], region=dw.w.town_a, year=today().year + 1, titles=["场镇污水管网改造"]
    )
    leader = client_for(dw.w["leader_a"])
    assert f'name="catalogue" value="{draft.pk}"' in leader.get(reverse(CATALOGUE)).content.decode()
    r = leader.post(reverse(CATALOGUE), {"action": "approve", "catalogue": draft.pk})
    assert r.status_code == 302
    draft.refresh_from_db()
    assert (draft.status, draft.approved_on, draft.approved_by, draft.published_on) == (
        Catalogue.Status.PUBLISHED,
        today(),
        dw.w["leader_a"],
        today(),
    )
    assert LedgerEntry.objects.filter(verb="decision.catalogue_approved", target_id=str(draft.pk)).count() == 1
    page = leader.get(reverse(CATALOGUE)).content.decode()
    assert "已保存。" in page and f'name="catalogue" value="{draft.pk}"' not in page
    with assert_nothing_changed():
        r = leader.post(reverse(CATALOGUE), {"action": "approve", "catalogue": draft.pk})
    assert r.status_code == 422 and "该目录已经批准。" in r.content.decode()


def test_a_draft_is_not_approved_by_the_legal_office_nor_another_township(dw: DecisionWorld, legal: Client) -> None:
    draft = services.catalogue_create(
        actor=dw.w["legal_a"], region=dw.w.town_a, year=today().year + 1, titles=["场镇污水管网改造"]
    )
    assert DENIED in _refused(legal, {"action": "approve", "catalogue": draft.pk})
    leader_b = client_for(dw.w["leader_b"])
    assert "记录不存在，或不在您的权限范围内。" in _refused(leader_b, {"action": "approve", "catalogue": draft.pk})
    assert "参数“catalogue”无效：应为非空的值（此项必填）。" in _refused(leader_b, {"action": "approve"})
    draft.refresh_from_db()
    assert draft.status == Catalogue.Status.DRAFT and draft.approved_by is None


def test_an_approval_is_not_dated_in_the_future(dw: DecisionWorld) -> None:
    # the page approves today; the service refuses a later day from any other caller
    draft = services.catalogue_create(
        actor=dw.w["legal_a"], region=dw.w.town_a, year=today().year + 1, titles=["场镇污水管网改造"]
    )
    with assert_nothing_changed(), pytest.raises(ValidationError) as exc:
        services.catalogue_approve(actor=dw.w["leader_a"], catalogue=draft, day=today() + dt.timedelta(days=1))
    assert exc.value.details == {"day": "future"}
