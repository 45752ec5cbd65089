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


# --- edit forms (issue 15.9) -----------------------------------------------------------------------

FORM_VALUES = re.compile(r'<input[^>]*\svalue="([^"]*)"|<textarea[^>]*>(.*?)</textarea>', re.S)
LINK = re.compile(r'href="(/(?:registry|users)/[^"?#]*)"')
SKIP = re.compile(r"\.xlsx$|/export/|/import/")


def _crawl(client: Client, start: list[str], limit: int = 400) -> dict[str, str]:
    """Every page under /registry/ and /users/ reachable by a link from ``start``, fetched once:
    its HTML by address (edit forms included: they are reached from the detail pages' links)."""
    seen: dict[str, str] = {}
    queue = list(start)
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if url in seen or SKIP.search(url):
            continue
        response = client.get(url)
        seen[url] = response.content.decode() if response.status_code == 200 else ""
        queue.extend(u for u in LINK.findall(seen[url]) if u not in seen)
    return seen


def test_no_edit_form_carries_a_full_phone_number(world: Any) -> None:
    """The county supervisor, the 峰灵镇 body head and the system administrator open every edit form
    they reach: no form input carries a full mobile number (nor does the rest of the page)."""
    from fazhi.accounts.models import User

    site = Onsite(world)
    ContactFactory(enterprise=world.ent_b, phone="13711112222")
    Officer.objects.filter(pk=site.a1.pk).update(phone="13812345678")
    User.objects.filter(pk=world["head_a"].pk).update(phone="13566667777")
    start = [
        reverse("registry:officer_list"),
        reverse("registry:enterprise_list"),
        reverse("registry:body_list"),
        reverse("registry:matter_list"),
        reverse("core:user_list"),
    ]
    forms: set[str] = set()
    for user in ("supervisor", "head_a", "sysadmin"):
        for url, html in _crawl(client_for(world[user]), start).items():
            values = [a or b for a, b in FORM_VALUES.findall(html)]
            leaked = [v for v in values if FULL_MOBILE.search(v)]
            assert not leaked, (user, url, leaked)
            assert not FULL_MOBILE.search(html), (user, url, FULL_MOBILE.search(html))
            if url.endswith("/edit/"):
                forms.add(url)
    # the forms holding numbers were among those read
    assert reverse("registry:officer_edit", args=[site.a1.pk]) in forms
    assert reverse("registry:enterprise_edit", args=[world.ent_a.pk]) in forms


def test_a_masked_phone_sent_back_keeps_the_stored_number(world: Any) -> None:
    site = Onsite(world)
    Officer.objects.filter(pk=site.a1.pk).update(phone="13812345678")
    supervisor = client_for(world["supervisor"])
    url = reverse("registry:officer_edit", args=[site.a1.pk])
    html = supervisor.get(url).content.decode()
    assert 'value="138****5678"' in html
    site.a1.refresh_from_db()
    form = {
        "name": site.a1.name,
        "certificate_no": site.a1.certificate_no,
        "body": site.a1.body_id,
        "issuing_authority": site.a1.issuing_authority,
        "valid_until": site.a1.valid_until.isoformat() if site.a1.valid_until else "",
        "status": site.a1.status,
        "phone": "138****5678",
        "version": site.a1.version,
    }
    assert supervisor.post(url, form).status_code == 302
    site.a1.refresh_from_db()
    assert site.a1.phone == "13812345678"
    form["version"] = site.a1.version
    form["phone"] = "139****0000"  # a masked value that is not the stored one changes nothing
    assert supervisor.post(url, form).status_code != 302  # the form comes back with the error
    site.a1.refresh_from_db()
    assert site.a1.phone == "13812345678"
    form["phone"] = "13900001111"  # typing a new number changes it
    assert supervisor.post(url, form).status_code == 302
    site.a1.refresh_from_db()
    assert site.a1.phone == "13900001111"


def test_officers_exported_masked_reimport_with_their_numbers_kept(world: Any) -> None:
    """The officers' workbook leaves with masked numbers; imported back, the numbers stay."""
    import io

    from fazhi.registry.imports import run_import
    from fazhi.registry.imports.kinds import export
    from fazhi.registry.selectors import officer_list

    site = Onsite(world)
    Officer.objects.filter(pk=site.a1.pk).update(phone="13812345678")
    user = world["head_a"]
    data = export(actor=user, kind="officers", qs=officer_list(user=user))
    report = run_import(actor=user, kind="officers", fh=io.BytesIO(data))
    assert report.ok, report.summary()
    site.a1.refresh_from_db()
    assert site.a1.phone == "13812345678"
