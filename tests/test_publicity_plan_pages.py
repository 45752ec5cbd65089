"""The publicity plan pages (publicity/views/plan.py) through the test client as the real roles:
coverage, targets, village settings and the Excel import — what a success writes, what a refusal
says in Chinese without writing anything, and who is turned away."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any
from urllib.parse import unquote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from fazhi.accounts.roles import Role
from fazhi.core.models import LedgerEntry
from fazhi.publicity import services
from fazhi.publicity.models import Activity, Target, VillageSetting
from tests.dates import today
from tests.dbutil import assert_nothing_changed
from tests.factories import UserFactory
from tests.factories_publicity import PublicityWorld
from tests.test_onsite_pages import client_for
from tests.test_publicity_pages import _workbook

pytestmark = pytest.mark.django_db

HOME = "publicity:home"
TARGETS = "publicity:targets"
VILLAGES = "publicity:villages"
IMPORT = "publicity:import"
NO_VILLAGE = "请选择村（社区）。"


@pytest.fixture
def pw(world: Any) -> PublicityWorld:
    return PublicityWorld(world)


@pytest.fixture
def lc(pw: PublicityWorld) -> Client:
    """峰灵镇's justice office (司法所), who manages the plan; logged in before any block that
    checks nothing changed (logging in notes the time on the user's row)."""
    return client_for(pw.legal)


def _ledger(verb: str) -> list[dict[str, Any]]:
    return [
        json.loads(p) for p in LedgerEntry.objects.filter(verb=verb).order_by("seq").values_list("payload", flat=True)
    ]


def _refused(c: Client, url: str, data: dict[str, Any], back: str) -> str:
    """The form is refused: sent back to ``back`` with the reason, nothing written."""
    with assert_nothing_changed():
        r = c.post(reverse(url), data)
    assert r.status_code == 302 and r["Location"] == reverse(back)
    return c.get(reverse(back)).content.decode()


# --- coverage ------------------------------------------------------------------------------------


def test_coverage_shows_the_area_s_villages_by_target_group(pw: PublicityWorld) -> None:
    pw.activity(participants=42, target_groups=["youth"])
    c = client_for(pw.leader)
    r = c.get(reverse("publicity:coverage"), {"group": "youth"})
    assert r.status_code == 200
    page = r.content.decode()
    row = page.split(f'data-village="{pw.village.pk}"')[1].split("</tr>")[0]
    assert "42" in row
    assert '<option value="youth" selected>' in page
    # another group: the village had no session for it
    page = c.get(reverse("publicity:coverage"), {"group": "elderly"}).content.decode()
    assert "42" not in page.split(f'data-village="{pw.village.pk}"')[1].split("</tr>")[0]
    assert c.get(reverse("publicity:coverage"), {"group": "aliens"}).status_code == 400
    assert c.get(reverse("publicity:coverage"), {"year": "1999"}).status_code == 400


def test_coverage_says_so_when_the_user_has_no_area(pw: PublicityWorld) -> None:
    nowhere = UserFactory(username="pub_nowhere", org_unit=None, roles=[Role.LEGAL_OFFICE])
    r = client_for(nowhere).get(reverse("publicity:coverage"))
    assert r.status_code == 200 and "您没有辖区。" in r.content.decode()


def test_coverage_is_refused_to_roles_without_publicity(pw: PublicityWorld) -> None:
    assert client_for(pw.w["inspector_a"]).get(reverse("publicity:coverage")).status_code == 403


# --- targets -------------------------------------------------------------------------------------


def test_a_target_is_set_for_the_area_and_changed(pw: PublicityWorld, lc: Client) -> None:
    year = today().year
    form = {"year": str(year), "metric": "remote_sessions", "quarter": "2", "value": "3", "note": " 每个偏远村 "}
    r = lc.post(reverse(TARGETS), form)
    assert r.status_code == 302 and r["Location"] == f"{reverse(HOME)}?year={year}"
    t = Target.objects.get()
    assert (t.region, t.year, t.quarter, t.metric, t.value, t.note) == (
        pw.w.town_a,
        year,
        2,
        "remote_sessions",
        3,
        "每个偏远村",
    )
    page = lc.get(r["Location"]).content.decode()
    assert "目标已保存。" in page and 'data-metric="remote_sessions" data-quarter="2"' in page

    lc.post(reverse(TARGETS), {**form, "value": "4", "note": ""})  # the same target, changed
    t = Target.objects.get()
    assert (t.value, t.note) == (4, "")
    assert [(p["value"], p["new"]) for p in _ledger("publicity.target_set")] == [(3, True), (4, False)]


def test_a_whole_year_target_for_next_year(pw: PublicityWorld, lc: Client) -> None:
    year = today().year + 1
    r = lc.post(reverse(TARGETS), {"year": str(year), "metric": "model_villages", "quarter": "", "value": "1"})
    assert r.status_code == 302
    t = Target.objects.get()
    assert (t.year, t.quarter, t.metric, t.value) == (year, None, "model_villages", 1)


def test_a_target_for_a_village_of_the_area(pw: PublicityWorld, lc: Client) -> None:
    form = {"region": pw.village2.pk, "year": str(today().year), "metric": "joint_activities", "value": "5"}
    assert lc.post(reverse(TARGETS), form).status_code == 302
    assert Target.objects.get().region == pw.village2


def test_a_target_for_a_region_outside_the_area_is_refused(pw: PublicityWorld, lc: Client) -> None:
    # 城厢镇 is not 峰灵镇's: the target is refused, not written for 峰灵镇 instead
    form = {"region": pw.w.town_b.pk, "year": str(today().year), "metric": "joint_activities", "value": "5"}
    page = _refused(lc, TARGETS, form, HOME)
    assert "请选择目标所属的辖区。" in page and "目标已保存。" not in page


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"year": "+5"}, "目标只能设定去年、今年或明年的。"),  # five years on (resolved in the test)
        ({"year": ""}, "目标只能设定去年、今年或明年的。"),
        ({"year": "明年"}, "参数“year”无效"),
        ({"quarter": "5"}, "参数“quarter”无效：应为1 至 4 之间的整数。"),
        ({"metric": "arrests"}, "参数“metric”无效：应为以下之一："),
        ({"metric": ""}, "请选择目标的指标。"),
        ({"value": "10001"}, "参数“value”无效：应为0 至 10000 之间的整数。"),
        ({"note": "注" * 301}, "最多300个字（现为301个）。"),
    ],
)
def test_a_target_is_refused_with_the_reason(
    pw: PublicityWorld, lc: Client, change: dict[str, str], message: str
) -> None:
    if change.get("year") == "+5":
        change = {"year": str(today().year + 5)}
    form = {"year": str(today().year), "metric": "joint_activities", "quarter": "", "value": "5", **change}
    page = _refused(lc, TARGETS, form, HOME)
    assert message in page and "目标已保存。" not in page


def test_a_target_needs_an_area(pw: PublicityWorld) -> None:
    nowhere = UserFactory(username="pub_nowhere", org_unit=None, roles=[Role.LEGAL_OFFICE])
    form = {"year": str(today().year), "metric": "joint_activities", "value": "5"}
    assert "请选择目标所属的辖区。" in _refused(client_for(nowhere), TARGETS, form, HOME)


@pytest.mark.parametrize("who", ["grid", "leader"])
def test_a_target_is_not_set_by_who_does_not_manage(pw: PublicityWorld, who: str) -> None:
    c = client_for(getattr(pw, who))
    form = {"year": str(today().year), "metric": "joint_activities", "value": "5"}
    with assert_nothing_changed():
        r = c.post(reverse(TARGETS), form)
    assert r.status_code == 403
    assert not Target.objects.exists()


def test_the_county_sets_a_county_target(pw: PublicityWorld) -> None:
    c = client_for(pw.w["supervisor"])
    r = c.post(reverse(TARGETS), {"year": str(today().year), "metric": "liaison_trainings", "value": "12"})
    assert r.status_code == 302
    t = Target.objects.get()
    assert (t.region, t.metric, t.value) == (pw.w.county, "liaison_trainings", 12)


# --- village settings ----------------------------------------------------------------------------


def test_villages_page_lists_the_area_s_villages_with_their_settings(pw: PublicityWorld, lc: Client) -> None:
    services.village_setting_set(actor=pw.legal, village=pw.village2, population=640, remote=True)
    page = lc.get(reverse(VILLAGES)).content.decode()
    assert "峰灵镇 谭家村" in page and "峰灵镇 三坪村" in page and "先锋村" not in page
    row = page.split(f'name="village" value="{pw.village2.pk}"')[1].split("</tr>")[0]
    assert 'value="640"' in row and "checked" in row
    row = page.split(f'name="village" value="{pw.village.pk}"')[1].split("</tr>")[0]
    assert 'name="population" inputmode="numeric" value=""' in row and "checked" not in row


def test_a_village_setting_is_saved_and_cleared(pw: PublicityWorld, lc: Client) -> None:
    r = lc.post(reverse(VILLAGES), {"village": pw.village.pk, "population": "1250", "remote": "1"})
    assert r.status_code == 302 and r["Location"] == reverse(VILLAGES)
    s = VillageSetting.objects.get()
    assert (s.village, s.population, s.remote) == (pw.village, 1250, True)
    assert "村设置已保存。" in lc.get(reverse(VILLAGES)).content.decode()
    lc.post(reverse(VILLAGES), {"village": pw.village.pk, "population": ""})  # unticked: not remote
    s.refresh_from_db()
    assert (s.population, s.remote) == (None, False)
    assert _ledger("publicity.village_setting") == [
        {"village": pw.village.pk, "population": 1250, "remote": True},
        {"village": pw.village.pk, "population": None, "remote": False},
    ]


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"population": "100"}, "参数“village”无效：应为非空的值（此项必填）。"),
        ({"village": "town_a", "population": "100"}, NO_VILLAGE),
        ({"village": "village_b", "population": "100"}, NO_VILLAGE),
        ({"village": "village", "population": "0"}, "参数“population”无效：应为1 至 1000000 之间的整数。"),
        ({"village": "village", "population": "一千"}, "参数“population”无效"),
    ],
)
def test_a_village_setting_is_refused_with_the_reason(
    pw: PublicityWorld, lc: Client, form: dict[str, str], message: str
) -> None:
    regions = {"town_a": pw.w.town_a, "village_b": pw.w.village_b, "village": pw.village}
    if "village" in form:
        form = {**form, "village": regions[form["village"]].pk}
    page = _refused(lc, VILLAGES, form, VILLAGES)
    assert message in page and "村设置已保存。" not in page


@pytest.mark.parametrize("who", ["grid", "leader"])
def test_village_settings_are_refused_to_who_does_not_manage(pw: PublicityWorld, who: str) -> None:
    c = client_for(getattr(pw, who))
    assert c.get(reverse(VILLAGES)).status_code == 403
    with assert_nothing_changed():
        r = c.post(reverse(VILLAGES), {"village": pw.village.pk, "population": "100", "remote": "1"})
    assert r.status_code == 403
    assert not VillageSetting.objects.exists()


# --- the Excel import ----------------------------------------------------------------------------


def _upload(rows: list[list[Any]]) -> SimpleUploadedFile:
    return SimpleUploadedFile("activities.xlsx", _workbook(rows).getvalue())


def test_the_import_page_and_its_template(pw: PublicityWorld, lc: Client) -> None:
    page = lc.get(reverse(IMPORT)).content.decode()
    assert 'type="file" name="file"' in page and 'id="import-errors"' not in page
    r = lc.get(reverse(IMPORT), {"template": "1"})
    assert r.status_code == 200
    assert r["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert unquote(r["Content-Disposition"].split("filename*=UTF-8''")[1]) == "普法活动导入模板.xlsx"
    assert r.content[:2] == b"PK"


def test_an_import_writes_every_row(pw: PublicityWorld, lc: Client) -> None:
    good = [today(), "谭家村", "", "板凳普法", "", "村民、老年人", "镇司法所、派出所", 30, 10, "院坝"]
    second = [today() - dt.timedelta(days=1), "三坪村", "", "板凳普法", "", "村民", "镇司法所", 12, "", ""]
    r = lc.post(reverse(IMPORT), {"file": _upload([good, second])})
    assert r.status_code == 302 and r["Location"] == reverse("publicity:activities")
    assert "已导入 2 项活动。" in lc.get(r["Location"]).content.decode()
    got = sorted(Activity.objects.values_list("village__name", "participants", "day"))
    assert got == sorted([("谭家村", 30, today()), ("三坪村", 12, today() - dt.timedelta(days=1))])


def test_an_import_with_errors_lists_them_and_writes_nothing(pw: PublicityWorld, lc: Client) -> None:
    good = [today(), "谭家村", "", "板凳普法", "", "村民", "镇司法所", 30, 10, ""]
    bad = [today(), "不存在村", "", "板凳普法", "", "村民", "镇司法所", 5, "", ""]
    with assert_nothing_changed():
        r = lc.post(reverse(IMPORT), {"file": _upload([good, bad])})
    assert r.status_code == 422
    page = r.content.decode()
    errors = page.split('id="import-errors"')[1].split("</ul>")[0]
    assert "第 3 行" in errors and "不存在村 不是您辖区的村（社区）" in errors
    assert "第 2 行" not in errors


def test_an_import_without_a_file_is_refused(pw: PublicityWorld, lc: Client) -> None:
    with assert_nothing_changed():
        r = lc.post(reverse(IMPORT), {})
    assert r.status_code == 422 and "请选择文件。" in r.content.decode()


@pytest.mark.parametrize("who", ["grid", "leader"])
def test_the_import_is_refused_to_who_does_not_manage(pw: PublicityWorld, who: str) -> None:
    c = client_for(getattr(pw, who))
    assert c.get(reverse(IMPORT)).status_code == 403
    good = [today(), "谭家村", "", "板凳普法", "", "村民", "镇司法所", 30, 10, ""]
    with assert_nothing_changed():
        r = c.post(reverse(IMPORT), {"file": _upload([good])})
    assert r.status_code == 403
    assert not Activity.objects.exists()
