"""Rendered pages and API answers never carry a full mobile number or ID number: every page a role
reaches in a populated county is fetched and scanned (masking happens on the server)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from fazhi.accounts.services import api_token_create
from fazhi.inspections.models import ChecklistAnswer, InspectionRecord
from fazhi.registry.models import Enterprise, Officer
from fazhi.supervision import services as supervision
from tests.factories import ContactFactory
from tests.test_onsite import Onsite
from tests.test_onsite_pages import client_for, finished

pytestmark = pytest.mark.django_db

FULL_MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
FULL_ID = re.compile(r"(?<![0-9A-Z])\d{17}[\dX](?![0-9A-Z])")


USERS = ("inspector_a", "head_a", "leader_a", "supervisor", "enterprise", "dept_inspector")

# Every answer that is not 200, by user and page: a page a role may not see refuses (403 for a
# page it has no permission for, 404 for a record outside its scope). Anything else fails the test.
REFUSED = {
    **{(u, "enterprise_b"): 404 for u in ("inspector_a", "head_a", "leader_a", "enterprise")},
    **{(u, "api_enterprise_b"): 404 for u in ("inspector_a", "head_a", "leader_a", "enterprise")},
    **{(u, "portal"): 403 for u in USERS if u != "enterprise"},  # the enterprise's own portal
    ("dept_inspector", "officer_a1"): 404,  # 峰灵镇's officer, not the county department's
    ("enterprise", "officer_a1"): 404,
    ("enterprise", "api_officer_a1"): 404,
    ("dept_inspector", "api_officer_a1"): 404,
    ("enterprise", "records"): 403,  # the enterprise reads its inspections in the portal
    ("enterprise", "warnings"): 403,
}


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
    # free text typed at the inspection carries numbers too (seeded here, as an officer might type them)
    findings = "负责人电话 13822223333，身份证 500238198502023456"
    assert InspectionRecord.objects.filter(pk=record.pk).update(findings=findings) == 1
    assert ChecklistAnswer.objects.filter(record=record, seq=1).update(note="已电话联系 13744445555") == 1
    pages = {
        "enterprises": reverse("registry:enterprise_list"),
        "enterprise_a": reverse("registry:enterprise_detail", args=[world.ent_a.pk]),
        "enterprise_b": reverse("registry:enterprise_detail", args=[world.ent_b.pk]),
        "officers": reverse("registry:officer_list"),
        "officer_a1": reverse("registry:officer_detail", args=[site.a1.pk]),
        "records": reverse("inspections:records"),
        "record": reverse("inspections:record", args=[record.pk]),
        "portal": reverse("inspections:portal"),
        "complaints": reverse("supervision:complaints"),
        "warnings": reverse("supervision:warnings"),
        "public_results": reverse("public:results"),
    }
    api = {  # answered to the user's own API token (the session client gets 401 from the API)
        "api_officers": "/api/v1/officers",
        "api_officer_a1": f"/api/v1/officers/{site.a1.pk}",
        "api_enterprises": "/api/v1/enterprises",
        "api_enterprise_a": f"/api/v1/enterprises/{world.ent_a.pk}",
        "api_enterprise_b": f"/api/v1/enterprises/{world.ent_b.pk}",
        "api_records": "/api/v1/inspection-records",
        "api_record": f"/api/v1/inspection-records/{record.pk}",
        "api_complaints": "/api/v1/complaints",
        "api_warnings": "/api/v1/warnings",
    }
    uscc = set(Enterprise.objects.values_list("uscc", flat=True))
    scanned: dict[str, set[str]] = {}
    for user in USERS:
        session = client_for(world[user])
        _token, raw = api_token_create(actor=world[user], name="脱敏扫描", system=True)
        token = Client(headers={"Authorization": f"Bearer {raw}"})
        for key, url in [*pages.items(), *api.items()]:
            response = (token if key in api else session).get(url)
            assert response.status_code == REFUSED.get((user, key), 200), (user, key, response.status_code)
            if response.status_code != 200:
                continue
            kind = "application/json" if key in api else "text/html"
            assert response["Content-Type"].startswith(kind), (user, key, response["Content-Type"])
            body = response.content.decode()
            assert not FULL_MOBILE.search(body), (user, key, FULL_MOBILE.search(body))
            masked_id = FULL_ID.search(body)
            assert masked_id is None or masked_id.group(0) in uscc, (user, key, masked_id)
            scanned.setdefault(key, set()).add(user)
    assert set(scanned) == set(pages) | set(api)  # every page and API answer was read by someone
    # there were numbers to leak, and the answers scanned carried the records that hold them
    assert Officer.objects.exclude(phone="").exists()
    assert {"supervisor", "inspector_a"} <= scanned["api_officers"] and "supervisor" in scanned["api_complaints"]
