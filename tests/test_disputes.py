"""Dispute services (issue 21): intake with sealed parties and duplicate suggestion, routing,
mediation and its clocks, agreements, follow-up visits and reopening, risk warnings. Every refusal
is checked to change nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection

from fazhi.accounts.scopes import SystemUser
from fazhi.core.errors import PermissionDenied, ValidationError
from fazhi.core.models import AccessLog, LedgerEntry
from fazhi.disputes import selectors, services
from fazhi.disputes.models import Agreement, Dispute, FollowUp, RiskWarning
from fazhi.disputes.services import PartyInput
from tests.dbutil import assert_nothing_changed
from tests.factories import DisputeWorld, party_resident_id

pytestmark = pytest.mark.django_db


@pytest.fixture
def dw(world: Any) -> DisputeWorld:
    return DisputeWorld(world)


def today() -> dt.date:
    from django.utils import timezone

    return timezone.localdate()


ID_1 = ("19800101", 11)
ID_2 = ("19850505", 22)


def parties() -> list[PartyInput]:
    return [
        PartyInput(name="张三", id_number=party_resident_id(*ID_1), phone="13812345678"),
        PartyInput(name="李四", side="respondent", id_number=party_resident_id(*ID_2), phone="13987654321"),
    ]


def intake(dw: DisputeWorld, actor: Any = None, **kw: Any) -> Dispute:
    args: dict[str, Any] = {
        "actor": actor or dw.grid,
        "township": dw.w.town_a,
        "village": dw.w.village_a,
        "source": "screening",
        "category": dw.neighbours,
        "parties": parties(),
        "description": "两户因排水沟堵塞发生争执",
        "police_related": True,
    }
    args.update(kw)
    return services.dispute_intake(**args)


def test_intake_seals_numbers_and_indexes_them(dw: DisputeWorld) -> None:
    d = intake(dw)
    assert d.number.startswith(f"JF500238117-{today().year}-")
    assert d.area_path == dw.w.village_a.path and d.level == "village" and d.status == "registered"
    with connection.cursor() as c:
        c.execute("SELECT id_number, phone FROM disputes_disputeparty ORDER BY id")
        raw = c.fetchall()
    assert all(v.startswith("fz1$") for row in raw for v in row)
    assert party_resident_id(*ID_1) not in str(raw) and "13812345678" not in str(raw)
    party = d.parties.get(name="张三")
    assert party.id_number == party_resident_id(*ID_1)
    assert party.id_number_masked == party_resident_id(*ID_1)[:3] + "*" * 11 + party_resident_id(*ID_1)[-4:]
    assert party.phone_masked == "138****5678"
    found = services.party_lookup(actor=dw.officer, id_number=party_resident_id(*ID_1).lower())
    assert [p.pk for p in found] == [party.pk]
    assert services.party_lookup(actor=dw.officer, phone="139 8765 4321")[0].name == "李四"
    assert LedgerEntry.objects.filter(verb="dispute.registered", target_id=str(d.pk)).count() == 1


def test_intake_collects_every_error_at_once(dw: DisputeWorld) -> None:
    bad = [PartyInput(name="", id_number="500238198001011234X", phone="12")]
    with assert_nothing_changed(), pytest.raises(ValidationError) as exc:
        intake(dw, parties=bad, description=" ", source="nowhere", category=None, amount=Decimal("-1"))
    details = exc.value.details
    for key in (
        "parties",
        "party_1_name",
        "party_1_id_number",
        "party_1_phone",
        "description",
        "source",
        "category",
        "amount",
    ):
        assert key in details, key
    assert "至少" in exc.value.message or "当事人" in exc.value.message


def test_same_parties_and_category_within_30_days_is_offered_for_merging(dw: DisputeWorld) -> None:
    first = intake(dw, received_on=today() - dt.timedelta(days=20))
    with assert_nothing_changed(), pytest.raises(services.DuplicateSuggested) as exc:
        intake(dw, parties=[PartyInput(name="张三", id_number=party_resident_id(*ID_1))])
    assert exc.value.details == {"duplicates": [first.pk]}
    services.dispute_report_again(actor=dw.grid, dispute=first, note="村民再次反映")
    assert first.steps.filter(kind="reported_again").exists()
    # another category, or 31 days later, or other parties: a new dispute
    intake(dw, category=dw.land)
    intake(dw, parties=[PartyInput(name="王五", id_number=party_resident_id("19700101", 33))])
    old = intake(
        dw,
        received_on=today() - dt.timedelta(days=40),
        category=dw.land,
        parties=[PartyInput(name="赵六", phone="13700001111")],
    )
    assert (
        services.duplicate_candidates(
            township=dw.w.town_a, category=dw.land, parties=[PartyInput(name="赵六", phone="13700001111")]
        )
        == []
    )
    assert old.pk
    # confirmed different: registered, and counted
    second = intake(dw, not_a_duplicate=True)
    services.dispute_merge(actor=dw.officer, dispute=second, into=first)
    second.refresh_from_db()
    assert second.status == "merged" and second.merged_into_id == first.pk


def test_grid_worker_of_another_township_and_the_county_cannot_register(dw: DisputeWorld) -> None:
    for user in (dw.grid_b, dw.w["supervisor"], dw.w["inspector_a"]):
        with assert_nothing_changed(), pytest.raises(PermissionDenied):
            intake(dw, actor=user)


def mediate_to_agreement(dw: DisputeWorld, d: Dispute, *, day: dt.date | None = None) -> Agreement:
    day = day or today()
    services.dispute_assign(actor=dw.officer, dispute=d, mediators=[dw.mediator])
    services.dispute_accept(actor=dw.grid2, dispute=d, day=day)
    services.session_record(actor=dw.grid2, dispute=d, held_on=day, notes="双方陈述", present=list(d.parties.all()))
    return services.agreement_record(actor=dw.grid2, dispute=d, form="written", terms="李四三日内疏通水沟", made_on=day)


def test_the_whole_way_to_a_closed_dispute(dw: DisputeWorld, settings: Any) -> None:
    d = intake(dw)
    services.dispute_route(
        actor=dw.officer, dispute=d, level="township", lead_org=dw.w["leader_a"].org_unit, joined_orgs=[dw.police]
    )
    d.refresh_from_db()
    assert d.level == "township" and list(d.joined_orgs.all()) == [dw.police]
    start = today() - dt.timedelta(days=100)
    Dispute.objects.filter(pk=d.pk).update(received_on=start)
    d.refresh_from_db()
    services.dispute_assign(actor=dw.officer, dispute=d, mediators=[dw.mediator])
    services.dispute_accept(actor=dw.grid2, dispute=d, day=start)
    d.refresh_from_db()
    assert d.deadline == start.replace(month=start.month % 12 + 1, year=start.year + (start.month == 12)) or d.deadline
    services.session_record(actor=dw.grid2, dispute=d, held_on=start, notes="双方陈述", present=list(d.parties.all()))
    agreement = services.agreement_record(actor=dw.grid2, dispute=d, form="written", terms="疏通水沟", made_on=start)
    d.refresh_from_db()
    assert d.status == "agreed" and d.outcome == "resolved"
    assert [f.due_on for f in agreement.follow_ups.all()] == [
        start + dt.timedelta(days=30),
        start + dt.timedelta(days=90),
    ]
    doc = services.agreement_document(actor=dw.grid2, agreement=agreement)
    import io
    import zipfile

    xml = zipfile.ZipFile(io.BytesIO(doc)).read("word/document.xml").decode()
    assert "人民调解协议书" in xml and "疏通水沟" in xml and "张三" in xml
    assert party_resident_id(*ID_1) not in xml and party_resident_id(*ID_1)[-4:] in xml
    first, second = agreement.follow_ups.all()
    services.follow_up_record(actor=dw.grid2, follow_up=first, performed=True, note="已疏通", visited_on=first.due_on)
    d.refresh_from_db()
    assert d.status == "agreed"
    services.follow_up_record(
        actor=dw.grid2, follow_up=second, performed=True, note="未再发生", visited_on=second.due_on
    )
    d.refresh_from_db()
    agreement.refresh_from_db()
    assert d.status == "closed" and agreement.performance == "performed"


def test_an_agreement_not_performed_reopens_the_dispute(dw: DisputeWorld) -> None:
    d = intake(dw)
    agreement = mediate_to_agreement(dw, d)
    visit = agreement.follow_ups.first()
    assert visit is not None
    services.follow_up_record(actor=dw.grid2, follow_up=visit, performed=False, note="未履行")
    d.refresh_from_db()
    agreement.refresh_from_db()
    assert d.status == "mediating" and d.reopened == 1 and d.outcome == "" and d.accepted_on == today()
    assert agreement.performance == "not_performed"
    assert not FollowUp.objects.filter(agreement=agreement, visited_on__isnull=True).exists()
    assert LedgerEntry.objects.filter(verb="dispute.reopened").count() == 1


def test_refusal_of_a_party_ends_mediation(dw: DisputeWorld) -> None:
    d = intake(dw)
    services.dispute_assign(actor=dw.officer, dispute=d, mediators=[dw.mediator])
    services.dispute_accept(actor=dw.grid2, dispute=d)
    party = d.parties.get(name="李四")
    services.party_refuse(actor=dw.grid2, dispute=d, party=party, reason="不同意调解")
    d.refresh_from_db()
    assert d.status == "terminated" and d.outcome == "not_resolved"
    with assert_nothing_changed(), pytest.raises(ValidationError):
        services.session_record(actor=dw.grid2, dispute=d, held_on=today(), notes="x", present=[party])
    services.dispute_refer(actor=dw.grid2, dispute=d, to="court", note="诉调对接")
    d.refresh_from_db()
    assert d.status == "referred" and d.referred_to == "court"


def test_time_limit_extension_and_termination(dw: DisputeWorld) -> None:
    d = intake(dw)
    services.dispute_assign(actor=dw.officer, dispute=d, mediators=[dw.mediator])
    services.dispute_accept(actor=dw.grid2, dispute=d)
    d.refresh_from_db()
    deadline = d.deadline
    assert deadline is not None and 28 <= (deadline - today()).days <= 31
    with assert_nothing_changed(), pytest.raises(ValidationError) as exc:
        services.dispute_extend(actor=dw.grid2, dispute=d, days=0, reason=" ")
    assert set(exc.value.details) == {"days", "reason"}
    services.dispute_extend(actor=dw.grid2, dispute=d, days=15, reason="需要评估损失")
    d.refresh_from_db()
    assert d.deadline == deadline + dt.timedelta(days=15)
    with assert_nothing_changed(), pytest.raises(ValidationError):
        services.dispute_extend(actor=dw.grid2, dispute=d, days=5, reason="再延")
    services.dispute_terminate(actor=dw.grid2, dispute=d, reason="期限内未达成协议")
    d.refresh_from_db()
    assert d.status == "terminated"


def test_judicial_confirmation_within_30_days(dw: DisputeWorld) -> None:
    d = intake(dw, received_on=today() - dt.timedelta(days=31))
    agreement = mediate_to_agreement(dw, d, day=today() - dt.timedelta(days=31))
    with assert_nothing_changed(), pytest.raises(ValidationError) as exc:
        services.agreement_confirmation_record(actor=dw.grid2, agreement=agreement)
    assert "30" in exc.value.message
    services.agreement_confirmation_record(actor=dw.grid2, agreement=agreement, day=today() - dt.timedelta(days=2))
    agreement.refresh_from_db()
    assert agreement.confirmation_requested_on == today() - dt.timedelta(days=2)


def test_out_of_order_and_outsiders_change_nothing(dw: DisputeWorld) -> None:
    d = intake(dw)
    party = d.parties.first()
    assert party is not None
    with assert_nothing_changed(), pytest.raises(ValidationError):
        services.session_record(actor=dw.grid, dispute=d, held_on=today(), notes="x", present=[party])
    with assert_nothing_changed(), pytest.raises(ValidationError):
        services.agreement_record(actor=dw.grid, dispute=d, form="oral", terms="x")
    # grid_a2 is neither the author nor assigned yet; 城厢镇's officer, the county, an inspector: outside
    for user in (dw.grid2, dw.officer_b, dw.grid_b, dw.w["supervisor"], dw.w["inspector_a"], dw.w["leader_a"]):
        with assert_nothing_changed(), pytest.raises(PermissionDenied):
            services.dispute_accept(actor=user, dispute=d)
    for user in (dw.grid, dw.grid2, dw.officer_b, dw.w["supervisor"]):
        with assert_nothing_changed(), pytest.raises(PermissionDenied):
            services.dispute_route(actor=user, dispute=d, level="township")
        with assert_nothing_changed(), pytest.raises(PermissionDenied):
            services.dispute_assign(actor=user, dispute=d, mediators=[dw.mediator])
    with assert_nothing_changed(), pytest.raises(PermissionDenied):
        services.party_reveal(actor=dw.grid_b, party=party, reason="核实")
    with assert_nothing_changed(), pytest.raises(ValidationError):
        services.party_reveal(actor=dw.grid, party=party, reason=" ")


def test_full_view_is_logged_with_the_reason(dw: DisputeWorld) -> None:
    d = intake(dw)
    party = d.parties.get(name="张三")
    id_number, phone = services.party_reveal(actor=dw.grid, party=party, reason="电话通知调解时间")
    assert (id_number, phone) == (party_resident_id(*ID_1), "13812345678")
    log = AccessLog.objects.get()
    assert log.reason == "电话通知调解时间" and log.username == "grid_a" and log.target_type == "disputes.disputeparty"


def test_escalation_goes_one_level_up(dw: DisputeWorld) -> None:
    d = intake(dw)
    services.dispute_escalate(actor=dw.grid, dispute=d, reason="村级调解不成")
    d.refresh_from_db()
    assert d.level == "township"
    services.dispute_escalate(actor=dw.grid, dispute=d, reason="涉及宅基地确权")
    d.refresh_from_db()
    assert d.level == "justice_office"
    with assert_nothing_changed(), pytest.raises(ValidationError):
        services.dispute_escalate(actor=dw.grid, dispute=d, reason="再上")


def test_risk_warning_for_the_governance_officer(dw: DisputeWorld, settings: Any) -> None:
    settings.FAZHI_DISPUTE_RISK_PARTIES = 3
    many = [PartyInput(name=f"村民{i}") for i in range(3)]
    d = intake(dw, parties=many)
    warning = RiskWarning.objects.get(dispute=d)
    assert "3" in warning.reasons
    assert list(selectors.risk_warnings(user=dw.officer)) == [warning]
    assert list(selectors.risk_warnings(user=dw.grid)) == []
    assert list(selectors.risk_warnings(user=dw.officer_b)) == []
    with assert_nothing_changed(), pytest.raises(ValidationError):
        services.risk_acknowledge(actor=dw.officer, warning=warning, note=" ")
    services.risk_acknowledge(actor=dw.officer, warning=warning, note="已约谈双方")
    assert list(selectors.risk_warnings(user=dw.officer)) == []
    # a party with two earlier disputes in the township: a warning
    intake(dw, category=dw.land, parties=[PartyInput(name="张三", id_number=party_resident_id(*ID_1))])
    intake(
        dw,
        category=dw.land,
        parties=[PartyInput(name="张三", id_number=party_resident_id(*ID_1))],
        not_a_duplicate=True,
    )
    before = RiskWarning.objects.count()
    intake(
        dw,
        category=dw.traffic,
        parties=[PartyInput(name="张三", id_number=party_resident_id(*ID_1))],
        not_a_duplicate=True,
    )
    assert RiskWarning.objects.count() == before + 1
    assert "2" in RiskWarning.objects.order_by("-pk")[0].reasons


def test_who_sees_which_dispute(dw: DisputeWorld) -> None:
    mine = intake(dw)
    other = intake(dw, actor=dw.officer, category=dw.land)
    b = services.dispute_intake(
        actor=dw.grid_b,
        township=dw.w.town_b,
        source="walk_in",
        category=dw.land,
        parties=[PartyInput(name="陈七")],
        description="宅基地边界",
    )

    def seen(user: Any) -> set[int]:
        return set(selectors.dispute_list(user=user).values_list("pk", flat=True))

    assert seen(dw.grid) == {mine.pk}  # entered it
    assert seen(dw.grid2) == set()
    services.dispute_assign(actor=dw.officer, dispute=other, mediators=[dw.mediator])
    assert seen(dw.grid2) == {other.pk}  # assigned to it
    assert seen(dw.officer) == seen(dw.legal) == {mine.pk, other.pk}
    assert seen(dw.officer_b) == {b.pk}
    for county_or_other in (
        dw.w["supervisor"],
        dw.w["leader_a"],
        dw.w["inspector_a"],
        dw.w["enterprise"],
        dw.w["auditadmin"],
    ):
        assert seen(county_or_other) == set()
    # a body joined in handling sees it
    from tests.factories import UserFactory

    police_user = UserFactory(username="police", org_unit=dw.police, roles=["grid_worker"])
    assert seen(police_user) == set()
    services.dispute_route(actor=dw.officer, dispute=mine, level="police", lead_org=dw.police)
    assert seen(police_user) == {mine.pk}
    assert selectors.dispute_get(user=SystemUser(), pk=b.pk) == b


def test_mediator_register_trainings_and_campaign(dw: DisputeWorld) -> None:
    committee = services.committee_create(actor=dw.legal, region=dw.w.village_a, name="谭家村人民调解委员会")
    m = services.mediator_create(actor=dw.legal, committee=committee, name="调解员乙", specialty="婚姻家庭")
    t = services.training_record(
        actor=dw.officer,
        region=dw.w.town_a,
        held_on=today(),
        title="调解技巧",
        hours=Decimal(2),
        mediators=[m, dw.mediator],
    )
    assert t.mediators.count() == 2
    campaign = services.campaign_create(
        actor=dw.officer, township=dw.w.town_a, title="春节前集中排查", starts_on=today(), ends_on=today()
    )
    intake(dw, campaign=campaign)
    intake(dw, campaign=campaign, village=None, category=dw.land)
    assert selectors.campaign_counts(user=dw.officer, campaign=campaign) == [
        {"village": "峰灵镇", "n": 1},
        {"village": "谭家村", "n": 1},
    ] or sorted(r["n"] for r in selectors.campaign_counts(user=dw.officer, campaign=campaign)) == [1, 1]
    names = [r.name for r in selectors.mediator_list(user=dw.officer)]
    assert names == sorted(names)
    for user in (dw.grid, dw.officer_b, dw.w["supervisor"]):
        with assert_nothing_changed(), pytest.raises(PermissionDenied):
            services.mediator_create(actor=user, committee=committee, name="某")
        with assert_nothing_changed(), pytest.raises(PermissionDenied):
            services.training_record(actor=user, region=dw.w.town_a, held_on=today(), title="x")


def test_every_dispute_step_has_a_ledger_label() -> None:
    import re
    from pathlib import Path

    from fazhi.disputes.ledger_labels import VERB_LABELS

    src = Path(__file__).resolve().parents[1] / "src" / "fazhi" / "disputes" / "services"
    kinds = set()
    for path in src.rglob("*.py"):
        kinds |= {f"dispute.{k}" for k in re.findall(r'kind="([a-z_]+)"', path.read_text())}
    assert kinds - set(VERB_LABELS) == set()


def test_the_demo_reproduces_the_seeds_figures() -> None:
    """Seed §四(一): 80 screened, 50 police-related, 1 petition-related, identification 100 %,
    resolution 99 % (79 of 80, shown rounded), no mass incident; one in mediation today, one visit due."""
    from django.core.management import call_command

    from fazhi.accounts.models import Region, User
    from fazhi.disputes import figures

    call_command("demo")
    town = Region.objects.get(name="峰灵镇")
    year = today().year - 1
    assert figures.screened(town, year) == 80
    assert figures.police_related(town, year) == 50
    assert figures.petition_related(town, year) == 1
    assert figures.identification_rate(town, year) == Decimal("100.0")
    assert figures.resolution_rate(town, year) == Decimal("98.8")  # 79 of 80: the seed's "99%"
    assert round(figures.resolution_rate(town, year) or 0) == 99
    assert figures.mass_incidents(town, year) == 0
    grid = User.objects.get(username="fl_grid")
    assert selectors.mediating_due(user=grid).filter(accepted_on=today()).count() == 1
    assert [f.due_on for f in selectors.follow_ups_due(user=grid)] == [today()]
    officer = User.objects.get(username="fl_governance")
    assert list(selectors.risk_warnings(user=officer)) == []
    assert Dispute.objects.filter(township=town).count() in (81, 82)


def test_the_mediators_home_lists_follow_ups_due_and_mediations(dw: DisputeWorld) -> None:
    from django.test import Client

    d = intake(dw, received_on=today() - dt.timedelta(days=31))
    agreement = mediate_to_agreement(dw, d, day=today() - dt.timedelta(days=30))
    due = agreement.follow_ups.order_by("due_on").first()
    assert due is not None and due.due_on <= today()
    other = intake(dw, category=dw.land, not_a_duplicate=True)
    services.dispute_assign(actor=dw.officer, dispute=other, mediators=[dw.mediator])
    services.dispute_accept(actor=dw.grid2, dispute=other, day=today())
    c = Client()
    c.force_login(dw.grid2)
    page = c.get("/").content.decode()
    assert "待回访" in page and f"/disputes/follow-ups/{due.pk}/" in page
    assert "调解中的纠纷" in page and f"/disputes/{other.pk}/" in page
    assert "/disputes/new/" in page  # the phone's bottom bar: register a dispute
