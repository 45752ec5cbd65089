"""The publicity registers through the API: channels, advisers and their service logs, model villages,
culture sites, targets with progress (scoped like the pages, paged, masked, bad values a Chinese 422),
and an activity corrected and withdrawn."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client

from fazhi.accounts.services import api_token_create
from fazhi.publicity import services
from fazhi.publicity.models import Activity, Adviser, AdviserService, Channel, CultureSite, ModelVillage
from tests.dates import today
from tests.dbutil import assert_nothing_changed
from tests.factories_publicity import PublicityWorld

pytestmark = pytest.mark.django_db
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def pw(world: Any) -> PublicityWorld:
    return PublicityWorld(world)


def _api(user: Any) -> tuple[Client, dict[str, str]]:
    _, raw = api_token_create(actor=user, name="县普法系统", system=True)
    return Client(), {"Authorization": f"Bearer {raw}"}


def _registers(pw: PublicityWorld) -> dict[str, Any]:
    """One of each register in 峰灵镇 (through the services) and in 城厢镇 (another area)."""
    year = today().year
    ch = services.channel_create(actor=pw.legal, village=pw.village, kind="broadcast", name="谭家村大喇叭", reach=600)
    services.channel_message_record(actor=pw.grid, channel=ch, day=today(), title="防诈骗提醒")
    adv = services.adviser_create(actor=pw.legal, village=pw.village, name="李律师", firm="渝东律师事务所")
    services.adviser_service_record(
        actor=pw.grid, adviser=adv, day=today(), kind="consultation", people=3, note="来电人 13812345678 咨询土地"
    )
    services.model_village_record(actor=pw.legal, village=pw.village, level="county", year=year)
    services.culture_site_create(
        actor=pw.legal,
        village=pw.village,
        name="谭家村法治广场",
        built_on=today() - dt.timedelta(days=800),
        content_updated_on=today() - dt.timedelta(days=400),
    )
    far = pw.w.village_b
    other_adv = Adviser.objects.create(village=far, name="王律师")
    AdviserService.objects.create(adviser=other_adv, day=today(), kind="consultation", people=9)
    Channel.objects.create(village=far, kind="wechat", name="先锋村群", reach=300)
    ModelVillage.objects.create(village=far, level="county", year=year)
    CultureSite.objects.create(village=far, name="先锋村阵地", built_on=today(), content_updated_on=today())
    return {"adviser": adv, "other_adviser": other_adv}


def test_registers_are_scoped_to_the_callers_area(pw: PublicityWorld) -> None:
    reg = _registers(pw)
    c, h = _api(pw.legal)
    channels = c.get("/api/v1/publicity/channels", headers=h).json()
    assert channels["count"] == 1
    (ch,) = channels["items"]
    assert (ch["name"], ch["kind"], ch["reach"], ch["messages_sent"]) == ("谭家村大喇叭", "broadcast", 600, 1)
    assert ch["last_message_on"] == today().isoformat()
    advisers = c.get("/api/v1/publicity/advisers", headers=h).json()
    assert [a["name"] for a in advisers["items"]] == ["李律师"]
    assert c.get(f"/api/v1/publicity/advisers/{reg['other_adviser'].pk}", headers=h).status_code == 404
    assert c.get(f"/api/v1/publicity/advisers/{reg['other_adviser'].pk}/services", headers=h).status_code == 404
    log = c.get(f"/api/v1/publicity/advisers/{reg['adviser'].pk}/services", headers=h).json()
    assert log["count"] == 1 and log["items"][0]["people"] == 3
    mv = c.get("/api/v1/publicity/model-villages", headers=h).json()
    assert [(m["village"], m["level"]) for m in mv["items"]] == [("谭家村", "county")]
    sites = c.get("/api/v1/publicity/culture-sites", headers=h).json()
    assert [(s["name"], s["outdated"]) for s in sites["items"]] == [("谭家村法治广场", True)]
    # the other township's token sees its own rows only
    c2, h2 = _api(pw.grid_b)
    assert [x["name"] for x in c2.get("/api/v1/publicity/channels", headers=h2).json()["items"]] == ["先锋村群"]
    assert [x["name"] for x in c2.get("/api/v1/publicity/culture-sites", headers=h2).json()["items"]] == ["先锋村阵地"]
    assert c2.get(f"/api/v1/publicity/advisers/{reg['adviser'].pk}", headers=h2).status_code == 404


def test_a_phone_typed_into_a_service_note_is_masked(pw: PublicityWorld) -> None:
    reg = _registers(pw)
    c, h = _api(pw.legal)
    body = c.get(f"/api/v1/publicity/advisers/{reg['adviser'].pk}/services", headers=h).content.decode()
    assert "13812345678" not in body and "138****5678" in body


def test_filters_and_bad_values(pw: PublicityWorld) -> None:
    _registers(pw)
    c, h = _api(pw.legal)
    assert c.get("/api/v1/publicity/channels?kind=wechat", headers=h).json()["count"] == 0
    assert c.get(f"/api/v1/publicity/channels?village_id={pw.village2.pk}", headers=h).json()["count"] == 0
    assert c.get(f"/api/v1/publicity/model-villages?year={today().year - 1}", headers=h).json()["count"] == 0
    for url in (
        "/api/v1/publicity/channels?kind=tv",
        "/api/v1/publicity/model-villages?level=township",
        "/api/v1/publicity/channels?village_id=99999999999999999999999",
        "/api/v1/publicity/culture-sites?village_id=0",
        "/api/v1/publicity/culture-sites?year=1999",
        "/api/v1/publicity/advisers?village_id=abc",
        "/api/v1/publicity/channels?page=0",
    ):
        r = c.get(url, headers=h)
        assert r.status_code == 422, url
        body = r.json()
        assert body["code"] == "validation_error" and body["details"], url
        assert CJK.search(body["message"]), (url, body["message"])
    bad_kind = c.get("/api/v1/publicity/channels?kind=tv", headers=h).json()
    assert "broadcast" in bad_kind["message"] and "wechat" in bad_kind["message"]


def test_targets_come_with_their_progress(pw: PublicityWorld) -> None:
    year = today().year
    services.target_set(actor=pw.legal, region=pw.w.town_a, year=year, metric="large_print", value=4, note="§六")
    c, h = _api(pw.legal)
    # a target of a year with no activity yet: nothing done (this answered 500 before)
    assert [t["done"] for t in c.get(f"/api/v1/publicity/targets?year={year}", headers=h).json()] == [0]
    pw.activity(large_print=True)
    pw.activity(large_print=True)
    (t,) = c.get(f"/api/v1/publicity/targets?year={year}", headers=h).json()
    assert (t["region"], t["metric"], t["value"], t["done"], t["percent"], t["met"]) == (
        "峰灵镇",
        "large_print",
        4,
        2,
        50,
        False,
    )
    assert t["quarter"] is None and t["note"] == "§六" and CJK.search(t["label"])
    c2, h2 = _api(pw.grid_b)
    assert c2.get(f"/api/v1/publicity/targets?year={year}", headers=h2).json() == []


def test_an_activity_corrected_and_withdrawn_through_the_api(pw: PublicityWorld) -> None:
    c, h = _api(pw.grid)
    body = {
        "type": "bench_talk",
        "village_id": pw.village.pk,
        "day": today().isoformat(),
        "participants": 25,
        "target_groups": ["villagers"],
        "organisers": ["峰灵镇人民政府"],
    }
    created = c.post("/api/v1/publicity/activities", body, content_type="application/json", headers=h).json()
    url = f"/api/v1/publicity/activities/{created['id']}"
    assert created["version"] == 1 and created["withdrawn"] is False
    r = c.put(url, {**body, "participants": 35, "version": 1}, content_type="application/json", headers=h)
    assert r.status_code == 200 and r.json()["participants"] == 35 and r.json()["version"] == 2
    with assert_nothing_changed(Activity):
        stale = c.put(url, {**body, "participants": 99, "version": 1}, content_type="application/json", headers=h)
    assert stale.status_code == 409 and CJK.search(stale.json()["message"])
    c2, h2 = _api(pw.grid_b)
    with assert_nothing_changed(Activity):
        other = c2.post(f"{url}/withdraw", {"reason": "x"}, content_type="application/json", headers=h2)
    assert other.status_code == 404
    w = c.post(f"{url}/withdraw", {"reason": "重复录入", "version": 2}, content_type="application/json", headers=h)
    assert w.status_code == 200 and w.json()["withdrawn"] is True and w.json()["withdrawn_reason"] == "重复录入"
    figures = {f["id"]: f["value"] for f in c.get("/api/v1/publicity/figures", headers=h).json()}
    assert figures["publicity.grassroots_sessions"] == 0
