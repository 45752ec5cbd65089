"""Training pages: who sees what, entering sessions, attendance, exams, qualification, import,
the person's year and the assessment workbook."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from fazhi.registry.models import Officer
from fazhi.training import services
from fazhi.training.models import Attendance, Certificate, LawExamCandidate, LawReport, OnlineHours, Session, Trainee
from tests.dates import today
from tests.dbutil import assert_nothing_changed
from tests.factories import TrainingWorld, resident_id
from tests.xlsx import workbook

pytestmark = pytest.mark.django_db


@pytest.fixture
def tw(world: Any) -> TrainingWorld:
    return TrainingWorld(world)


def _client(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _session(tw: TrainingWorld, **kw: Any) -> Session:
    values: dict[str, Any] = {
        "actor": tw.legal,
        "region": tw.w.town_a,
        "topic": "安全生产法",
        "day": today(),
        "hours": "4",
        "place": "会议室",
    }
    values.update(kw)
    return services.session_create(**values)


def test_menu_and_home(tw: TrainingWorld) -> None:
    _session(tw)
    c = _client(tw.legal)
    home = c.get("/")
    assert "/training/" in home.content.decode()
    r = c.get("/training/")
    text = r.content.decode()
    assert r.status_code == 200 and "安全生产法" in text and 'data-figure="training.sessions"' in text
    assert "/training/sessions/new/" in text
    # an enterprise has no training menu and no page
    ent = _client(tw.w["enterprise"])
    assert "/training/" not in ent.get("/").content.decode()
    assert ent.get("/training/").status_code == 403
    # a township leader reads but cannot enter
    leader = _client(tw.w["leader_a"])
    assert leader.get("/training/").status_code == 200
    assert leader.get("/training/sessions/new/").status_code == 403


def test_enter_session_then_attendance(tw: TrainingWorld) -> None:
    c = _client(tw.legal)
    r = c.get("/training/sessions/new/")
    assert r.status_code == 200
    r = c.post(
        "/training/sessions/new/",
        {
            "kind": "training",
            "mode": "offline",
            "topic": "行政处罚法",
            "day": today().isoformat(),
            "hours": "3",
            "place": "会议室",
            "region": tw.w.town_a.pk,
        },
    )
    session = Session.objects.get(topic="行政处罚法")
    assert r.status_code == 302 and r["Location"] == f"/training/sessions/{session.pk}/"
    page = c.get(r["Location"]).content.decode()
    for t in (tw.officer_trainee, *tw.staff):
        assert f'value="{t.pk}"' in page
    r = c.post(r["Location"], {"trainees": [tw.officer_trainee.pk, tw.staff[0].pk]})
    assert r.status_code == 302
    assert set(Attendance.objects.filter(session=session).values_list("trainee_id", flat=True)) == {
        tw.officer_trainee.pk,
        tw.staff[0].pk,
    }
    # someone outside the area: refused, nothing changed
    outsider = Trainee.objects.create(name="城厢人", region=tw.w.town_b)
    with assert_nothing_changed():
        r = c.post(f"/training/sessions/{session.pk}/", {"trainees": [outsider.pk]})
    assert r.status_code == 302


def test_session_form_refusals_shown(tw: TrainingWorld) -> None:
    c = _client(tw.legal)
    with assert_nothing_changed():
        r = c.post(
            "/training/sessions/new/",
            {"kind": "training", "mode": "offline", "topic": "x", "day": "", "hours": "-3", "region": tw.w.town_a.pk},
        )
    text = r.content.decode()
    assert r.status_code == 422 and "不能为负数" in text and "请填写培训日期" in text
    with assert_nothing_changed():
        r = c.post("/training/sessions/new/", {"topic": "x", "hours": "2", "region": tw.w.town_b.pk})
    assert r.status_code == 422


def test_leader_cannot_post_attendance(tw: TrainingWorld) -> None:
    session = _session(tw)
    c = _client(tw.w["leader_a"])
    assert c.get(f"/training/sessions/{session.pk}/").status_code == 200
    with assert_nothing_changed():
        r = c.post(f"/training/sessions/{session.pk}/", {"trainees": [tw.staff[0].pk]})
    assert r.status_code == 302
    # another township's legal office does not see the session
    other = _client(tw.w["inspector_b"])
    assert other.get(f"/training/sessions/{session.pk}/").status_code == 404


def test_people_and_person_year(tw: TrainingWorld) -> None:
    c = _client(tw.legal)
    r = c.get("/training/people/")
    assert r.status_code == 200 and "村干部0" in r.content.decode()
    r = c.post(
        "/training/people/",
        {"name": "王五", "category": "official", "region": tw.w.town_a.pk, "id_number": resident_id(50)},
    )
    person = Trainee.objects.get(name="王五")
    assert r.status_code == 302 and person.id_index
    with assert_nothing_changed():
        c.post("/training/people/", {"name": "", "region": tw.w.town_a.pk})
    r = c.post("/training/people/", {"officer": tw.pre.pk})
    assert Trainee.objects.filter(officer=tw.pre).exists()
    session = _session(tw, hours="6")
    services.attendance_add(actor=tw.legal, session=session, trainees=[tw.officer_trainee])
    r = c.get(f"/training/people/{tw.officer_trainee.pk}/")
    text = r.content.decode()
    assert r.status_code == 200 and "6 / 40" in text
    # the inspector sees their own body's officer, not the village staff
    insp = _client(tw.w["inspector_a"])
    assert insp.get(f"/training/people/{tw.officer_trainee.pk}/").status_code == 200
    assert insp.get(f"/training/people/{tw.staff[0].pk}/").status_code == 404


def test_reminders_page(tw: TrainingWorld) -> None:
    c = _client(tw.legal)
    r = c.get("/training/reminders/")
    assert r.status_code == 200 and "峰灵甲" in r.content.decode()


def test_law_exam_pages(tw: TrainingWorld) -> None:
    c = _client(tw.legal)
    r = c.post("/training/exams/", {"title": "学法考试", "day": today().isoformat(), "region": tw.w.town_a.pk})
    exam_url = r["Location"]
    assert r.status_code == 302 and exam_url.startswith("/training/exams/")
    c.post(exam_url, {"action": "candidates", "trainees": [t.pk for t in tw.staff]})
    a, b = tw.staff
    c.post(exam_url, {"action": "scores", f"score_{a.pk}": "95", f"score_{b.pk}": ""})
    assert dict(LawExamCandidate.objects.values_list("trainee_id", "score")) == {a.pk: 95, b.pk: None}
    with assert_nothing_changed():
        c.post(exam_url, {"action": "scores", f"score_{a.pk}": "101"})
    page = c.get(exam_url).content.decode()
    assert "村干部0" in page
    assert "学法考试" in c.get("/training/exams/").content.decode()
    with assert_nothing_changed():
        c.post("/training/exams/", {"title": "", "day": "", "region": tw.w.town_b.pk})
    r = c.post(
        "/training/exams/",
        {
            "action": "report",
            "trainee": a.pk,
            "year": today().year,
            "day": today().isoformat(),
            "title": "述法报告",
            "documents": io.BytesIO(b"report"),
        },
    )
    assert LawReport.objects.get().documents.count() == 1


def test_qualification_pages(tw: TrainingWorld) -> None:
    c = _client(tw.w["supervisor"])
    r = c.post(
        "/training/qualification/",
        {"title": "资格考试", "day": today().isoformat(), "region": tw.w.county.pk, "training_hours": "16"},
    )
    url = r["Location"]
    c.post(url, {"action": "result", "officer": tw.pre.pk, "general_score": "80", "special_score": "75"})
    result = tw.pre.qualification_results.get()
    assert result.passed
    c.post(url, {"action": "issue", "result": result.pk})
    tw.pre.refresh_from_db()
    assert tw.pre.status == Officer.Status.ACTIVE
    cert = Certificate.objects.get(officer=tw.pre)
    page = c.get(url).content.decode()
    assert f"/training/certificates/{cert.pk}/" in page
    assert c.get("/training/qualification/").status_code == 200
    r = c.post(f"/training/certificates/{cert.pk}/", {"action": "renew", "valid_until": ""})
    with assert_nothing_changed():
        c.post(f"/training/certificates/{cert.pk}/", {"action": "revoke", "reason": ""})
    c.post(f"/training/certificates/{cert.pk}/", {"action": "revoke", "reason": "调离执法岗位"})
    tw.pre.refresh_from_db()
    assert tw.pre.status == Officer.Status.SUSPENDED
    assert c.get(f"/training/certificates/{cert.pk}/").status_code == 200
    # a township legal office cannot record county results
    legal = _client(tw.legal)
    with assert_nothing_changed():
        legal.post(url, {"action": "result", "officer": tw.officer.pk, "general_score": "80", "special_score": "75"})


def test_import_page(tw: TrainingWorld) -> None:
    c = _client(tw.legal)
    assert c.get("/training/import/").status_code == 200
    template = c.get("/training/import/?template=1")
    assert template["Content-Type"].startswith("application/vnd.openxmlformats")
    header = ["姓名", "身份证号", "执法证号", "课程名称", "学时", "完成日期"]
    good = workbook(header, [["村干部0", resident_id(10), "", "宪法", 2, None]])
    r = c.post("/training/import/", {"year": today().year, "platform": "重庆市法治教育网", "file": good})
    assert r.status_code == 200 and OnlineHours.objects.count() == 1
    bad = workbook(header, [["张三", resident_id(77), "", "宪法", 2, None]])
    with assert_nothing_changed():
        r = c.post("/training/import/", {"year": today().year, "file": bad})
    assert r.status_code == 422 and "张三" in r.content.decode()
    with assert_nothing_changed():
        r = c.post("/training/import/", {"year": today().year})
    assert r.status_code == 422


def test_workbook_export(tw: TrainingWorld) -> None:
    session = _session(tw, hours="8")
    services.attendance_add(actor=tw.legal, session=session, trainees=[tw.officer_trainee])
    c = _client(tw.w["head_a"])
    assert c.get("/training/workbook/").status_code == 200
    r = c.get(f"/training/workbook/?body_id={tw.w.body_a.pk}&year={today().year}")
    assert r.status_code == 200
    ws = load_workbook(io.BytesIO(r.content)).worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0] == "姓名"
    assert rows[1][0] == "峰灵甲" and rows[1][6] == 8 and rows[1][7] == 40 and rows[1][8] == "否"
    assert c.get(f"/training/workbook/?body_id={tw.w.body_b.pk}").status_code == 404
