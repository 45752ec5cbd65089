"""Issue 15 item 7: natural persons are not published in full, and penalty decisions are published
(国办发〔2018〕118号: within 7 working days), withdrawn when changed or revoked (处罚法 art. 48:
within 3 working days), with warnings when either is late."""

# pinned-calendar: the deadline test travels to the 2026 National Day (tests/pinned.py), a bundled year

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from fazhi.cases import services
from fazhi.cases.models import Case, DecisionPublication
from fazhi.cases.services import publication as decision_pub
from fazhi.core.errors import PermissionDenied, ValidationError
from fazhi.core.models import LedgerEntry
from fazhi.inspections import draws, publication
from fazhi.inspections.models import Publication
from fazhi.registry.disclosure import public_business_name, public_party, public_person_name, public_uscc
from fazhi.supervision.case_rules import scan_cases
from fazhi.supervision.models import Warning
from tests.dbutil import assert_nothing_changed
from tests.factories import CaseWorld, EnterpriseFactory
from tests.pinned import at
from tests.test_cases import proposed_penalty
from tests.test_onsite_pages import Onsite, finished, site  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate
INDIVIDUAL = "92500238MA5U6ABC1X"  # 个体工商户: registration authority 9, type 2


@pytest.fixture
def cw(world: Any) -> CaseWorld:
    return CaseWorld(world)


def make_individual(ent: Any, name: str = "巫溪县张三丰餐饮店") -> None:
    ent.uscc, ent.name, ent.legal_representative = INDIVIDUAL, name, "张三丰"
    ent.save()


# --- the redaction rule -----------------------------------------------------------------------------


def test_the_redaction_rule_on_written_examples() -> None:
    assert public_business_name("巫溪县张三丰餐饮店") == "巫*****餐饮店"
    assert public_business_name("李记面馆") == "李*面馆"
    assert public_business_name("王五") == "王*"  # the owner's own name: first character only
    assert public_business_name("王馆") == "王*"  # too short to have a trade name before the ending
    assert public_person_name("张三丰") == "张**"
    assert public_uscc(INDIVIDUAL) == "92500238******BC1X"
    assert public_uscc("91500238MA5U6ABC1X") == "91500238MA5U6ABC1X"  # an organisation: in full
    org = public_party(name="峰灵酒业有限公司", uscc="91500238MA5U6ABC1X")
    assert (org.name, org.redacted) == ("峰灵酒业有限公司", False)
    person = public_party(name="张三丰", natural_person=True)
    assert (person.name, person.uscc, person.redacted) == ("张**", "", True)
    # idempotent: what is already masked stays as it is
    assert public_business_name("巫*****餐饮店") == "巫*****餐饮店"
    assert public_person_name("张**") == "张**"
    assert public_uscc("92500238******BC1X") == "92500238******BC1X"


# --- inspection results and draws -------------------------------------------------------------------


def test_an_individual_business_is_redacted_on_the_published_result(site: Onsite, world: Any) -> None:  # noqa: F811
    make_individual(world.ent_a)
    finished(site, outcome="no_issue")
    pub = Publication.objects.get()
    publication.publication_publish(actor=world["head_a"], publication=pub)
    public = Client()
    for html in (
        public.get(reverse("public:result", args=[pub.pk])).content.decode(),
        public.get(reverse("public:results")).content.decode(),
    ):
        assert "巫*****餐饮店" in html
        assert "张三丰" not in html and "巫溪县张三丰餐饮店" not in html and INDIVIDUAL not in html
    assert "张三丰" not in pub.title


def test_an_individual_business_is_redacted_on_the_public_draw_but_its_code_stays(site: Onsite, world: Any) -> None:  # noqa: F811
    for i in range(3):
        EnterpriseFactory(region=world.village_a, name=f"巫溪县李{i}四小吃店", uscc=f"92500238MA5U6AB{i}1X")
    item = draws.random_draw_create(
        actor=world["head_a"], body=world.body_a, matter=site.matter_a, region=world.town_a, ratio_pct=100
    )
    html = Client().get(reverse("public:draw", args=[item.pk])).content.decode()
    assert "巫溪县李0四小吃店" not in html and "巫*****小吃店" in html
    assert "92500238MA5U6AB01X" in html  # the draw is re-run from the codes: they stay published
    assert 'data-confirmed="1"' in html


# --- penalty decisions --------------------------------------------------------------------------------


def decided(cw: CaseWorld, *, decided_ago: int = 0, filed_ago: int = 20, notified_ago: int = 10) -> Case:
    case = proposed_penalty(cw, filed_on=TODAY() - dt.timedelta(days=filed_ago))
    case = services.case_notify(actor=cw.inspector, case=case, notified_on=TODAY() - dt.timedelta(days=notified_ago))
    return services.case_decide(actor=cw.head, case=case, decided_on=TODAY() - dt.timedelta(days=decided_ago))


def test_a_penalty_decision_is_published_redacted_by_the_queued_task(
    cw: CaseWorld, django_capture_on_commit_callbacks: Any
) -> None:
    make_individual(cw.w.ent_a)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        case = decided(cw)
    assert callbacks  # published through the queue, after the decision committed
    pub = DecisionPublication.objects.get(case=case)
    assert pub.status == "published" and pub.published_at is not None
    public = Client()
    listing = public.get(reverse("cases_public:decisions")).content.decode()
    page = public.get(reverse("cases_public:decision", args=[pub.pk])).content.decode()
    for html in (listing, page):
        assert "巫*****餐饮店" in html and "张三丰" not in html and "巫溪县张三丰餐饮店" not in html
    assert "92500238******BC1X" in page and INDIVIDUAL not in page
    assert "30000.00" in page and cw.violation.name in page
    assert "仓库未设置安全警示标志" not in page  # the free-text facts are never published
    assert LedgerEntry.objects.filter(verb="decision_publication.published", target_id=str(pub.pk)).exists()
    assert not Warning.objects.filter(case=case, rule__code__in=["case_publication_late", "case_withdrawal_late"])


def test_a_decision_waits_unpublished_until_the_task_runs_and_is_not_public(cw: CaseWorld) -> None:
    case = decided(cw)  # the commit callbacks are not run: the task has not run yet
    pub = DecisionPublication.objects.get(case=case)
    assert pub.status == "pending"
    assert Client().get(reverse("cases_public:decision", args=[pub.pk])).status_code == 404
    assert f'data-decision="{pub.pk}"' not in Client().get(reverse("cases_public:decisions")).content.decode()


def test_waivers_and_on_the_spot_decisions_are_not_published(cw: CaseWorld) -> None:
    case = services.case_summary(
        actor=cw.inspector,
        body=cw.body,
        violation=cw.violation,
        party_kind=Case.PartyKind.ORGANISATION,
        enterprise=cw.w.ent_a,
        facts="当场发现未设置安全警示标志。",
        officers=[cw.o1, cw.o2],
        fine=Decimal(100),
        warning=False,
        statement="无异议",
    )
    assert not DecisionPublication.objects.filter(case=case).exists()


def test_the_publication_and_withdrawal_deadlines_in_working_days(cw: CaseWorld) -> None:
    # decided on Wednesday 2026-09-30: 7 working days skip the National Day week (10-01..07) and
    # count the make-up Saturday 10-10: 10-08, 09, 10, 12, 13, 14, 15
    with at(dt.date(2026, 10, 20)):
        case = decided(cw, filed_ago=45, notified_ago=30, decided_ago=20)
        pub = DecisionPublication.objects.get(case=case)
        assert case.decided_on == dt.date(2026, 9, 30)
        assert pub.due == dt.date(2026, 10, 15)
        r = services.remedy_record(
            actor=cw.inspector, case=case, kind="reconsideration", filed_on=dt.date(2026, 9, 30), organ="巫溪县人民政府"
        )
        services.remedy_conclude(actor=cw.inspector, remedy=r, result="revoked", concluded_on=dt.date(2026, 9, 30))
        pub.refresh_from_db()
        assert pub.withdraw_due == dt.date(2026, 10, 10)  # 10-08, 09 and the make-up Saturday


def test_late_publication_raises_the_warning(cw: CaseWorld, django_capture_on_commit_callbacks: Any) -> None:
    # entered three weeks after the decision: published now, past the 7 working days
    with django_capture_on_commit_callbacks(execute=True):
        case = decided(cw, filed_ago=60, notified_ago=40, decided_ago=21)
    pub = DecisionPublication.objects.get(case=case)
    assert pub.status == "published" and pub.due < TODAY()
    w = Warning.objects.get(rule__code="case_publication_late", case=case)
    assert w.evidence["publication_due"] == str(pub.due) and w.body == cw.body
    assert scan_cases() == 0  # idempotent


def test_a_pending_notice_past_its_due_date_is_found_by_the_nightly_scan(cw: CaseWorld) -> None:
    case = decided(cw, filed_ago=60, notified_ago=40, decided_ago=21)  # the task never ran
    assert scan_cases(since=TODAY() - dt.timedelta(days=92)) >= 1
    assert Warning.objects.filter(rule__code="case_publication_late", case=case).count() == 1


def test_a_revoked_decision_is_withdrawn_and_late_withdrawal_warns(
    cw: CaseWorld, django_capture_on_commit_callbacks: Any
) -> None:
    decision_day = TODAY() - dt.timedelta(days=14)
    with at(decision_day), django_capture_on_commit_callbacks(execute=True):
        case = decided(cw)  # published that day, in time
    pub = DecisionPublication.objects.get(case=case)
    r = services.remedy_record(
        actor=cw.inspector, case=case, kind="litigation", filed_on=decision_day, organ="巫溪县人民法院"
    )
    # the court's judgment is recorded ten days after it was given: the notice comes down late
    with django_capture_on_commit_callbacks(execute=False):  # the withdrawal task does not run
        services.remedy_conclude(
            actor=cw.inspector, remedy=r, result="revoked", concluded_on=TODAY() - dt.timedelta(days=10)
        )
    pub.refresh_from_db()
    assert pub.status == "published" and pub.withdraw_due is not None and pub.withdraw_due < TODAY()
    scan_cases(since=TODAY() - dt.timedelta(days=92))
    assert Warning.objects.filter(rule__code="case_withdrawal_late", case=case).count() == 1
    decision_pub.decision_withdraw(case_id=case.pk)  # the task, run now
    pub.refresh_from_db()
    assert pub.status == "withdrawn"
    public = Client()
    assert str(pub.content["number"]) not in public.get(reverse("cases_public:decisions")).content.decode()
    page = public.get(reverse("cases_public:decision", args=[pub.pk])).content.decode()
    assert "data-withdrawn" in page and "巫溪县人民法院" in page


def test_a_revoked_decision_withdrawn_in_time_raises_nothing(
    cw: CaseWorld, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        case = decided(cw)
        r = services.remedy_record(
            actor=cw.inspector, case=case, kind="reconsideration", filed_on=TODAY(), organ="巫溪县人民政府"
        )
        services.remedy_conclude(actor=cw.inspector, remedy=r, result="changed", concluded_on=TODAY())
    pub = DecisionPublication.objects.get(case=case)
    assert pub.status == "withdrawn"
    scan_cases(since=TODAY() - dt.timedelta(days=92))
    assert not Warning.objects.filter(case=case, rule__code__in=["case_publication_late", "case_withdrawal_late"])


def test_the_body_withdraws_its_own_corrected_decision_and_others_cannot(
    cw: CaseWorld, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        case = decided(cw)
    with assert_nothing_changed(), pytest.raises(PermissionDenied):
        services.decision_publication_withdraw(actor=cw.inspector, case=case, corrected_on=TODAY(), reason="自行撤销")
    with assert_nothing_changed(), pytest.raises(PermissionDenied):
        services.decision_publication_withdraw(
            actor=cw.w["supervisor"], case=case, corrected_on=TODAY(), reason="自行撤销"
        )
    with assert_nothing_changed(), pytest.raises(ValidationError) as exc:
        services.decision_publication_withdraw(
            actor=cw.head, case=case, corrected_on=TODAY() + dt.timedelta(days=1), reason=""
        )
    assert set(exc.value.details) == {"reason", "corrected_on"}
    head = Client()
    head.force_login(cw.head)
    with django_capture_on_commit_callbacks(execute=True):
        response = head.post(
            reverse("cases:detail", args=[case.pk]),
            {
                "action": "publication_withdraw",
                "day": TODAY().isoformat(),
                "reason": "本机关发现适用法律错误，已撤销原决定",
            },
        )
    assert response.status_code == 302
    pub = DecisionPublication.objects.get(case=case)
    assert pub.status == "withdrawn" and pub.withdraw_reason.startswith("本机关")
    assert case.steps.filter(kind="decision_corrected").exists()
