"""The step-date rule (issue 16): each step of a case is dated on or after the step it follows and
never in the future, refused with a Chinese message naming both dates, and nothing written."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from fazhi.cases import services
from fazhi.cases.models import Case
from fazhi.core.errors import ValidationError
from tests.dbutil import assert_nothing_changed
from tests.factories import CaseWorld
from tests.test_cases import investigated, proposed_penalty, registered

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def cn(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


@pytest.fixture
def cw(world: Any) -> CaseWorld:
    return CaseWorld(world)


def test_a_notice_dated_before_its_proposal_is_refused(cw: CaseWorld) -> None:
    case = investigated(cw)  # filed and investigated 20 days ago
    proposed_on = TODAY() - dt.timedelta(days=5)
    case = services.case_propose(
        actor=cw.inspector,
        case=case,
        outcome=Case.Outcome.PENALTY,
        circumstance="ordinary",
        harm=Case.Harm.SLIGHT,
        fine=Decimal(30000),
        discretion_note="初次被查，配合调查，按一般情节裁量。",
        proposed_on=proposed_on,
    )
    early = TODAY() - dt.timedelta(days=8)
    with assert_nothing_changed(), pytest.raises(ValidationError) as exc:
        services.case_notify(actor=cw.inspector, case=case, notified_on=early)
    assert cn(early) in exc.value.message and cn(proposed_on) in exc.value.message
    assert "事先告知" in exc.value.message and "处理意见" in exc.value.message
    assert exc.value.details == {"notified_on": "order"}
    # the same day as the proposal is in order
    case = services.case_notify(actor=cw.inspector, case=case, notified_on=proposed_on)
    assert case.notified_on == proposed_on


def test_a_decision_dated_before_its_notice_is_refused_even_after_the_party_spoke(cw: CaseWorld) -> None:
    notified_on = TODAY() - dt.timedelta(days=10)
    case = services.case_notify(actor=cw.inspector, case=proposed_penalty(cw), notified_on=notified_on)
    case = services.case_statement_record(actor=cw.inspector, case=case, statement="对事实无异议，请求从轻。")
    before = notified_on - dt.timedelta(days=1)
    with assert_nothing_changed(), pytest.raises(ValidationError) as exc:
        services.case_decide(actor=cw.head, case=case, decided_on=before)
    assert cn(before) in exc.value.message and cn(notified_on) in exc.value.message
    assert exc.value.details == {"decided_on": "order"}
    case = services.case_decide(actor=cw.head, case=case, decided_on=notified_on)
    assert case.status == Case.Status.DECIDED


def test_a_decision_the_same_day_as_a_notice_whose_window_is_open_is_refused(cw: CaseWorld) -> None:
    notified_on = TODAY() - dt.timedelta(days=1)
    case = services.case_notify(actor=cw.inspector, case=proposed_penalty(cw), notified_on=notified_on)
    with assert_nothing_changed(), pytest.raises(ValidationError, match="陈述"):
        services.case_decide(actor=cw.head, case=case, decided_on=notified_on)


def test_filing_before_the_violation_and_investigating_before_filing_are_refused(cw: CaseWorld) -> None:
    occurred_on = TODAY() - dt.timedelta(days=30)
    case = registered(cw, occurred_on=occurred_on)
    with assert_nothing_changed(), pytest.raises(ValidationError) as exc:
        services.case_file(actor=cw.head, case=case, filed_on=occurred_on - dt.timedelta(days=1))
    assert cn(occurred_on) in exc.value.message and "违法行为" in exc.value.message
    filed_on = TODAY() - dt.timedelta(days=20)
    case = services.case_file(actor=cw.head, case=case, filed_on=filed_on)
    with assert_nothing_changed(), pytest.raises(ValidationError) as exc:
        services.case_investigate(
            actor=cw.inspector,
            case=case,
            officers=[cw.o1, cw.o2],
            day=filed_on - dt.timedelta(days=2),
            record="现场查看仓库，未见安全警示标志。",
            certificate_shown=True,
        )
    assert cn(filed_on) in exc.value.message and exc.value.details == {"day": "order"}


def test_a_proposal_dated_before_the_investigation_is_refused(cw: CaseWorld) -> None:
    case = investigated(cw, filed_on=TODAY() - dt.timedelta(days=10))
    with assert_nothing_changed(), pytest.raises(ValidationError) as exc:
        services.case_propose(
            actor=cw.inspector,
            case=case,
            outcome=Case.Outcome.PENALTY,
            circumstance="ordinary",
            harm=Case.Harm.SLIGHT,
            fine=Decimal(30000),
            discretion_note="初次被查，配合调查，按一般情节裁量。",
            proposed_on=TODAY() - dt.timedelta(days=11),
        )
    assert exc.value.details == {"proposed_on": "order"} and "调查" in exc.value.message


def test_service_and_payment_follow_the_decision(cw: CaseWorld) -> None:
    notified_on = TODAY() - dt.timedelta(days=12)
    case = services.case_notify(actor=cw.inspector, case=proposed_penalty(cw), notified_on=notified_on)
    decided_on = TODAY() - dt.timedelta(days=6)
    case = services.case_decide(actor=cw.head, case=case, decided_on=decided_on)
    with assert_nothing_changed(), pytest.raises(ValidationError) as exc:
        services.case_serve(
            actor=cw.inspector,
            case=case,
            served_on=decided_on - dt.timedelta(days=1),
            method="direct",
            recipient="张三",
        )
    assert cn(decided_on) in exc.value.message and exc.value.details == {"served_on": "order"}
    served_on = TODAY() - dt.timedelta(days=4)
    case = services.case_serve(actor=cw.inspector, case=case, served_on=served_on, method="direct", recipient="张三")
    with assert_nothing_changed(), pytest.raises(ValidationError) as exc:
        services.case_payment_record(
            actor=cw.inspector, case=case, paid_on=served_on - dt.timedelta(days=1), amount=Decimal(30000)
        )
    assert cn(served_on) in exc.value.message and exc.value.details == {"paid_on": "order"}


def test_no_step_is_dated_in_the_future(cw: CaseWorld) -> None:
    from fazhi.cases.services.step_dates import step_date_check

    case = proposed_penalty(cw)
    tomorrow = TODAY() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        step_date_check(case=case, kind="notify", day=tomorrow, field="notified_on")
    assert cn(tomorrow) in exc.value.message and cn(TODAY()) in exc.value.message
    assert exc.value.details == {"notified_on": "future"}
    # a step with nothing before it (an unsaved case's first step) passes
    step_date_check(case=Case(occurred_on=None), kind="decide", day=TODAY())
