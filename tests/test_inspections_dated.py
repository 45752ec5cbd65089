"""A visit made earlier and entered now (issue 23 item 6): approving, checking in, finishing and
publishing take the day they happened. Never in the future, never before the steps they follow,
the ledger keeps the real time of the entry, and a visit dated on time is not warned of as late."""

# pinned-calendar: the visit is on Wednesday 2026-09-30, before the National Day week (tests/pinned.py)

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import timezone

from fazhi.core.errors import ValidationError
from fazhi.core.models import LedgerEntry
from fazhi.inspections import onsite, publication, services
from fazhi.inspections.models import CheckIn, InspectionRecord, JointInspection, PlanItem, Publication
from tests.dbutil import assert_nothing_changed
from tests.pinned import at
from tests.test_approvals import drafts
from tests.test_onsite import Onsite

pytestmark = pytest.mark.django_db

VISIT = dt.date(2026, 9, 30)  # pinned: a Wednesday; 5 working days later is 10-13, 20 later is 11-03
ENTERED = dt.date(2026, 11, 10)  # pinned: the day it is all typed in, after both deadlines


@pytest.fixture
def entered() -> Iterator[dt.date]:
    with at(ENTERED):
        yield ENTERED


def payload(verb: str) -> dict[str, Any]:
    entry = LedgerEntry.objects.filter(verb=verb).order_by("-seq").first()
    assert entry is not None
    return dict(json.loads(entry.payload))


def last_entry_day(verb: str) -> dt.date:
    entry = LedgerEntry.objects.filter(verb=verb).order_by("-seq").first()
    assert entry is not None
    return timezone.localdate(entry.created_at)


def past_visit(world: Any) -> Onsite:
    """The joint visit of test_onsite moved to VISIT (its month coordinated in the month before)."""
    site = Onsite(world)
    month = VISIT.replace(day=1)
    JointInspection.objects.filter(pk=site.visit.pk).update(date=VISIT)
    site.visit.run.__class__.objects.filter(pk=site.visit.run_id).update(month=month)
    PlanItem.objects.filter(joint_inspection=site.visit).update(month=month, earliest=VISIT, latest=VISIT)
    site.visit.refresh_from_db()
    return site


def started(site: Onsite) -> InspectionRecord:
    onsite.check_in(actor=site.user(site.a1), token=site.token, today=VISIT)
    record = onsite.check_in(actor=site.user(site.d1), token=site.token, today=VISIT)
    record.refresh_from_db()
    site.answer_all(record)
    site.sign_all(record)
    return record


# --- approval ------------------------------------------------------------------------------------


def test_an_approval_takes_the_day_it_was_given(entered: dt.date, world: Any) -> None:
    _run, (visit,) = drafts(world, 1)  # next month's visit, approved today and the day before
    yesterday = entered - dt.timedelta(days=1)
    services.joint_inspection_approve(actor=world["head_a"], inspection=visit, approved_on=yesterday)
    services.joint_inspection_approve(actor=world["leader_a"], inspection=visit)
    visit.refresh_from_db()
    assert visit.status == JointInspection.Status.APPROVED
    assert visit.head_approved_at is not None and visit.leader_approved_at is not None
    assert timezone.localdate(visit.head_approved_at) == yesterday
    assert timezone.localdate(visit.leader_approved_at) == entered
    entries = LedgerEntry.objects.filter(verb="joint_inspection.approve").order_by("seq")
    first, second = (json.loads(e.payload) for e in entries)
    assert first["approved_on"] == yesterday.isoformat() and "approved_on" not in second
    assert {timezone.localdate(e.created_at) for e in entries} == {entered}  # the entry's own time


def test_an_approval_is_refused_in_the_future_after_the_visit_or_before_its_coordination(
    entered: dt.date, world: Any
) -> None:
    _run, (visit,) = drafts(world, 1)
    month = visit.run.month
    cases = {
        entered + dt.timedelta(days=1): "future",
        # the month before the run's month is the earliest its visits can be coordinated
        (month - dt.timedelta(days=1)).replace(day=1) - dt.timedelta(days=1): "order",
    }
    for day, why in cases.items():
        with assert_nothing_changed(), pytest.raises(ValidationError) as exc:
            services.joint_inspection_approve(actor=world["head_a"], inspection=visit, approved_on=day)
        assert exc.value.details == {"approved_on": why}
        assert "日期" in exc.value.message


def test_an_approval_after_the_visit_it_approves_is_refused(entered: dt.date, world: Any) -> None:
    site = past_visit(world)
    JointInspection.objects.filter(pk=site.visit.pk).update(
        status=JointInspection.Status.DRAFT, head_approved_at=None, leader_approved_at=None
    )
    site.visit.refresh_from_db()
    with assert_nothing_changed(), pytest.raises(ValidationError) as exc:
        services.joint_inspection_approve(
            actor=world["head_a"], inspection=site.visit, approved_on=VISIT + dt.timedelta(days=1)
        )
    assert exc.value.details == {"approved_on": "after_visit"}
    assert "检查前有方案审批" in exc.value.message
    services.joint_inspection_approve(actor=world["head_a"], inspection=site.visit, approved_on=VISIT)
    assert payload("joint_inspection.approve")["approved_on"] == VISIT.isoformat()


# --- check-in, finish, publication --------------------------------------------------------------


def test_a_check_in_is_never_dated_in_the_future(entered: dt.date, world: Any) -> None:
    site = past_visit(world)
    with assert_nothing_changed(), pytest.raises(ValidationError) as exc:
        onsite.check_in(actor=site.user(site.a1), token=site.token, today=entered + dt.timedelta(days=1))
    assert exc.value.details == {"today": "future"}


def test_a_past_visit_entered_now_is_dated_its_day_and_not_late(entered: dt.date, world: Any) -> None:
    site = past_visit(world)
    record = started(site)
    assert {timezone.localdate(c.at) for c in CheckIn.objects.filter(record=record)} == {VISIT}
    assert record.started_at is not None and timezone.localdate(record.started_at) == VISIT
    assert payload("inspection.check_in")["day"] == VISIT.isoformat()
    done = site.finish(record, finished_on=VISIT)
    assert done.finished_at is not None and done.result_sent_at is not None
    assert timezone.localdate(done.finished_at) == VISIT == timezone.localdate(done.result_sent_at)
    assert done.result_due == dt.date(2026, 10, 13)  # 5 working days: 10-08, 09, 10 (Sat), 12, 13
    notice = Publication.objects.get(record=done)
    assert notice.due == dt.date(2026, 11, 3)  # 20 working days after 09-30 (tests/pinned.py)
    published = publication.publication_publish(
        actor=world["head_a"], publication=notice, published_on=dt.date(2026, 10, 9)
    )
    assert published.published_at is not None and timezone.localdate(published.published_at) == dt.date(2026, 10, 9)
    assert published.retire_on is not None and published.retire_on > dt.date(2026, 10, 9)
    after = payload("publication.published")
    assert after["published_on"] == "2026-10-09" and after["late"] is False
    assert payload("inspection.finished")["finished_on"] == VISIT.isoformat()
    assert last_entry_day("inspection.finished") == entered == last_entry_day("publication.published")
    from fazhi.supervision import engine

    warned = {w.rule.code for w in engine.check_enterprise(world.ent_a.pk, today=entered)}
    assert not warned & {"late_feedback", "late_publication"}


def test_a_finish_is_refused_in_the_future_or_before_the_inspection(entered: dt.date, world: Any) -> None:
    site = past_visit(world)
    record = started(site)
    for day, why in ((entered + dt.timedelta(days=1), "future"), (VISIT - dt.timedelta(days=1), "order")):
        with assert_nothing_changed(), pytest.raises(ValidationError) as exc:
            site.finish(record, finished_on=day)
        assert exc.value.details == {"finished_on": why}
    assert InspectionRecord.objects.get(pk=record.pk).status == InspectionRecord.Status.IN_PROGRESS


def test_a_publication_is_refused_in_the_future_or_before_the_result(entered: dt.date, world: Any) -> None:
    site = past_visit(world)
    done = site.finish(started(site), finished_on=VISIT + dt.timedelta(days=1))
    notice = Publication.objects.get(record=done)
    for day, why in ((entered + dt.timedelta(days=1), "future"), (VISIT, "order")):
        with assert_nothing_changed(), pytest.raises(ValidationError) as exc:
            publication.publication_publish(actor=world["head_a"], publication=notice, published_on=day)
        assert exc.value.details == {"published_on": why}
    assert Publication.objects.get(pk=notice.pk).status == Publication.Status.PENDING
