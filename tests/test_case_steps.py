"""The case steps no other test ran: the decision on preserved goods (art. 56), the hearing held
(art. 64), the heads' collective discussion (art. 57), execution of a penalty other than a fine,
and the violation catalogue. Each: the happy path with its state and ledger entry, then every
refusal the service implements, each leaving rows and ledger as they were."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from fazhi.accounts.roles import Role
from fazhi.cases import services
from fazhi.cases.models import Case, CaseStep, Preservation, Violation
from fazhi.core.errors import PermissionDenied, ValidationError
from fazhi.core.models import LedgerEntry
from tests.dbutil import assert_nothing_changed
from tests.factories import CaseWorld, UserFactory
from tests.pinned import at
from tests.test_cases import investigated, proposed_penalty

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
CASE_ROWS = (Case, CaseStep, Preservation)


@pytest.fixture
def cw(world: Any) -> CaseWorld:
    return CaseWorld(world)


def entries(case: Case, verb: str) -> list[dict[str, Any]]:
    qs = LedgerEntry.objects.filter(verb=verb, target_type="cases.case", target_id=str(case.pk)).order_by("seq")
    return [json.loads(e.payload) for e in qs]


def head_of_b(cw: CaseWorld) -> Any:
    """The head of the other township's body: may decide its own cases, not 峰灵镇's."""
    return UserFactory(username="head_b", org_unit=cw.w.body_b.org_unit, roles=[Role.BODY_HEAD])


def outsiders(cw: CaseWorld) -> list[Any]:
    """People who may not act on 峰灵镇's cases: another body's officer and head, the township
    leader (reads only), the county supervisor and legal office (review, not handling)."""
    w = cw.w
    return [w["inspector_b"], head_of_b(cw), w["leader_a"], w["supervisor"], cw.legal, w["enterprise"]]


# --- preservation (先行登记保存) decided ------------------------------------------------------------


def test_preservation_decided_once_after_its_registration(cw: CaseWorld) -> None:
    case = investigated(cw)
    registered_on = TODAY() - dt.timedelta(days=6)
    p = services.preservation_register(
        actor=cw.inspector, case=case, items="散装白酒二十箱", registered_on=registered_on
    )
    assert p.decided_on is None
    bad = [
        ({"decision": "返", "decided_on": TODAY()}, "请写明对物品的处理决定"),  # says nothing
        ({"decision": "返还当事人", "decided_on": TODAY() + dt.timedelta(days=1)}, "不能晚于今天"),
        ({"decision": "返还当事人", "decided_on": registered_on - dt.timedelta(days=1)}, "不能早于登记日期"),
    ]
    for kw, message in bad:
        with assert_nothing_changed(*CASE_ROWS), pytest.raises(ValidationError, match=message):
            services.preservation_decide(actor=cw.inspector, preservation=p, **kw)
    for outsider in outsiders(cw):
        with assert_nothing_changed(*CASE_ROWS), pytest.raises(PermissionDenied):
            services.preservation_decide(actor=outsider, preservation=p, decision="返还当事人", decided_on=TODAY())
    decided_on = TODAY() - dt.timedelta(days=1)
    p = services.preservation_decide(
        actor=cw.inspector, preservation=p, decision=" 解除登记保存，返还当事人 ", decided_on=decided_on
    )
    stored = Preservation.objects.get(pk=p.pk)
    assert (stored.decided_on, stored.decision) == (decided_on, "解除登记保存，返还当事人")
    step = CaseStep.objects.get(case=case, kind="preservation_decide")
    assert step.day == decided_on and "返还当事人" in step.summary
    assert len(entries(case, "case.preservation_decide")) == 1
    with assert_nothing_changed(*CASE_ROWS), pytest.raises(ValidationError, match="已作出处理决定"):  # twice
        services.preservation_decide(actor=cw.head, preservation=p, decision="没收", decided_on=TODAY())
    assert Preservation.objects.get(pk=p.pk).decision == "解除登记保存，返还当事人"


# --- the hearing held -------------------------------------------------------------------------------


def hearing_scheduled(cw: CaseWorld) -> tuple[Case, dt.date]:
    """A 100,000-yuan proposal (a hearing right), notified two days ago, the hearing requested today
    and set a month from now (more than 7 working days in any month of the year)."""
    case = proposed_penalty(cw, fine="100000", circumstance="aggravated")
    case = services.case_notify(actor=cw.inspector, case=case, notified_on=TODAY() - dt.timedelta(days=2))
    case = services.case_hearing_request(actor=cw.inspector, case=case, requested_on=TODAY())
    hearing_on = TODAY() + dt.timedelta(days=30)
    case = services.case_hearing_schedule(actor=cw.inspector, case=case, hearing_on=hearing_on)
    assert case.status == Case.Status.HEARING and case.hearing_on == hearing_on
    return case, hearing_on


def test_a_hearing_is_recorded_only_once_it_took_place(cw: CaseWorld) -> None:
    case, hearing_on = hearing_scheduled(cw)
    record = "听证会于县司法局召开，当事人到场陈述申辩，调查人员出示证据。"
    with assert_nothing_changed(*CASE_ROWS), pytest.raises(ValidationError, match="听证尚未举行"):
        services.case_hearing_hold(actor=cw.inspector, case=case, record=record)  # it is still a month away
    with (
        at(hearing_on - dt.timedelta(days=1)),
        assert_nothing_changed(*CASE_ROWS),
        pytest.raises(ValidationError, match="听证尚未举行"),
    ):
        services.case_hearing_hold(actor=cw.inspector, case=case, record=record)  # the day before
    with at(hearing_on):
        with assert_nothing_changed(*CASE_ROWS), pytest.raises(ValidationError) as short:
            services.case_hearing_hold(actor=cw.inspector, case=case, record="开了")
        assert short.value.details == {"record": "short"}
        for outsider in outsiders(cw):
            with assert_nothing_changed(*CASE_ROWS), pytest.raises(PermissionDenied):
                services.case_hearing_hold(actor=outsider, case=case, record=record)
        held = services.case_hearing_hold(actor=cw.inspector, case=case, record=record)
        assert held.hearing_held and held.status == Case.Status.NOTIFIED
        step = CaseStep.objects.get(case=case, kind="hearing")
        assert step.day == hearing_on and step.text == record
        assert len(entries(case, "case.hearing")) == 1
        with assert_nothing_changed(*CASE_ROWS), pytest.raises(ValidationError):  # no longer awaiting a hearing
            services.case_hearing_hold(actor=cw.inspector, case=held, record=record)
        # the hearing no longer blocks the decision: after the legal review the head decides
        services.case_legal_review(actor=cw.legal, case=held, passed=True, opinion="事实清楚，程序合法，同意。")
        decided = services.case_decide(actor=cw.head, case=held)
        assert decided.status == Case.Status.DECIDED and decided.decided_on == hearing_on


def test_a_hearing_cannot_be_recorded_without_a_request(cw: CaseWorld) -> None:
    case = proposed_penalty(cw, fine="100000", circumstance="aggravated")
    case = services.case_notify(actor=cw.inspector, case=case, notified_on=TODAY() - dt.timedelta(days=2))
    with assert_nothing_changed(*CASE_ROWS), pytest.raises(ValidationError):
        services.case_hearing_hold(actor=cw.inspector, case=case, record="听证会于县司法局召开，当事人到场。")
    assert not Case.objects.get(pk=case.pk).hearing_held


# --- the heads' collective discussion (集体讨论) ------------------------------------------------------


def major_proposed(cw: CaseWorld) -> Case:
    """A complex or major case with a 30,000-yuan proposal, notified ten days ago, legally reviewed."""
    case = services.case_register(
        actor=cw.inspector,
        body=cw.body,
        violation=cw.violation,
        source=Case.Source.COMPLAINT,
        party_kind=Case.PartyKind.ORGANISATION,
        enterprise=cw.w.ent_a,
        occurred_on=TODAY() - dt.timedelta(days=30),
        facts="仓库未设置安全警示标志，群众多次举报，涉及危险化学品。",
        major=True,
    )
    case = services.case_file(actor=cw.head, case=case, filed_on=TODAY() - dt.timedelta(days=20))
    case = services.case_investigate(
        actor=cw.inspector,
        case=case,
        officers=[cw.o1, cw.o2],
        day=TODAY() - dt.timedelta(days=19),
        record="现场查看仓库，未见安全警示标志，负责人在场确认。",
        certificate_shown=True,
    )
    services.case_evidence_add(
        actor=cw.inspector,
        case=case,
        kind="photo",
        description="仓库现场照片",
        fh=io.BytesIO(b"\x89PNG\r\n\x1a\n" + b"0" * 100),
        name="a.png",
    )
    case = services.case_propose(
        actor=cw.inspector,
        case=case,
        outcome=Case.Outcome.PENALTY,
        circumstance="ordinary",
        harm=Case.Harm.SLIGHT,
        fine=Decimal("30000"),
        discretion_note="涉及危险化学品仓库，按一般情节裁量。",
        proposed_on=TODAY() - dt.timedelta(days=19),
    )
    assert case.collective_required and case.legal_review_required
    case = services.case_notify(actor=cw.inspector, case=case, notified_on=TODAY() - dt.timedelta(days=10))
    return services.case_legal_review(actor=cw.legal, case=case, passed=True, opinion="事实清楚，同意。")


def test_a_major_case_is_decided_only_after_the_heads_discussed_it(cw: CaseWorld) -> None:
    case = major_proposed(cw)
    with assert_nothing_changed(*CASE_ROWS), pytest.raises(ValidationError) as blocked:
        services.case_decide(actor=cw.head, case=case)
    assert blocked.value.details["blockers"] == ["复杂或重大案件须经负责人集体讨论（第五十七条）。"]
    minutes = "局长办公会集体讨论：事实清楚，证据确凿，同意罚款三万元。"
    day = TODAY() - dt.timedelta(days=1)
    bad = [
        ({"day": TODAY() + dt.timedelta(days=1), "minutes": minutes}, {"day": "future"}),
        ({"day": day, "minutes": "同意"}, {"minutes": "short"}),
    ]
    for kw, details in bad:
        with assert_nothing_changed(*CASE_ROWS), pytest.raises(ValidationError) as exc:
            services.case_collective_discussion(actor=cw.head, case=case, **kw)
        assert exc.value.details == details
    # the discussion is the heads': not the officer who handles the case, not another body's head
    for outsider in [cw.inspector, *outsiders(cw)]:
        with assert_nothing_changed(*CASE_ROWS), pytest.raises(PermissionDenied):
            services.case_collective_discussion(actor=outsider, case=case, day=day, minutes=minutes)
    case = services.case_collective_discussion(actor=cw.head, case=case, day=day, minutes=f"  {minutes} ")
    stored = Case.objects.get(pk=case.pk)
    assert (stored.collective_discussed_on, stored.collective_minutes) == (day, minutes)
    assert CaseStep.objects.get(case=case, kind="collective").day == day
    assert len(entries(case, "case.collective")) == 1
    assert services.case_decide(actor=cw.head, case=case).status == Case.Status.DECIDED


def test_no_collective_discussion_before_a_proposal_or_after_the_decision(cw: CaseWorld) -> None:
    minutes = "局长办公会集体讨论：事实清楚，证据确凿。"
    filed = investigated(cw)  # filed, nothing proposed yet
    with assert_nothing_changed(*CASE_ROWS), pytest.raises(ValidationError):
        services.case_collective_discussion(actor=cw.head, case=filed, day=TODAY(), minutes=minutes)
    decided = services.case_decide(
        actor=cw.head,
        case=services.case_notify(
            actor=cw.inspector, case=proposed_penalty(cw), notified_on=TODAY() - dt.timedelta(days=10)
        ),
    )
    with assert_nothing_changed(*CASE_ROWS), pytest.raises(ValidationError):
        services.case_collective_discussion(actor=cw.head, case=decided, day=TODAY(), minutes=minutes)


# --- execution of a penalty other than a fine -------------------------------------------------------


def served(cw: CaseWorld, *, fine: str, warning: bool) -> Case:
    case = investigated(cw)
    case = services.case_propose(
        actor=cw.inspector,
        case=case,
        outcome=Case.Outcome.PENALTY,
        circumstance="mitigated",
        harm=Case.Harm.SLIGHT,
        fine=Decimal(fine),
        warning=warning,
        discretion_note="首次被查，及时改正，从轻给予警告。",
        proposed_on=TODAY() - dt.timedelta(days=19),
    )
    case = services.case_notify(actor=cw.inspector, case=case, notified_on=TODAY() - dt.timedelta(days=10))
    decided = services.case_decide(actor=cw.head, case=case)
    with assert_nothing_changed(*CASE_ROWS), pytest.raises(ValidationError):  # not served yet
        services.case_execute(actor=cw.inspector, case=decided, note="已执行")
    return services.case_serve(actor=cw.inspector, case=decided, served_on=TODAY(), method="direct", recipient="张三")


def test_a_warning_is_executed_then_the_case_closes(cw: CaseWorld) -> None:
    case = served(cw, fine="0", warning=True)
    assert case.fine == 0 and case.warning_penalty and case.status == Case.Status.SERVED
    with assert_nothing_changed(*CASE_ROWS), pytest.raises(ValidationError) as exc:
        services.case_execute(actor=cw.inspector, case=case, note=" ")
    assert exc.value.details == {"note": "required"}
    for outsider in outsiders(cw):
        with assert_nothing_changed(*CASE_ROWS), pytest.raises(PermissionDenied):
            services.case_execute(actor=outsider, case=case, note="警告决定书已当场宣告并送达")
    case = services.case_execute(actor=cw.inspector, case=case, note=" 警告决定书已当场宣告并送达 ")
    stored = Case.objects.get(pk=case.pk)
    assert stored.status == Case.Status.EXECUTED and stored.executed_note == "警告决定书已当场宣告并送达"
    assert CaseStep.objects.get(case=case, kind="execute").text == "警告决定书已当场宣告并送达"
    assert len(entries(case, "case.execute")) == 1
    with assert_nothing_changed(*CASE_ROWS), pytest.raises(ValidationError):  # executed once
        services.case_execute(actor=cw.inspector, case=case, note="再次执行")
    assert services.case_close(actor=cw.head, case=case).status == Case.Status.CLOSED


def test_a_case_closed_earlier_is_closed_on_its_day_never_before_its_service_or_in_the_future(
    cw: CaseWorld,
) -> None:
    case = investigated(cw)
    case = services.case_propose(
        actor=cw.inspector,
        case=case,
        outcome=Case.Outcome.PENALTY,
        circumstance="mitigated",
        harm=Case.Harm.SLIGHT,
        warning=True,
        discretion_note="首次被查，及时改正，从轻给予警告。",
        proposed_on=TODAY() - dt.timedelta(days=19),
    )
    case = services.case_notify(actor=cw.inspector, case=case, notified_on=TODAY() - dt.timedelta(days=18))
    services.case_statement_record(actor=cw.inspector, case=case, waived=True)
    case = services.case_decide(actor=cw.head, case=case, decided_on=TODAY() - dt.timedelta(days=8))
    served_on = TODAY() - dt.timedelta(days=6)
    case = services.case_serve(actor=cw.inspector, case=case, served_on=served_on, method="direct", recipient="张三")
    # the execution is dated too: never in the future, never before the service
    for day, code in ((TODAY() + dt.timedelta(days=1), "future"), (served_on - dt.timedelta(days=1), "order")):
        with assert_nothing_changed(*CASE_ROWS), pytest.raises(ValidationError) as exc:
            services.case_execute(actor=cw.inspector, case=case, note="警告决定书已当场宣告并送达", executed_on=day)
        assert exc.value.details == {"executed_on": code}
    executed_on = TODAY() - dt.timedelta(days=5)
    case = services.case_execute(
        actor=cw.inspector, case=case, note="警告决定书已当场宣告并送达", executed_on=executed_on
    )
    assert CaseStep.objects.get(case=case, kind="execute").day == executed_on
    for day, code in ((TODAY() + dt.timedelta(days=1), "future"), (executed_on - dt.timedelta(days=1), "order")):
        with assert_nothing_changed(*CASE_ROWS), pytest.raises(ValidationError) as exc:
            services.case_close(actor=cw.head, case=case, closed_on=day)  # the day before: before its execution
        assert exc.value.details == {"closed_on": code}
    closed_on = TODAY() - dt.timedelta(days=5)
    services.case_close(actor=cw.head, case=case, closed_on=closed_on)
    stored = Case.objects.get(pk=case.pk)
    assert stored.status == Case.Status.CLOSED and stored.closed_on == closed_on
    assert CaseStep.objects.get(case=case, kind="close").day == closed_on
    # the case-file review counts it in the year it was closed
    review = services.case_review_submit(actor=cw.w["supervisor"], case=stored, marks={})
    assert review.year == closed_on.year


def test_a_fine_is_paid_not_executed(cw: CaseWorld) -> None:
    case = served(cw, fine="10000", warning=False)
    with assert_nothing_changed(*CASE_ROWS), pytest.raises(ValidationError, match="请记录罚款缴纳情况"):
        services.case_execute(actor=cw.inspector, case=case, note="已执行完毕")
    assert Case.objects.get(pk=case.pk).status == Case.Status.SERVED


# --- the violation catalogue ------------------------------------------------------------------------


def save(cw: CaseWorld, actor: Any = None, **kw: Any) -> Violation:
    values: dict[str, Any] = {
        "body": cw.body,
        "code": "AQ-035",
        "name": "未在危险设备上设置安全警示标志",
        "violated_provision": "《中华人民共和国安全生产法》第三十五条",
        "penalty_provision": "《中华人民共和国安全生产法》第九十九条第一项",
        "limitation_years": 2,
    }
    values.update(kw)
    return services.violation_save(actor=actor or cw.w["supervisor"], **values)


def test_the_county_keeps_the_violation_catalogue(cw: CaseWorld) -> None:
    v = save(cw, code=" AQ-035 ", name=" 未在危险设备上设置安全警示标志 ")
    stored = Violation.objects.get(pk=v.pk)
    assert (stored.body, stored.code, stored.name, stored.limitation_years, stored.version) == (
        cw.body,
        "AQ-035",
        "未在危险设备上设置安全警示标志",
        2,
        1,
    )
    [entry] = LedgerEntry.objects.filter(verb="case.violation_save", target_id=str(v.pk))
    assert entry.target_type == "cases.violation" and json.loads(entry.payload) == {"version": 1}
    # an amendment keeps the record and counts a version
    v = save(cw, violation=v, name="未在有较大危险因素的设备上设置安全警示标志", limitation_years=5)
    stored = Violation.objects.get(pk=v.pk)
    assert (stored.name, stored.limitation_years, stored.version) == (
        "未在有较大危险因素的设备上设置安全警示标志",
        5,
        2,
    )
    assert Violation.objects.filter(code="AQ-035").count() == 1
    versions = [json.loads(e.payload)["version"] for e in LedgerEntry.objects.filter(verb="case.violation_save")]
    assert versions == [1, 2]


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({"code": "  "}, "code"),
        ({"code": "A" * 41}, "code"),
        ({"name": "无"}, "name"),
        ({"violated_provision": ""}, "penalty_provision"),
        ({"penalty_provision": "法"}, "penalty_provision"),
        ({"limitation_years": 3}, "limitation_years"),
    ],
)
def test_a_violation_needs_its_code_name_provisions_and_limitation(cw: CaseWorld, kw: dict, field: str) -> None:
    with assert_nothing_changed(Violation), pytest.raises(ValidationError) as exc:
        save(cw, **kw)
    assert field in exc.value.details


def test_a_violation_code_is_used_once(cw: CaseWorld) -> None:
    first = save(cw)
    with assert_nothing_changed(Violation), pytest.raises(ValidationError) as exc:
        save(cw, name="另一违法行为")
    assert set(exc.value.details) == {"code"}
    with assert_nothing_changed(Violation), pytest.raises(ValidationError):  # nor by renaming another to it
        save(cw, violation=cw.violation, code=first.code)
    assert save(cw, violation=first, name="同一编码的修改").code == first.code  # its own code is fine


def test_only_the_county_edits_the_violation_catalogue(cw: CaseWorld) -> None:
    w = cw.w
    for name in ("inspector_a", "head_a", "leader_a", "dept_inspector", "enterprise", "sysadmin"):
        with assert_nothing_changed(Violation), pytest.raises(PermissionDenied):
            save(cw, actor=w[name])
    with assert_nothing_changed(Violation), pytest.raises(PermissionDenied):
        save(cw, actor=cw.legal, violation=cw.violation, name="越权修改")
