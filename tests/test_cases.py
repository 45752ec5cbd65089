"""Enforcement cases: each statutory step refuses to run out of order and says why; deadlines,
discretion, waivers, documents, review rates; supervision sees the deadlines."""

# pinned-calendar: deadline tests travel to the 2026 National Day (tests/pinned.py), a bundled year

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import zipfile
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from fazhi.cases import rules, selectors, services
from fazhi.cases.models import Case, CaseDocument, DocumentKind, Waiver
from fazhi.core.errors import PermissionDenied, ValidationError
from fazhi.core.models import LedgerEntry
from fazhi.supervision.models import Warning
from tests.dbutil import assert_nothing_changed
from tests.factories import CaseWorld, OfficerFactory
from tests.pinned import at

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


@pytest.fixture
def cw(world: Any) -> CaseWorld:
    return CaseWorld(world)


@pytest.fixture
def after_national_day() -> Iterator[dt.date]:
    """The clock stopped on Monday 2026-10-12, after the National Day week (10-01..07 off) and its
    make-up Saturday 10-10 (worked): deadlines in working days are checked against written dates."""
    with at(dt.date(2026, 10, 12)):
        yield dt.date(2026, 10, 12)


@pytest.fixture
def a_week_after_national_day() -> Iterator[dt.date]:
    """The clock stopped on Monday 2026-10-19."""
    with at(dt.date(2026, 10, 19)):
        yield dt.date(2026, 10, 19)


def registered(cw: CaseWorld, **kw: Any) -> Case:
    return services.case_register(
        actor=cw.inspector,
        body=cw.body,
        violation=cw.violation,
        source=Case.Source.INSPECTION if "source_record" in kw else Case.Source.COMPLAINT,
        party_kind=Case.PartyKind.ORGANISATION,
        enterprise=cw.w.ent_a,
        occurred_on=kw.pop("occurred_on", TODAY() - dt.timedelta(days=30)),
        facts="仓库未设置安全警示标志，现场检查发现。",
        **kw,
    )


def investigated(cw: CaseWorld, *, filed_on: dt.date | None = None, evidence: bool = True) -> Case:
    filed_on = filed_on or TODAY() - dt.timedelta(days=20)
    case = registered(cw, occurred_on=min(TODAY() - dt.timedelta(days=30), filed_on - dt.timedelta(days=2)))
    case = services.case_file(actor=cw.head, case=case, filed_on=filed_on)
    case = services.case_investigate(
        actor=cw.inspector,
        case=case,
        officers=[cw.o1, cw.o2],
        day=filed_on,
        record="现场查看仓库，未见安全警示标志，负责人在场确认。",
        certificate_shown=True,
    )
    if evidence:
        services.case_evidence_add(
            actor=cw.inspector,
            case=case,
            kind="photo",
            description="仓库现场照片",
            fh=io.BytesIO(b"\x89PNG\r\n\x1a\n" + b"0" * 100),
            name="a.png",
        )
    return case


def proposed_penalty(cw: CaseWorld, fine: str = "30000", circumstance: str = "ordinary", **kw: Any) -> Case:
    case = investigated(cw, **kw)
    return services.case_propose(
        actor=cw.inspector,
        case=case,
        outcome=Case.Outcome.PENALTY,
        circumstance=circumstance,
        harm=Case.Harm.SLIGHT,
        fine=Decimal(fine),
        discretion_note="初次被查，配合调查，按一般情节裁量。",
        proposed_on=investigation_day(case),  # the notices these tests date in the past follow it
    )


def investigation_day(case: Case) -> dt.date | None:
    step = case.steps.filter(kind="investigate").order_by("-day").first()
    return step.day if step is not None else None


def penalty(cw: CaseWorld, case: Case, fine: int, note: str, reason: str = "") -> Case:
    """An ordinary-circumstance penalty proposal by the inspector."""
    return services.case_propose(
        actor=cw.inspector,
        case=case,
        proposed_on=investigation_day(case),
        outcome="penalty",
        circumstance="ordinary",
        harm="slight",
        fine=Decimal(fine),
        discretion_note=note,
        out_of_range_reason=reason,
    )


def closed_penalty(cw: CaseWorld, fine: str = "30000") -> Case:
    """A penalty case notified ten days ago, decided, served, paid and closed today."""
    today = TODAY()
    case = services.case_notify(
        actor=cw.inspector, case=proposed_penalty(cw, fine=fine), notified_on=today - dt.timedelta(days=10)
    )
    case = services.case_decide(actor=cw.head, case=case)
    case = services.case_serve(actor=cw.inspector, case=case, served_on=today, method="direct", recipient="张三")
    case = services.case_payment_record(actor=cw.inspector, case=case, paid_on=today, amount=Decimal(fine))
    return services.case_close(actor=cw.head, case=case)


def test_general_procedure_end_to_end_with_documents_numbers_and_ledger(
    after_national_day: dt.date, cw: CaseWorld
) -> None:
    assert TODAY() == after_national_day == dt.date(2026, 10, 12)
    case = proposed_penalty(cw)
    assert case.number == f"{cw.body.short_name or cw.body.name}立〔{case.filed_on.year}〕1号"  # type: ignore[union-attr]
    assert case.decision_due == case.filed_on + dt.timedelta(days=90)  # type: ignore[operator]
    assert not case.hearing_eligible and not case.legal_review_required
    notified_on = TODAY() - dt.timedelta(days=10)  # Friday 10-02, in the holiday
    case = services.case_notify(actor=cw.inspector, case=case, notified_on=notified_on)
    assert case.statement_until == dt.date(2026, 10, 10)  # art. 85: 3 working days, 10-08, 09, Saturday 10
    case = services.case_decide(actor=cw.head, case=case)
    assert case.service_due == dt.date(2026, 10, 21)  # 7 working days after Monday 10-12
    case = services.case_serve(actor=cw.inspector, case=case, served_on=TODAY(), method="direct", recipient="张三")
    assert case.payment_due == TODAY() + dt.timedelta(days=15)  # calendar days (art. 67)
    case = services.case_payment_record(actor=cw.inspector, case=case, paid_on=TODAY(), amount=Decimal("30000"))
    case = services.case_close(actor=cw.head, case=case)
    assert case.status == Case.Status.CLOSED
    kinds = [d.kind for d in case.documents.all()]
    assert kinds == [
        DocumentKind.INSPECTION_RECORD,
        DocumentKind.PENALTY_NOTICE,
        DocumentKind.PENALTY_DECISION,
        DocumentKind.SERVICE_RECEIPT,
    ]
    decision = case.documents.get(kind=DocumentKind.PENALTY_DECISION)
    assert "罚决〔" in decision.number and decision.number.endswith("1号")
    assert services.document_intact(decision)
    with decision.file.open("rb") as fh, zipfile.ZipFile(fh) as z:
        xml = z.read("word/document.xml").decode()
    assert "峰灵酒业有限公司" in xml and "30,000.00" in xml and "{{" not in xml
    # the decision's hash, computed here from the archived bytes, is the one the ledger recorded
    with decision.file.open("rb") as fh:
        expected = hashlib.sha256(fh.read()).hexdigest()
    assert decision.algorithm == "sha256" and decision.digest == expected
    recorded = [
        json.loads(e.payload)
        for e in LedgerEntry.objects.filter(verb="case.document", target_id=str(case.pk), target_type="cases.case")
    ]
    [entry] = [p for p in recorded if p["document"] == decision.pk]
    assert entry["digest"] == expected and entry["kind"] == DocumentKind.PENALTY_DECISION
    assert entry["number"] == decision.number
    verbs = set(
        LedgerEntry.objects.filter(target_id=str(case.pk), target_type="cases.case").values_list("verb", flat=True)
    )
    assert {"case.register", "case.file", "case.investigate", "case.propose", "case.notify", "case.decide"} <= verbs
    assert {"case.serve", "case.payment", "case.close", "case.document"} <= verbs


def test_document_hash_in_ledger_detects_a_swapped_file(cw: CaseWorld) -> None:
    case = investigated(cw)
    doc = case.documents.get(kind=DocumentKind.INSPECTION_RECORD)
    entry = LedgerEntry.objects.filter(verb="case.document", target_id=str(case.pk)).last()
    assert entry is not None and doc.digest in entry.payload
    with doc.file.open("wb") as fh:
        fh.write(b"PK\x03\x04 tampered")
    assert not services.document_intact(CaseDocument.objects.get(pk=doc.pk))


def test_steps_out_of_order_are_refused_with_the_reason(cw: CaseWorld) -> None:
    case = registered(cw)
    with assert_nothing_changed(), pytest.raises(ValidationError, match="已立案"):
        services.case_investigate(
            actor=cw.inspector, case=case, officers=[cw.o1, cw.o2], day=TODAY(), record="x" * 20, certificate_shown=True
        )
    case = services.case_file(actor=cw.head, case=case)
    with assert_nothing_changed(), pytest.raises(ValidationError, match="调查"):
        penalty(cw, case, 30000, "一般情节裁量")
    with assert_nothing_changed(), pytest.raises(ValidationError):
        services.case_decide(actor=cw.head, case=case)
    with assert_nothing_changed(), pytest.raises(ValidationError):
        services.case_serve(actor=cw.inspector, case=case, served_on=TODAY(), method="direct", recipient="张三")
    case.refresh_from_db()
    assert case.status == Case.Status.FILED and not case.documents.filter(kind=DocumentKind.PENALTY_DECISION).exists()


def test_investigation_needs_two_certified_officers_who_showed_certificates(cw: CaseWorld) -> None:
    case = services.case_file(actor=cw.head, case=registered(cw))
    expired = OfficerFactory(body=cw.body, name="过期证", valid_until=TODAY() - dt.timedelta(days=1))
    with assert_nothing_changed(), pytest.raises(ValidationError, match="第四十二条"):
        services.case_investigate(
            actor=cw.inspector, case=case, officers=[cw.o1], day=TODAY(), record="x" * 20, certificate_shown=True
        )
    with assert_nothing_changed(), pytest.raises(ValidationError, match="过期证"):
        services.case_investigate(
            actor=cw.inspector,
            case=case,
            officers=[cw.o1, expired],
            day=TODAY(),
            record="x" * 20,
            certificate_shown=True,
        )
    with assert_nothing_changed(), pytest.raises(ValidationError, match="第五十五条"):
        services.case_investigate(
            actor=cw.inspector,
            case=case,
            officers=[cw.o1, cw.o2],
            day=TODAY(),
            record="x" * 20,
            certificate_shown=False,
        )
    case.refresh_from_db()
    assert not case.investigated and case.officers.count() == 0


def test_the_decision_waits_for_the_statement_period_unless_the_party_spoke(cw: CaseWorld) -> None:
    case = proposed_penalty(cw)
    case = services.case_notify(actor=cw.inspector, case=case, notified_on=TODAY())
    with assert_nothing_changed(), pytest.raises(ValidationError, match="陈述"):
        services.case_decide(actor=cw.head, case=case)
    services.case_statement_record(actor=cw.inspector, case=case, statement="已整改，请求从轻")
    assert services.case_decide(actor=cw.head, case=case).status == Case.Status.DECIDED


def test_no_heavier_penalty_after_the_notice(cw: CaseWorld) -> None:
    case = services.case_notify(actor=cw.inspector, case=proposed_penalty(cw), notified_on=TODAY())
    with assert_nothing_changed(), pytest.raises(ValidationError, match="第四十五条"):
        penalty(cw, case, 40000, "陈述后加重")
    lower = penalty(cw, case, 25000, "采纳申辩意见")
    assert lower.fine == Decimal(25000) and lower.status == Case.Status.NOTIFIED


def test_discretion_outside_the_benchmark_needs_a_reason_and_legal_review(cw: CaseWorld) -> None:
    case = investigated(cw)
    with assert_nothing_changed(), pytest.raises(ValidationError, match=r"20000\.00–50000\.00"):
        penalty(cw, case, 60000, "情节一般，按基准裁量")
    case = penalty(
        cw, case, 60000, "情节一般，按基准裁量", reason="当事人拒不配合且多次违法，依据地方规定从重至基准以上。"
    )
    assert case.legal_review_required
    services.case_notify(actor=cw.inspector, case=case, notified_on=TODAY() - dt.timedelta(days=10))
    with assert_nothing_changed(), pytest.raises(ValidationError, match="第五十八条"):
        services.case_decide(actor=cw.head, case=case)
    with assert_nothing_changed(), pytest.raises(PermissionDenied):
        services.case_legal_review(actor=cw.inspector, case=case, passed=True, opinion="同意")
    services.case_legal_review(actor=cw.legal, case=case, passed=True, opinion="事实清楚，同意。")
    assert services.case_decide(actor=cw.head, case=case).status == Case.Status.DECIDED


def test_hearing_right_deadlines_in_working_days(a_week_after_national_day: dt.date, cw: CaseWorld) -> None:
    case = proposed_penalty(cw, fine="100000", circumstance="aggravated")  # organisation threshold: hearing right
    assert case.hearing_eligible and case.legal_review_required
    notified_on = TODAY() - dt.timedelta(days=20)
    assert notified_on == dt.date(2026, 9, 29)
    case = services.case_notify(actor=cw.inspector, case=case, notified_on=notified_on)
    # 5 working days: 09-30, then (after the holiday) 10-08, 09, the make-up Saturday 10-10, and 10-12
    assert case.hearing_request_until == dt.date(2026, 10, 12)
    with assert_nothing_changed(Case), pytest.raises(ValidationError, match="第六十四条"):
        services.case_hearing_request(actor=cw.inspector, case=case, requested_on=dt.date(2026, 10, 13))
    case = services.case_hearing_request(actor=cw.inspector, case=case, requested_on=dt.date(2026, 10, 12))
    # the party is told at least 7 working days ahead: from Monday 10-19, Wednesday 10-28 at the earliest
    with assert_nothing_changed(Case), pytest.raises(ValidationError, match="7"):
        services.case_hearing_schedule(actor=cw.inspector, case=case, hearing_on=dt.date(2026, 10, 27))
    services.case_hearing_schedule(actor=cw.inspector, case=case, hearing_on=dt.date(2026, 10, 28))
    with assert_nothing_changed(), pytest.raises(ValidationError, match="听证"):
        services.case_decide(actor=cw.head, case=case)


def test_first_violation_waiver_needs_correction_and_education(cw: CaseWorld) -> None:
    case = investigated(cw)
    services.case_order_rectification(
        actor=cw.inspector, case=case, due=TODAY() + dt.timedelta(days=5), requirements="设置安全警示标志"
    )
    with assert_nothing_changed(), pytest.raises(ValidationError, match="改正"):
        services.case_propose(actor=cw.inspector, case=case, outcome="waiver", harm="slight", waiver=cw.first)
    services.case_correction_record(actor=cw.inspector, case=case, corrected_on=TODAY(), note="已设置")
    with assert_nothing_changed(), pytest.raises(ValidationError, match="危害"):  # minor list: no harm at all
        services.case_propose(actor=cw.inspector, case=case, outcome="waiver", harm="slight", waiver=cw.minor)
    case = services.case_propose(actor=cw.inspector, case=case, outcome="waiver", harm="slight", waiver=cw.first)
    with assert_nothing_changed(), pytest.raises(ValidationError, match="第三十三条"):
        services.case_decide(actor=cw.head, case=case)
    services.guidance_record(
        actor=cw.inspector,
        kind="guidance",
        day=TODAY(),
        enterprises=[cw.w.ent_a],
        topics="安全警示标志设置规范",
        problems_found=1,
        problems_solved=1,
        case=case,
    )
    case = services.case_decide(actor=cw.head, case=case)
    case = services.case_serve(actor=cw.inspector, case=case, served_on=TODAY(), method="direct", recipient="张三")
    case = services.case_close(actor=cw.head, case=case)
    assert case.outcome == Case.Outcome.WAIVER and case.documents.filter(kind=DocumentKind.NO_PENALTY_DECISION).exists()
    figures = selectors.case_figures(user=cw.w["supervisor"], year=TODAY().year)
    assert figures["waived"] == 1 and figures["first_violation_waived"] == 1 and figures["waived_enterprises"] == 1
    g = selectors.guidance_figures(user=cw.w["supervisor"], year=TODAY().year)
    assert g == {
        "visits": 1,
        "law_delivery": 0,
        "guidance": 1,
        "enterprises": 1,
        "problems_found": 1,
        "problems_solved": 1,
    }

    # the same party again within two years is no longer a first violator
    again = investigated(cw)
    services.case_order_rectification(
        actor=cw.inspector, case=again, due=TODAY() + dt.timedelta(days=5), requirements="设置标志"
    )
    services.case_correction_record(actor=cw.inspector, case=again, corrected_on=TODAY(), note="已设置")
    with assert_nothing_changed(), pytest.raises(ValidationError, match="首次"):
        services.case_propose(actor=cw.inspector, case=again, outcome="waiver", harm="slight", waiver=cw.first)


def test_summary_procedure_caps_and_on_the_spot_collection(cw: CaseWorld) -> None:
    common = dict(
        actor=cw.inspector,
        body=cw.body,
        violation=cw.violation,
        facts="现场发现未设置警示标志。",
        officers=[cw.o1, cw.o2],
        warning=False,
        statement="",
    )
    with assert_nothing_changed(), pytest.raises(ValidationError, match="3000"):
        services.case_summary(party_kind="organisation", enterprise=cw.w.ent_a, fine=Decimal(3001), **common)
    with assert_nothing_changed(), pytest.raises(ValidationError, match="200"):
        services.case_summary(party_kind="person", party_name="李某", fine=Decimal(201), **common)
    with assert_nothing_changed(), pytest.raises(ValidationError, match="100"):
        services.case_summary(
            party_kind="person", party_name="李某", fine=Decimal(150), paid_on_the_spot=True, **common
        )
    case = services.case_summary(
        party_kind="person", party_name="李某", fine=Decimal(100), paid_on_the_spot=True, **common
    )
    assert case.status == Case.Status.EXECUTED and case.procedure == Case.Procedure.SUMMARY
    assert {d.kind for d in case.documents.all()} == {DocumentKind.PENALTY_DECISION, DocumentKind.SERVICE_RECEIPT}


def test_late_payment_owes_the_capped_late_fee(cw: CaseWorld) -> None:
    case = services.case_notify(
        actor=cw.inspector,
        case=proposed_penalty(cw, fine="20000", filed_on=TODAY() - dt.timedelta(days=60)),
        notified_on=TODAY() - dt.timedelta(days=50),
    )
    case = services.case_decide(actor=cw.head, case=case, decided_on=TODAY() - dt.timedelta(days=40))
    case = services.case_serve(
        actor=cw.inspector, case=case, served_on=TODAY() - dt.timedelta(days=40), method="direct", recipient="张三"
    )
    # due 25 days ago: 3% x 25 = 75% of the fine
    with assert_nothing_changed(), pytest.raises(ValidationError, match=r"35000\.00"):
        services.case_payment_record(actor=cw.inspector, case=case, paid_on=TODAY(), amount=Decimal(20000))
    case = services.case_payment_record(actor=cw.inspector, case=case, paid_on=TODAY(), amount=Decimal(35000))
    assert case.late_fee == Decimal("15000.00")


@given(
    fine=st.decimals(min_value=1, max_value=10**7, places=2),
    late=st.integers(min_value=-30, max_value=400),
)
def test_late_fee_is_three_percent_a_day_never_above_the_fine(fine: Decimal, late: int) -> None:
    due = dt.date(2026, 1, 15)
    fee = rules.late_fee(fine=fine, payment_due=due, paid_on=due + dt.timedelta(days=late))
    assert Decimal(0) <= fee <= fine
    if late <= 0:
        assert fee == 0
    elif late < 34:  # 3% * 33 = 99%: below the cap
        assert abs(fee - fine * Decimal("0.03") * late) <= Decimal("0.005")
    else:
        assert fee == fine.quantize(Decimal("0.01"))


def test_limitation_period_refuses_old_violations(cw: CaseWorld) -> None:
    with assert_nothing_changed(), pytest.raises(ValidationError, match="第三十六条"):
        registered(cw, occurred_on=TODAY() - dt.timedelta(days=2 * 366 + 1))


def test_only_the_body_acts_and_others_do_not_see_its_cases(cw: CaseWorld) -> None:
    case = registered(cw)
    with assert_nothing_changed(), pytest.raises(PermissionDenied):
        services.case_file(actor=cw.inspector, case=case)  # the head files
    with assert_nothing_changed(), pytest.raises(PermissionDenied):
        services.case_file(actor=cw.w["inspector_b"], case=case)
    with assert_nothing_changed(), pytest.raises(PermissionDenied):
        services.case_file(actor=cw.w["supervisor"], case=case)
    assert list(selectors.case_list(user=cw.w["inspector_b"])) == []
    assert list(selectors.case_list(user=cw.w["enterprise"])) == []
    assert list(selectors.case_list(user=cw.w["sysadmin"])) == []
    assert [c.pk for c in selectors.case_list(user=cw.w["supervisor"])] == [case.pk]
    assert [c.pk for c in selectors.case_list(user=cw.w["leader_a"])] == [case.pk]
    case.refresh_from_db()
    assert case.status == Case.Status.REGISTERED


def test_deadline_breaches_raise_supervision_warnings(cw: CaseWorld, django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        case = investigated(cw, filed_on=TODAY() - dt.timedelta(days=95))
    assert Warning.objects.filter(rule__code="case_decision_overdue", case=case).count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        services.preservation_register(
            actor=cw.inspector, case=case, items="白酒20箱", registered_on=TODAY() - dt.timedelta(days=20)
        )
    assert Warning.objects.filter(rule__code="case_preservation_overdue", case=case).count() == 1
    from fazhi.supervision.case_rules import scan_cases

    assert scan_cases() == 0  # idempotent
    w = Warning.objects.get(rule__code="case_decision_overdue", case=case)
    assert w.body == cw.body and w.region == cw.w.village_a
    # an extension cannot be approved after the deadline passed
    with assert_nothing_changed(), pytest.raises(ValidationError, match="已过"):
        services.case_extend(actor=cw.head, case=case, days=30, reason="案情复杂需补充鉴定")


def test_extension_moves_the_deadline(cw: CaseWorld) -> None:
    case = investigated(cw)
    due = case.decision_due
    ext = services.case_extend(actor=cw.head, case=case, days=30, reason="案情复杂需补充鉴定")
    case.refresh_from_db()
    assert case.decision_due == ext.new_due == due + dt.timedelta(days=30)  # type: ignore[operator]


def test_case_file_review_scores_and_rates(cw: CaseWorld) -> None:
    case = closed_penalty(cw)
    checks = services.prechecks(case)
    assert all(c.ok for c in checks.values()), checks
    with assert_nothing_changed(), pytest.raises(PermissionDenied):
        services.case_review_submit(actor=cw.inspector, case=case, marks={})
    with assert_nothing_changed(), pytest.raises(ValidationError, match="0"):
        services.case_review_submit(
            actor=cw.w["supervisor"], case=case, marks={"p_cover": services.Mark(deduction=Decimal(6), note="缺目录")}
        )
    review = services.case_review_submit(
        actor=cw.w["supervisor"], case=case, marks={"p_cover": services.Mark(deduction=Decimal(2), note="缺页码")}
    )
    assert review.total == Decimal(98) and review.procedure_ok and not review.documents_ok and review.evidence_ok
    rates = selectors.review_rates(user=cw.w["supervisor"], year=TODAY().year)
    assert rates == [
        {
            "body_id": cw.body.pk,
            "body": cw.body.name,
            "reviewed": 1,
            "vetoed": 0,
            "procedure_rate": Decimal("100.0"),
            "document_rate": Decimal("0.0"),
            "evidence_rate": Decimal("100.0"),
            "average": Decimal("98.0"),
        }
    ]


def test_review_veto_fails_the_file(cw: CaseWorld) -> None:
    case = closed_penalty(cw, fine="20000")
    review = services.case_review_submit(
        actor=cw.w["supervisor"], case=case, marks={"veto_evidence": services.Mark(failed=True, note="证据不足")}
    )
    assert review.vetoed and review.total == 0 and not review.evidence_ok and review.procedure_ok


def test_remedies_are_counted(cw: CaseWorld) -> None:
    case = services.case_notify(
        actor=cw.inspector, case=proposed_penalty(cw), notified_on=TODAY() - dt.timedelta(days=10)
    )
    case = services.case_decide(actor=cw.head, case=case)
    r = services.remedy_record(
        actor=cw.inspector, case=case, kind="reconsideration", filed_on=TODAY(), organ="巫溪县人民政府"
    )
    services.remedy_conclude(actor=cw.inspector, remedy=r, result="changed", concluded_on=TODAY())
    f = selectors.case_figures(user=cw.w["supervisor"], year=TODAY().year)
    assert f["reconsiderations"] == 1 and f["remedies_corrected"] == 1 and f["litigations"] == 0


def test_county_template_replaces_the_default_and_cannot_escape_the_sandbox(cw: CaseWorld) -> None:
    from docx import Document

    def docx(text: str) -> io.BytesIO:
        d = Document()
        d.add_paragraph(text)
        out = io.BytesIO()
        d.save(out)
        out.seek(0)
        return out

    sup = cw.w["supervisor"]
    with assert_nothing_changed(), pytest.raises(ValidationError, match="字段"):
        services.template_upload(actor=sup, kind="inspection_record", fh=docx("{{ no_such_field }}"))
    with assert_nothing_changed(), pytest.raises(ValidationError):
        services.template_upload(actor=sup, kind="inspection_record", fh=docx("{{ ''.__class__.__mro__ }}"))
    with assert_nothing_changed(), pytest.raises(ValidationError, match="Word"):
        services.template_upload(actor=sup, kind="inspection_record", fh=io.BytesIO(b"not a zip"))
    with assert_nothing_changed(), pytest.raises(PermissionDenied):
        services.template_upload(actor=cw.inspector, kind="inspection_record", fh=docx("{{ number }}"))
    services.template_upload(
        actor=sup,
        kind="inspection_record",
        fh=docx("县定制笔录 {{ number }} {{ party.name }} {{ step_date }} {{ officers }} {{ record }}"),
    )
    case = investigated(cw)
    doc = case.documents.get(kind="inspection_record")
    assert doc.template.startswith("county:")
    with doc.file.open("rb") as fh, zipfile.ZipFile(fh) as z:
        assert "县定制笔录" in z.read("word/document.xml").decode()


def test_waiver_evaluation_reports_each_condition(cw: CaseWorld) -> None:
    case = investigated(cw)
    evaluation = dict(services.waiver_evaluate(case))
    first = {r.code: r.met for r in evaluation[cw.first]}
    assert first == {"first": True, "harm": None, "corrected": None, "consequence": True}
    assert Waiver.objects.count() == 2


def test_numbers_run_per_body_year_and_series_without_gaps(cw: CaseWorld) -> None:
    from django.db import transaction

    from fazhi.cases.services.common import next_number

    year = TODAY().year
    with transaction.atomic():
        numbers = [next_number(cw.body, "penalty_decision", year) for _ in range(5)]
        other_year = next_number(cw.body, "penalty_decision", year + 1)
        other_series = next_number(cw.body, "penalty_notice", year)
        other_body = next_number(cw.w.body_b, "penalty_decision", year)
    abbr = cw.body.short_name or cw.body.name
    assert numbers == [f"{abbr}罚决〔{year}〕{n}号" for n in range(1, 6)]
    assert other_year.endswith(f"〔{year + 1}〕1号") and other_series.endswith(f"罚告〔{year}〕1号")
    assert other_body.endswith(f"〔{year}〕1号") and other_body.startswith(cw.w.body_b.short_name or cw.w.body_b.name)


def test_the_sample_a_county_template_is_checked_against_has_every_field(cw: CaseWorld) -> None:
    """An uploaded template is accepted when it renders with the sample; the sample must offer
    exactly what a real case gives, or a template could pass the check and fail on a case."""
    from fazhi.cases.services.documents import context, sample_context

    def shape(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: shape(v) for k, v in value.items()}
        if isinstance(value, list):
            return [shape(value[0])] if value else []
        return type(value).__name__

    real = context(investigated(cw), number="x", step=None)
    assert shape(real) == shape(sample_context())
