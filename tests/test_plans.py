"""Monthly plans (检查计划) and the coordination run (统筹协调)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from fazhi.core.errors import PermissionDenied, ValidationError
from fazhi.core.models import LedgerEntry
from fazhi.inspections import selectors, services
from fazhi.inspections.models import JointInspection, PlanItem
from fazhi.registry.models import Enterprise, Officer
from tests.dates import after, nxt, this_month, weekdays_in, year_before
from tests.dbutil import assert_nothing_changed
from tests.factories import EnterpriseFactory, MatterFactory, OfficerFactory

pytestmark = pytest.mark.django_db


def plan_today() -> dt.date:
    return this_month(20)  # before the 25th: next month's plans are on time


def planned_last_month() -> dt.date:
    return (this_month(1) - dt.timedelta(days=1)).replace(day=20)  # this month's plan: another month's line


@pytest.fixture
def plan_world(world: Any) -> Any:
    world.matter_a = MatterFactory(body=world.body_a, name="安全生产检查")
    world.matter_dept = MatterFactory(body=world.dept_body, name="消防检查")
    OfficerFactory(body=world.body_a, name="峰灵乙")
    OfficerFactory(body=world.dept_body, name="县局乙")
    return world


def add_dept(world: Any) -> PlanItem:
    """The county department's item for the same enterprise, from the 10th to the month's end."""
    return add(
        world,
        user="dept_inspector",
        body=world.dept_body,
        matter=world.matter_dept,
        earliest=nxt(10),
        latest=nxt(31),
    )


def add(world: Any, user: str = "inspector_a", **kw: Any) -> PlanItem:
    values = {
        "body": world.body_a,
        "enterprise": world.ent_a,
        "matter": world.matter_a,
        "inspection_type": "routine",
        "earliest": nxt(1),
        "latest": nxt(18),
        "today": plan_today(),
    }
    values.update(kw)
    return services.plan_item_add(actor=world[user], **values)


def test_add_on_time_and_late(plan_world: Any) -> None:
    item = add(plan_world)
    assert item.status == PlanItem.Status.SUBMITTED and item.month == nxt(1)
    assert LedgerEntry.objects.filter(verb="plan_item.add", target_id=str(item.pk)).exists()
    late = add(
        plan_world,
        matter=MatterFactory(body=plan_world.body_a),  # the same line twice is refused
        today=this_month(26),
        earliest=nxt(20),
        latest=nxt(31),
    )
    assert late.status == PlanItem.Status.LATE_PENDING
    with assert_nothing_changed(), pytest.raises(PermissionDenied):
        services.plan_item_late_decide(actor=plan_world["inspector_a"], item=late, accept=True)
    services.plan_item_late_decide(actor=plan_world["supervisor"], item=late, accept=True)
    assert PlanItem.objects.get(pk=late.pk).status == PlanItem.Status.LATE_ACCEPTED


@pytest.mark.parametrize(
    ("change", "field", "fragment"),
    [
        ({"enterprise": "ent_b"}, "enterprise", "辖区"),
        ({"matter": "unpublished"}, "matter", "未公布"),
        ({"matter": "matter_dept"}, "matter", "其他"),
        ({"latest": lambda: after(5)}, "latest", "同一个月"),
        ({"earliest": lambda: this_month(25), "latest": lambda: this_month(30)}, "earliest", "下个月"),
    ],
)
def test_refusals_say_why(plan_world: Any, change: dict[str, Any], field: str, fragment: str) -> None:
    kw = {k: v() if callable(v) else v for k, v in change.items()}  # dates computed at the frozen instant
    if kw.get("enterprise") == "ent_b":
        kw["enterprise"] = plan_world.ent_b
    if kw.get("matter") == "unpublished":
        kw["matter"] = MatterFactory(body=plan_world.body_a, published=False)
    elif kw.get("matter") == "matter_dept":
        kw["matter"] = plan_world.matter_dept
    with assert_nothing_changed(), pytest.raises(ValidationError) as exc:
        add(plan_world, **kw)
    assert field in exc.value.details
    assert fragment in exc.value.details[field], exc.value.details[field]
    assert not PlanItem.objects.exists()


def test_do_not_disturb_refuses_routine_but_not_lead_checks(plan_world: Any) -> None:
    Enterprise.objects.filter(pk=plan_world.ent_a.pk).update(do_not_disturb=True)
    plan_world.ent_a.refresh_from_db()
    with assert_nothing_changed(), pytest.raises(ValidationError, match="无事不扰"):
        add(plan_world)
    assert add(plan_world, inspection_type="lead").status == PlanItem.Status.SUBMITTED


def test_yearly_routine_cap(plan_world: Any, settings: Any) -> None:
    settings.FAZHI_ROUTINE_CAP_PER_YEAR = 2
    other = [MatterFactory(body=plan_world.body_a) for _ in range(3)]  # the same line twice is refused
    add(plan_world)
    add(plan_world, matter=other[0])
    with assert_nothing_changed(), pytest.raises(ValidationError, match="上限"):
        add(plan_world, matter=other[1])
    add(plan_world, matter=other[2], inspection_type="lead")  # not capped, but counted as planned
    assert PlanItem.objects.count() == 3


def test_department_sees_only_its_own_plans(plan_world: Any) -> None:
    add(plan_world)
    services.plan_item_add(
        actor=plan_world["dept_inspector"],
        body=plan_world.dept_body,
        enterprise=plan_world.ent_a,
        matter=plan_world.matter_dept,
        inspection_type="routine",
        earliest=nxt(1),
        latest=nxt(31),
        today=plan_today(),
    )
    own = selectors.plan_item_list(user=plan_world["inspector_a"], month=nxt(1))
    assert {i.body_id for i in own} == {plan_world.body_a.pk}
    dept = selectors.plan_item_list(user=plan_world["dept_inspector"], month=nxt(1))
    assert {i.body_id for i in dept} == {plan_world.dept_body.pk}
    assert selectors.plan_item_list(user=plan_world["leader_a"], month=nxt(1)).count() == 2
    assert not selectors.plan_item_list(user=plan_world["inspector_b"], month=nxt(1)).exists()
    assert not selectors.plan_item_list(user=plan_world["enterprise"], month=nxt(1)).exists()
    with assert_nothing_changed(), pytest.raises(PermissionDenied):
        services.plan_item_add(
            actor=plan_world["inspector_a"],
            body=plan_world.dept_body,
            enterprise=plan_world.ent_a,
            matter=plan_world.matter_dept,
            inspection_type="routine",
            earliest=nxt(1),
            latest=nxt(31),
            today=plan_today(),
        )


def test_coordination_merges_two_departments_into_one_visit(plan_world: Any) -> None:
    a = add(plan_world, earliest=nxt(1), latest=nxt(18))
    b = add_dept(plan_world)
    Officer.objects.filter(name="峰灵乙").update(status=Officer.Status.PRE_SERVICE)  # never used
    run = services.coordination_run_create(
        calendar_confirmed=True, actor=plan_world["supervisor"], region=plan_world.county, month=nxt(1)
    )
    assert (run.items, run.separate_visits, run.visits, run.lower_bound, run.unscheduled) == (2, 2, 1, 1, 0)
    visit = JointInspection.objects.get()
    assert nxt(10) <= visit.date <= nxt(18) and visit.date.weekday() < 5
    team = {o.name for o in visit.officers.all()}
    assert "峰灵甲" in team and team & {"县局甲", "县局乙"} and "峰灵乙" not in team
    assert {p.pk for p in visit.plan_items.all()} == {a.pk, b.pk}
    assert "合并" in visit.explanation
    assert plan_world.body_a.name in visit.explanation  # names, not ids
    assert run.reduction == 0.5
    # a second run replaces the draft visits
    services.coordination_run_create(
        calendar_confirmed=True, actor=plan_world["supervisor"], region=plan_world.county, month=nxt(1)
    )
    assert JointInspection.objects.count() == 1


def test_only_a_visit_of_two_departments_is_labelled_joint(plan_world: Any) -> None:
    together = add(plan_world)
    add_dept(plan_world)
    alone = add(plan_world, enterprise=EnterpriseFactory(region=plan_world.village_a, name="谭家村独检商店"))
    services.coordination_run_create(
        calendar_confirmed=True, actor=plan_world["supervisor"], region=plan_world.county, month=nxt(1)
    )
    together, alone = (PlanItem.objects.get(pk=i.pk) for i in (together, alone))
    assert together.joint_inspection_id and alone.joint_inspection_id
    assert selectors.joint_visit_ids(items=[together, alone]) == {together.joint_inspection_id}
    client = Client()
    client.force_login(plan_world["supervisor"])
    page = client.get(reverse("inspections:plan"), {"month": f"{nxt(1):%Y-%m}"}).content.decode()

    def label(item: PlanItem) -> str:
        return page.split(f'data-visit-of="{item.pk}">')[1].split("</div>")[0]

    assert label(together).startswith("综合查一次 ")
    assert label(alone).startswith("排定检查 ") and "综合查一次" not in label(alone)


def test_only_the_coordinator_runs_it(plan_world: Any) -> None:
    for name in ("inspector_a", "leader_a", "enterprise"):
        with assert_nothing_changed(), pytest.raises(PermissionDenied):
            services.coordination_run_create(
                calendar_confirmed=True, actor=plan_world[name], region=plan_world.town_a, month=nxt(1)
            )


def test_pages(plan_world: Any) -> None:
    c = Client()
    c.force_login(plan_world["inspector_a"])
    page = c.get(reverse("inspections:plan"), {"month": f"{nxt(1):%Y-%m}"}).content.decode()
    assert "新增计划条目" in page
    ent = EnterpriseFactory(region=plan_world.village_a)
    response = c.post(
        reverse("inspections:plan"),
        {
            "body": plan_world.body_a.pk,
            "enterprise": ent.pk,
            "matter": plan_world.matter_a.pk,
            "inspection_type": "routine",
            "earliest": after(4).isoformat(),
            "latest": after(29).isoformat(),
            "month_view": f"{after(1):%Y-%m}",
        },
    )
    assert response.status_code == 302
    item = PlanItem.objects.get(enterprise=ent)
    assert item.month == after(1)
    # the county department plans the same enterprise in the same month: the run must merge them
    dept = Client()
    dept.force_login(plan_world["dept_inspector"])
    response = dept.post(
        reverse("inspections:plan"),
        {
            "body": plan_world.dept_body.pk,
            "enterprise": ent.pk,
            "matter": plan_world.matter_dept.pk,
            "inspection_type": "routine",
            "earliest": after(4).isoformat(),
            "latest": after(29).isoformat(),
            "month_view": f"{after(1):%Y-%m}",
        },
    )
    assert response.status_code == 302
    dept_item = PlanItem.objects.get(enterprise=ent, body=plan_world.dept_body)
    sup = Client()
    sup.force_login(plan_world["supervisor"])
    response = sup.post(
        reverse("inspections:run_list"),
        {"region": plan_world.county.pk, "month": f"{after(1):%Y-%m}", "calendar_confirmed": "on"},
    )
    assert response.status_code == 302
    visit = JointInspection.objects.get(enterprise=ent)
    assert {p.pk for p in visit.plan_items.all()} == {item.pk, dept_item.pk}  # one joint visit for both
    detail = sup.get(response["Location"]).content.decode()
    [row] = [r for r in detail.split("<tr>") if ent.name in r]  # the visit's row on the run page
    for p in (item, dept_item):
        assert f"{p.body.short_name or p.body.name}: {p.matter.name}" in row
    assert c.get(reverse("inspections:run_list")).status_code == 200  # read-only for inspectors
    with assert_nothing_changed():
        refused = c.post(
            reverse("inspections:run_list"), {"region": plan_world.town_a.pk, "month": f"{after(1):%Y-%m}"}
        )
    assert refused.status_code == 403


def test_approval_by_head_and_leader_then_published(plan_world: Any) -> None:
    from fazhi.accounts.roles import Role
    from tests.factories import UserFactory

    add(plan_world)
    run = services.coordination_run_create(
        calendar_confirmed=True, actor=plan_world["supervisor"], region=plan_world.county, month=nxt(1)
    )
    visit = JointInspection.objects.get()
    assert visit.lead_body == plan_world.body_a
    with assert_nothing_changed(), pytest.raises(PermissionDenied):
        services.joint_inspection_approve(actor=plan_world["inspector_a"], inspection=visit)
    with assert_nothing_changed(), pytest.raises(PermissionDenied):  # a head of another body
        services.joint_inspection_approve(actor=plan_world["dept_inspector"], inspection=visit)
    assert services.approvals_approve_all(actor=plan_world["head_a"], run=run, expected=1) == 1
    visit.refresh_from_db()
    assert visit.status == "draft" and visit.head_approved_at is not None
    # the leader approves on the page
    c = Client()
    c.force_login(plan_world["leader_a"])
    c.post(reverse("inspections:run_approve", args=[run.pk]), {"count": "1"})
    visit.refresh_from_db()
    assert visit.status == "approved"
    assert LedgerEntry.objects.filter(verb="joint_inspection.approve").count() == 2
    # published: the enterprise sees its visit and the five prohibitions; the team officer their calendar
    ent = Client()
    ent.force_login(plan_world["enterprise"])
    page = ent.get(reverse("inspections:mine"), follow=True).content.decode()  # lands on the portal
    assert "五个严禁" in page and visit.date.strftime("%Y-%m-%d") in page
    officer = visit.officers.first()
    assert officer is not None
    user = UserFactory(org_unit=plan_world["inspector_a"].org_unit, roles=[Role.INSPECTOR])
    Officer.objects.filter(pk=officer.pk).update(user=user)
    own = Client()
    own.force_login(user)
    assert plan_world.ent_a.name in own.get(reverse("inspections:mine")).content.decode()
    # a draft is not published
    other = Client()
    other.force_login(plan_world["inspector_b"])
    assert plan_world.ent_a.name not in other.get(reverse("inspections:mine")).content.decode()


def test_api_plans_and_schedule(plan_world: Any) -> None:
    from fazhi.accounts.services import api_token_create

    _, raw = api_token_create(actor=plan_world["head_a"], name="镇执法台账", system=True)
    h = {"Authorization": f"Bearer {raw}"}
    c = Client()
    body = {
        "body_id": plan_world.body_a.pk,
        "enterprise_id": plan_world.ent_a.pk,
        "matter_id": plan_world.matter_a.pk,
        "inspection_type": "routine",
        "earliest": after(4).isoformat(),
        "latest": after(29).isoformat(),
    }
    created = c.post("/api/v1/plans", body, content_type="application/json", headers=h)
    assert created.status_code == 201, created.content
    assert created.json()["month"] == after(1).isoformat()
    outside = c.post(
        "/api/v1/plans", {**body, "enterprise_id": plan_world.ent_b.pk}, content_type="application/json", headers=h
    )
    # a validation error is 422 as docs/api.md says (it was 400)
    assert outside.status_code == 422 and outside.json()["details"] == {"enterprise_id": "not_in_scope"}
    dnd = EnterpriseFactory(region=plan_world.village_a, do_not_disturb=True)
    refused = c.post("/api/v1/plans", {**body, "enterprise_id": dnd.pk}, content_type="application/json", headers=h)
    assert refused.status_code == 422 and "无事不扰" in refused.json()["message"]
    listed = c.get("/api/v1/plans", {"month": f"{after(1):%Y-%m}"}, headers=h).json()
    assert [i["id"] for i in listed["items"]] == [created.json()["id"]]
    run = services.coordination_run_create(
        calendar_confirmed=True, actor=plan_world["supervisor"], region=plan_world.county, month=after(1)
    )
    assert (
        c.get("/api/v1/schedule", {"month": f"{after(1):%Y-%m}"}, headers=h).json()["items"] == []
    )  # drafts unpublished
    services.approvals_approve_all(actor=plan_world["head_a"], run=run, expected=1)
    services.approvals_approve_all(actor=plan_world["leader_a"], run=run, expected=1)
    sched = c.get("/api/v1/schedule", {"month": f"{after(1):%Y-%m}"}, headers=h).json()["items"]
    assert len(sched) == 1 and sched[0]["plan_item_ids"] == [created.json()["id"]]
    assert c.get("/api/v1/schedule", headers=h).status_code == 422
    withdrawn = c.post(f"/api/v1/plans/{created.json()['id']}/withdraw", headers=h)
    assert withdrawn.status_code == 422 and "已审批" in withdrawn.json()["message"]


def test_plan_workbook_all_or_nothing_then_partial(plan_world: Any) -> None:
    from fazhi.inspections.imports import COLUMNS
    from tests.xlsx import workbook

    header = [c.zh() for c in COLUMNS]
    good = [
        "ZF-A",
        plan_world.ent_a.uscc,
        plan_world.matter_a.code,
        "日常检查",
        after(4).isoformat(),
        after(29).isoformat(),
        "",
    ]
    outside = [
        "ZF-A",
        plan_world.ent_b.uscc,
        plan_world.matter_a.code,
        "日常检查",
        after(4).isoformat(),
        after(29).isoformat(),
        "",
    ]
    c = Client()
    c.force_login(plan_world["inspector_a"])
    upload = workbook(header, [good, outside])
    upload.name = "plan.xlsx"
    response = c.post(
        reverse("inspections:plan_import"), {"file": upload, "month_view": f"{after(1):%Y-%m}"}, follow=True
    )
    page = response.content.decode()
    assert "第 3 行" in page and "未写入任何数据" in page
    assert not PlanItem.objects.exists()
    upload = workbook(header, [good, outside])
    upload.name = "plan.xlsx"
    c.post(reverse("inspections:plan_import"), {"file": upload, "partial": "on", "month_view": f"{after(1):%Y-%m}"})
    assert PlanItem.objects.count() == 1
    assert c.get(reverse("inspections:plan_import")).status_code == 200  # the template


def test_caps_as_data_and_again_at_coordination(plan_world: Any) -> None:
    from fazhi.inspections.models import FrequencyCap

    cap = FrequencyCap.objects.create(body=plan_world.body_a, matter=plan_world.matter_a, max_per_year=1)
    add(plan_world, today=planned_last_month(), earliest=this_month(2), latest=this_month(20))
    with assert_nothing_changed(), pytest.raises(ValidationError, match="上限为 1"):
        add(plan_world)
    cap.max_per_year = 3
    cap.save()
    second = add(plan_world, earliest=nxt(21), latest=nxt(31))
    cap.max_per_year = 1  # lowered after the items were added
    cap.save()
    run = services.coordination_run_create(
        calendar_confirmed=True, actor=plan_world["supervisor"], region=plan_world.county, month=nxt(1)
    )
    reasons = {u["item"]: u["reason"] for u in run.solution["unscheduled"]}
    # the cap is the matter's own: the reason names the matter (issue 15: caps per scope)
    assert reasons == {str(second.pk): f"超过事项 {plan_world.matter_a} 每年 1 次日常检查的上限"}
    assert (run.items, run.visits, run.unscheduled) == (1, 0, 1)  # November's check used the one allowed


def test_year_figures(plan_world: Any) -> None:
    add(plan_world)
    add_dept(plan_world)
    services.coordination_run_create(
        calendar_confirmed=True, actor=plan_world["supervisor"], region=plan_world.county, month=nxt(1)
    )
    services.coordination_run_create(
        calendar_confirmed=True, actor=plan_world["supervisor"], region=plan_world.county, month=nxt(1)
    )  # again
    f = selectors.coordination_year_figures(user=plan_world["supervisor"], year=nxt(1).year)
    assert (f["runs"], f["items"], f["separate_visits"], f["visits"], f["reduction_pct"], f["joint_rate_pct"]) == (
        1,
        2,
        2,
        1,
        50,
        100,
    )
    c = Client()
    c.force_login(plan_world["supervisor"])
    assert "联合检查率 100%" in c.get(reverse("inspections:run_list")).content.decode()


def test_officer_sick_after_approval_replans_only_that_visit(plan_world: Any) -> None:
    add(plan_world)
    other = EnterpriseFactory(region=plan_world.village_a)
    add(plan_world, enterprise=other)
    run = services.coordination_run_create(
        calendar_confirmed=True, actor=plan_world["supervisor"], region=plan_world.county, month=nxt(1)
    )
    services.approvals_approve_all(actor=plan_world["head_a"], run=run, expected=2)
    services.approvals_approve_all(actor=plan_world["leader_a"], run=run, expected=2)
    sick_visit = JointInspection.objects.get(enterprise=plan_world.ent_a)
    untouched = JointInspection.objects.get(enterprise=other)
    sick = sick_visit.officers.first()
    assert sick is not None
    with assert_nothing_changed(), pytest.raises(PermissionDenied):
        services.joint_inspection_replan(actor=plan_world["head_a"], inspection=sick_visit, reason="病假", officer=sick)
    new = services.joint_inspection_replan(
        actor=plan_world["supervisor"], inspection=sick_visit, reason="病假", officer=sick
    )
    sick_visit.refresh_from_db()
    untouched.refresh_from_db()
    assert sick_visit.status == "cancelled" and untouched.status == "approved"
    assert len(new) == 1 and new[0].status == "draft"
    assert not (new[0].date == sick_visit.date and sick in new[0].officers.all())
    assert PlanItem.objects.get(enterprise=plan_world.ent_a).joint_inspection == new[0]
    entry = LedgerEntry.objects.get(verb="joint_inspection.replan")
    assert "病假" in entry.payload
    closed = services.joint_inspection_replan(
        actor=plan_world["supervisor"], inspection=untouched, reason="企业停业", enterprise_closed=True
    )
    assert closed == [] and PlanItem.objects.get(enterprise=other).joint_inspection is None


def test_replan_from_the_run_page(plan_world: Any) -> None:
    add(plan_world)
    run = services.coordination_run_create(
        calendar_confirmed=True, actor=plan_world["supervisor"], region=plan_world.county, month=nxt(1)
    )
    services.approvals_approve_all(actor=plan_world["head_a"], run=run, expected=1)
    services.approvals_approve_all(actor=plan_world["leader_a"], run=run, expected=1)
    visit = JointInspection.objects.get()
    c = Client()
    c.force_login(plan_world["supervisor"])
    page = c.get(reverse("inspections:run_detail", args=[run.pk])).content.decode()
    assert "只重新安排这一次检查" in page
    missing = c.post(reverse("inspections:replan", args=[visit.pk]), {"reason": " "}, follow=True)
    assert "请说明调整原因" in missing.content.decode()
    c.post(reverse("inspections:replan", args=[visit.pk]), {"reason": "企业停业", "closed": "on"})
    visit.refresh_from_db()
    assert visit.status == "cancelled"


def test_unified_checklist_unions_without_duplicates(plan_world: Any) -> None:
    from tests.factories import ChecklistItemFactory

    ChecklistItemFactory(matter=plan_world.matter_a, seq=1, text="消防器材是否有效")
    ChecklistItemFactory(matter=plan_world.matter_a, seq=2, text="安全培训是否到位")
    ChecklistItemFactory(matter=plan_world.matter_dept, seq=1, text="消防器材是否有效")
    ChecklistItemFactory(matter=plan_world.matter_dept, seq=2, text="疏散通道是否畅通")
    add(plan_world, earliest=nxt(1), latest=nxt(18))
    add_dept(plan_world)
    run = services.coordination_run_create(
        calendar_confirmed=True, actor=plan_world["supervisor"], region=plan_world.county, month=nxt(1)
    )
    visit = JointInspection.objects.get()
    lines = selectors.unified_checklists(inspections=[visit])[visit.pk]
    assert [line["text"] for line in lines].count("消防器材是否有效") == 1
    assert len(lines) == 3
    shared = next(line for line in lines if line["text"] == "消防器材是否有效")
    assert len(shared["bodies"]) == 2
    c = Client()
    c.force_login(plan_world["supervisor"])
    assert "一表通查：3 项" in c.get(reverse("inspections:run_detail", args=[run.pk])).content.decode()


def test_year_on_year(plan_world: Any) -> None:
    from fazhi.inspections.models import CoordinationRun

    CoordinationRun.objects.create(
        region=plan_world.county, month=year_before(nxt(1)), items=4, separate_visits=4, visits=4, lower_bound=4
    )
    add(plan_world)
    services.coordination_run_create(
        calendar_confirmed=True, actor=plan_world["supervisor"], region=plan_world.county, month=nxt(1)
    )
    f = selectors.coordination_year_figures(user=plan_world["supervisor"], year=nxt(1).year)
    assert (f["last_year_visits"], f["vs_last_year_pct"]) == (4, -75)


def test_absent_officers_are_never_scheduled(plan_world: Any) -> None:
    from fazhi.registry.services import officer_absence_add

    absent, present = weekdays_in(nxt(1), 2, start_day=7)
    add(plan_world, earliest=absent, latest=present)
    for officer in Officer.objects.filter(body=plan_world.body_a):
        officer_absence_add(
            actor=plan_world["head_a"],
            officer=officer,
            start=absent,
            end=absent,
            note="培训",
        )
    with assert_nothing_changed(), pytest.raises(PermissionDenied):
        officer_absence_add(
            actor=plan_world["inspector_a"],
            officer=Officer.objects.filter(body=plan_world.body_a)[0],
            start=nxt(1),
            end=nxt(1),
        )
    services.coordination_run_create(
        calendar_confirmed=True, actor=plan_world["supervisor"], region=plan_world.county, month=nxt(1)
    )
    assert JointInspection.objects.get().date == present
    c = Client()
    c.force_login(plan_world["head_a"])
    officer = Officer.objects.filter(body=plan_world.body_a).first()
    assert officer is not None
    c.post(
        reverse("registry:officer_detail", args=[officer.pk]),
        {"start": nxt(20).isoformat(), "end": nxt(19).isoformat()},
        follow=True,
    )
    assert officer.absences.count() == 1  # refused: the last day before the first
    page = c.post(
        reverse("registry:officer_detail", args=[officer.pk]),
        {"start": nxt(20).isoformat(), "note": "病假"},
        follow=True,
    ).content.decode()
    assert officer.absences.count() == 2 and "病假" in page


def test_body_head_sets_caps_on_the_body_page(plan_world: Any) -> None:
    from fazhi.inspections.models import FrequencyCap

    c = Client()
    c.force_login(plan_world["head_a"])
    page = c.get(reverse("registry:body_detail", args=[plan_world.body_a.pk])).content.decode()
    assert "适用全县默认上限：每年 2 次" in page
    c.post(
        reverse("inspections:caps", args=[plan_world.body_a.pk]),
        {"matter": plan_world.matter_a.pk, "max_per_year": "1"},
    )
    assert FrequencyCap.objects.get().max_per_year == 1
    add(plan_world, today=planned_last_month(), earliest=this_month(2), latest=this_month(20))
    with assert_nothing_changed(), pytest.raises(ValidationError, match="上限为 1"):
        add(plan_world)
    bad = c.post(reverse("inspections:caps", args=[plan_world.body_a.pk]), {"max_per_year": "99"}, follow=True)
    assert "1 到 52" in bad.content.decode()
    c.post(
        reverse("inspections:caps", args=[plan_world.body_a.pk]), {"matter": plan_world.matter_a.pk, "max_per_year": ""}
    )
    assert not FrequencyCap.objects.exists()
    other = Client()
    other.force_login(plan_world["inspector_a"])  # no MATTER_EDIT
    other.post(reverse("inspections:caps", args=[plan_world.body_a.pk]), {"max_per_year": "5"})
    assert not FrequencyCap.objects.exists()
