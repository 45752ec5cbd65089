"""Dispute pages: the phone intake, the duplicate offer, the dispute page's next steps, session,
agreement document, follow-up and reopening; who reaches which page; the register pages."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from fazhi.core.models import AccessLog
from fazhi.disputes.models import Dispute, FollowUp, Mediator, MediatorTraining, RiskWarning
from tests.dbutil import assert_nothing_changed
from tests.factories import DisputeWorld, party_resident_id
from tests.test_onsite_pages import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def dw(world: Any) -> DisputeWorld:
    return DisputeWorld(world)


def form(dw: DisputeWorld, **kw: Any) -> dict[str, Any]:
    data = {
        "township": dw.w.town_a.pk,
        "village": dw.w.village_a.pk,
        "category": "neighbours",
        "source": "screening",
        "party_1_name": "张三",
        "party_1_id_number": party_resident_id("19800101", 11),
        "party_1_phone": "13812345678",
        "party_2_name": "李四",
        "party_2_phone": "13987654321",
        "police_related": "1",
        "description": "排水沟堵塞",
    }
    data.update(kw)
    return data


def test_intake_then_the_whole_way_on_pages(dw: DisputeWorld) -> None:
    grid = client_for(dw.grid)
    assert grid.get(reverse("disputes:new")).status_code == 200
    r = grid.post(reverse("disputes:new"), form(dw))
    assert r.status_code == 302
    d = Dispute.objects.get()
    assert r["Location"] == reverse("disputes:detail", args=[d.pk])
    page = grid.get(r["Location"]).content.decode()
    assert "138****5678" in page and "13812345678" not in page and 'value="accept"' in page
    # the same again: offered for merging, not registered twice
    r = grid.post(reverse("disputes:new"), form(dw, party_2_name="", party_2_phone=""))
    assert r.status_code == 409 and d.number in r.content.decode() and Dispute.objects.count() == 1
    r = grid.post(reverse("disputes:new"), {"action": "report_again", "dispute": d.pk, "description": "又来反映"})
    assert r.status_code == 302 and d.steps.filter(kind="reported_again").exists()
    # the governance officer assigns the mediator; the mediator accepts, holds a session, records the agreement
    officer = client_for(dw.officer)
    officer.post(reverse("disputes:detail", args=[d.pk]), {"action": "assign", "mediators": [dw.mediator.pk]})
    r = officer.post(
        reverse("disputes:detail", args=[d.pk]),
        {
            "action": "route",
            "level": "township",
            "lead_org": dw.w["leader_a"].org_unit.pk,
            "joined_orgs": [dw.police.pk],
        },
    )
    assert r.status_code == 302
    med = client_for(dw.grid2)
    assert med.post(reverse("disputes:detail", args=[d.pk]), {"action": "accept"}).status_code == 302
    assert med.get(reverse("disputes:session", args=[d.pk])).status_code == 200
    parties = [p.pk for p in d.parties.all()]
    r = med.post(reverse("disputes:session", args=[d.pk]), {"present": parties, "notes": "双方陈述", "place": "村委会"})
    assert r.status_code == 302
    r = med.post(
        reverse("disputes:detail", args=[d.pk]),
        {"action": "agreement", "form": "written", "outcome": "resolved", "terms": "三日内疏通"},
    )
    assert r.status_code == 302
    d.refresh_from_db()
    assert d.status == "agreed"
    agreement = d.agreements.get()
    r = med.get(reverse("disputes:agreement_document", args=[agreement.pk]))
    assert (
        r.status_code == 200
        and "三日内疏通" in zipfile.ZipFile(io.BytesIO(r.content)).read("word/document.xml").decode()
    )
    visit = FollowUp.objects.filter(agreement=agreement).order_by("due_on").first()
    assert visit is not None
    assert med.get(reverse("disputes:follow_up", args=[visit.pk])).status_code == 200
    r = med.post(reverse("disputes:follow_up", args=[visit.pk]), {"performed": "0", "note": "未疏通"})
    assert r.status_code == 302
    d.refresh_from_db()
    assert d.status == "mediating" and d.reopened == 1


def test_page_errors_are_shown_and_change_nothing(dw: DisputeWorld) -> None:
    grid = client_for(dw.grid)
    with assert_nothing_changed():
        r = grid.post(reverse("disputes:new"), form(dw, category="", description="", party_1_id_number="123"))
    assert r.status_code == 422
    with assert_nothing_changed():
        r = grid.post(reverse("disputes:new"), form(dw, village="abc"))
    assert r.status_code == 422


def test_reveal_with_reason_is_logged(dw: DisputeWorld) -> None:
    grid = client_for(dw.grid)
    grid.post(reverse("disputes:new"), form(dw))
    d = Dispute.objects.get()
    party = d.parties.get(name="张三")
    r = grid.post(
        reverse("disputes:detail", args=[d.pk]), {"action": "reveal", "party": party.pk, "reason": "电话通知"}
    )
    assert r.status_code == 200 and "13812345678" in r.content.decode()  # in this answer only
    assert "13812345678" not in str(dict(grid.session.items()))  # never kept in the session
    assert AccessLog.objects.get().reason == "电话通知"
    assert "13812345678" not in grid.get(reverse("disputes:detail", args=[d.pk])).content.decode()  # shown once


def test_who_reaches_which_page(dw: DisputeWorld) -> None:
    client_for(dw.grid).post(reverse("disputes:new"), form(dw))
    d = Dispute.objects.get()
    detail = reverse("disputes:detail", args=[d.pk])
    expect = {
        dw.grid: (200, 200, 403),
        dw.officer: (200, 200, 200),
        dw.legal: (200, 200, 200),
        dw.grid2: (200, 404, 403),  # not assigned
        dw.grid_b: (200, 404, 403),
        dw.officer_b: (200, 404, 200),
        dw.w["supervisor"]: (302, 403, 200),  # the county: figures, not names
        dw.w["leader_a"]: (302, 403, 200),
        dw.w["inspector_a"]: (403, 403, 403),
        dw.w["auditadmin"]: (403, 403, 403),
    }
    for user, (lst, det, fig) in expect.items():
        c = client_for(user)
        assert c.get(reverse("disputes:list")).status_code == lst, user
        assert c.get(detail).status_code == det, user
        assert c.get(reverse("disputes:figures")).status_code == fig, user
    assert d.number not in client_for(dw.w["supervisor"]).get(reverse("disputes:figures")).content.decode()


def test_list_filters_and_blind_index_lookup(dw: DisputeWorld) -> None:
    grid = client_for(dw.grid)
    grid.post(reverse("disputes:new"), form(dw))
    grid.post(
        reverse("disputes:new"),
        form(
            dw,
            category="housing_land",
            party_1_id_number="",
            party_1_name="王五",
            party_2_name="",
            party_2_phone="",
            police_related="",
        ),
    )
    officer = client_for(dw.officer)
    url = reverse("disputes:list")
    assert officer.get(url).content.decode().count("data-dispute=") == 2
    assert officer.get(url, {"flag": "police"}).content.decode().count("data-dispute=") == 1
    assert (
        officer.get(url, {"party_id_number": party_resident_id("19800101", 11)}).content.decode().count("data-dispute=")
        == 1
    )
    assert officer.get(url, {"category": "housing_land", "status": "open"}).content.decode().count("data-dispute=") == 1
    assert officer.get(url, {"overdue": "1"}).content.decode().count("data-dispute=") == 0
    assert officer.get(url, {"q": "王五"}, HTTP_HX_REQUEST="true").content.decode().count("data-dispute=") == 1


def test_register_risk_and_import_pages(dw: DisputeWorld, settings: Any) -> None:
    officer = client_for(dw.officer)
    assert officer.get(reverse("disputes:register")).status_code == 200
    r = officer.post(
        reverse("disputes:register"), {"action": "mediator", "committee": dw.committee.pk, "name": "调解员丙"}
    )
    assert r.status_code == 302 and Mediator.objects.filter(name="调解员丙").exists()
    today = timezone.localdate()
    r = officer.post(
        reverse("disputes:register"),
        {
            "action": "training",
            "region": dw.w.town_a.pk,
            "held_on": today.isoformat(),
            "title": "调解实务",
            "hours": "2",
            "mediators": [dw.mediator.pk],
        },
    )
    assert r.status_code == 302 and MediatorTraining.objects.count() == 1
    r = officer.post(
        reverse("disputes:register"), {"action": "committee", "region": dw.w.village_a.pk, "name": "谭家村调委会"}
    )
    assert r.status_code == 302
    r = officer.post(
        reverse("disputes:register"),
        {
            "action": "campaign",
            "township": dw.w.town_a.pk,
            "title": "集中排查",
            "starts_on": today.isoformat(),
            "ends_on": today.isoformat(),
        },
    )
    assert r.status_code == 302
    with assert_nothing_changed():
        assert (
            officer.post(
                reverse("disputes:register"),
                {"action": "training", "region": dw.w.town_a.pk, "held_on": today.isoformat(), "title": ""},
            ).status_code
            == 422
        )
    assert client_for(dw.grid).get(reverse("disputes:register")).status_code == 403
    settings.FAZHI_DISPUTE_RISK_PARTIES = 2
    client_for(dw.grid).post(reverse("disputes:new"), form(dw))
    warning = RiskWarning.objects.get()
    assert warning.pk and str(warning.dispute.number) in officer.get(reverse("disputes:risks")).content.decode()
    assert officer.post(reverse("disputes:risks"), {"warning": warning.pk, "note": "已约谈"}).status_code == 302
    warning.refresh_from_db()
    assert warning.acknowledged_on == today
    assert officer.get(reverse("disputes:import")).status_code == 200
    assert officer.get(reverse("disputes:import"), {"template": "1"}).status_code == 200


def test_out_of_order_step_on_the_page_is_refused(dw: DisputeWorld) -> None:
    client_for(dw.grid).post(reverse("disputes:new"), form(dw))
    d = Dispute.objects.get()
    grid = client_for(dw.grid)
    with assert_nothing_changed():
        r = grid.post(reverse("disputes:detail", args=[d.pk]), {"action": "agreement", "form": "oral", "terms": "x"})
    assert r.status_code == 422
    with assert_nothing_changed():
        r = grid.post(reverse("disputes:detail", args=[d.pk]), {"action": "route", "level": "court"})
    assert r.status_code == 403
    with assert_nothing_changed():
        assert grid.post(reverse("disputes:detail", args=[d.pk]), {"action": "nothing"}).status_code == 422
    deadline_passed = timezone.localdate() - dt.timedelta(days=1)
    assert deadline_passed
