"""A case taken through every step from its page: each form's ``action`` reaches its handler, the
handler's service records the step, and a refusal shows the page again with what was typed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from fazhi.cases.models import Case, CaseStep, GuidanceVisit, Preservation, Remedy
from tests.dbutil import assert_nothing_changed
from tests.factories import CaseWorld
from tests.test_cases import registered

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def cw(world: Any) -> CaseWorld:
    return CaseWorld(world)


def client_for(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def step(c: Client, case: Case, action: str, **form: Any) -> Case:
    """Post one step from the case page; it must succeed (redirect to the page)."""
    r = c.post(f"/cases/{case.pk}/", {"action": action, **form})
    assert r.status_code == 302, (action, [str(m) for m in r.context["messages"]] if r.context else r.status_code)
    return Case.objects.get(pk=case.pk)


def test_a_penalty_case_from_filing_to_reconsideration_through_the_page(cw: CaseWorld) -> None:
    today = timezone.localdate()
    inspector, head = client_for(cw.inspector), client_for(cw.head)
    case = registered(cw)
    case = step(head, case, "file")
    assert case.status == Case.Status.FILED and case.number
    case = step(head, case, "extend", days="10", reason="需补充鉴定意见")
    assert case.decision_due == case.filed_on + dt.timedelta(days=100)
    case = step(
        inspector,
        case,
        "investigate",
        officers=[cw.o1.pk, cw.o2.pk],
        day=today.isoformat(),  # filed today: the investigation cannot precede it (step dates)
        record="现场查看仓库，未见安全警示标志，负责人在场确认。",
        certificate_shown="1",
    )
    assert case.investigated
    r = inspector.post(
        f"/cases/{case.pk}/",
        {"action": "evidence", "kind": "photo", "description": "现场照片", "file": SimpleUploadedFile("a.png", PNG)},
    )
    assert r.status_code == 302 and case.evidence.count() == 1
    case = step(
        inspector, case, "rectify", due=(today + dt.timedelta(days=7)).isoformat(), requirements="设置安全警示标志"
    )
    assert case.rectification_due == today + dt.timedelta(days=7)
    case = step(inspector, case, "corrected", day=today.isoformat(), note="已设置")
    assert case.corrected_on == today
    step(inspector, case, "preserve", items="灭火器两具", day=today.isoformat())
    preservation = Preservation.objects.get(case=case)
    step(inspector, case, "preserve_decide", preservation=preservation.pk, decision="退还", day=today.isoformat())
    preservation.refresh_from_db()
    assert preservation.decision == "退还"
    case = step(
        inspector,
        case,
        "propose",
        outcome="penalty",
        circumstance="ordinary",
        harm="slight",
        fine="30000",
        discretion_note="初次被查，配合调查，按一般情节裁量。",
    )
    assert (case.status, case.fine) == (Case.Status.PROPOSED, Decimal(30000))
    case = step(inspector, case, "notify", day=today.isoformat())  # proposed today: not before it
    assert case.status == Case.Status.NOTIFIED
    case = step(inspector, case, "statement", statement="当事人表示已整改，请求从轻。")
    assert "请求从轻" in case.statement
    case = step(head, case, "decide")
    assert case.status == Case.Status.DECIDED
    case = step(inspector, case, "serve", day=today.isoformat(), method="direct", recipient="张三")
    case = step(inspector, case, "pay", day=today.isoformat(), amount="30000")
    assert case.status == Case.Status.EXECUTED
    case = step(head, case, "close")
    assert case.status == Case.Status.CLOSED
    step(inspector, case, "remedy", kind="reconsideration", day=today.isoformat(), organ="巫溪县人民政府")
    remedy = Remedy.objects.get(case=case)
    step(inspector, case, "remedy_result", remedy=remedy.pk, result="upheld", day=today.isoformat(), note="维持")
    remedy.refresh_from_db()
    assert remedy.result == Remedy.Result.UPHELD
    kinds = list(CaseStep.objects.filter(case=case).values_list("kind", flat=True))
    for kind in ("file", "extend", "investigate", "evidence", "preservation", "propose", "decide", "serve", "close"):
        assert kind in kinds, kind


def test_a_waiver_and_the_steps_around_a_hearing_through_the_page(cw: CaseWorld) -> None:
    today = timezone.localdate()
    inspector, head = client_for(cw.inspector), client_for(cw.head)
    case = step(head, registered(cw, major=True), "file")
    case = step(
        inspector,
        case,
        "investigate",
        officers=[cw.o1.pk, cw.o2.pk],
        day=today.isoformat(),
        record="现场查看仓库，未见安全警示标志，负责人在场确认。",
        certificate_shown="1",
    )
    step(inspector, case, "evidence", kind="statement", description="询问笔录")
    case = step(inspector, case, "rectify", due=(today + dt.timedelta(days=3)).isoformat(), requirements="立即设置")
    case = step(inspector, case, "corrected", day=today.isoformat(), note="已设置")
    case = step(
        inspector,
        case,
        "propose",
        outcome="waiver",
        waiver=cw.first.pk,
        harm="slight",
        discretion_note="首次违法，及时改正。",
    )
    assert (case.outcome, case.waiver_id, case.legal_review_required) == ("waiver", cw.first.pk, True)
    legal = client_for(cw.legal)
    case = step(legal, case, "legal_review", passed="1", opinion="事实清楚，适用首违不罚。")
    assert case.legal_review_passed is True
    case = step(head, case, "collective", day=today.isoformat(), minutes="集体讨论同意首违不罚，并开展合规指导。")
    step(inspector, case, "education", day=today.isoformat(), topics="安全生产法", found="1", solved="1")
    assert GuidanceVisit.objects.filter(case=case).exists()
    case = step(head, case, "decide")
    assert case.status == Case.Status.DECIDED and case.outcome == Case.Outcome.WAIVER


def test_the_hearing_steps_and_execution_without_a_fine_through_the_page(cw: CaseWorld) -> None:
    today = timezone.localdate()
    inspector, head = client_for(cw.inspector), client_for(cw.head)
    case = step(head, registered(cw), "file")
    case = step(
        inspector,
        case,
        "investigate",
        officers=[cw.o1.pk, cw.o2.pk],
        day=today.isoformat(),
        record="现场查看仓库，未见安全警示标志，负责人在场确认。",
        certificate_shown="1",
    )
    step(inspector, case, "evidence", kind="statement", description="询问笔录")
    case = step(
        inspector,
        case,
        "propose",
        outcome="penalty",
        circumstance="aggravated",
        harm="serious",
        other_penalties="责令停产停业一个月",
        discretion_note="多次违法，情节严重。",
        out_of_range_reason="情节严重，依法责令停产停业而不处罚款。",
    )
    assert case.hearing_eligible
    case = step(inspector, case, "notify", day=today.isoformat())
    case = step(inspector, case, "hearing_request", day=today.isoformat())
    assert case.status == Case.Status.HEARING
    hearing_on = today + dt.timedelta(days=30)
    case = step(inspector, case, "hearing_schedule", day=hearing_on.isoformat())
    assert case.hearing_on == hearing_on
    r = inspector.post(f"/cases/{case.pk}/", {"action": "hearing_hold", "record": "听证会记录：当事人陈述意见。"})
    assert r.status_code == 422 and "听证尚未举行" in r.content.decode()  # the hearing is a month away
    assert r.context["posted"]["record"] == "听证会记录：当事人陈述意见。"


def test_a_case_not_pursued_and_an_unknown_action(cw: CaseWorld) -> None:
    head = client_for(cw.head)
    case = registered(cw)
    with assert_nothing_changed():
        r = head.post(f"/cases/{case.pk}/", {"action": "nonsense"}, follow=True)
    assert "未知操作" in r.content.decode()
    case = step(head, case, "drop", reason="经核实不构成违法")
    assert case.status == Case.Status.DROPPED


def test_a_summary_case_is_executed_from_the_page(cw: CaseWorld) -> None:
    inspector = client_for(cw.inspector)
    r = inspector.post(
        "/cases/summary/",
        {
            "violation": cw.violation.pk,
            "party_kind": "person",
            "party_name": "王某",
            "facts": "现场发现未设置安全警示标志，当场指出。",
            "officers": [cw.o1.pk, cw.o2.pk],
            "fine": "0",
            "warning": "1",
        },
    )
    assert r.status_code == 302
    case = Case.objects.get(procedure=Case.Procedure.SUMMARY)
    case = step(inspector, case, "execute", note="警告已当场宣告")
    assert case.status == Case.Status.EXECUTED


def test_the_proposal_form_carries_its_date_and_the_step_rule_holds_on_the_page(cw: CaseWorld) -> None:
    from tests.test_cases import investigated

    today = timezone.localdate()
    case = investigated(cw, filed_on=today - dt.timedelta(days=5))
    inspector = client_for(cw.inspector)
    form = {
        "action": "propose",
        "outcome": "penalty",
        "circumstance": "ordinary",
        "harm": "slight",
        "fine": "30000",
        "discretion_note": "初次被查，配合调查，按一般情节裁量。",
    }
    with assert_nothing_changed():
        refused = inspector.post(f"/cases/{case.pk}/", {**form, "day": (today + dt.timedelta(days=1)).isoformat()})
    assert refused.status_code == 422
    case = step(inspector, case, **{**form, "day": (today - dt.timedelta(days=1)).isoformat()})
    assert case.status == Case.Status.PROPOSED
    assert CaseStep.objects.filter(case=case, kind="propose").get().day == today - dt.timedelta(days=1)
