"""The township's register pages (people/register_views.py) through the test client as the real
roles: risk meetings, incidents, screening campaigns and bulk exports — what a success writes,
what a refusal says in Chinese without writing anything, and who is turned away."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import reverse

from fazhi.core.models import AccessLog, LedgerEntry
from fazhi.people import services
from fazhi.people.models import ExportApproval, Incident, MeetingAction, MentalScreening, RiskMeeting
from tests.dates import today
from tests.dbutil import assert_nothing_changed
from tests.factories_people import CORRECTIONS, MENTAL, PeopleWorld
from tests.test_onsite_pages import client_for

pytestmark = pytest.mark.django_db

REGISTER = "people:register"
EXPORTS = "people:exports"
DENIED = "您没有执行此操作的权限，请向管理员申请相应角色。"


@pytest.fixture
def pw(world: Any) -> PeopleWorld:
    return PeopleWorld(world)


def _ledger(verb: str) -> dict[str, Any]:
    entry = LedgerEntry.objects.get(verb=verb)
    return {"target_id": entry.target_id, "actor": entry.actor_name, "payload": json.loads(entry.payload)}


def _post(c: Client, data: dict[str, Any]) -> Any:
    return c.post(reverse(REGISTER), data)


@pytest.fixture
def oc(pw: PeopleWorld) -> Client:
    """峰灵镇's comprehensive-governance officer (综治专干), logged in before any block that checks
    nothing changed (logging in notes the time on the user's row)."""
    return client_for(pw.officer)


# --- the register page ---------------------------------------------------------------------------


def test_the_register_lists_the_township_s_records_and_only_its_own_files(pw: PeopleWorld) -> None:
    services.meeting_record(
        actor=pw.officer,
        township=pw.w.town_a,
        held_on=today(),
        title="十一月风险研判会",
        attendees="综治办、派出所",
        decisions="加强随访",
    )
    services.incident_record(actor=pw.officer, township=pw.w.town_a, occurred_on=today(), description="夜间滋扰邻居")
    services.screening_record(
        actor=pw.officer,
        township=pw.w.town_a,
        title="秋季集中筛查",
        ends_on=today(),
        screened=80,
        suspected=4,
        confirmed=1,
    )
    # 城厢镇's register is not 峰灵镇's officer's
    services.meeting_record(
        actor=pw.officer_b,
        township=pw.w.town_b,
        held_on=today(),
        title="城厢镇研判会",
        attendees="城厢综治办",
        decisions="无",
    )
    r = client_for(pw.officer).get(reverse(REGISTER))
    assert r.status_code == 200
    page = r.content.decode()
    assert "十一月风险研判会" in page and "夜间滋扰邻居" in page and "秋季集中筛查" in page
    assert "城厢镇研判会" not in page
    assert f'<option value="{pw.w.town_a.pk}">峰灵镇</option>' in page
    assert f'<option value="{pw.w.town_b.pk}">' not in page
    # the files offered are those the officer opens: never the minor's, never 城厢镇's
    assert pw.mental.number in page and pw.corrections.number in page
    assert pw.minor.number not in page and pw.file_b.number not in page
    assert MENTAL["name"] not in page and CORRECTIONS["name"] not in page  # by number, never by name


@pytest.mark.parametrize("who", ["grid", "legal", "leader_a", "supervisor", "enterprise"])
def test_the_register_is_refused_to_those_who_do_not_keep_it(pw: PeopleWorld, who: str) -> None:
    user = getattr(pw, who, None) or pw.w[who]
    c = client_for(user)
    assert c.get(reverse(REGISTER)).status_code == 403
    form = {"action": "screening", "township": pw.w.town_a.pk, "title": "越权筛查", "screened": "5"}
    with assert_nothing_changed():
        r = c.post(reverse(REGISTER), form)
    assert r.status_code == 403
    assert not MentalScreening.objects.exists()


def test_the_register_sends_an_anonymous_visitor_to_log_in(pw: PeopleWorld) -> None:
    from django.test import Client

    with assert_nothing_changed():
        r = Client().post(reverse(REGISTER), {"action": "screening", "township": pw.w.town_a.pk, "title": "匿名"})
    assert r.status_code == 302 and reverse("accounts:login") in r["Location"]


# --- risk meetings -------------------------------------------------------------------------------


def test_a_meeting_is_recorded_with_its_files_and_follow_up(pw: PeopleWorld) -> None:
    held = today() - dt.timedelta(days=2)
    due = today() + dt.timedelta(days=14)
    c = client_for(pw.officer)
    r = c.post(
        reverse(REGISTER),
        {
            "action": "meeting",
            "township": pw.w.town_a.pk,
            "held_on": held.isoformat(),
            "title": "月度风险研判会",
            "attendees": "综治办、派出所、卫生院",
            "decisions": "对两名对象加强随访",
            "files": [pw.mental.pk, pw.corrections.pk],
            "follow_up": "两周内复访",
            "follow_up_due": due.isoformat(),
        },
    )
    assert r.status_code == 302 and r["Location"] == reverse(REGISTER)
    m = RiskMeeting.objects.get()
    assert (m.township, m.held_on, m.title, m.attendees, m.decisions, m.created_by) == (
        pw.w.town_a,
        held,
        "月度风险研判会",
        "综治办、派出所、卫生院",
        "对两名对象加强随访",
        pw.officer,
    )
    assert set(m.files.all()) == {pw.mental, pw.corrections}
    assert list(MeetingAction.objects.values_list("meeting", "action", "due_on")) == [(m.pk, "两周内复访", due)]
    entry = _ledger("people.meeting_held")
    assert entry["target_id"] == str(m.pk)
    assert sorted(entry["payload"]["files"]) == sorted([pw.mental.number, pw.corrections.number])
    assert entry["payload"]["actions"] == 1
    page = c.get(reverse(REGISTER)).content.decode()
    assert "已保存。" in page and "月度风险研判会" in page and "两周内复访" in page


def test_a_meeting_without_a_date_or_follow_up_is_held_today_with_no_action(pw: PeopleWorld, oc: Client) -> None:
    r = _post(
        oc,
        {
            "action": "meeting",
            "township": pw.w.town_a.pk,
            "title": "临时研判",
            "attendees": "综治办",
            "decisions": "持续关注",
            "follow_up": "   ",
        },
    )
    assert r.status_code == 302
    m = RiskMeeting.objects.get()
    assert m.held_on == today() and m.files.count() == 0
    assert not MeetingAction.objects.exists()
    assert _ledger("people.meeting_held")["payload"] == {"files": [], "actions": 0}


def test_a_follow_up_without_its_due_date_is_due_today(pw: PeopleWorld, oc: Client) -> None:
    form = {"action": "meeting", "township": pw.w.town_a.pk, "title": "研判", "attendees": "综治办"}
    r = _post(oc, {**form, "decisions": "复访", "follow_up": "明日电话回访"})
    assert r.status_code == 302
    assert list(MeetingAction.objects.values_list("action", "due_on")) == [("明日电话回访", today())]


def test_a_meeting_missing_its_fields_is_refused_with_every_reason(pw: PeopleWorld, oc: Client) -> None:
    form = {
        "action": "meeting",
        "township": pw.w.town_a.pk,
        "held_on": (today() + dt.timedelta(days=1)).isoformat(),
        "title": " ",
        "attendees": "",
        "decisions": "",
        "follow_up": "复" * 301,
    }
    with assert_nothing_changed():
        r = _post(oc, form)
    assert r.status_code == 422
    page = r.content.decode()
    for text in (
        "日期不能晚于今天。",
        "请填写标题，最多 100 个字符。",
        "请填写参会人员（最多 500 个字符）。",
        "请填写决定事项（最多 5000 个字符）。",
        "措施 1：请用最多 300 个字符描述。",
    ):
        assert text in page, text
    assert 'id="meeting"' in page  # the register again, to correct and send


def test_a_meeting_may_not_discuss_another_township_s_file(pw: PeopleWorld, oc: Client) -> None:
    pw.file_b.responsible.add(pw.officer)  # the officer opens it, but it is 城厢镇's
    form = {
        "action": "meeting",
        "township": pw.w.town_a.pk,
        "title": "研判",
        "attendees": "综治办",
        "decisions": "复访",
        "files": [pw.mental.pk, pw.file_b.pk],
    }
    with assert_nothing_changed():
        r = _post(oc, form)
    assert r.status_code == 422
    assert "研判的档案须是本镇您有权查阅的档案。" in r.content.decode()


def test_a_meeting_with_a_date_that_is_not_a_date_names_the_field(pw: PeopleWorld, oc: Client) -> None:
    form = {"action": "meeting", "township": pw.w.town_a.pk, "held_on": today().strftime("%Y/%m/%d"), "title": "研判"}
    with assert_nothing_changed():
        r = _post(oc, {**form, "attendees": "综治办", "decisions": "复访"})
    assert r.status_code == 422
    assert "参数“held_on”无效：应为按“年-月-日”（YYYY-MM-DD）书写的日期" in r.content.decode()


# --- incidents -----------------------------------------------------------------------------------


def test_an_incident_is_recorded_against_a_file_by_number(pw: PeopleWorld) -> None:
    day = today() - dt.timedelta(days=1)
    c = client_for(pw.officer)
    r = c.post(
        reverse(REGISTER),
        {
            "action": "incident",
            "township": pw.w.town_a.pk,
            "occurred_on": day.isoformat(),
            "file": pw.mental.pk,
            "description": "在集市与人发生冲突，无人受伤",
        },
    )
    assert r.status_code == 302
    i = Incident.objects.get()
    assert (i.township, i.occurred_on, i.file, i.description, i.created_by) == (
        pw.w.town_a,
        day,
        pw.mental,
        "在集市与人发生冲突，无人受伤",
        pw.officer,
    )
    assert _ledger("people.incident")["payload"] == {"file": pw.mental.number}
    page = c.get(reverse(REGISTER)).content.decode()
    assert "已保存。" in page and "在集市与人发生冲突" in page


def test_an_incident_without_a_file_or_date_is_today_s_and_unlinked(pw: PeopleWorld, oc: Client) -> None:
    r = _post(oc, {"action": "incident", "township": pw.w.town_a.pk, "file": "", "description": "疑似走失"})
    assert r.status_code == 302
    i = Incident.objects.get()
    assert (i.occurred_on, i.file, i.description) == (today(), None, "疑似走失")
    assert _ledger("people.incident")["payload"] == {"file": None}


def test_an_incident_is_refused_without_a_description_or_in_the_future(pw: PeopleWorld, oc: Client) -> None:
    form = {
        "action": "incident",
        "township": pw.w.town_a.pk,
        "occurred_on": (today() + dt.timedelta(days=3)).isoformat(),
        "description": "  ",
    }
    with assert_nothing_changed():
        r = _post(oc, form)
    assert r.status_code == 422
    page = r.content.decode()
    assert "日期不能晚于今天。" in page and "请描述经过（最多 5000 个字符）。" in page


def test_an_incident_may_not_link_another_township_s_file(pw: PeopleWorld, oc: Client) -> None:
    pw.file_b.responsible.add(pw.officer)
    form = {"action": "incident", "township": pw.w.town_a.pk, "file": pw.file_b.pk, "description": "冲突"}
    with assert_nothing_changed():
        r = _post(oc, form)
    assert r.status_code == 422
    assert "关联的档案须是本镇您有权查阅的档案。" in r.content.decode()


# --- screening campaigns -------------------------------------------------------------------------


def test_a_screening_campaign_is_recorded_as_numbers(pw: PeopleWorld) -> None:
    ends = today() - dt.timedelta(days=5)
    c = client_for(pw.officer)
    r = c.post(
        reverse(REGISTER),
        {
            "action": "screening",
            "township": pw.w.town_a.pk,
            "title": "秋季精神障碍筛查",
            "ends_on": ends.isoformat(),
            "screened": "120",
            "suspected": "6",
            "confirmed": "2",
            "referred": "1",
        },
    )
    assert r.status_code == 302
    s = MentalScreening.objects.get()
    assert (s.township, s.title, s.ends_on, s.screened, s.suspected, s.confirmed, s.referred) == (
        pw.w.town_a,
        "秋季精神障碍筛查",
        ends,
        120,
        6,
        2,
        1,
    )
    assert _ledger("people.screening")["payload"] == {"screened": 120, "suspected": 6, "confirmed": 2, "referred": 1}
    page = c.get(reverse(REGISTER)).content.decode()
    assert "已保存。" in page and "秋季精神障碍筛查" in page


def test_a_screening_with_more_suspected_than_screened_is_refused(pw: PeopleWorld, oc: Client) -> None:
    form = {"action": "screening", "township": pw.w.town_a.pk, "title": "筛查", "screened": "3", "suspected": "5"}
    with assert_nothing_changed():
        r = _post(oc, form)
    assert r.status_code == 422
    assert "疑似数不能超过筛查数，确诊数不能超过疑似数。" in r.content.decode()


def test_a_screening_with_a_negative_or_untitled_count_is_refused(pw: PeopleWorld, oc: Client) -> None:
    form = {"action": "screening", "township": pw.w.town_a.pk, "title": "筛查", "screened": "-1"}
    with assert_nothing_changed():
        r = _post(oc, form)
    assert r.status_code == 422
    assert "参数“screened”无效：应为0 至 1000000000 之间的整数。" in r.content.decode()
    with assert_nothing_changed():
        r = _post(oc, {**form, "screened": "10", "title": ""})
    assert r.status_code == 422
    assert "请填写标题，最多 100 个字符。" in r.content.decode()


# --- what every action needs ---------------------------------------------------------------------


@pytest.mark.parametrize("township", ["", "town_b"])
def test_a_township_outside_one_s_own_is_refused(pw: PeopleWorld, oc: Client, township: str) -> None:
    form = {"action": "screening", "title": "筛查", "screened": "10"}
    if township:
        form["township"] = getattr(pw.w, township).pk
    with assert_nothing_changed():
        r = _post(oc, form)
    assert r.status_code == 422
    assert "请选择乡镇。" in r.content.decode()


@pytest.mark.parametrize("action", ["", "delete"])
def test_an_unknown_action_is_refused(pw: PeopleWorld, oc: Client, action: str) -> None:
    with assert_nothing_changed():
        r = _post(oc, {"action": action, "township": pw.w.town_a.pk, "title": "x"})
    assert r.status_code == 422
    assert "请选择要办理的事项。" in r.content.decode()


# --- bulk exports --------------------------------------------------------------------------------


def test_an_export_is_requested_from_the_register(pw: PeopleWorld) -> None:
    c = client_for(pw.officer)
    r = c.post(reverse(REGISTER), {"action": "export", "township": pw.w.town_a.pk, "purpose": "年度档案核对"})
    assert r.status_code == 302 and r["Location"] == reverse(EXPORTS)
    a = ExportApproval.objects.get()
    assert (a.township, a.purpose, a.requested_by, a.approved_at, a.used_at) == (
        pw.w.town_a,
        "年度档案核对",
        pw.officer,
        None,
        None,
    )
    assert _ledger("people.export_requested")["payload"] == {"purpose": "年度档案核对"}
    page = c.get(reverse(EXPORTS)).content.decode()
    assert "已申请导出，待镇领导审批。" in page
    assert "年度档案核对" in page and "待审批" in page
    assert 'value="approve"' not in page  # the officer does not approve their own


def test_an_export_without_a_purpose_is_refused(pw: PeopleWorld, oc: Client) -> None:
    with assert_nothing_changed():
        r = _post(oc, {"action": "export", "township": pw.w.town_a.pk, "purpose": " 核对 "})
    assert r.status_code == 422
    assert "请说明导出目的（4 至 300 个字符）。" in r.content.decode()


@pytest.fixture
def asked(pw: PeopleWorld) -> ExportApproval:
    return services.export_request(actor=pw.officer, township=pw.w.town_a, purpose="全镇档案核对")


def test_the_exports_page_shows_the_leader_what_to_approve(pw: PeopleWorld, asked: ExportApproval) -> None:
    other = services.export_request(actor=pw.officer_b, township=pw.w.town_b, purpose="城厢镇档案核对")
    page = client_for(pw.w["leader_a"]).get(reverse(EXPORTS)).content.decode()
    assert "全镇档案核对" in page and "待审批" in page and 'value="approve"' in page
    assert "城厢镇档案核对" not in page  # another township's
    assert other.purpose in client_for(pw.officer_b).get(reverse(EXPORTS)).content.decode()


@pytest.mark.parametrize("who", ["grid", "legal", "supervisor", "enterprise"])
def test_the_exports_page_is_refused_to_others(pw: PeopleWorld, asked: ExportApproval, who: str) -> None:
    user = getattr(pw, who, None) or pw.w[who]
    c = client_for(user)
    r = c.get(reverse(EXPORTS))
    assert r.status_code == 403 and "全镇档案核对" not in r.content.decode()
    with assert_nothing_changed():
        r = c.post(reverse(EXPORTS), {"export": asked.pk, "action": "approve"})
    assert r.status_code == 302
    asked.refresh_from_db()
    assert asked.approved_at is None and asked.approved_by is None
    with assert_nothing_changed():
        r = c.post(reverse(EXPORTS), {"export": asked.pk, "action": "download"})
    assert r.status_code == 302 and not r["Content-Type"].startswith("text/csv")


def test_the_leader_approves_and_the_requester_downloads_once(pw: PeopleWorld, asked: ExportApproval) -> None:
    leader = client_for(pw.w["leader_a"])
    r = leader.post(reverse(EXPORTS), {"export": asked.pk, "action": "approve"})
    assert r.status_code == 302 and r["Location"] == reverse(EXPORTS)
    asked.refresh_from_db()
    assert asked.approved_by == pw.w["leader_a"] and asked.approved_at is not None and asked.used_at is None
    assert _ledger("people.export_approved")["target_id"] == str(asked.pk)
    assert "已批准导出。" in leader.get(reverse(EXPORTS)).content.decode()

    # the leader approves; only the requester (who keeps the register) downloads
    with assert_nothing_changed():
        r = leader.post(reverse(EXPORTS), {"export": asked.pk, "action": "download"})
    assert r.status_code == 302
    assert DENIED in leader.get(reverse(EXPORTS)).content.decode()

    officer = client_for(pw.officer)
    page = officer.get(reverse(EXPORTS)).content.decode()
    assert "已批准" in page and 'value="download"' in page
    r = officer.post(reverse(EXPORTS), {"export": asked.pk, "action": "download"})
    assert r.status_code == 200 and r["Content-Type"].startswith("text/csv")
    assert r["Content-Disposition"] == (
        f"attachment; filename=\"{asked.pk}.csv\"; filename*=UTF-8''{quote(f'重点人员导出{asked.pk}.csv')}"
    )
    lines = r.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "number,category,name,id_number,address,phone,danger_level"
    body = "\n".join(lines[1:])
    assert len(lines) == 3  # the two adults' files of 峰灵镇: never the minor's, never 城厢镇's
    assert MENTAL["name"] in body and CORRECTIONS["name"] in body and MENTAL["phone"] in body
    assert pw.minor.number not in body and pw.file_b.number not in body
    assert AccessLog.objects.filter(username=pw.officer.username, reason__contains="全镇档案核对").count() == 2
    assert _ledger("people.exported")["payload"] == {"files": 2}

    # once: a second download is refused and writes nothing
    with assert_nothing_changed():
        r = officer.post(reverse(EXPORTS), {"export": asked.pk, "action": "download"})
    assert r.status_code == 302
    page = officer.get(reverse(EXPORTS)).content.decode()
    assert "导出须经审批，且只能下载一次。" in page and "已下载" in page


def test_an_export_is_not_downloaded_before_its_approval(pw: PeopleWorld, asked: ExportApproval) -> None:
    officer = client_for(pw.officer)
    with assert_nothing_changed():
        r = officer.post(reverse(EXPORTS), {"export": asked.pk, "action": "download"})
    assert r.status_code == 302
    assert "导出须经审批，且只能下载一次。" in officer.get(reverse(EXPORTS)).content.decode()


def test_the_requester_cannot_approve_and_nobody_approves_twice(pw: PeopleWorld, asked: ExportApproval) -> None:
    officer = client_for(pw.officer)
    with assert_nothing_changed():
        officer.post(reverse(EXPORTS), {"export": asked.pk, "action": "approve"})
    assert DENIED in officer.get(reverse(EXPORTS)).content.decode()
    services.export_approve(actor=pw.w["leader_a"], approval=asked)
    leader = client_for(pw.w["leader_a"])
    with assert_nothing_changed():
        leader.post(reverse(EXPORTS), {"export": asked.pk, "action": "approve"})
    assert "该导出已获批准。" in leader.get(reverse(EXPORTS)).content.decode()


def test_an_export_post_without_an_export_or_action_is_refused(pw: PeopleWorld, asked: ExportApproval) -> None:
    leader = client_for(pw.w["leader_a"])
    with assert_nothing_changed():
        r = leader.post(reverse(EXPORTS), {"action": "approve"})
    assert r.status_code == 302
    assert "参数“export”无效：应为非空的值（此项必填）。" in leader.get(reverse(EXPORTS)).content.decode()
    with assert_nothing_changed():
        leader.post(reverse(EXPORTS), {"export": asked.pk, "action": "delete"})
    assert "请选择要办理的事项。" in leader.get(reverse(EXPORTS)).content.decode()
    # another township's export is not found for 峰灵镇's leader
    other = services.export_request(actor=pw.officer_b, township=pw.w.town_b, purpose="城厢镇档案核对")
    with assert_nothing_changed():
        leader.post(reverse(EXPORTS), {"export": other.pk, "action": "approve"})
    assert "记录不存在，或不在您的权限范围内。" in leader.get(reverse(EXPORTS)).content.decode()
    other.refresh_from_db()
    assert other.approved_at is None


def test_a_refused_meeting_keeps_what_was_typed(pw: PeopleWorld, oc: Client) -> None:
    """A refusal shows the register again with every field as it was sent, the chosen files too,
    and the other forms empty: nothing is typed twice."""
    form = {
        "action": "meeting",
        "township": pw.w.town_a.pk,
        "held_on": (today() + dt.timedelta(days=1)).isoformat(),  # refused: in the future
        "title": "三季度风险研判会",
        "attendees": "综治办、派出所、卫生院",
        "decisions": "对P-档案加强走访",
        "follow_up": "两周内复访",
        "files": [pw.mental.pk],
    }
    with assert_nothing_changed():
        r = _post(oc, form)
    assert r.status_code == 422
    page = r.content.decode()
    meeting = page[page.index('id="meeting"') : page.index('id="incident"')]
    for typed in ("三季度风险研判会", "综治办、派出所、卫生院", "对P-档案加强走访", "两周内复访", form["held_on"]):
        assert typed in meeting, typed
    assert f'<option value="{pw.mental.pk}" selected>' in meeting
    assert "三季度风险研判会" not in page[page.index('id="incident"') :]
