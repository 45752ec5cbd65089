"""合并同类项 (issue 15 item 1): two bodies holding the same catalogue matter plan it at one
enterprise in overlapping windows; the run makes it one check by one department, its result
shared with the other (结果互认), and only that department sends an officer."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from fazhi.core.errors import ValidationError
from fazhi.core.figures import REGISTRY, load_all
from fazhi.inspections import selectors, services
from fazhi.inspections.models import JointInspection, PlanItem
from fazhi.registry import services as registry
from fazhi.registry.models import Matter
from tests.dates import nxt
from tests.dbutil import assert_nothing_changed
from tests.factories import ChecklistItemFactory, MatterFactory
from tests.test_onsite import Onsite
from tests.test_plans import add, plan_world  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


def _shared(world: Any) -> tuple[PlanItem, PlanItem]:
    """峰灵镇 (entrusted) and 县应急局 both plan catalogue matter C-001 at 峰灵酒业, windows overlapping."""
    Matter.objects.filter(pk=world.matter_a.pk).update(catalogue_code="C-001")
    Matter.objects.filter(pk=world.matter_dept.pk).update(catalogue_code="C-001")
    world.matter_a.refresh_from_db()
    world.matter_dept.refresh_from_db()
    town = add(world, earliest=nxt(1), latest=nxt(18))
    county = add(
        world, user="dept_inspector", body=world.dept_body, matter=world.matter_dept, earliest=nxt(10), latest=nxt(28)
    )
    return town, county


def test_a_catalogue_matter_held_by_two_bodies_is_one_check_with_one_department(plan_world: Any) -> None:  # noqa: F811
    town, county = _shared(plan_world)
    run = services.coordination_run_create(
        calendar_confirmed=True, actor=plan_world["supervisor"], region=plan_world.county, month=nxt(1)
    )
    (visit,) = JointInspection.objects.filter(run=run)
    assert set(visit.plan_items.values_list("pk", flat=True)) == {town.pk, county.pk}
    assert len(visit.merged) == 1 and sorted(visit.merged[0]) == sorted([town.pk, county.pk])
    doer = PlanItem.objects.get(pk=visit.merged[0][0])
    # only the department doing the check needs an officer on the team
    assert {o.body_id for o in visit.officers.all()} == {doer.body_id}
    assert nxt(10) <= visit.date <= nxt(18)  # the common window
    assert run.merged_items == 1 and run.solution["stats"]["merged_items"] == 1
    assert run.solution["visits"][0]["merged"] == [[str(i) for i in visit.merged[0]]]
    assert run.problem["items"][0]["matter"] == run.problem["items"][1]["matter"] == "C-001"
    # figures: the run page and the year's figures count items merged besides visits saved
    f = selectors.coordination_year_figures(user=plan_world["supervisor"], year=nxt(1).year)
    assert f["merged_items"] == 1
    load_all()
    assert REGISTRY["coordination.merged_items"](plan_world.county, nxt(1).year) == 1
    c = Client()
    c.force_login(plan_world["supervisor"])
    page = c.get(reverse("inspections:run_detail", args=[run.pk])).content.decode()
    assert "data-merged-items>1<" in page
    other = county if doer.pk == town.pk else town
    assert f'data-merged-item="{other.pk}"' in page
    assert "data-year-merged-items" in c.get(reverse("inspections:run_list")).content.decode()
    # department systems read the merged groups with the approved schedule (GET /api/v1/schedule)
    from fazhi.accounts.services import api_token_create

    JointInspection.objects.filter(pk=visit.pk).update(status=JointInspection.Status.APPROVED)
    _, raw = api_token_create(actor=plan_world["head_a"], name="镇执法台账", system=True)
    api = Client().get("/api/v1/schedule", {"month": f"{nxt(1):%Y-%m}"}, headers={"Authorization": f"Bearer {raw}"})
    assert api.json()["items"][0]["merged"] == visit.merged
    # the department whose item was merged reads on its plan who checks it
    who = "dept_inspector" if other.pk == county.pk else "inspector_a"
    c.force_login(plan_world[who])
    plan = c.get(reverse("inspections:plan") + f"?month={nxt(1):%Y-%m}").content.decode()
    assert f'data-plan-note="{other.pk}"' in plan and "结果互认" in plan


def test_windows_apart_stay_two_checks_and_unshared_matters_never_merge(plan_world: Any) -> None:  # noqa: F811
    Matter.objects.filter(pk=plan_world.matter_a.pk).update(catalogue_code="C-001")
    Matter.objects.filter(pk=plan_world.matter_dept.pk).update(catalogue_code="C-002")
    add(plan_world)
    add(plan_world, user="dept_inspector", body=plan_world.dept_body, matter=plan_world.matter_dept)
    run = services.coordination_run_create(
        calendar_confirmed=True, actor=plan_world["supervisor"], region=plan_world.county, month=nxt(1)
    )
    assert run.merged_items == 0
    assert all(v.merged == [] for v in JointInspection.objects.filter(run=run))


def test_the_unified_checklist_of_the_visit_shows_the_merged_check_once(plan_world: Any) -> None:  # noqa: F811
    ChecklistItemFactory(matter=plan_world.matter_a, seq=1, text="责任制落实")
    ChecklistItemFactory(matter=plan_world.matter_dept, seq=1, text="县局自己的要点")
    _shared(plan_world)
    run = services.coordination_run_create(
        calendar_confirmed=True, actor=plan_world["supervisor"], region=plan_world.county, month=nxt(1)
    )
    visits = list(selectors.run_inspections(user=plan_world["supervisor"], run=run))
    (lines,) = selectors.unified_checklists(inspections=visits).values()
    assert len(lines) == 1 and lines[0]["shared_with"]


def test_a_matter_states_its_catalogue_code_and_two_bodies_may_share_it(world: Any) -> None:
    def data(code: str, body: Any, catalogue: str) -> Any:
        return registry.MatterInput(code=code, name="安全生产主体责任", body=body, catalogue_code=catalogue)

    county = registry.matter_create(actor=world["supervisor"], data=data("YJ-001", world.dept_body, "cq-001 "))
    town = registry.matter_create(actor=world["supervisor"], data=data("ZF-YJ001", world.body_a, "CQ-001"))
    assert county.catalogue_code == town.catalogue_code == "CQ-001"
    assert county.catalogue_key == town.catalogue_key == "CQ-001"
    with assert_nothing_changed(), pytest.raises(ValidationError) as exc:
        registry.matter_create(actor=world["supervisor"], data=data("X-1", world.body_a, "C" * 41))
    assert "catalogue_code" in exc.value.details


def test_on_site_the_merged_check_is_answered_once_and_its_result_shared(world: Any) -> None:
    site = Onsite(world)
    # the county department's item of the same catalogue matter became one check with the township's
    shared = MatterFactory(body=world.dept_body, name="安全生产（县局）", catalogue_code="C-9")
    Matter.objects.filter(pk=site.matter_a.pk).update(catalogue_code="C-9")
    ChecklistItemFactory(matter=shared, seq=1, text="县局同一事项的要点")
    town_item = PlanItem.objects.get(joint_inspection=site.visit, matter=site.matter_a)
    merged = PlanItem.objects.create(
        body=world.dept_body,
        month=town_item.month,
        enterprise=world.ent_a,
        matter=shared,
        inspection_type="routine",
        earliest=town_item.earliest,
        latest=town_item.latest,
        joint_inspection=site.visit,
    )
    JointInspection.objects.filter(pk=site.visit.pk).update(merged=[[town_item.pk, merged.pk]])
    record = site.start()
    texts = list(record.answers.order_by("seq").values_list("text", "body_id", "bodies_label"))
    assert "县局同一事项的要点" not in [t for t, _b, _l in texts]  # answered once, by the township
    own = [(t, label) for t, b, label in texts if b == world.body_a.pk]
    assert own == [("安全生产责任制落实", own[0][1])] and "结果互认" in own[0][1]
    assert (world.dept_body.short_name or world.dept_body.name) in own[0][1]


def test_the_matters_workbook_carries_the_catalogue_code(world: Any) -> None:
    from fazhi.registry.imports import run_import
    from tests.xlsx import header, workbook

    rows = [["FL-YJ1", "安全生产主体责任（委托）", "ZF-A", "安全生产法", "日常检查", "是", "制度是否健全", "yj-001"]]
    report = run_import(actor=world["head_a"], kind="matters", fh=workbook(header("matters"), rows))
    assert report.created == 1
    assert Matter.objects.get(code="FL-YJ1").catalogue_key == "YJ-001"
