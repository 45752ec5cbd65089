"""Training selectors: scope, a person's year with its reminders."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from fazhi.training import selectors, services
from tests.dates import today
from tests.factories import TrainingWorld, resident_id
from tests.xlsx import workbook

pytestmark = pytest.mark.django_db


def test_nothing_for_roles_without_training(world: Any) -> None:
    TrainingWorld(world)
    for name in ("enterprise", "sysadmin"):
        user = world[name]
        assert not selectors.trainee_list(user=user).exists()
        assert not selectors.session_list(user=user).exists()
        assert not selectors.qualification_exam_list(user=user).exists()
        assert not selectors.certificate_list(user=user).exists()
        assert not selectors.officers_without_record(user=user).exists()
        assert selectors.scope_region(user=user) is None
        assert selectors.figures_of(user=user, year=today().year) == []


def test_year_record_counts_and_reminds(world: Any, settings: Any) -> None:
    tw = TrainingWorld(world)
    day = today()
    settings.FAZHI_TRAINING_REMINDER_MONTH = 1
    me = tw.officer_trainee
    offline = services.session_create(actor=tw.legal, region=world.town_a, topic="a", day=day, hours="4", place="p")
    online = services.session_create(actor=tw.legal, region=world.town_a, topic="b", day=day, hours="3", mode="online")
    study = services.session_create(
        actor=tw.legal, region=world.town_a, topic="c", day=day, hours="2", kind="study_group", place="p"
    )
    for s in (offline, online, study):
        services.attendance_add(actor=tw.legal, session=s, trainees=[me])
    services.online_hours_import(
        actor=tw.legal,
        fh=workbook(["姓名", "身份证号", "课程名称", "学时"], [["峰灵甲", resident_id(1), "宪法", "1.5"]]),
        year=day.year,
    )
    exam = services.law_exam_create(
        actor=tw.legal, region=world.town_a, title="下次考试", day=day + dt.timedelta(days=3)
    )
    services.law_exam_candidates_add(actor=tw.legal, exam=exam, trainees=[me])
    sup = world["supervisor"]
    q = services.qualification_exam_create(actor=sup, region=world.county, title="资格", day=day)
    result = services.qualification_result_record(
        actor=sup, exam=q, officer=tw.pre, general_score="90", special_score="90"
    )
    services.certificate_issue(
        actor=sup, result=result, issued_on=day - dt.timedelta(days=300), valid_until=day + dt.timedelta(days=30)
    )
    rec = selectors.year_record(user=tw.legal, trainee=me, year=day.year)
    assert (rec.online_hours, rec.offline_hours, rec.study_sessions) == (Decimal("4.5"), Decimal("4"), 1)
    assert rec.online_missing == Decimal("15.5") and rec.offline_missing == Decimal("36") and rec.behind
    assert rec.online_percent == 22 and rec.offline_percent == 10
    assert len(rec.reminders) == 3 and "下次考试" in rec.reminders[2]
    pre = services.trainee_for_officer(actor=tw.legal, officer=tw.pre)
    pre_rec = selectors.year_record(user=tw.legal, trainee=pre, year=day.year)
    assert pre_rec.certificate is not None and any("到期" in r for r in pre_rec.reminders)
    staff = selectors.year_record(user=tw.legal, trainee=tw.staff[0], year=day.year)
    assert staff.required_online is None and staff.online_percent == 100 and not staff.behind
    assert sorted(r.trainee.name for r in selectors.reminders(user=tw.legal, year=day.year)) == ["峰灵新", "峰灵甲"]
    assert [c.officer.name for c in selectors.certificates_expiring(user=tw.legal)] == ["峰灵新"]
    rows = selectors.body_officer_records(user=tw.legal, body=world.body_a, year=day.year)
    assert {r.trainee.name: len(r.exams) for r in rows} == {"峰灵甲": 1, "峰灵新": 0}
    assert selectors.trainee_list(user=tw.legal, q="峰灵").count() == 2
