"""Training services: every write audited, every refusal in Chinese with nothing written."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.test import override_settings

from fazhi.core.errors import PermissionDenied, ValidationError
from fazhi.core.models import LedgerEntry
from fazhi.registry.models import Officer
from fazhi.training import services
from fazhi.training.models import Attendance, Certificate, LawExamCandidate, Session, Trainee
from tests.dates import today
from tests.dbutil import assert_nothing_changed
from tests.factories import TrainingWorld, resident_id

pytestmark = pytest.mark.django_db


@pytest.fixture
def tw(world: Any) -> TrainingWorld:
    return TrainingWorld(world)


def _session(tw: TrainingWorld, **kw: Any) -> Session:
    values: dict[str, Any] = {
        "actor": tw.legal,
        "region": tw.w.town_a,
        "topic": "行政处罚法专题",
        "laws": "《中华人民共和国行政处罚法》",
        "trainer": "县司法局 王老师",
        "place": "镇政府三楼会议室",
        "day": today(),
        "hours": "4",
    }
    values.update(kw)
    return services.session_create(**values)


def test_session_create_is_audited(tw: TrainingWorld) -> None:
    session = _session(tw)
    assert session.hours == Decimal("4")
    assert session.organiser == tw.legal.org_unit
    entry = LedgerEntry.objects.order_by("-seq").first()
    assert entry is not None and entry.verb == "training.session_create" and entry.target_id == str(session.pk)


@pytest.mark.parametrize(
    ("hours", "fragment"),
    [("-2", "不能为负数"), ("25", "一天"), ("abc", "数字"), ("0", "大于0"), ("1.25", "一位小数")],
)
def test_session_hours_refused(tw: TrainingWorld, hours: str, fragment: str) -> None:
    with assert_nothing_changed(), pytest.raises(ValidationError) as exc:
        _session(tw, hours=hours)
    assert fragment in exc.value.message
    assert "hours" in exc.value.details


def test_session_every_error_at_once(tw: TrainingWorld) -> None:
    with assert_nothing_changed(), pytest.raises(ValidationError) as exc:
        _session(tw, topic=" ", day=None, hours="-1", place="", kind="party", mode="tv")
    assert set(exc.value.details) == {"topic", "day", "hours", "kind", "mode"}


def test_offline_session_needs_a_place(tw: TrainingWorld) -> None:
    with assert_nothing_changed(), pytest.raises(ValidationError) as exc:
        _session(tw, place="")
    assert set(exc.value.details) == {"place"}
    online = _session(tw, place="", mode=Session.Mode.ONLINE, trainer="")
    assert online.place == ""


def test_session_outside_scope_or_without_permission(tw: TrainingWorld) -> None:
    with assert_nothing_changed(), pytest.raises(PermissionDenied):
        _session(tw, region=tw.w.town_b)
    with assert_nothing_changed(), pytest.raises(PermissionDenied):
        _session(tw, actor=tw.w["inspector_a"])
    with assert_nothing_changed(), pytest.raises(PermissionDenied):
        _session(tw, actor=tw.w["leader_a"])


def test_attendance_add_and_twice_refused(tw: TrainingWorld) -> None:
    session = _session(tw)
    people = [tw.officer_trainee, *tw.staff]
    services.attendance_add(actor=tw.legal, session=session, trainees=people[:2])
    assert Attendance.objects.filter(session=session).count() == 2
    with assert_nothing_changed(), pytest.raises(ValidationError) as exc:
        services.attendance_add(actor=tw.legal, session=session, trainees=[people[1], people[2]])
    assert "已登记" in exc.value.message and people[1].name in exc.value.message
    with assert_nothing_changed(), pytest.raises(ValidationError) as exc:
        services.attendance_add(actor=tw.legal, session=session, trainees=[people[2], people[2]])
    assert "两次" in exc.value.message
    with assert_nothing_changed(), pytest.raises(ValidationError):
        services.attendance_add(actor=tw.legal, session=session, trainees=[])


def test_attendance_set_adds_and_removes(tw: TrainingWorld) -> None:
    session = _session(tw)
    a, b, c = tw.officer_trainee, *tw.staff
    assert services.attendance_set(actor=tw.legal, session=session, trainees=[a, b]) == {
        "added": sorted([a.pk, b.pk]),
        "removed": [],
    }
    assert services.attendance_set(actor=tw.legal, session=session, trainees=[b, c]) == {
        "added": [c.pk],
        "removed": [a.pk],
    }
    with assert_nothing_changed():
        assert services.attendance_set(actor=tw.legal, session=session, trainees=[c, b]) == {
            "added": [],
            "removed": [],
        }
    with assert_nothing_changed(), pytest.raises(ValidationError):
        services.attendance_set(actor=tw.legal, session=session, trainees=[b, b])


def test_attendance_outside_area_refused(tw: TrainingWorld) -> None:
    outsider = Trainee.objects.create(name="城厢人", region=tw.w.town_b)
    session = _session(tw)
    with assert_nothing_changed(), pytest.raises(ValidationError) as exc:
        services.attendance_add(actor=tw.legal, session=session, trainees=[outsider])
    assert "城厢人" in exc.value.message


def test_session_delete(tw: TrainingWorld) -> None:
    session = _session(tw)
    services.attendance_add(actor=tw.legal, session=session, trainees=[tw.officer_trainee])
    with assert_nothing_changed(), pytest.raises(ValidationError):
        services.session_delete(actor=tw.legal, session=session)
    services.attendance_set(actor=tw.legal, session=session, trainees=[])
    services.session_delete(actor=tw.legal, session=session)
    assert not Session.objects.filter(pk=session.pk).exists()


def test_trainee_create_refusals(tw: TrainingWorld) -> None:
    with assert_nothing_changed(), pytest.raises(ValidationError) as exc:
        services.trainee_create(actor=tw.legal, name="", region=tw.w.village_a, category="officer", id_number="123")
    assert set(exc.value.details) == {"name", "category", "id_number"}
    with assert_nothing_changed(), pytest.raises(ValidationError):
        services.trainee_create(actor=tw.legal, name="重复", region=tw.w.village_a, id_number=resident_id(10))
    with assert_nothing_changed(), pytest.raises(PermissionDenied):
        services.trainee_create(actor=tw.legal, name="外镇", region=tw.w.village_b)
    person = services.trainee_create(actor=tw.legal, name="无证号", region=tw.w.village_a)
    assert person.id_index == "" and person.id_number_masked == ""


def test_trainee_for_officer_once(tw: TrainingWorld) -> None:
    again = services.trainee_for_officer(actor=tw.legal, officer=tw.officer)
    assert again.pk == tw.officer_trainee.pk
    assert tw.officer_trainee.id_number != "" and "*" in tw.officer_trainee.id_number_masked
    other = Officer.objects.get(name="城厢甲")
    with assert_nothing_changed(), pytest.raises(PermissionDenied):
        services.trainee_for_officer(actor=tw.legal, officer=other)
    with assert_nothing_changed(), pytest.raises(ValidationError):
        services.trainee_for_officer(actor=tw.legal, officer=tw.pre, id_number="5002")


# --- qualification --------------------------------------------------------------------------------


def _exam(tw: TrainingWorld) -> Any:
    return services.qualification_exam_create(
        actor=tw.w["supervisor"], region=tw.w.county, title="执法资格考试", day=today(), training_hours="8"
    )


def test_pre_service_officer_becomes_active_only_by_passing(tw: TrainingWorld) -> None:
    exam = _exam(tw)
    day = today()
    assert not tw.pre.may_inspect_on(day)
    failed = services.qualification_result_record(
        actor=tw.w["supervisor"], exam=exam, officer=tw.pre, general_score="75", special_score="59.5"
    )
    assert failed.passed is False
    with assert_nothing_changed(), pytest.raises(ValidationError) as exc:
        services.certificate_issue(actor=tw.w["supervisor"], result=failed)
    assert "未通过" in exc.value.message
    exam2 = _exam(tw)
    passed = services.qualification_result_record(
        actor=tw.w["supervisor"], exam=exam2, officer=tw.pre, general_score="60", special_score="88"
    )
    assert passed.passed is True
    cert = services.certificate_issue(actor=tw.w["supervisor"], result=passed, issued_on=day)
    tw.pre.refresh_from_db()
    assert tw.pre.status == Officer.Status.ACTIVE
    assert tw.pre.valid_until == cert.valid_until == day.replace(year=day.year + 5)
    assert tw.pre.may_inspect_on(day)
    assert LedgerEntry.objects.filter(verb="officer.qualification", target_id=str(tw.pre.pk)).exists()


def test_qualification_result_refusals(tw: TrainingWorld) -> None:
    exam = _exam(tw)
    with assert_nothing_changed(), pytest.raises(ValidationError) as exc:
        services.qualification_result_record(
            actor=tw.w["supervisor"], exam=exam, officer=tw.pre, general_score="101", special_score="-1"
        )
    assert set(exc.value.details) == {"general_score", "special_score"}
    assert "最高分" in exc.value.details["general_score"]
    services.qualification_result_record(
        actor=tw.w["supervisor"], exam=exam, officer=tw.pre, general_score="70", special_score="70"
    )
    with assert_nothing_changed(), pytest.raises(ValidationError):
        services.qualification_result_record(
            actor=tw.w["supervisor"], exam=exam, officer=tw.pre, general_score="80", special_score="80"
        )
    with assert_nothing_changed(), pytest.raises(PermissionDenied):
        services.qualification_result_record(
            actor=tw.legal, exam=exam, officer=tw.pre, general_score="80", special_score="80"
        )


def test_qualification_exam_refusals(tw: TrainingWorld) -> None:
    with assert_nothing_changed(), pytest.raises(ValidationError) as exc:
        services.qualification_exam_create(
            actor=tw.w["supervisor"], region=tw.w.county, title="", day=None, training_hours="-3", max_score=0
        )
    assert set(exc.value.details) == {"title", "day", "training_hours", "max_score"}


def test_certificate_renew_and_revoke(tw: TrainingWorld) -> None:
    sup = tw.w["supervisor"]
    result = services.qualification_result_record(
        actor=sup, exam=_exam(tw), officer=tw.pre, general_score="90", special_score="90"
    )
    cert = services.certificate_issue(actor=sup, result=result, number="cq-0001")
    assert cert.number == "CQ-0001"
    with assert_nothing_changed(), pytest.raises(ValidationError):
        services.certificate_issue(actor=sup, result=result)
    with assert_nothing_changed(), pytest.raises(ValidationError):
        services.certificate_renew(actor=sup, certificate=cert, valid_until=cert.valid_until)
    later = cert.valid_until + dt.timedelta(days=365)
    renewed = services.certificate_renew(actor=sup, certificate=cert, valid_until=later)
    cert.refresh_from_db()
    tw.pre.refresh_from_db()
    assert cert.status == Certificate.Status.SUPERSEDED and renewed.status == Certificate.Status.VALID
    assert tw.pre.valid_until == later
    with assert_nothing_changed(), pytest.raises(ValidationError):
        services.certificate_renew(actor=sup, certificate=cert, valid_until=later + dt.timedelta(days=1))
    with assert_nothing_changed(), pytest.raises(ValidationError) as exc:
        services.certificate_revoke(actor=sup, certificate=renewed, reason=" ")
    assert set(exc.value.details) == {"reason"}
    services.certificate_revoke(actor=sup, certificate=renewed, reason="严重违法执法")
    tw.pre.refresh_from_db()
    assert tw.pre.status == Officer.Status.SUSPENDED and not tw.pre.may_inspect_on(today())
    with assert_nothing_changed(), pytest.raises(ValidationError):
        services.certificate_revoke(actor=sup, certificate=renewed, reason="再次")


def test_certificate_number_taken(tw: TrainingWorld) -> None:
    sup = tw.w["supervisor"]
    result = services.qualification_result_record(
        actor=sup, exam=_exam(tw), officer=tw.pre, general_score="90", special_score="90"
    )
    with assert_nothing_changed(), pytest.raises(ValidationError) as exc:
        services.certificate_issue(actor=sup, result=result, number=tw.officer.certificate_no)
    assert "number" in exc.value.details
    with assert_nothing_changed(), pytest.raises(ValidationError):
        services.certificate_issue(actor=sup, result=result, issued_on=today(), valid_until=today())


# --- law exams and 述法 ------------------------------------------------------------------------------


def test_law_exam_scores(tw: TrainingWorld) -> None:
    exam = services.law_exam_create(actor=tw.legal, region=tw.w.town_a, title="学法考试", day=today())
    people = [tw.officer_trainee, *tw.staff]
    services.law_exam_candidates_add(actor=tw.legal, exam=exam, trainees=people)
    with assert_nothing_changed(), pytest.raises(ValidationError) as exc:
        services.law_exam_candidates_add(actor=tw.legal, exam=exam, trainees=people[:1])
    assert people[0].name in exc.value.message
    with assert_nothing_changed(), pytest.raises(ValidationError) as exc:
        services.law_exam_scores_record(
            actor=tw.legal, exam=exam, scores={people[0].pk: "120", people[1].pk: "x", 999999: "80"}
        )
    assert len(exc.value.details) == 3
    assert "最高分" in exc.value.message
    changed = services.law_exam_scores_record(
        actor=tw.legal, exam=exam, scores={people[0].pk: "95", people[1].pk: "60", people[2].pk: ""}
    )
    assert changed == 2
    with assert_nothing_changed():
        assert services.law_exam_scores_record(actor=tw.legal, exam=exam, scores={people[0].pk: "95.0"}) == 0
    scores = dict(LawExamCandidate.objects.filter(exam=exam).values_list("trainee_id", "score"))
    assert scores == {people[0].pk: Decimal("95"), people[1].pk: Decimal("60"), people[2].pk: None}


def test_law_exam_refusals(tw: TrainingWorld) -> None:
    with assert_nothing_changed(), pytest.raises(ValidationError) as exc:
        services.law_exam_create(actor=tw.legal, region=tw.w.town_a, title="", day=None, max_score=0)
    assert set(exc.value.details) == {"title", "day", "max_score"}
    exam = services.law_exam_create(actor=tw.legal, region=tw.w.town_a, title="学法考试", day=today())
    outsider = Trainee.objects.create(name="城厢人", region=tw.w.town_b)
    with assert_nothing_changed(), pytest.raises(ValidationError):
        services.law_exam_candidates_add(actor=tw.legal, exam=exam, trainees=[outsider])
    with assert_nothing_changed(), pytest.raises(ValidationError):
        services.law_exam_candidates_add(actor=tw.legal, exam=exam, trainees=[])
    with assert_nothing_changed(), pytest.raises(PermissionDenied):
        services.law_exam_create(actor=tw.w["leader_a"], region=tw.w.town_a, title="x", day=today())


@override_settings(FAZHI_EXAM_PASS_SCORE=50)
def test_pass_mark_follows_the_setting(tw: TrainingWorld) -> None:
    result = services.qualification_result_record(
        actor=tw.w["supervisor"], exam=_exam(tw), officer=tw.pre, general_score="50", special_score="55"
    )
    assert result.passed is True


def test_law_report_with_documents(tw: TrainingWorld) -> None:
    leader = tw.staff[0]
    report = services.law_report_create(
        actor=tw.legal,
        trainee=leader,
        year=today().year - 1,
        day=today(),
        title="述职述廉述法报告",
        summary="学法用法情况",
        documents=[("述法报告.pdf", b"%PDF-1.4 report")],
    )
    doc = report.documents.get()
    assert doc.original_name == "述法报告.pdf" and len(doc.sha256) == 64
    with doc.file.open("rb") as fh:
        assert fh.read() == b"%PDF-1.4 report"
    with assert_nothing_changed(), pytest.raises(ValidationError) as exc:
        services.law_report_create(
            actor=tw.legal, trainee=leader, year=1900, day=today(), title="", documents=[("空.pdf", b"")]
        )
    assert set(exc.value.details) == {"title", "year", "documents"}
    with assert_nothing_changed(), pytest.raises(ValidationError):
        services.law_report_create(actor=tw.legal, trainee=leader, year=today().year, day=None, title="x")
