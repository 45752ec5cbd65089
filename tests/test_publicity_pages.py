"""Publicity pages, the heat table's constant queries, the figures counted by hand, the Excel import
(all or nothing) and the API."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook

from fazhi.accounts.models import Region
from fazhi.accounts.services import api_token_create
from fazhi.core.figures import REGISTRY, NotKept, load_all
from fazhi.publicity import imports, services
from fazhi.publicity.models import Activity
from tests.dates import today
from tests.dbutil import assert_nothing_changed
from tests.factories import RegionFactory
from tests.factories_publicity import PublicityWorld
from tests.test_onsite_pages import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def pw(world: Any) -> PublicityWorld:
    return PublicityWorld(world)


def test_pages_answer_for_the_justice_office(pw: PublicityWorld) -> None:
    pw.activity()
    c = client_for(pw.legal)
    for name in ("home", "activities", "activity_new", "coverage", "network", "villages", "import"):
        r = c.get(reverse(f"publicity:{name}"))
        assert r.status_code == 200, name
    home = c.get(reverse("publicity:home")).content.decode()
    assert 'data-figure="publicity.grassroots_sessions"' in home
    assert '<div class="small text-muted"></div>' not in home  # every figure shows its label
    a = Activity.objects.get()
    assert c.get(reverse("publicity:activity", args=[a.pk])).status_code == 200
    assert client_for(pw.grid_b).get(reverse("publicity:activity", args=[a.pk])).status_code == 404
    assert client_for(pw.w["inspector_a"]).get(reverse("publicity:home")).status_code == 403


def test_phone_form_saves_and_asks_before_a_reach_above_population(pw: PublicityWorld) -> None:
    services.village_setting_set(actor=pw.legal, village=pw.village, population=100, remote=False)
    c = client_for(pw.grid)
    form = {
        "type": pw.types["courtyard_talk"].pk,
        "village": pw.village.pk,
        "day": today().isoformat(),
        "participants": "150",
        "target_groups": ["villagers", "elderly"],
        "organisers": "峰灵镇人民政府、峰灵派出所",
    }
    with assert_nothing_changed(Activity):
        r = c.post(reverse("publicity:activity_new"), form)
    assert r.status_code == 422 and b"confirm_reach" in r.content
    r = c.post(reverse("publicity:activity_new"), {**form, "confirm_reach": "1"})
    assert r.status_code == 302
    a = Activity.objects.get()
    assert (a.participants, a.joint) == (150, True)
    future = {**form, "day": (today() + dt.timedelta(days=2)).isoformat(), "participants": "20"}
    with assert_nothing_changed(Activity):
        assert c.post(reverse("publicity:activity_new"), future).status_code == 422


def test_the_heat_table_runs_a_constant_number_of_queries(pw: PublicityWorld) -> None:
    c = client_for(pw.legal)
    url = reverse("publicity:coverage") + "?group=villagers"
    pw.activity()
    c.get(url)  # warm the session and the caches
    with CaptureQueriesContext(connection) as few:
        assert c.get(url).status_code == 200
    for n in range(8):
        v = RegionFactory(code=f"50023811709{n}", name=f"新村{n}", parent=pw.w.town_a)
        services.village_setting_set(actor=pw.legal, village=v, population=500, remote=n % 2 == 0)
        pw.activity(village=v, participants=10 + n)
    with CaptureQueriesContext(connection) as many:
        r = c.get(url)
    assert r.status_code == 200 and "新村7".encode() in r.content
    assert len(many.captured_queries) == len(few.captured_queries)


def test_remote_village_below_its_quarter_target_is_marked(pw: PublicityWorld) -> None:
    q = (today().month - 1) // 3 + 1
    services.village_setting_set(actor=pw.legal, village=pw.village2, population=900, remote=True)
    services.target_set(
        actor=pw.legal, region=pw.w.town_a, year=today().year, quarter=q, metric="remote_sessions", value=2
    )
    pw.activity(village=pw.village2)
    r = client_for(pw.leader).get(reverse("publicity:coverage"))
    row = r.content.decode().split(f'data-village="{pw.village2.pk}"')[1].split("</tr>")[0]
    assert "below" in row
    other = r.content.decode().split(f'data-village="{pw.village.pk}"')[1].split("</tr>")[0]
    assert "below" not in other


def test_figures_counted_by_the_rules(pw: PublicityWorld) -> None:
    load_all()
    year = today().year
    pw.activity(type="school_first_class", target_groups=["youth"], participants=100)
    pw.activity(type="bench_talk", participants=40, organisers=["甲", "乙"])
    pw.activity(type="courtyard_talk", participants=60, target_groups=["youth", "elderly"])
    pw.activity(type="case_explained", participants=20)
    pw.activity(type="mediation_talk", participants=15)
    pw.activity(type="civil_code_month", participants=200, materials=300)
    pw.activity(type="coordination_meeting", participants=10, organisers=["甲", "乙", "丙"])
    town = pw.w.town_a
    got = {i: REGISTRY[i](town, year) for i in REGISTRY if i.startswith(("publicity.", "advisers."))}
    assert got["publicity.youth_activities"] == 2
    assert got["publicity.grassroots_sessions"] == 2
    assert got["publicity.grassroots_reach"] == 100
    assert got["publicity.case_explained_sessions"] == 1
    assert got["publicity.mediation_education_reach"] == 15
    assert got["publicity.campaign_events"] == 1
    assert got["publicity.leaflets"] == 300
    assert got["publicity.joint_share_pct"] == Decimal("16.7")  # 1 of 6 (the meeting left out)
    assert isinstance(got["publicity.outdated_sites_pct"], NotKept)
    assert got["publicity.broadcast_villages"] == 0
    assert REGISTRY["publicity.grassroots_sessions"](pw.w.town_b, year) == 0


def _workbook(rows: list[list[Any]]) -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append([c.zh() for c in imports.COLUMNS])
    for r in rows:
        ws.append(r)
    fh = io.BytesIO()
    wb.save(fh)
    fh.seek(0)
    return fh


def test_import_is_all_or_nothing(pw: PublicityWorld) -> None:
    good = [today(), "谭家村", "", "板凳普法", "", "村民、老年人", "镇司法所、派出所", 30, 10, "院坝"]
    bad = [today() + dt.timedelta(days=3), "不存在村", "", "跳舞", "", "外星人", "", 5, "", ""]
    with assert_nothing_changed(), pytest.raises(Exception) as exc:
        imports.activity_import(actor=pw.legal, fh=_workbook([good, bad]))
    details = exc.value.details["errors"]  # type: ignore[attr-defined]
    assert len(details) >= 4 and all("第 3 行" in e for e in details)
    assert imports.activity_import(actor=pw.legal, fh=_workbook([good, good])) == 2
    a = Activity.objects.first()
    assert a is not None and a.joint and sorted(a.target_groups) == ["elderly", "villagers"]
    assert imports.template()[:2] == b"PK"


def _api(user: Any) -> tuple[Client, dict[str, str]]:
    _, raw = api_token_create(actor=user, name="县普法系统", system=True)
    return Client(), {"Authorization": f"Bearer {raw}"}


def test_api_records_lists_and_counts(pw: PublicityWorld) -> None:
    c, h = _api(pw.legal)
    body = {
        "type": "板凳普法",
        "village_id": pw.village.pk,
        "day": today().isoformat(),
        "participants": 25,
        "target_groups": ["villagers"],
        "organisers": ["峰灵镇司法所"],
    }
    r = c.post("/api/v1/publicity/activities", body, content_type="application/json", headers=h)
    assert r.status_code == 201, r.content
    assert r.json()["type"] == "bench_talk"
    with assert_nothing_changed():
        r = c.post(
            "/api/v1/publicity/activities",
            {**body, "day": (today() + dt.timedelta(days=1)).isoformat()},
            content_type="application/json",
            headers=h,
        )
    assert r.status_code == 422
    assert c.get("/api/v1/publicity/activities", headers=h).json()["count"] == 1
    figures = {f["id"]: f["value"] for f in c.get("/api/v1/publicity/figures", headers=h).json()}
    assert figures["publicity.grassroots_reach"] == 25
    cov = c.get("/api/v1/publicity/coverage", headers=h).json()
    assert sum(sum(r["sessions"]) for r in cov["rows"]) == 1
    assert c.get("/api/v1/publicity/coverage?target_group=aliens", headers=h).status_code == 422
    assert c.get("/api/v1/publicity/targets", headers=h).status_code == 200
    assert Region.objects.filter(pk=pw.village.pk).exists()
