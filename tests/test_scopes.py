"""One permission layer: what each role sees and may change, and that refusals change nothing."""

from __future__ import annotations

from typing import Any

import pytest

from fazhi.accounts.selectors import region_list
from fazhi.core.errors import PermissionDenied
from fazhi.core.models import LedgerEntry
from fazhi.registry import selectors, services
from fazhi.registry.models import Enterprise, Officer
from tests.dbutil import assert_nothing_changed

pytestmark = pytest.mark.django_db


def names(qs: Any) -> set[str]:
    return {o.name for o in qs}


def test_township_a_sees_nothing_of_township_b(world: Any) -> None:
    for user in (world["inspector_a"], world["leader_a"], world["head_a"]):
        assert names(selectors.enterprise_list(user=user)) == {"峰灵酒业有限公司"}
        assert "城厢甲" not in names(selectors.officer_list(user=user))
        assert "城厢镇人民政府" not in names(selectors.body_list(user=user))
        assert "城厢镇" not in names(region_list(user=user))
        assert "先锋村" not in names(region_list(user=user))
    assert names(selectors.enterprise_list(user=world["inspector_b"])) == {"城厢餐饮店"}


def test_detail_of_another_township_is_not_found(world: Any) -> None:
    from fazhi.core.errors import NotFound

    with pytest.raises(NotFound):
        selectors.enterprise_get(user=world["inspector_a"], pk=world.ent_b.pk)


def test_county_department_sees_its_own_officers_and_the_county(world: Any) -> None:
    user = world["dept_inspector"]
    assert names(selectors.officer_list(user=user)) == {"县局甲"}
    assert names(selectors.enterprise_list(user=user)) == {"峰灵酒业有限公司", "城厢餐饮店"}


def test_inspector_sees_only_their_own_bodys_officers(world: Any) -> None:
    assert names(selectors.officer_list(user=world["inspector_a"])) == {"峰灵甲"}
    assert names(selectors.officer_list(user=world["leader_a"])) == {"峰灵甲"}


def test_county_supervisor_sees_the_whole_county(world: Any) -> None:
    user = world["supervisor"]
    assert names(selectors.officer_list(user=user)) == {"县局甲", "峰灵甲", "城厢甲"}
    assert len(selectors.enterprise_list(user=user)) == 2
    assert len(selectors.body_list(user=user)) == 3


def test_enterprise_sees_only_itself(world: Any) -> None:
    user = world["enterprise"]
    assert names(selectors.enterprise_list(user=user)) == {"峰灵酒业有限公司"}
    assert not selectors.officer_list(user=user).exists()
    # the published bodies over its area, to check who may inspect it
    assert names(selectors.body_list(user=user)) == {"巫溪县应急管理局", "峰灵镇人民政府"}


@pytest.mark.parametrize("admin", ["sysadmin", "secadmin", "auditadmin"])
def test_administrators_read_no_business_data(world: Any, admin: str) -> None:
    user = world[admin]
    assert not selectors.enterprise_list(user=user).exists()
    assert not selectors.officer_list(user=user).exists()
    assert not selectors.body_list(user=user).exists()
    assert not selectors.matter_list(user=user).exists()


def _input(ent: Enterprise, **changes: Any) -> services.EnterpriseInput:
    data = services.EnterpriseInput(
        uscc=ent.uscc, name=ent.name, region=ent.region, industry=ent.industry, risk_grade=ent.risk_grade
    )
    for k, v in changes.items():
        setattr(data, k, v)
    return data


@pytest.mark.parametrize("who", ["inspector_b", "enterprise", "sysadmin", "auditadmin", "leader_a"])
def test_denied_write_leaves_data_unchanged(world: Any, who: str) -> None:
    before = Enterprise.objects.values().get(pk=world.ent_a.pk)
    ledger_before = LedgerEntry.objects.count()
    with assert_nothing_changed(), pytest.raises(PermissionDenied):
        services.enterprise_update(
            actor=world[who],
            enterprise=world.ent_a,
            expected_version=1,
            data=_input(world.ent_a, name="改名"),
        )
    assert Enterprise.objects.values().get(pk=world.ent_a.pk) == before
    assert LedgerEntry.objects.count() == ledger_before


def test_cannot_move_an_enterprise_out_of_ones_area(world: Any) -> None:
    with assert_nothing_changed(), pytest.raises(PermissionDenied):
        services.enterprise_update(
            actor=world["inspector_a"],
            enterprise=world.ent_a,
            expected_version=1,
            data=_input(world.ent_a, region=world.village_b),
        )
    assert Enterprise.objects.get(pk=world.ent_a.pk).region_id == world.village_a.pk


def test_body_head_changes_only_their_own_officers(world: Any) -> None:
    theirs = Officer.objects.get(name="城厢甲")
    data = services.OfficerInput(
        name="改名",
        certificate_no=theirs.certificate_no,
        body=theirs.body,
    )
    with assert_nothing_changed(), pytest.raises(PermissionDenied):
        services.officer_update(actor=world["head_a"], officer=theirs, expected_version=theirs.version, data=data)
    assert Officer.objects.get(pk=theirs.pk).name == "城厢甲"
    own = Officer.objects.get(name="峰灵甲")
    data = services.OfficerInput(
        name="峰灵乙",
        certificate_no=own.certificate_no,
        body=own.body,
    )
    services.officer_update(actor=world["head_a"], officer=own, expected_version=own.version, data=data)
    assert Officer.objects.get(pk=own.pk).name == "峰灵乙"


def test_inspectors_cannot_edit_officers_or_bodies(world: Any) -> None:
    own = Officer.objects.get(name="峰灵甲")
    data = services.OfficerInput(
        name="x",
        certificate_no=own.certificate_no,
        body=own.body,
    )
    with assert_nothing_changed(), pytest.raises(PermissionDenied):
        services.officer_update(actor=world["inspector_a"], officer=own, expected_version=own.version, data=data)
    with assert_nothing_changed(), pytest.raises(PermissionDenied):
        services.body_update(actor=world["head_a"], body=world.body_a, expected_version=1, fields={"name": "x"})


def test_industry_filter_lists_only_the_users_area(world: Any) -> None:
    from tests.factories import EnterpriseFactory

    EnterpriseFactory(region=world.village_b, industry="矿山开采")
    assert selectors.enterprise_industries(user=world["inspector_a"]) == ["餐饮服务"]
    assert selectors.enterprise_industries(user=world["supervisor"]) == ["矿山开采", "餐饮服务"]


def test_one_own_body_rule_and_one_area_predicate(world: Any) -> None:
    """accounts.scopes.require_own_body / Scope.covers: the rule every service and view asks."""
    from fazhi.accounts.scopes import SystemUser, is_own_body, require_own_body, scope_of

    inspector_a, head_a, supervisor = world["inspector_a"], world["head_a"], world["supervisor"]
    assert is_own_body(inspector_a, world.body_a) and is_own_body(head_a, world.body_a)
    assert not is_own_body(inspector_a, world.body_b)
    assert not is_own_body(supervisor, world.body_a)  # not body-bound: never "own body"
    require_own_body(inspector_a, world.body_a)
    with pytest.raises(PermissionDenied):
        require_own_body(inspector_a, world.body_b)
    with pytest.raises(PermissionDenied):
        require_own_body(inspector_a, world.dept_body, others="area_or_above")  # body-bound: own only
    require_own_body(supervisor, world.body_b)  # the county supervisor acts in the county
    with pytest.raises(PermissionDenied):
        require_own_body(supervisor, world.body_b, others="refuse")
    require_own_body(SystemUser("test"), world.body_b, others="refuse")

    scope_a = scope_of(world["leader_a"])
    assert scope_a.covers(world.village_a) and scope_a.covers(world.town_a.path)
    assert not scope_a.covers(world.town_b) and not scope_a.covers(world.county)
    assert scope_a.covers(world.county, or_above=True)  # a county department's region reaches down
    assert not scope_a.covers(world.village_b, or_above=True)
