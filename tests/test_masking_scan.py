"""Rendered pages and API answers never carry a full mobile number or ID number: every page a role
reaches in a populated county is fetched and scanned (masking happens on the server)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from fazhi.registry.models import Enterprise, Officer
from fazhi.supervision import services as supervision
from tests.factories import ContactFactory
from tests.test_onsite import Onsite
from tests.test_onsite_pages import client_for, finished

pytestmark = pytest.mark.django_db

FULL_MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
FULL_ID = re.compile(r"(?<![0-9A-Z])\d{17}[\dX](?![0-9A-Z])")


def test_no_page_shows_a_full_phone_or_id_number(world: Any) -> None:
    site = Onsite(world)
    record = finished(site)
    ContactFactory(enterprise=world.ent_b, phone="13711112222")
    supervision.complaint_receive(
        actor=world["supervisor"],
        source="hotline",
        kind="report",
        body=None,
        region=world.town_a,
        enterprise_name="峰灵酒业有限公司",
        text="夜间偷排，举报人身份证 500238199001011234 请保密，电话 13955556666",
        contact_phone="13633334444",
    )
    pages = [
        reverse("registry:enterprise_list"),
        reverse("registry:enterprise_detail", args=[world.ent_a.pk]),
        reverse("registry:enterprise_detail", args=[world.ent_b.pk]),
        reverse("registry:officer_list"),
        reverse("registry:officer_detail", args=[site.a1.pk]),
        reverse("inspections:records"),
        reverse("inspections:record", args=[record.pk]),
        reverse("inspections:portal"),
        reverse("supervision:complaints"),
        reverse("supervision:warnings"),
        "/api/v1/officers",
        "/api/v1/enterprises",
        reverse("public:results"),
    ]
    seen = 0
    for user in ("inspector_a", "head_a", "leader_a", "supervisor", "enterprise", "dept_inspector"):
        client = client_for(world[user])
        for url in pages:
            response = client.get(url)
            if response.status_code != 200 or not response.get("Content-Type", "").startswith(
                ("text/", "application/json")
            ):
                continue
            body = response.content.decode()
            seen += 1
            assert not FULL_MOBILE.search(body), (user, url, FULL_MOBILE.search(body))
            masked_id = FULL_ID.search(body)
            assert masked_id is None or masked_id.group(0) in {e.uscc for e in Enterprise.objects.all()}, (user, url)
    assert seen > 30
    assert Officer.objects.exclude(phone="").exists()  # there were numbers to leak
