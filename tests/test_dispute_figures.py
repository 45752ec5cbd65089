"""Dispute figures against hand-written expected values (issue 21, "Figures as selectors"), and
the API's dispute routes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from fazhi.accounts.services import api_token_create
from fazhi.disputes import figures
from fazhi.disputes.models import Agreement, Dispute, FollowUp, MediatorTraining
from tests.dbutil import assert_nothing_changed
from tests.factories import DisputeWorld, party_resident_id

pytestmark = pytest.mark.django_db


@pytest.fixture
def dw(world: Any) -> DisputeWorld:
    return DisputeWorld(world)


def make(dw: DisputeWorld, n: int, day: dt.date, *, village: bool = True, **fields: Any) -> Dispute:
    region = dw.w.village_a if village else dw.w.town_a
    return Dispute.objects.create(
        number=f"T-{n}",
        township=dw.w.town_a,
        village=dw.w.village_a if village else None,
        area_path=region.path,
        source="screening",
        category=dw.neighbours,
        description="x",
        received_on=day,
        **fields,
    )


def test_figures_count_what_the_docs_say(dw: DisputeWorld) -> None:
    year = timezone.localdate().year - 1
    day = dt.date(year, 3, 10)
    reviewed = {"flags_reviewed_on": day}
    # 1: police flag set at intake and confirmed; resolved
    make(dw, 1, day, police_related=True, police_flag_at_intake=True, outcome="resolved", **reviewed)
    # 2: police flag missed at intake, set on review; resolved
    make(dw, 2, day, police_related=True, police_flag_at_intake=False, outcome="resolved", **reviewed)
    # 3: petition flag set and confirmed; not resolved; led to a mass incident
    make(
        dw,
        3,
        day,
        petition_related=True,
        petition_flag_at_intake=True,
        outcome="not_resolved",
        mass_incident_on=day,
        **reviewed,
    )
    # 4: a flag set at intake but cleared on review (not a flag that should have been set); partly
    make(dw, 4, day, police_related=False, police_flag_at_intake=True, outcome="partly", village=False, **reviewed)
    # 5: still open, not reviewed (its flag does not count for identification)
    make(dw, 5, day, police_related=True, police_flag_at_intake=False)
    # 6: merged into 1: not counted at all
    make(dw, 6, day, status="merged", police_related=True, outcome="resolved")
    # 7: the year before: not counted
    make(dw, 7, dt.date(year - 1, 12, 31), police_related=True, outcome="resolved")
    # 8: another township
    Dispute.objects.create(
        number="T-8",
        township=dw.w.town_b,
        area_path=dw.w.town_b.path,
        source="walk_in",
        category=dw.land,
        description="x",
        received_on=day,
        outcome="resolved",
    )
    town, county = dw.w.town_a, dw.w.county
    assert figures.screened(town, year) == 5
    assert figures.screened(county, year) == 6
    assert figures.screened(dw.w.village_a, year) == 4
    assert figures.police_related(town, year) == 3
    assert figures.petition_related(town, year) == 1
    assert figures.identification_rate(town, year) == Decimal("66.7")  # (1 + 1) of (2 + 1)
    assert figures.resolution_rate(town, year) == Decimal("50.0")  # 2 resolved of 4 concluded
    assert figures.resolution_rate(county, year) == Decimal("60.0")  # 3 of 5
    assert figures.mass_incidents(town, year) == 1 and figures.mass_incidents(town, year - 1) == 0
    assert figures.identification_rate(town, year - 3) is None


def test_agreement_and_follow_up_figures(dw: DisputeWorld) -> None:
    year = timezone.localdate().year - 1
    d = make(dw, 1, dt.date(year, 1, 5))
    a1 = Agreement.objects.create(
        dispute=d, form="written", made_on=dt.date(year, 2, 1), terms="x", performance="performed"
    )
    Agreement.objects.create(
        dispute=d, form="oral", made_on=dt.date(year, 3, 1), terms="x", performance="not_performed"
    )
    Agreement.objects.create(dispute=d, form="oral", made_on=dt.date(year, 4, 1), terms="x", performance="performed")
    Agreement.objects.create(dispute=d, form="oral", made_on=dt.date(year, 5, 1), terms="x")  # not yet checked
    FollowUp.objects.create(agreement=a1, dispute=d, due_on=dt.date(year, 3, 3), visited_on=dt.date(year, 3, 3))
    FollowUp.objects.create(agreement=a1, dispute=d, due_on=dt.date(year, 5, 2), visited_on=dt.date(year, 5, 9))
    FollowUp.objects.create(agreement=a1, dispute=d, due_on=dt.date(year, 6, 1))  # missed
    FollowUp.objects.create(agreement=a1, dispute=d, due_on=dt.date(year, 7, 1), visited_on=dt.date(year, 6, 28))
    MediatorTraining.objects.create(region=dw.w.town_a, held_on=dt.date(year, 6, 1), title="a")
    MediatorTraining.objects.create(region=dw.w.village_a, held_on=dt.date(year, 9, 1), title="b")
    MediatorTraining.objects.create(region=dw.w.town_b, held_on=dt.date(year, 9, 1), title="c")
    MediatorTraining.objects.create(region=dw.w.town_a, held_on=dt.date(year + 1, 1, 1), title="d")
    town = dw.w.town_a
    assert figures.reopen_rate(town, year) == Decimal("25.0")  # 1 of 4
    assert figures.agreements_performed(town, year) == Decimal("66.7")  # 2 of 3 checked
    assert figures.follow_ups_on_time(town, year) == Decimal("50.0")  # 2 of 4
    assert figures.mediator_trainings(town, year) == 2
    assert figures.mediator_trainings(dw.w.county, year) == 3
    values = {r["id"]: r["value"] for r in figures.figure_values(town, year)}
    assert set(values) == {
        "disputes.screened",
        "disputes.police_related",
        "disputes.petition_related",
        "disputes.identification_rate",
        "disputes.resolution_rate",
        "disputes.mass_incidents",
        "disputes.reopen_rate",
        "disputes.agreements_performed",
        "disputes.follow_ups_on_time",
        "disputes.mediator_trainings",
    }
    assert values["disputes.mediator_trainings"] == 2


def token_client(user: Any) -> Client:
    _t, raw = api_token_create(actor=user, name="测试", system=True)
    return Client(headers={"Authorization": f"Bearer {raw}"})


def test_api_lists_masked_and_scoped_and_registers(dw: DisputeWorld) -> None:
    officer = token_client(dw.officer)
    payload = {
        "township_id": dw.w.town_a.pk,
        "village_id": dw.w.village_a.pk,
        "source": "hotline",
        "category": "neighbours",
        "parties": [{"name": "张三", "id_number": party_resident_id("19800101", 11), "phone": "13812345678"}],
        "description": "噪音",
        "petition_related": True,
    }
    r = officer.post("/api/v1/disputes", payload, content_type="application/json")
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["parties"][0]["phone_masked"] == "138****5678" and "13812345678" not in r.content.decode()
    with assert_nothing_changed():
        again = officer.post("/api/v1/disputes", payload, content_type="application/json")
    assert again.status_code == 422 and again.json()["code"] == "duplicate"
    assert again.json()["details"] == {"duplicates": [body["id"]]}
    listed = officer.get("/api/v1/disputes", {"party_id_number": party_resident_id("19800101", 11)}).json()
    assert [i["id"] for i in listed["items"]] == [body["id"]]
    assert officer.get(f"/api/v1/disputes/{body['id']}").status_code == 200
    assert token_client(dw.officer_b).get(f"/api/v1/disputes/{body['id']}").status_code == 404
    county = token_client(dw.w["supervisor"])
    assert county.get("/api/v1/disputes").json()["items"] == []
    figures_answer = county.get("/api/v1/disputes/figures", {"region_id": dw.w.town_a.pk}).json()
    assert {f["id"]: f["value"] for f in figures_answer}["disputes.petition_related"] == 1
    assert county.get("/api/v1/disputes/figures", {"region_id": dw.w.town_b.pk}).status_code == 200
    assert token_client(dw.officer_b).get("/api/v1/disputes/figures", {"region_id": dw.w.town_a.pk}).status_code == 422
    assert token_client(dw.grid).get("/api/v1/disputes/figures").status_code == 403
    assert len(county.get("/api/v1/disputes/categories").json()) == 14
    grid_b = token_client(dw.grid_b)
    with assert_nothing_changed():
        r = grid_b.post("/api/v1/disputes", payload, content_type="application/json")
    assert r.status_code == 422  # 峰灵镇 is not among 城厢镇's grid worker's townships
