"""/api/v1/training…: scoped like the pages, refusals as the API's JSON errors, nothing half-written."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from fazhi.accounts.services import api_token_create
from fazhi.training import services
from fazhi.training.models import Attendance, Session
from tests.dates import today
from tests.dbutil import assert_nothing_changed
from tests.factories import TrainingWorld

pytestmark = pytest.mark.django_db


@pytest.fixture
def tw(world: Any) -> TrainingWorld:
    return TrainingWorld(world)


def _api(user: Any) -> tuple[Client, dict[str, str]]:
    _, raw = api_token_create(actor=user, name="县培训系统", system=True)
    return Client(), {"Authorization": f"Bearer {raw}"}


def test_session_and_attendance_through_the_api(tw: TrainingWorld) -> None:
    c, h = _api(tw.legal)
    body = {"region_id": tw.w.town_a.pk, "topic": "民法典", "day": today().isoformat(), "hours": "2", "place": "礼堂"}
    r = c.post("/api/v1/training/sessions", body, content_type="application/json", headers=h)
    assert r.status_code == 201, r.content
    sid = r.json()["id"]
    a, b = tw.staff
    url = f"/api/v1/training/sessions/{sid}/attendance"
    r = c.post(url, {"trainee_ids": [a.pk, b.pk]}, content_type="application/json", headers=h)
    assert r.status_code == 201 and sorted(r.json()["trainee_ids"]) == sorted([a.pk, b.pk])
    with assert_nothing_changed():
        r = c.post(url, {"trainee_ids": [a.pk]}, content_type="application/json", headers=h)
    assert r.status_code == 422 and r.json()["code"] == "validation_error" and "已登记" in r.json()["message"]
    with assert_nothing_changed():
        r = c.post(url, {"trainee_ids": [999999]}, content_type="application/json", headers=h)
    assert r.status_code == 422
    listed = c.get(f"/api/v1/training/sessions?year={today().year}", headers=h).json()
    assert listed["count"] == 1 and listed["items"][0]["people"] == 2
    assert c.get(f"/api/v1/training/sessions/{sid}", headers=h).json()["topic"] == "民法典"
    assert Attendance.objects.filter(session_id=sid).count() == 2


def test_session_refusals(tw: TrainingWorld) -> None:
    c, h = _api(tw.legal)
    with assert_nothing_changed():
        r = c.post(
            "/api/v1/training/sessions",
            {"region_id": tw.w.town_a.pk, "topic": "x", "day": today().isoformat(), "hours": "-1", "place": "a"},
            content_type="application/json",
            headers=h,
        )
    assert r.status_code == 422 and "hours" in r.json()["details"]
    with assert_nothing_changed():
        r = c.post(
            "/api/v1/training/sessions",
            {"region_id": tw.w.town_b.pk, "topic": "x", "day": today().isoformat(), "hours": "1", "place": "a"},
            content_type="application/json",
            headers=h,
        )
    assert r.status_code == 422
    leader, lh = _api(tw.w["leader_a"])
    with assert_nothing_changed():
        r = leader.post(
            "/api/v1/training/sessions",
            {"region_id": tw.w.town_a.pk, "topic": "x", "day": today().isoformat(), "hours": "1", "place": "a"},
            content_type="application/json",
            headers=lh,
        )
    assert r.status_code == 403 and r.json()["code"] == "permission_denied"
    assert Session.objects.count() == 0


def test_people_year_exams_figures(tw: TrainingWorld) -> None:
    session = services.session_create(actor=tw.legal, region=tw.w.town_a, topic="t", day=today(), hours="5", place="p")
    services.attendance_add(actor=tw.legal, session=session, trainees=[tw.officer_trainee])
    exam = services.law_exam_create(actor=tw.legal, region=tw.w.town_a, title="考试", day=today())
    services.law_exam_candidates_add(actor=tw.legal, exam=exam, trainees=[tw.officer_trainee])
    services.law_exam_scores_record(actor=tw.legal, exam=exam, scores={tw.officer_trainee.pk: "92"})
    c, h = _api(tw.legal)
    people = c.get("/api/v1/training/people", headers=h).json()
    assert people["count"] == 3
    year = c.get(f"/api/v1/training/people/{tw.officer_trainee.pk}/year/{today().year}", headers=h).json()
    assert year["offline_hours"] == "5" or float(year["offline_hours"]) == 5
    assert year["required_offline"] == 40 and year["exams"][0]["title"] == "考试"
    assert c.get(f"/api/v1/training/people/{tw.officer_trainee.pk}/year/1800", headers=h).status_code == 422
    exams = c.get("/api/v1/training/exams", headers=h).json()
    assert exams["items"][0]["must_sit"] == 1 and exams["items"][0]["sat"] == 1
    figures = {f["id"]: f for f in c.get("/api/v1/training/figures", headers=h).json()}
    assert float(figures["training.offline_hours"]["value"]) == 5
    assert float(figures["exams.excellence_rate"]["value"]) == 100
    assert figures["training.sessions"]["counted"]
    assert c.get("/api/v1/training/figures?year=1999", headers=h).status_code == 422
    # another township sees none of it
    other, oh = _api(tw.w["inspector_b"])
    assert other.get("/api/v1/training/people", headers=oh).json()["count"] == 0
    assert other.get(f"/api/v1/training/sessions/{session.pk}", headers=oh).status_code == 404
