"""Every step of the dispute page through its form (the next lawful steps offered and taken), and
the refusals each service gives for a form filled wrongly — each changing nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from fazhi.core.errors import PermissionDenied, ValidationError
from fazhi.disputes import services
from fazhi.disputes.models import Dispute
from fazhi.disputes.services import PartyInput
from fazhi.disputes.services.steps import next_steps
from tests.dbutil import assert_nothing_changed
from tests.factories import DisputeWorld
from tests.test_onsite_pages import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def dw(world: Any) -> DisputeWorld:
    return DisputeWorld(world)


def new(dw: DisputeWorld, **kw: Any) -> Dispute:
    args: dict[str, Any] = {
        "actor": dw.grid,
        "township": dw.w.town_a,
        "village": dw.w.village_a,
        "source": "walk_in",
        "category": dw.neighbours,
        "parties": [PartyInput(name="甲"), PartyInput(name="乙", side="respondent")],
        "description": "纠纷",
    }
    args.update(kw)
    return services.dispute_intake(**args)


def post(user: Any, d: Dispute, **data: Any) -> int:
    return int(client_for(user).post(reverse("disputes:detail", args=[d.pk]), data).status_code)


def test_each_step_through_the_page(dw: DisputeWorld) -> None:
    today = timezone.localdate()
    d = new(dw)
    assert next_steps(dw.grid, d) >= {"accept", "refer", "escalate", "refuse", "reveal"}
    assert "route" not in next_steps(dw.grid, d) and "route" in next_steps(dw.officer, d)
    assert next_steps(dw.grid_b, d) == set()
    assert post(dw.grid, d, action="escalate", reason="村级调解不成") == 302
    assert post(dw.officer, d, action="flags", police_related="1", version=Dispute.objects.get(pk=d.pk).version) == 302
    assert post(dw.grid, d, action="accept") == 302
    d.refresh_from_db()
    assert "session" in next_steps(dw.grid, d) and "agreement" not in next_steps(dw.grid, d)
    assert post(dw.grid, d, action="extend", days="10", reason="等待鉴定") == 302
    d.refresh_from_db()
    assert "extend" not in next_steps(dw.grid, d)
    assert post(dw.grid, d, action="terminate", reason="期限届满未达成协议") == 302
    d.refresh_from_db()
    assert d.status == "terminated" and "refer" in next_steps(dw.grid, d)
    assert post(dw.grid, d, action="refer", to="court", note="诉调对接") == 302
    assert post(dw.officer, d, action="mass_incident", day=today.isoformat(), note="聚集上访") == 302
    d.refresh_from_db()
    assert d.status == "referred" and d.mass_incident_on == today
    assert "mass_incident" not in next_steps(dw.officer, d)
    # a party's refusal and the judicial confirmation through the page
    e = new(dw, category=dw.land)
    assert post(dw.grid, e, action="refuse", party=e.parties.first().pk, reason="不愿调解") == 302  # type: ignore[union-attr]
    e.refresh_from_db()
    assert e.status == "terminated"
    f = new(dw, category=dw.traffic)
    services.dispute_accept(actor=dw.grid, dispute=f)
    services.session_record(actor=dw.grid, dispute=f, held_on=today, notes="x", present=list(f.parties.all()))
    f.refresh_from_db()
    assert "agreement" in next_steps(dw.grid, f)
    a = services.agreement_record(actor=dw.grid, dispute=f, form="written", terms="赔偿", made_on=today)
    f.refresh_from_db()
    assert {"follow_up", "confirmation"} <= next_steps(dw.grid, f)
    assert post(dw.grid, f, action="confirmation", agreement=a.pk) == 302
    a.refresh_from_db()
    assert a.confirmation_requested_on == today
    # merge through the page: a second registration of the same dispute
    g = new(dw, category=dw.land, not_a_duplicate=True)
    h = new(dw, category=dw.land, not_a_duplicate=True)
    assert post(dw.officer, h, action="merge", into=g.pk) == 302
    h.refresh_from_db()
    assert h.status == "merged" and next_steps(dw.officer, h) == {"reveal"}


def test_refusals_of_the_forms_change_nothing(dw: DisputeWorld) -> None:
    today = timezone.localdate()
    d = new(dw)
    other = new(dw, category=dw.land).parties.first()
    refusals = [
        lambda: services.dispute_route(actor=dw.officer, dispute=d, level="moon"),
        lambda: services.dispute_route(actor=dw.officer, dispute=d, level="township", joined_orgs=[dw.police]),
        lambda: services.dispute_route(
            actor=dw.officer, dispute=d, level="township", lead_org=dw.police, joined_orgs=[dw.police]
        ),
        lambda: services.dispute_assign(actor=dw.officer, dispute=d, mediators=[]),
        lambda: services.dispute_escalate(actor=dw.grid, dispute=d, reason=" "),
        lambda: services.dispute_accept(actor=dw.grid, dispute=d, day=today + dt.timedelta(days=1)),
        lambda: services.dispute_accept(actor=dw.grid, dispute=d, day=d.received_on - dt.timedelta(days=1)),
        lambda: services.dispute_refer(actor=dw.grid, dispute=d, to="moon"),
        lambda: services.dispute_merge(actor=dw.officer, dispute=d, into=d),
        lambda: services.mass_incident_record(actor=dw.officer, dispute=d, day=today + dt.timedelta(days=1), note=""),
        lambda: services.party_refuse(actor=dw.grid, dispute=d, party=other, reason="x"),
        lambda: services.committee_create(actor=dw.officer, region=dw.w.county, name=""),
        lambda: services.mediator_create(actor=dw.officer, committee=dw.committee, name=" "),
        lambda: services.training_record(
            actor=dw.officer, region=dw.w.town_a, held_on=today, title="x", hours=Decimal(500)
        ),
        lambda: services.campaign_create(
            actor=dw.officer, township=dw.w.town_a, title="", starts_on=today, ends_on=today - dt.timedelta(days=1)
        ),
        lambda: services.party_lookup(actor=dw.officer),
    ]
    for refusal in refusals:
        with assert_nothing_changed(), pytest.raises((ValidationError, PermissionDenied)):
            refusal()
    services.dispute_accept(actor=dw.grid, dispute=d)
    party = d.parties.first()
    assert party is not None
    mediation = [
        lambda: services.session_record(actor=dw.grid, dispute=d, held_on=today, notes=" ", present=[]),
        lambda: services.dispute_terminate(actor=dw.grid, dispute=d, reason=" "),
        lambda: services.agreement_record(actor=dw.grid, dispute=d, form="sung", terms=" ", outcome="not_resolved"),
        lambda: services.dispute_extend(actor=dw.grid, dispute=d, days=999, reason="x"),
    ]
    for refusal in mediation:
        with assert_nothing_changed(), pytest.raises(ValidationError):
            refusal()
    services.session_record(actor=dw.grid, dispute=d, held_on=today, notes="x", present=[party])
    with assert_nothing_changed(), pytest.raises(ValidationError):
        services.agreement_record(
            actor=dw.grid, dispute=d, form="written", terms="x", made_on=today, perform_by=today - dt.timedelta(days=1)
        )
    oral = services.agreement_record(actor=dw.grid, dispute=d, form="oral", terms="口头约定")
    for refusal in (
        lambda: services.agreement_confirmation_record(actor=dw.grid, agreement=oral),
        lambda: services.agreement_document(actor=dw.grid, agreement=oral),
    ):
        with assert_nothing_changed(), pytest.raises(ValidationError):
            refusal()
    visit = oral.follow_ups.first()
    assert visit is not None
    with assert_nothing_changed(), pytest.raises(ValidationError) as exc:
        services.follow_up_record(
            actor=dw.grid, follow_up=visit, performed=None, note=" ", visited_on=oral.made_on - dt.timedelta(days=1)
        )
    assert {"performed", "note", "visited_on"} <= set(exc.value.details)
    services.follow_up_record(actor=dw.grid, follow_up=visit, performed=True, note="履行中")
    visit.refresh_from_db()
    with assert_nothing_changed(), pytest.raises(ValidationError):
        services.follow_up_record(actor=dw.grid, follow_up=visit, performed=True, note="再次")
    warning_free = Dispute.objects.get(pk=d.pk)
    assert warning_free.status == "agreed"


def test_page_refusals_and_not_found(dw: DisputeWorld) -> None:
    d = new(dw)
    grid, officer = client_for(dw.grid), client_for(dw.officer)
    detail = reverse("disputes:detail", args=[d.pk])
    with assert_nothing_changed():
        assert grid.post(detail, {"action": "extend", "days": "5", "reason": "x"}).status_code == 422  # not yet
        assert grid.post(reverse("disputes:session", args=[d.pk]), {"notes": ""}).status_code == 422
        assert officer.post(detail, {"action": "merge", "into": "999999"}).status_code == 404
    assert grid.get(reverse("disputes:follow_up", args=[999999])).status_code == 404
    assert grid.get(reverse("disputes:agreement_document", args=[999999])).status_code == 404
    services.dispute_accept(actor=dw.grid, dispute=d)
    services.session_record(
        actor=dw.grid, dispute=d, held_on=timezone.localdate(), notes="x", present=list(d.parties.all())
    )
    oral = services.agreement_record(actor=dw.grid, dispute=d, form="oral", terms="口头")
    r = grid.get(reverse("disputes:agreement_document", args=[oral.pk]))
    assert r.status_code == 302  # an oral agreement has no document: back to the dispute, with the reason
    visit = oral.follow_ups.first()
    assert visit is not None
    with assert_nothing_changed():
        assert grid.post(reverse("disputes:follow_up", args=[visit.pk]), {"note": "x"}).status_code == 422
    assert (
        grid.post(reverse("disputes:follow_up", args=[visit.pk]), {"performed": "1", "note": "已履行"}).status_code
        == 302
    )
    with assert_nothing_changed():
        for data in (
            {"action": "committee"},
            {"action": "mediator"},
            {"action": "training"},
            {"action": "campaign"},
            {"action": "x"},
        ):
            assert officer.post(reverse("disputes:register"), data).status_code in (400, 422)
        assert officer.post(reverse("disputes:risks"), {"warning": "999999", "note": "x"}).status_code == 302
