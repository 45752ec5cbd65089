"""Issue 21, security: no dispute page, document or API answer of any role carries a party's full
ID number or phone (masking happens on the server; the full view is a logged action, never a page)."""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from fazhi.accounts.services import api_token_create
from fazhi.disputes import services
from fazhi.disputes.services import PartyInput
from tests.factories import DisputeWorld, party_resident_id
from tests.test_onsite_pages import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def dw(world: Any) -> DisputeWorld:
    return DisputeWorld(world)


FULL_MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
FULL_ID = re.compile(r"(?<![0-9A-Z])\d{17}[\dX](?![0-9A-Z])")


def populate(dw: DisputeWorld) -> dict[str, Any]:
    from django.utils import timezone

    d = services.dispute_intake(
        actor=dw.grid,
        township=dw.w.town_a,
        village=dw.w.village_a,
        source="screening",
        category=dw.neighbours,
        parties=[
            PartyInput(name="张三", id_number=party_resident_id("19800101", 11), phone="13812345678"),
            PartyInput(
                name="李四", side="respondent", id_number=party_resident_id("19850505", 22), phone="13987654321"
            ),
        ],
        description="张三电话 13811112222，身份证 " + party_resident_id("19900909", 44),
        police_related=True,
        mass_risk=True,
    )
    services.dispute_assign(actor=dw.officer, dispute=d, mediators=[dw.mediator])
    services.dispute_accept(actor=dw.grid2, dispute=d)
    services.session_record(
        actor=dw.grid2,
        dispute=d,
        held_on=timezone.localdate(),
        notes="李四留电话 13700002222",
        present=list(d.parties.all()),
    )
    agreement = services.agreement_record(actor=dw.grid2, dispute=d, form="written", terms="联系 13600003333 付款")
    visit = agreement.follow_ups.first()
    assert visit is not None
    services.dispute_intake(
        actor=dw.grid_b,
        township=dw.w.town_b,
        source="walk_in",
        category=dw.land,
        parties=[PartyInput(name="陈七", id_number=party_resident_id("19700707", 77), phone="13500004444")],
        description="宅基地",
    )
    return {"d": d, "agreement": agreement, "visit": visit}


def test_no_dispute_page_or_answer_shows_a_full_number(dw: DisputeWorld) -> None:
    made = populate(dw)
    d, agreement, visit = made["d"], made["agreement"], made["visit"]
    pages = {
        "list": reverse("disputes:list"),
        "list_lookup": reverse("disputes:list") + "?party_id_number=" + party_resident_id("19800101", 11),
        "detail": reverse("disputes:detail", args=[d.pk]),
        "session": reverse("disputes:session", args=[d.pk]),
        "follow_up": reverse("disputes:follow_up", args=[visit.pk]),
        "document": reverse("disputes:agreement_document", args=[agreement.pk]),
        "figures": reverse("disputes:figures"),
        "register": reverse("disputes:register"),
        "risks": reverse("disputes:risks"),
        "new": reverse("disputes:new"),
        "home": reverse("home"),
    }
    api = {
        "api_list": "/api/v1/disputes",
        "api_detail": f"/api/v1/disputes/{d.pk}",
        "api_lookup": "/api/v1/disputes?party_id_number=" + party_resident_id("19800101", 11),
        "api_figures": "/api/v1/disputes/figures",
    }
    users = {
        "grid": dw.grid,
        "mediator": dw.grid2,
        "officer": dw.officer,
        "legal": dw.legal,
        "grid_b": dw.grid_b,
        "officer_b": dw.officer_b,
        "supervisor": dw.w["supervisor"],
        "leader": dw.w["leader_a"],
        "inspector": dw.w["inspector_a"],
    }
    fetched = 0
    leaks: list[str] = []
    for uname, user in users.items():
        session = client_for(user)
        _token, raw = api_token_create(actor=user, name="脱敏扫描", system=True)
        token = Client(headers={"Authorization": f"Bearer {raw}"})
        for key, url in [*pages.items(), *api.items()]:
            response = (token if key in api else session).get(url)
            assert response.status_code < 500, (uname, key)
            body = response.content
            if key == "document" and response.status_code == 200:
                text = zipfile.ZipFile(io.BytesIO(body)).read("word/document.xml").decode()
            else:
                text = body.decode()
            fetched += response.status_code == 200
            for pattern in (FULL_MOBILE, FULL_ID):
                for m in pattern.findall(text):
                    leaks.append(f"{uname} {key}: {m}")
    assert fetched > 40
    assert leaks == []
