"""Yearly caps in one place and 无事不扰 at coordination (issue 15 items 2 and 3)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from fazhi.core.errors import ValidationError
from fazhi.inspections import services
from fazhi.inspections.models import FrequencyCap, InspectionRecord, PlanItem
from fazhi.registry.models import Enterprise
from fazhi.supervision.facts import Context, Rec
from fazhi.supervision.rules_burden import over_cap
from tests.dates import nxt, this_month
from tests.dbutil import assert_nothing_changed
from tests.factories import MatterFactory
from tests.test_plans import add, plan_world, planned_last_month  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


def _two_matters(world: Any, first: int, second: int) -> tuple[Any, Any]:
    """Two matters of 峰灵镇, each with its own yearly cap."""
    m1 = MatterFactory(body=world.body_a, name="安全生产")
    m2 = MatterFactory(body=world.body_a, name="农村自建房")
    FrequencyCap.objects.create(body=world.body_a, matter=m1, max_per_year=first)
    FrequencyCap.objects.create(body=world.body_a, matter=m2, max_per_year=second)
    return m1, m2


def test_intake_counts_each_matter_against_its_own_cap(plan_world: Any) -> None:  # noqa: F811
    m1, m2 = _two_matters(plan_world, 1, 1)
    add(plan_world, matter=m1, today=planned_last_month(), earliest=this_month(2), latest=this_month(20))
    # the other matter's own cap of 1 is not used up by the first matter's check
    second = add(plan_world, matter=m2)
    assert second.status == PlanItem.Status.SUBMITTED
    with assert_nothing_changed(), pytest.raises(ValidationError) as exc:
        add(plan_world, matter=m1)
    assert m1.name in str(exc.value) and exc.value.details.keys() == {"enterprise"}
    from fazhi.inspections.caps import routine_use

    use = routine_use(
        body_id=plan_world.body_a.pk, matter_id=m1.pk, enterprise_id=plan_world.ent_a.pk, year=nxt(1).year
    )
    assert (use.scope, use.count, use.cap) == ((plan_world.body_a.pk, m1.pk), 1, 1)


def test_a_matter_without_its_own_cap_counts_against_the_bodys(plan_world: Any, settings: Any) -> None:  # noqa: F811
    settings.FAZHI_ROUTINE_CAP_PER_YEAR = 1
    m1, _m2 = _two_matters(plan_world, 3, 3)
    plain = MatterFactory(body=plan_world.body_a)
    add(plan_world, matter=m1, today=planned_last_month(), earliest=this_month(2), latest=this_month(20))
    add(plan_world, matter=plain)  # the body's cap of 1: the capped matter's check is not counted
    another = MatterFactory(body=plan_world.body_a)
    with assert_nothing_changed(), pytest.raises(ValidationError):
        add(plan_world, matter=another)


def test_coordination_holds_back_per_matter_not_per_first_item(plan_world: Any) -> None:  # noqa: F811
    m1, m2 = _two_matters(plan_world, 3, 3)
    add(plan_world, matter=m2, today=planned_last_month(), earliest=this_month(2), latest=this_month(20))
    keep = add(plan_world, matter=m1)
    over = add(plan_world, matter=m2)
    FrequencyCap.objects.filter(matter=m2).update(max_per_year=1)  # lowered after the items were added
    run = services.coordination_run_create(
        calendar_confirmed=True, actor=plan_world["supervisor"], region=plan_world.county, month=nxt(1)
    )
    left = {u["item"]: u for u in run.solution["unscheduled"]}
    assert set(left) == {str(over.pk)} and left[str(over.pk)]["constraint"] == "yearly_cap"
    assert m2.name in left[str(over.pk)]["reason"]
    scheduled = {i for v in run.solution["visits"] for i in v["items"]}
    assert scheduled == {str(keep.pk)}


def _rec(pk: int, ent: int, day: dt.date, mode: str, matter: int, body: int) -> Rec:
    return Rec(
        pk,
        ent,
        day,
        mode,
        "routine",
        "finished",
        "no_issue",
        body,
        None,
        None,
        None,
        None,
        None,
        None,
        bodies={body},
        matters={matter},
    )


def test_the_over_cap_warning_counts_per_matter_and_never_remote_checks() -> None:
    body, m1, m2, ent = 7, 71, 72, 9
    day = this_month(2)
    recs = [
        _rec(1, ent, day, InspectionRecord.Mode.ON_SITE, m1, body),
        _rec(2, ent, day + dt.timedelta(days=1), InspectionRecord.Mode.NO_CODE, m1, body),  # over m1's cap of 1
        _rec(3, ent, day, InspectionRecord.Mode.ON_SITE, m2, body),
        _rec(4, ent, day + dt.timedelta(days=2), InspectionRecord.Mode.ON_SITE, m2, body),
        *(_rec(10 + n, ent, day, InspectionRecord.Mode.REMOTE, m2, body) for n in range(3)),  # remote: never counted
    ]
    ctx = Context(day, {}, {ent: (1, False, None, "峰灵酒业")}, {m1: body, m2: body}, {(body, m1): 1, (body, m2): 2})
    facts = list(over_cap(recs, {}, ctx))
    assert [(f.key, f.records, f.evidence["cap"]) for f in facts] == [(f"over_cap:{body}:{m1}:2", [1, 2], 1)]


def test_the_cap_table_prefers_the_matters_cap_then_the_bodys_then_the_default() -> None:
    from fazhi.inspections.caps import CapTable

    table = CapTable({(1, 10): 5, (1, None): 3}, 2)
    assert (table.scope(1, 10), table.cap(table.scope(1, 10))) == ((1, 10), 5)
    assert (table.scope(1, 11), table.cap(table.scope(1, 11))) == ((1, None), 3)
    assert (table.scope(2, 10), table.cap(table.scope(2, 10))) == ((2, None), 2)


def test_an_enterprise_listed_after_planning_is_held_back_at_the_run(plan_world: Any) -> None:  # noqa: F811
    routine = add(plan_world)
    lead = add(plan_world, matter=MatterFactory(body=plan_world.body_a), inspection_type="lead")
    Enterprise.objects.filter(pk=plan_world.ent_a.pk).update(do_not_disturb=True)  # listed afterwards
    run = services.coordination_run_create(
        calendar_confirmed=True, actor=plan_world["supervisor"], region=plan_world.county, month=nxt(1)
    )
    left = {u["item"]: u for u in run.solution["unscheduled"]}
    assert set(left) == {str(routine.pk)} and left[str(routine.pk)]["constraint"] == "do_not_disturb"
    assert "无事不扰" in left[str(routine.pk)]["reason"]
    assert {i for v in run.solution["visits"] for i in v["items"]} == {str(lead.pk)}  # a lead check goes on
    assert run.left_by_constraint == {"do_not_disturb": 1}
    # the department reads the reason on its plan and on the run page
    c = Client()
    c.force_login(plan_world["inspector_a"])
    plan = c.get(reverse("inspections:plan") + f"?month={nxt(1):%Y-%m}").content.decode()
    assert f'data-plan-note="{routine.pk}"' in plan and "无事不扰" in plan
    assert "无事不扰" in c.get(reverse("inspections:run_detail", args=[run.pk])).content.decode()
    # a listing that ended before the item's window holds nothing back
    Enterprise.objects.filter(pk=plan_world.ent_a.pk).update(do_not_disturb_until=this_month(28))
    again = services.coordination_run_create(
        calendar_confirmed=True, actor=plan_world["supervisor"], region=plan_world.county, month=nxt(1)
    )
    assert again.solution["unscheduled"] == []


def test_remote_routine_checks_are_not_capped_at_intake_or_coordination(plan_world: Any) -> None:  # noqa: F811
    """Integration of items 2 and 5: a remote check (非现场) does not disturb the enterprise, so it
    neither counts against a cap nor is refused or held back by one."""
    m1, _m2 = _two_matters(plan_world, 1, 1)
    add(plan_world, matter=m1, today=planned_last_month(), earliest=this_month(2), latest=this_month(20))
    with assert_nothing_changed(), pytest.raises(ValidationError):
        add(plan_world, matter=m1)  # on site: over the matter's cap of 1
    remote = add(plan_world, matter=m1, remote=True)
    assert remote.status == PlanItem.Status.SUBMITTED
    run = services.coordination_run_create(
        calendar_confirmed=True, actor=plan_world["supervisor"], region=plan_world.county, month=nxt(1)
    )
    assert str(remote.pk) not in {u["item"] for u in run.solution["unscheduled"]}
    assert str(remote.pk) in {i for v in run.solution["remote_visits"] for i in v["items"]}
