"""The grassroots network page (publicity/views/network.py) through the test client as the real
roles: every form's success writes the typed values and its ledger entry, every refusal says in
Chinese what to fix and writes nothing, and a role without the permission is turned away."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from fazhi.core.models import LedgerEntry
from fazhi.publicity import links, services
from fazhi.publicity.models import (
    Adviser,
    AdviserService,
    Channel,
    ChannelMessage,
    CultureSite,
    Liaison,
    LiaisonTraining,
    ModelVillage,
    Studio,
)
from tests.dates import today
from tests.dbutil import assert_nothing_changed
from tests.factories_publicity import PublicityWorld
from tests.test_onsite_pages import client_for

pytestmark = pytest.mark.django_db

NETWORK = "publicity:network"
SAVED = "已保存。"
DENIED = "您没有执行此操作的权限，请向管理员申请相应角色。"
NOT_FOUND = "记录不存在，或不在您的权限范围内。"
NOT_FUTURE = "日期不能是未来：活动开展后才能登记。"


@pytest.fixture
def pw(world: Any) -> PublicityWorld:
    return PublicityWorld(world)


@pytest.fixture
def lc(pw: PublicityWorld) -> Client:
    """峰灵镇's justice office (司法所), who keeps the network's registers; logged in before any
    block that checks nothing changed (logging in notes the time on the user's row)."""
    return client_for(pw.legal)


def _send(c: Client, data: dict[str, Any]) -> str:
    """Post a form of the page; it always answers by sending back to the page, which shows the
    message (and the registers as they now are)."""
    r = c.post(reverse(NETWORK), data)
    assert r.status_code == 302 and r["Location"] == reverse(NETWORK)
    return c.get(reverse(NETWORK)).content.decode()


def _refused(c: Client, data: dict[str, Any]) -> str:
    with assert_nothing_changed():
        r = c.post(reverse(NETWORK), data)
    assert r.status_code == 302 and r["Location"] == reverse(NETWORK)
    return c.get(reverse(NETWORK)).content.decode()


def _ledger(verb: str) -> tuple[str, dict[str, Any]]:
    entry = LedgerEntry.objects.get(verb=f"publicity.{verb}")
    return entry.target_id, json.loads(entry.payload)


def _days_ago(n: int) -> str:
    return (today() - dt.timedelta(days=n)).isoformat()


def _tomorrow() -> str:
    return (today() + dt.timedelta(days=1)).isoformat()


# --- the page ------------------------------------------------------------------------------------


@pytest.fixture
def network(pw: PublicityWorld) -> dict[str, Any]:
    """One of each register in 谭家村, and a channel of 城厢镇 (another area)."""
    legal = pw.legal
    liaison = services.liaison_appoint(
        actor=legal, village=pw.village, name="谭明白", phone="13900000001", appointed_on=today()
    )
    adviser = services.adviser_create(actor=legal, village=pw.village, name="王律师", firm="巫溪明理律师事务所")
    return {
        "channel": services.channel_create(
            actor=legal, village=pw.village, kind="broadcast", name="谭家村大喇叭", reach=800
        ),
        "liaison": liaison,
        "training": services.liaison_training_record(
            actor=legal, region=pw.w.town_a, day=today(), title="民法典婚姻家庭编培训", liaisons=[liaison]
        ),
        "studio": services.studio_create(
            actor=legal, village=pw.village, name="谭家村法律服务工作室", opened_on=today(), liaison=liaison
        ),
        "adviser": adviser,
        "service": services.adviser_service_record(
            actor=legal, adviser=adviser, day=today(), kind="consultation", people=3, note="土地承包咨询"
        ),
        "model": services.model_village_record(actor=legal, village=pw.village, level="county", year=today().year),
        "site": services.culture_site_create(
            actor=legal,
            village=pw.village2,
            name="三坪村法治文化广场",
            built_on=today() - dt.timedelta(days=900),
            content_updated_on=today() - dt.timedelta(days=400),
        ),
        "other": services.channel_create(
            actor=pw.w["supervisor"], village=pw.w.village_b, kind="wechat", name="先锋村微信群", reach=200
        ),
    }


def test_the_page_shows_the_area_s_network_to_the_justice_office(
    pw: PublicityWorld, lc: Client, network: dict[str, Any]
) -> None:
    r = lc.get(reverse(NETWORK))
    assert r.status_code == 200
    page = r.content.decode()
    for text in (
        "谭家村大喇叭",
        "谭明白",
        "****0001",
        "民法典婚姻家庭编培训",
        "谭家村法律服务工作室",
        "王律师",
        "巫溪明理律师事务所",
        "土地承包咨询",
        "三坪村法治文化广场",
    ):
        assert text in page, text
    assert "13900000001" not in page  # the liaison's phone only by its last digits
    assert "先锋村微信群" not in page  # 城厢镇's
    site_row = page.split('id="sites"')[1].split("</tr>", 2)[1]
    assert "三坪村法治文化广场" in site_row and "内容陈旧" in site_row  # older than a year
    for form in ('value="channel"', 'value="liaison"', 'value="relieve"', 'value="model"', 'value="site"'):
        assert form in page, form


def test_the_page_offers_a_grid_worker_only_the_forms_of_what_they_record(
    pw: PublicityWorld, network: dict[str, Any]
) -> None:
    page = client_for(pw.grid).get(reverse(NETWORK)).content.decode()
    assert "谭家村大喇叭" in page
    assert 'value="message"' in page and 'value="service"' in page and 'value="site_update"' in page
    assert 'value="channel"' not in page and 'value="liaison"' not in page and 'value="relieve"' not in page
    leader = client_for(pw.leader).get(reverse(NETWORK)).content.decode()
    assert "谭家村大喇叭" in leader and 'value="message"' not in leader
    other = client_for(pw.grid_b).get(reverse(NETWORK)).content.decode()
    assert "先锋村微信群" in other and "谭家村大喇叭" not in other


def test_the_year_chooses_the_trainings_and_the_service_log(pw: PublicityWorld, lc: Client, network: Any) -> None:
    last_year = today().year - 1
    page = lc.get(reverse(NETWORK), {"year": last_year}).content.decode()
    assert "民法典婚姻家庭编培训" not in page and "土地承包咨询" not in page
    assert "谭家村大喇叭" in page  # the registers themselves are not of a year
    assert lc.get(reverse(NETWORK), {"year": "去年"}).status_code == 400


@pytest.mark.parametrize("who", ["inspector_a", "enterprise"])
def test_the_page_is_refused_to_roles_without_publicity(pw: PublicityWorld, who: str) -> None:
    c = client_for(pw.w[who])
    assert c.get(reverse(NETWORK)).status_code == 403
    form = {"action": "channel", "village": pw.village.pk, "kind": "broadcast", "name": "越权", "reach": "5"}
    with assert_nothing_changed():
        assert c.post(reverse(NETWORK), form).status_code == 403


def test_an_empty_or_unknown_action_is_refused(pw: PublicityWorld, lc: Client) -> None:
    assert "没有要做的操作。" in _refused(lc, {"action": ""})
    with assert_nothing_changed():
        r = lc.post(reverse(NETWORK), {"action": "delete", "village": pw.village.pk})
    assert r.status_code == 400 and "参数“action”无效" in r.content.decode()


# --- channels and their messages -----------------------------------------------------------------


def test_a_channel_is_added(pw: PublicityWorld, lc: Client) -> None:
    form = {"action": "channel", "village": pw.village.pk, "kind": "wechat", "name": " 谭家村法治微信群 "}
    page = _send(lc, {**form, "reach": "356"})
    ch = Channel.objects.get()
    assert (ch.village, ch.kind, ch.name, ch.reach, ch.active) == (pw.village, "wechat", "谭家村法治微信群", 356, True)
    assert _ledger("channel_created") == (str(ch.pk), {"village": pw.village.pk, "kind": "wechat", "reach": 356})
    assert SAVED in page and "谭家村法治微信群" in page


def test_a_channel_is_refused_without_a_village_or_a_name(pw: PublicityWorld, lc: Client) -> None:
    page = _refused(lc, {"action": "channel", "kind": "broadcast", "name": "大喇叭", "reach": "10"})
    assert "请选择村（社区）。" in page
    page = _refused(lc, {"action": "channel", "village": pw.village.pk, "kind": "broadcast", "name": " "})
    assert "请填写载体名称。" in page
    page = _refused(lc, {"action": "channel", "village": pw.w.town_a.pk, "kind": "broadcast", "name": "镇广播"})
    assert "请选择村（社区）。" in page  # a township is not a village
    page = _refused(lc, {"action": "channel", "village": pw.village.pk, "kind": "radio", "name": "电台"})
    assert "参数“kind”无效：应为以下之一：broadcast、wechat。" in page
    page = _refused(lc, {"action": "channel", "village": pw.village.pk, "kind": "wechat", "name": "群", "reach": "-3"})
    assert "参数“reach”无效" in page
    assert not Channel.objects.exists()


def test_a_channel_of_another_area_is_refused(pw: PublicityWorld, lc: Client) -> None:
    # 先锋村 is 城厢镇's: the justice office of 峰灵镇 does not find it
    page = _refused(lc, {"action": "channel", "village": pw.w.village_b.pk, "kind": "wechat", "name": "先锋群"})
    assert "请选择村（社区）。" in page


@pytest.mark.parametrize("who", ["grid", "leader"])
def test_a_channel_is_not_added_by_who_does_not_manage(pw: PublicityWorld, who: str) -> None:
    c = client_for(getattr(pw, who))
    page = _refused(c, {"action": "channel", "village": pw.village.pk, "kind": "wechat", "name": "群", "reach": "9"})
    assert DENIED in page and SAVED not in page


def test_a_grid_worker_records_a_message_sent(pw: PublicityWorld, network: dict[str, Any]) -> None:
    ch = network["channel"]
    c = client_for(pw.grid)
    page = _send(c, {"action": "message", "channel": ch.pk, "day": _days_ago(1), "title": "防范电信诈骗提醒"})
    m = ChannelMessage.objects.get()
    assert (m.channel, m.day, m.title) == (ch, today() - dt.timedelta(days=1), "防范电信诈骗提醒")
    target, payload = _ledger("message_sent")
    assert target == str(ch.pk) and payload == {"day": _days_ago(1), "message": m.pk}
    assert SAVED in page


def test_a_message_is_refused_without_a_title_or_dated_tomorrow(pw: PublicityWorld, network: dict[str, Any]) -> None:
    c = client_for(pw.grid)
    ch = network["channel"]
    page = _refused(c, {"action": "message", "channel": ch.pk, "day": _tomorrow(), "title": ""})
    assert NOT_FUTURE in page and "请用一句话说明推送了什么。" in page
    page = _refused(c, {"action": "message", "channel": ch.pk, "title": "提醒"})
    assert "请填写日期。" in page
    page = _refused(c, {"action": "message", "day": today().isoformat(), "title": "提醒"})
    assert "参数“channel”无效：应为非空的值（此项必填）。" in page


def test_a_message_on_another_area_s_channel_is_not_found(pw: PublicityWorld, network: dict[str, Any]) -> None:
    c = client_for(pw.grid_b)
    page = _refused(
        c, {"action": "message", "channel": network["channel"].pk, "day": today().isoformat(), "title": "x"}
    )
    assert NOT_FOUND in page
    page = _refused(client_for(pw.leader), {"action": "message", "channel": network["channel"].pk, "title": "x"})
    assert DENIED in page  # the leader reads the network, records nothing
    assert not ChannelMessage.objects.exists()


# --- legal liaisons and their trainings ----------------------------------------------------------


def test_a_liaison_is_appointed_and_relieved(pw: PublicityWorld, lc: Client) -> None:
    form = {"action": "liaison", "village": pw.village.pk, "name": "谭小红", "phone": "139-0000-0002"}
    page = _send(lc, {**form, "day": _days_ago(10)})
    li = Liaison.objects.get()
    assert (li.village, li.name, li.phone_tail, li.appointed_on, li.active) == (
        pw.village,
        "谭小红",
        "0002",
        today() - dt.timedelta(days=10),
        True,
    )
    assert li.phone_index and "13900000002" not in li.phone_index  # the number only as a blind index
    assert _ledger("liaison_appointed") == (str(li.pk), {"village": pw.village.pk})
    assert SAVED in page and "谭小红" in page and "****0002" in page

    page = _send(lc, {"action": "relieve", "liaison": li.pk})
    li.refresh_from_db()
    assert li.active is False
    assert _ledger("liaison_relieved")[0] == str(li.pk)
    assert "谭小红" not in page.split('id="liaisons"')[1].split("</table>")[0]  # the list keeps the serving
    page = _refused(lc, {"action": "relieve", "liaison": li.pk})
    assert "该法律明白人已解聘。" in page


def test_a_liaison_serves_one_village_and_needs_a_mobile(pw: PublicityWorld, lc: Client) -> None:
    services.liaison_appoint(actor=pw.legal, village=pw.village, name="谭明", phone="13900000001", appointed_on=today())
    form = {"action": "liaison", "village": pw.village2.pk, "name": "谭明", "day": today().isoformat()}
    page = _refused(lc, {**form, "phone": "139 0000 0001"})
    assert "谭明 已是谭家村的法律明白人：一人只在一个村任职。请先在该村解聘。" in page
    page = _refused(lc, {**form, "phone": "1390000", "name": ""})
    assert "请填写法律明白人的 11 位手机号。" in page and "请填写法律明白人姓名。" in page
    page = _refused(lc, {**form, "phone": "13900000009", "day": _tomorrow()})
    assert NOT_FUTURE in page
    assert Liaison.objects.count() == 1


def test_a_liaison_is_not_appointed_nor_relieved_by_a_grid_worker(pw: PublicityWorld) -> None:
    li = services.liaison_appoint(
        actor=pw.legal, village=pw.village, name="谭明", phone="13900000001", appointed_on=today()
    )
    c = client_for(pw.grid)
    form = {"action": "liaison", "village": pw.village.pk, "name": "张三", "phone": "13900000003"}
    assert DENIED in _refused(c, {**form, "day": today().isoformat()})
    assert DENIED in _refused(c, {"action": "relieve", "liaison": li.pk})
    li.refresh_from_db()
    assert li.active is True
    assert NOT_FOUND in _refused(client_for(pw.grid_b), {"action": "relieve", "liaison": li.pk})


def test_a_liaison_training_is_recorded_for_the_area(pw: PublicityWorld, lc: Client) -> None:
    a = services.liaison_appoint(
        actor=pw.legal, village=pw.village, name="甲", phone="13900000001", appointed_on=today()
    )
    b = services.liaison_appoint(
        actor=pw.legal, village=pw.village2, name="乙", phone="13900000002", appointed_on=today()
    )
    page = _send(lc, {"action": "training", "day": _days_ago(3), "title": "人民调解实务", "liaisons": [a.pk, b.pk]})
    t = LiaisonTraining.objects.get()
    assert (t.region, t.day, t.title) == (pw.w.town_a, today() - dt.timedelta(days=3), "人民调解实务")
    assert set(t.liaisons.all()) == {a, b}
    assert _ledger("liaison_training") == (str(t.pk), {"day": _days_ago(3), "liaisons": 2})
    assert SAVED in page
    day = today() - dt.timedelta(days=3)  # the page lists a year's trainings: that day's year
    assert "人民调解实务" in lc.get(reverse(NETWORK), {"year": day.year}).content.decode()


def test_a_training_is_refused_without_a_title_or_date(pw: PublicityWorld, lc: Client) -> None:
    page = _refused(lc, {"action": "training", "title": " "})
    assert "请说明培训内容。" in page and "请填写日期。" in page
    page = _refused(client_for(pw.grid), {"action": "training", "day": today().isoformat(), "title": "培训"})
    assert DENIED in page


def test_a_training_needs_an_area(pw: PublicityWorld) -> None:
    from fazhi.accounts.roles import Role
    from tests.factories import UserFactory

    nowhere = UserFactory(username="pub_nowhere", org_unit=None, roles=[Role.LEGAL_OFFICE])
    page = _refused(client_for(nowhere), {"action": "training", "day": today().isoformat(), "title": "培训"})
    assert "您没有辖区。" in page


# --- studios, advisers and their log -------------------------------------------------------------


def test_a_studio_is_opened_with_the_village_s_liaison(pw: PublicityWorld, lc: Client) -> None:
    li = services.liaison_appoint(
        actor=pw.legal, village=pw.village, name="谭明", phone="13900000001", appointed_on=today()
    )
    # the studio form offers the liaisons to choose from (never a typed name)
    network = lc.get(reverse("publicity:network")).content.decode()
    studio_form = network[network.index('value="studio"') :]
    assert f'<option value="{li.pk}">{pw.village.name} · 谭明</option>' in studio_form[: studio_form.index("</form>")]
    form = {"action": "studio", "village": pw.village.pk, "name": "谭家村法律明白人工作室", "day": _days_ago(30)}
    page = _send(lc, {**form, "liaison": li.pk})
    s = Studio.objects.get()
    assert (s.village, s.name, s.opened_on, s.liaison) == (
        pw.village,
        "谭家村法律明白人工作室",
        today() - dt.timedelta(days=30),
        li,
    )
    assert _ledger("studio_created") == (str(s.pk), {"village": pw.village.pk})
    assert SAVED in page and "谭家村法律明白人工作室（谭明）" in page
    _send(lc, {"action": "studio", "village": pw.village2.pk, "name": "三坪村工作室", "day": today().isoformat()})
    assert Studio.objects.get(name="三坪村工作室").liaison is None


def test_a_studio_is_refused_with_another_village_s_liaison_or_no_name(pw: PublicityWorld, lc: Client) -> None:
    li = services.liaison_appoint(
        actor=pw.legal, village=pw.village, name="谭明", phone="13900000001", appointed_on=today()
    )
    form = {"action": "studio", "village": pw.village2.pk, "name": "三坪村工作室", "day": today().isoformat()}
    assert "工作室的法律明白人须是同一村的。" in _refused(lc, {**form, "liaison": li.pk})
    assert "请填写工作室名称。" in _refused(lc, {**form, "name": ""})
    assert DENIED in _refused(client_for(pw.grid), form)
    assert not Studio.objects.exists()


def test_an_adviser_is_added(pw: PublicityWorld, lc: Client) -> None:
    page = _send(lc, {"action": "adviser", "village": pw.village.pk, "name": "李律师", "firm": " 巫溪正义律师事务所 "})
    a = Adviser.objects.get()
    assert (a.village, a.name, a.firm) == (pw.village, "李律师", "巫溪正义律师事务所")
    assert _ledger("adviser_created") == (str(a.pk), {"village": pw.village.pk})
    assert SAVED in page and "李律师（巫溪正义律师事务所）" in page
    assert "请填写法律顾问姓名。" in _refused(lc, {"action": "adviser", "village": pw.village.pk, "name": ""})
    assert DENIED in _refused(client_for(pw.grid), {"action": "adviser", "village": pw.village.pk, "name": "赵律师"})
    assert Adviser.objects.count() == 1


@pytest.fixture
def adviser(pw: PublicityWorld) -> Adviser:
    return services.adviser_create(actor=pw.legal, village=pw.village, name="王律师")


def test_a_grid_worker_logs_an_adviser_s_consultation(pw: PublicityWorld, adviser: Adviser) -> None:
    c = client_for(pw.grid)
    form = {"action": "service", "adviser": adviser.pk, "day": _days_ago(2), "kind": "consultation"}
    page = _send(c, {**form, "people": "4", "note": "宅基地纠纷咨询"})
    s = AdviserService.objects.get()
    assert (s.adviser, s.day, s.kind, s.people, s.dispute_id, s.note) == (
        adviser,
        today() - dt.timedelta(days=2),
        "consultation",
        4,
        None,
        "宅基地纠纷咨询",
    )
    target, payload = _ledger("adviser_service")
    assert target == str(adviser.pk)
    assert payload == {"day": _days_ago(2), "kind": "consultation", "people": 4, "dispute": None}
    assert SAVED in page
    day = today() - dt.timedelta(days=2)  # the page lists a year's log: that day's year
    assert "宅基地纠纷咨询" in c.get(reverse(NETWORK), {"year": day.year}).content.decode()
    _send(c, {"action": "service", "adviser": adviser.pk, "day": today().isoformat(), "kind": "review"})
    assert AdviserService.objects.get(kind="review").people == 1  # one person unless told


def test_a_mediation_names_a_dispute_the_recorder_may_see(
    pw: PublicityWorld, adviser: Adviser, monkeypatch: Any
) -> None:
    c = client_for(pw.grid)
    form = {"action": "service", "adviser": adviser.pk, "day": today().isoformat(), "kind": "mediation"}
    assert "请填写法律顾问参与调解的纠纷台账编号。" in _refused(c, form)
    assert "没有您可查看的编号为 424242 的纠纷。" in _refused(c, {**form, "dispute_id": "424242"})
    page = _refused(c, {**form, "kind": "consultation", "dispute_id": "7"})
    assert "只有参与调解才填写纠纷编号。" in page
    monkeypatch.setitem(links.RESOLVERS, "dispute", lambda user, pk: "纠纷-7" if pk == 7 else None)
    _send(c, {**form, "dispute_id": "7"})
    s = AdviserService.objects.get()
    assert (s.kind, s.dispute_id) == ("mediation", 7)
    assert _ledger("adviser_service")[1]["dispute"] == 7


def test_an_adviser_s_log_refuses_bad_numbers_and_dates(pw: PublicityWorld, adviser: Adviser) -> None:
    c = client_for(pw.grid)
    form = {"action": "service", "adviser": adviser.pk, "day": _tomorrow(), "kind": "consultation"}
    assert NOT_FUTURE in _refused(c, form)
    assert "服务人次须是 1 到 10,000 之间的数。" in _refused(c, {**form, "day": today().isoformat(), "people": "0"})
    assert "参数“people”无效" in _refused(c, {**form, "day": today().isoformat(), "people": "10001"})
    assert "参数“kind”无效" in _refused(c, {**form, "kind": "lunch"})
    assert "参数“adviser”无效：应为非空的值（此项必填）。" in _refused(c, {**form, "adviser": ""})
    assert NOT_FOUND in _refused(client_for(pw.grid_b), {**form, "day": today().isoformat()})
    assert DENIED in _refused(client_for(pw.leader), {**form, "day": today().isoformat()})


# --- model villages and culture sites ------------------------------------------------------------


def test_a_model_village_is_recorded_once_per_level(pw: PublicityWorld, lc: Client) -> None:
    year = today().year - 1
    page = _send(lc, {"action": "model", "village": pw.village.pk, "level": "city", "year": str(year)})
    mv = ModelVillage.objects.get()
    assert (mv.village, mv.level, mv.year) == (pw.village, "city", year)
    assert _ledger("model_village") == (str(mv.pk), {"village": pw.village.pk, "level": "city", "year": year})
    assert SAVED in page
    form = {"action": "model", "village": pw.village.pk, "level": "city", "year": str(today().year)}
    assert "谭家村 已是该级别的示范村。" in _refused(lc, form)
    assert "年份须在 2000 年到今年之间。" in _refused(lc, {**form, "level": "province", "year": str(today().year + 1)})
    assert "参数“year”无效：应为非空的值（此项必填）。" in _refused(lc, {**form, "year": ""})
    assert "参数“level”无效" in _refused(lc, {**form, "level": "township"})
    assert DENIED in _refused(client_for(pw.grid), {**form, "level": "national"})
    assert ModelVillage.objects.count() == 1


def test_a_culture_site_is_added_and_its_content_renewed(pw: PublicityWorld, lc: Client) -> None:
    built, updated = today() - dt.timedelta(days=800), today() - dt.timedelta(days=500)
    form = {"action": "site", "village": pw.village.pk, "name": "谭家村法治长廊", "built_on": built.isoformat()}
    page = _send(lc, {**form, "day": updated.isoformat()})
    site = CultureSite.objects.get()
    assert (site.village, site.name, site.built_on, site.content_updated_on) == (
        pw.village,
        "谭家村法治长廊",
        built,
        updated,
    )
    assert _ledger("site_created") == (str(site.pk), {"village": pw.village.pk})
    row = page.split('id="sites"')[1].split("</tr>", 2)[1]
    assert SAVED in page and "谭家村法治长廊" in row and "内容陈旧" in row

    # a grid worker records that the content was renewed: no longer outdated
    c = client_for(pw.grid)
    page = _send(c, {"action": "site_update", "site": site.pk, "day": _days_ago(1)})
    site.refresh_from_db()
    assert site.content_updated_on == today() - dt.timedelta(days=1)
    assert _ledger("site_updated") == (str(site.pk), {"day": _days_ago(1)})
    row = page.split('id="sites"')[1].split("</tr>", 2)[1]
    assert "谭家村法治长廊" in row and "内容陈旧" not in row
    assert "该阵地最近一次更新晚于这个日期。" in _refused(
        c, {"action": "site_update", "site": site.pk, "day": _days_ago(5)}
    )
    assert NOT_FUTURE in _refused(c, {"action": "site_update", "site": site.pk, "day": _tomorrow()})
    assert NOT_FOUND in _refused(client_for(pw.grid_b), {"action": "site_update", "site": site.pk, "day": _days_ago(1)})
    assert DENIED in _refused(client_for(pw.leader), {"action": "site_update", "site": site.pk, "day": _days_ago(1)})


def test_a_culture_site_is_refused_when_its_dates_do_not_hold(pw: PublicityWorld, lc: Client) -> None:
    form = {"action": "site", "village": pw.village.pk, "name": "法治广场", "built_on": _days_ago(10)}
    assert "内容更新日期不能早于阵地建成日期。" in _refused(lc, {**form, "day": _days_ago(20)})
    page = _refused(lc, {**form, "name": "", "built_on": "", "day": _tomorrow()})
    assert "请填写阵地名称。" in page and "请填写日期。" in page and NOT_FUTURE in page
    assert "参数“built_on”无效：应为按“年-月-日”（YYYY-MM-DD）书写的日期" in _refused(lc, {**form, "built_on": "昨天"})
    assert DENIED in _refused(client_for(pw.grid), {**form, "day": _days_ago(1)})
    assert not CultureSite.objects.exists()
