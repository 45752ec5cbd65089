"""Issue 22, security: a crawl of every people page, the home page, the ledger, the access log,
the figures and every people API answer, as each role (enterprise, inspectors, supervisors, the
three administrators, the township's workers), finds no full ID number, full name or phone of a
file — identities appear only in the answer to a reveal with a reason (a POST, logged) or in a
county body's share under its grant. A database dump holds no plaintext identity."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from fazhi.accounts.roles import Role
from fazhi.accounts.services import api_token_create
from fazhi.people import services
from tests.factories import UserFactory, party_resident_id
from tests.factories_people import PeopleWorld
from tests.test_onsite_pages import client_for

pytestmark = pytest.mark.django_db


def readable(response: Any) -> str:
    """The answer as text, JSON with its Chinese unescaped (a name is "\\u6d4b…" in raw JSON)."""
    text = response.content.decode()
    if response.get("Content-Type", "").startswith("application/json"):
        return json.dumps(json.loads(text), ensure_ascii=False)
    return text


def secrets_of(pw: PeopleWorld) -> dict[str, str]:
    out = {}
    for p in pw.identities:
        out[p["name"]] = "name"
        out[party_resident_id(p["birth"], p["seq"])] = "id"
        out[p["phone"]] = "phone"
        out[p["address"]] = "address"
    return out


def populate(pw: PeopleWorld) -> None:
    today = timezone.localdate()
    services.visit_record(
        actor=pw.grid,
        file=pw.mental,
        visited_on=today,
        place="家中",
        findings="家属电话 13800009999 已核实",
        danger_level=2,
    )
    services.meeting_record(
        actor=pw.officer,
        township=pw.w.town_a,
        held_on=today,
        title="月度研判",
        attendees="综治办、派出所",
        decisions="加强随访",
        files=[pw.mental, pw.corrections],
    )
    services.incident_record(actor=pw.officer, township=pw.w.town_a, occurred_on=today, description="无", file=None)
    services.file_reveal(actor=pw.grid, file=pw.mental, reason="核对身份")  # an access-log row
    services.share_grant(
        actor=pw.officer,
        township=pw.w.town_a,
        org=pw.d.police,
        purpose="风险预警",
        categories=[pw.mental_cat],
        valid_until=today + dt.timedelta(days=30),
    )


def test_no_page_or_answer_shows_an_identity_to_any_role(pw_world: PeopleWorld) -> None:
    pw = pw_world
    populate(pw)
    secrets = secrets_of(pw)
    pages = {
        "list": reverse("people:list"),
        "list_due": reverse("people:list") + "?due=soon",
        "lookup": reverse("people:list") + "?id_number=" + party_resident_id("19800312", 511),
        "new": reverse("people:new"),
        "register": reverse("people:register"),
        "exports": reverse("people:exports"),
        "sharing": reverse("people:sharing"),
        "figures": reverse("people:figures"),
        "home": reverse("home"),
        "ledger": reverse("core:ledger"),
        "access_log": reverse("core:access_log"),
        "reports": reverse("reports:figures"),
    }
    for f in pw.files:
        pages[f"detail_{f.pk}"] = reverse("people:detail", args=[f.pk])
        pages[f"visit_{f.pk}"] = reverse("people:visit", args=[f.pk])
    api = {
        "api_list": "/api/v1/people/files",
        "api_figures": "/api/v1/people/figures",
        "api_shared": "/api/v1/people/shared",
        **{f"api_file_{f.pk}": f"/api/v1/people/files/{f.pk}" for f in pw.files},
    }
    users = {name: pw.w[name] for name in pw.w.users}
    for u in (pw.officer, pw.legal, pw.grid, pw.grid2, pw.grid_b, pw.officer_b):
        users[u.username] = u
    other_body = UserFactory(username="weijian", org_unit=pw.w["dept_inspector"].org_unit, roles=[Role.INSPECTOR])
    users["weijian"] = other_body  # a county body without a grant
    fetched = 0
    leaks: list[str] = []
    for uname, user in users.items():
        session = client_for(user)
        _token, raw = api_token_create(actor=user, name="脱敏扫描", system=True)
        token = Client(headers={"Authorization": f"Bearer {raw}"})
        for key, url in [*pages.items(), *api.items()]:
            response = (token if key in api else session).get(url)
            assert response.status_code < 500, (uname, key)
            fetched += response.status_code == 200
            text = readable(response)
            for secret, kind in secrets.items():
                if secret in text:
                    leaks.append(f"{uname} {key}: {kind}")
            if "13800009999" in text:
                leaks.append(f"{uname} {key}: phone in findings")
    assert fetched > 70  # 81 when written: each role fetches what it may, the rest are refusals
    assert leaks == []


def test_the_share_goes_to_the_granted_body_only(pw_world: PeopleWorld) -> None:
    pw = pw_world
    populate(pw)
    police = UserFactory(username="police", org_unit=pw.d.police, roles=[Role.INSPECTOR])
    _token, raw = api_token_create(actor=police, name="共享", system=True)
    r = Client(headers={"Authorization": f"Bearer {raw}"}).get("/api/v1/people/shared")
    assert r.status_code == 200
    body = readable(r)
    assert "测甲明" in body and "测乙强" not in body  # the mental-health file only, its purpose logged


@pytest.fixture
def pw_world(world: Any) -> PeopleWorld:
    return PeopleWorld(world)


def test_a_database_dump_holds_no_plaintext_identity(pw_world: PeopleWorld) -> None:
    pw = pw_world
    populate(pw)
    secrets = secrets_of(pw)
    # every table, read on the test's own connection (the rows are not committed: an outside
    # pg_dump would see none), as the dump would hold them
    parts = []
    with connection.cursor() as cur:
        for table in connection.introspection.table_names(cur):
            cur.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            parts.append(repr(cur.fetchall()))
    dump = "\n".join(parts)
    assert "people.visited" in dump  # the ledger was read too
    found = [kind for secret, kind in secrets.items() if secret in dump]
    assert found == []
