"""Training figures against hand-counted values."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from fazhi.registry.models import Officer
from fazhi.training import figures, services
from fazhi.training.models import Session
from tests.dates import today
from tests.factories import OfficerFactory, TrainingWorld

pytestmark = pytest.mark.django_db

IDS = {
    "study.sessions",
    "study.attendance",
    "officers.total",
    "officers.active",
    "officers.pre_service",
    "officers.qualification_passed",
    "training.online_hours",
    "training.offline_hours",
    "training.sessions",
    "training.attendance",
    "exams.sittings",
    "exams.participation_rate",
    "exams.excellence_rate",
}


def test_registry_has_the_stable_ids() -> None:
    assert set(figures.FIGURES) == IDS
    for f in figures.FIGURES.values():
        assert str(f.label) and str(f.counted) and f.unit


def test_figures_of_a_township_year(world: Any) -> None:
    tw = TrainingWorld(world)
    legal, town = tw.legal, world.town_a
    day = today()
    last = day.replace(year=day.year - 1, day=1)
    people = [tw.officer_trainee, *tw.staff]

    def session(kind: str, mode: str, hours: str, when: Any = day, place: str = "会议室") -> Session:
        return services.session_create(
            actor=legal, region=town, topic="学习", day=when, hours=hours, kind=kind, mode=mode, place=place
        )

    s1 = session("training", "offline", "4")
    s2 = session("training", "offline", "2.5")
    session("training", "online", "10")
    session("training", "online", "6")
    g1 = session("study_group", "offline", "2")
    old = session("training", "offline", "3", when=last)  # another year: not counted
    services.attendance_add(actor=legal, session=s1, trainees=people)
    services.attendance_add(actor=legal, session=s2, trainees=people[:2])
    services.attendance_add(actor=legal, session=g1, trainees=people)
    services.attendance_add(actor=legal, session=old, trainees=people)
    # county session elsewhere: not 峰灵镇's
    services.session_create(actor=world["supervisor"], region=world.town_b, topic="x", day=day, hours="8", place="城厢")
    e1 = services.law_exam_create(actor=legal, region=town, title="一", day=day)
    e2 = services.law_exam_create(actor=legal, region=town, title="二", day=day, max_score=50)
    services.law_exam_candidates_add(actor=legal, exam=e1, trainees=people)
    services.law_exam_candidates_add(actor=legal, exam=e2, trainees=people[:1])
    services.law_exam_scores_record(
        actor=legal, exam=e1, scores={people[0].pk: "90", people[1].pk: "89.5", people[2].pk: ""}
    )
    services.law_exam_scores_record(actor=legal, exam=e2, scores={people[0].pk: "45"})  # 45 of 50 = 90 %
    sup = world["supervisor"]
    qexam = services.qualification_exam_create(actor=sup, region=world.county, title="资格", day=day)
    services.qualification_result_record(actor=sup, exam=qexam, officer=tw.pre, general_score="80", special_score="70")
    other = OfficerFactory(body=world.body_a, name="峰灵二", status=Officer.Status.PRE_SERVICE, valid_until=None)
    services.qualification_result_record(actor=sup, exam=qexam, officer=other, general_score="50", special_score="90")

    year = day.year
    got = {fid: f(town, year) for fid, f in figures.FIGURES.items()}
    assert got == {
        "study.sessions": 1,
        "study.attendance": 3,
        # 峰灵甲 (active), 峰灵新 and 峰灵二 (pre-service): body_a's register
        "officers.total": 3,
        "officers.active": 1,
        "officers.pre_service": 2,
        "officers.qualification_passed": 1,
        "training.online_hours": Decimal("16"),
        "training.offline_hours": Decimal("6.5"),
        "training.sessions": 2,
        "training.attendance": 5,
        "exams.sittings": 2,
        "exams.participation_rate": Decimal("75.0"),  # 3 of 4 sat
        "exams.excellence_rate": Decimal("66.7"),  # 2 of 3 reached 90 %
    }
    # the county sees both townships; the year before has its own count
    assert figures.training_sessions(world.county, year) == 3
    assert figures.training_attendance(town, year - 1) == 3
    assert figures.exams_participation_rate(town, year - 1) is None
    assert figures.exams_excellence_rate(town, year - 1) is None
    assert [f.id for f, _ in figures.figures_for(town, year)] == list(figures.FIGURES)
