"""Approval for every inspection (issue 15 item 5): a remote check planned, coordinated into a remote
visit (no trip) and approved like a visit raises no ``no_plan``; a check without a code is approved
afterwards (事后补批) by the lead body's head within the filing deadline, and its warning then
closes; after the deadline the approval is refused."""

# pinned-calendar: the deadline test travels to the 2026 National Day (tests/pinned.py)

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from fazhi.core.errors import PermissionDenied, ValidationError
from fazhi.core.models import LedgerEntry
from fazhi.inspections import onsite, selectors, services
from fazhi.inspections.models import InspectionRecord, JointInspection
from fazhi.registry.models import Officer
from fazhi.supervision import engine
from fazhi.supervision.models import Warning
from tests.dates import nxt
from tests.dbutil import assert_nothing_changed
from tests.pinned import at
from tests.test_onsite import Onsite
from tests.test_plans import add, plan_world  # noqa: F401

pytestmark = pytest.mark.django_db


def no_plan_of(record: InspectionRecord) -> Warning | None:
    return Warning.objects.filter(rule__code="no_plan", key=f"no_plan:{record.pk}").first()


def _approved_remote_visit(world: Any) -> JointInspection:
    """A routine remote item of the township body, coordinated and approved by head and leader."""
    item = add(world, remote=True, earliest=nxt(5), latest=nxt(20))
    assert item.remote
    run = services.coordination_run_create(
        calendar_confirmed=True, actor=world["supervisor"], region=world.county, month=nxt(1)
    )
    # no trip: the run's visits (迎检) stay at zero; the remote visit is stored apart
    assert (run.items, run.visits, run.separate_visits, run.unscheduled) == (1, 0, 0, 0)
    assert len(run.solution["remote_visits"]) == 1 and run.solution["stats"]["remote_visits"] == 1
    figures = selectors.coordination_year_figures(user=world["supervisor"], year=nxt(1).year)
    assert (figures["visits"], figures["joint_rate_pct"]) == (0, 0)
    visit = JointInspection.objects.get()
    assert visit.remote and visit.lead_body == world.body_a
    assert [p.pk for p in visit.plan_items.all()] == [item.pk]
    assert {o.name for o in visit.officers.all()} == {"峰灵甲", "峰灵乙"}
    assert nxt(5) <= visit.date <= nxt(20) and "非现场" in visit.explanation
    # approved like a visit: the body head and the township leader
    assert [v.pk for v in selectors.approvals_waiting(user=world["head_a"])] == [visit.pk]
    services.joint_inspection_approve(actor=world["head_a"], inspection=visit)
    services.joint_inspection_approve(actor=world["leader_a"], inspection=visit)
    visit.refresh_from_db()
    assert visit.status == JointInspection.Status.APPROVED
    return visit


def test_a_planned_and_approved_remote_check_raises_no_no_plan(plan_world: Any) -> None:  # noqa: F811
    visit = _approved_remote_visit(plan_world)
    officer = Officer.objects.get(name="峰灵甲")
    officer.user = plan_world["inspector_a"]
    officer.save()
    with at(visit.date):
        with assert_nothing_changed(), pytest.raises(ValidationError) as exc:
            onsite.remote_record_start(actor=plan_world["inspector_a"], visit=visit, method="phone")
        assert set(exc.value.details) == {"method"}
        with assert_nothing_changed(), pytest.raises(PermissionDenied):  # not on the team
            onsite.remote_record_start(actor=plan_world["dept_inspector"], visit=visit, method="documents")
        record = onsite.remote_record_start(actor=plan_world["inspector_a"], visit=visit, method="documents")
        assert onsite.remote_record_start(actor=plan_world["inspector_a"], visit=visit, method="data") == record
        assert record.joint_inspection == visit and record.mode == InspectionRecord.Mode.REMOTE
        assert record.status == InspectionRecord.Status.IN_PROGRESS and record.answers.exists()
        assert record.inspection_type == "routine" and record.approval_due is None
        engine.check_enterprise(plan_world.ent_a.pk)
        assert no_plan_of(record) is None
        # the same routine check made without the plan is still 无计划检查
        adhoc = onsite.record_remote(
            actor=plan_world["inspector_a"],
            enterprise=plan_world.ent_a,
            matters=[plan_world.matter_a],
            officers=[Officer.objects.get(name="峰灵乙")],
            method="documents",
        )
        engine.check_enterprise(plan_world.ent_a.pk)
        assert no_plan_of(adhoc) is not None
        # and it cannot be approved afterwards: a routine check is planned beforehand
        with assert_nothing_changed(), pytest.raises(ValidationError, match="日常检查"):
            onsite.record_approve_afterwards(actor=plan_world["head_a"], record=adhoc)


def test_a_remote_visit_is_not_entered_by_scanning(plan_world: Any) -> None:  # noqa: F811
    from fazhi.inspections import codes

    visit = _approved_remote_visit(plan_world)
    officer = Officer.objects.get(name="峰灵甲")
    officer.user = plan_world["inspector_a"]
    officer.save()
    token = codes.enterprise_token(plan_world.ent_a.pk, plan_world.ent_a.code_serial)
    with at(visit.date), assert_nothing_changed(), pytest.raises(ValidationError) as exc:
        onsite.check_in(actor=plan_world["inspector_a"], token=token)
    assert exc.value.details == {"code": "no_task"}


def test_approval_afterwards_clears_the_no_plan_warning(world: Any, django_capture_on_commit_callbacks: Any) -> None:
    site = Onsite(world)
    with django_capture_on_commit_callbacks(execute=True):
        record = onsite.record_without_code(
            actor=site.user(site.a1),
            enterprise=world.ent_a,
            matters=[site.matter_a],
            officers=[site.a2],
            inspection_type="immediate",
            reason="燃气泄漏，紧急到场",
        )
    warning = no_plan_of(record)
    assert warning is not None and warning.status == Warning.Status.OPEN and warning.severity == "high"
    assert record.approval_due == record.filing_due
    assert list(selectors.approvals_afterwards_waiting(user=world["head_a"])) == [record]
    assert not selectors.approvals_afterwards_waiting(user=world["leader_a"]).exists()
    assert not selectors.approvals_afterwards_waiting(user=world["inspector_a"]).exists()
    # only the lead body's head: not its inspector, not the township leader, not another body
    for name in ("inspector_a", "leader_a", "dept_inspector", "supervisor", "enterprise"):
        assert not onsite.can_approve_afterwards(world[name], record)
        with assert_nothing_changed(), pytest.raises(PermissionDenied):
            onsite.record_approve_afterwards(actor=world[name], record=record)
    assert onsite.can_approve_afterwards(world["head_a"], record)
    with django_capture_on_commit_callbacks(execute=True):
        onsite.record_approve_afterwards(actor=world["head_a"], record=record)
    record.refresh_from_db()
    assert record.approved_by == world["head_a"] and record.approved_at is not None
    assert LedgerEntry.objects.filter(verb="inspection.approved_afterwards", target_id=str(record.pk)).exists()
    warning.refresh_from_db()
    assert warning.status == Warning.Status.CORRECTED and warning.closed_at is not None
    assert "事后补批" in warning.close_reason
    assert LedgerEntry.objects.filter(verb="warning.cleared", target_id=str(warning.pk)).exists()
    assert not selectors.approvals_afterwards_waiting(user=world["head_a"]).exists()
    # a rescan raises it no more
    engine.scan(start=record.date, end=record.date)
    assert Warning.objects.filter(rule__code="no_plan").count() == 1
    assert no_plan_of(record) == warning and Warning.objects.get(pk=warning.pk).status == Warning.Status.CORRECTED


def test_approval_afterwards_is_refused_after_the_filing_deadline(world: Any) -> None:
    with at(dt.date(2026, 9, 30)):  # pinned: the Wednesday before the National Day week
        site = Onsite(world)
        record = onsite.record_without_code(
            actor=site.user(site.a1),
            enterprise=world.ent_a,
            matters=[site.matter_a],
            officers=[site.a2],
            inspection_type="lead",
            reason="群众举报，网络中断",
        )
    # 3 working days: 10-08, 10-09 and the make-up Saturday 10-10
    assert record.approval_due == dt.date(2026, 10, 10)
    with at(dt.date(2026, 10, 12)):
        with assert_nothing_changed(), pytest.raises(ValidationError, match="2026-10-10") as exc:
            onsite.record_approve_afterwards(actor=world["head_a"], record=record)
        assert "不能再" in exc.value.message or "已过" in exc.value.message
        assert not onsite.can_approve_afterwards(world["head_a"], record)
        assert not selectors.approvals_afterwards_waiting(user=world["head_a"]).exists()
        assert list(selectors.approvals_afterwards_waiting(user=world["head_a"], late=True)) == [record]
    with at(dt.date(2026, 10, 10)):  # the last day still counts
        onsite.record_approve_afterwards(actor=world["head_a"], record=record)
    assert InspectionRecord.objects.get(pk=record.pk).approved_at is not None


def test_the_head_approves_afterwards_on_the_approvals_page(world: Any) -> None:
    site = Onsite(world)
    record = onsite.record_without_code(
        actor=site.user(site.a1),
        enterprise=world.ent_a,
        matters=[site.matter_a],
        officers=[site.a2],
        inspection_type="immediate",
        reason="网络中断",
    )
    head = Client()
    head.force_login(world["head_a"])
    home = head.get("/").content.decode()
    assert "待事后补批的检查" in home and reverse("inspections:record", args=[record.pk]) in home
    page = head.get(reverse("inspections:approvals")).content.decode()
    assert f'data-afterwards="{record.pk}"' in page
    assert (
        f'data-approve-afterwards="{record.pk}"'
        in head.get(reverse("inspections:record", args=[record.pk])).content.decode()
    )
    inspector = Client()
    inspector.force_login(world["inspector_a"])
    with assert_nothing_changed():
        inspector.post(reverse("inspections:approve_afterwards", args=[record.pk]))
    response = head.post(reverse("inspections:approve_afterwards", args=[record.pk]))
    assert response.status_code == 302
    assert InspectionRecord.objects.get(pk=record.pk).approved_by == world["head_a"]


def test_the_team_starts_the_remote_check_from_my_inspections(plan_world: Any) -> None:  # noqa: F811
    visit = _approved_remote_visit(plan_world)
    officer = Officer.objects.get(name="峰灵甲")
    officer.user = plan_world["inspector_a"]
    officer.save()
    with at(visit.date):  # logged in that day (a session of today's instant would have expired)
        c = Client()
        c.force_login(plan_world["inspector_a"])
        page = c.get(reverse("inspections:mine")).content.decode()
        assert f'data-remote-start="{visit.pk}"' in page and "非现场" in page
        outsider = Client()
        outsider.force_login(plan_world["dept_inspector"])
        with assert_nothing_changed():
            assert (
                outsider.post(reverse("inspections:remote_start", args=[visit.pk]), {"method": "data"}).status_code
                == 404
            )
        response = c.post(reverse("inspections:remote_start", args=[visit.pk]), {"method": "video"})
    record = InspectionRecord.objects.get(joint_inspection=visit)
    assert response.status_code == 302 and response["Location"] == reverse("inspections:record", args=[record.pk])
    assert record.remote_method == "video" and record.mode == "remote"


def test_a_remote_visit_re_planned_stays_remote(plan_world: Any) -> None:  # noqa: F811
    visit = _approved_remote_visit(plan_world)
    ill = Officer.objects.get(name="峰灵甲")
    items = [p.pk for p in visit.plan_items.all()]
    new = services.joint_inspection_replan(
        actor=plan_world["supervisor"], inspection=visit, reason="执法人员生病", officer=ill
    )
    assert len(new) == 1 and new[0].remote and new[0].status == JointInspection.Status.DRAFT
    assert new[0].date != visit.date or ill not in new[0].officers.all()
    assert [p.pk for p in new[0].plan_items.all()] == items


def test_a_remote_item_from_the_plan_workbook(plan_world: Any) -> None:  # noqa: F811
    from fazhi.inspections.imports import COLUMNS, plan_items_import
    from fazhi.inspections.models import PlanItem
    from tests.xlsx import workbook

    row = [
        plan_world.body_a.code,
        plan_world.ent_a.uscc,
        plan_world.matter_a.code,
        "日常检查",
        nxt(3).isoformat(),
        nxt(20).isoformat(),
        "书面审查",
        "是",
    ]
    with at(nxt(1) - dt.timedelta(days=10)):  # on time: before the 25th of the month before
        report = plan_items_import(actor=plan_world["inspector_a"], fh=workbook([c.zh() for c in COLUMNS], [row]))
    assert report.errors == [] and report.created == 1
    assert PlanItem.objects.get().remote
