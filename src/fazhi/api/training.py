"""/api/v1/training…: sessions and attendance, people's years, law exams and the training figures,
through the same scoped selectors and services as the pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status
from ninja.pagination import paginate

from fazhi.accounts.selectors import region_in_scope
from fazhi.api.pagination import Pages
from fazhi.api.schemas import ERRORS, Id
from fazhi.core.clock import today
from fazhi.core.errors import ValidationError
from fazhi.training import selectors, services

router = Router(tags=["training"])
YEAR_MIN, YEAR_MAX = 2000, 2100


class SessionOut(Schema):
    id: int
    kind: str
    mode: str
    topic: str
    laws: str
    trainer: str
    place: str
    day: dt.date
    hours: Decimal
    region_id: int
    people: int = 0


class SessionIn(Schema):
    region_id: Id
    topic: str
    day: dt.date
    hours: str = Field(..., description="class hours (课时), e.g. 2 or 1.5")
    kind: str = "training"
    mode: str = "offline"
    laws: str = ""
    trainer: str = ""
    place: str = ""


class AttendanceIn(Schema):
    trainee_ids: list[Id] = Field(..., max_length=1000)


class AttendanceOut(Schema):
    session_id: int
    trainee_ids: list[int]


class TraineeOut(Schema):
    id: int
    name: str
    category: str
    region_id: int
    officer_id: int | None
    position: str


class ExamLineOut(Schema):
    exam_id: int
    title: str
    day: dt.date
    score: Decimal | None


class YearOut(Schema):
    trainee_id: int
    year: int
    online_hours: Decimal
    offline_hours: Decimal
    required_online: int | None
    required_offline: int | None
    study_sessions: int
    exams: list[ExamLineOut]
    certificate_valid_until: dt.date | None
    reminders: list[str]


class LawExamOut(Schema):
    id: int
    title: str
    day: dt.date
    region_id: int
    max_score: int
    must_sit: int = 0
    sat: int = 0


class TrainingFigureOut(Schema):
    id: str
    label: str
    unit: str
    counted: str
    value: Decimal | None


@router.get("/training/sessions", response={200: list[SessionOut], **ERRORS})
@paginate(Pages, page_size=100)
def list_sessions(
    request: HttpRequest, year: int | None = Query(None, ge=YEAR_MIN, le=YEAR_MAX), kind: str = "", mode: str = ""
) -> Any:
    return selectors.session_list(user=request.user, year=year, kind=kind, mode=mode)


@router.get("/training/sessions/{session_id}", response={200: SessionOut, **ERRORS})
def get_session(request: HttpRequest, session_id: Id) -> Any:
    return selectors.session_get(user=request.user, pk=session_id)


@router.post("/training/sessions", response={201: SessionOut, **ERRORS})
def add_session(request: HttpRequest, payload: SessionIn) -> Any:
    region = region_in_scope(user=request.user).filter(pk=payload.region_id).first()
    if region is None:
        raise ValidationError(
            _("The region does not exist or is outside your scope."), details={"region_id": "not_in_scope"}
        )
    session = services.session_create(
        actor=request.user,
        region=region,
        topic=payload.topic,
        day=payload.day,
        hours=payload.hours,
        kind=payload.kind,
        mode=payload.mode,
        laws=payload.laws,
        trainer=payload.trainer,
        place=payload.place,
    )
    return Status(201, selectors.session_get(user=request.user, pk=session.pk))


@router.post("/training/sessions/{session_id}/attendance", response={201: AttendanceOut, **ERRORS})
def add_attendance(request: HttpRequest, session_id: Id, payload: AttendanceIn) -> Any:
    """Add people who attended; someone already recorded is refused (nothing written)."""
    session = selectors.session_get(user=request.user, pk=session_id)
    found = {
        t.pk: t
        for t in selectors.attendance_candidates(user=request.user, session=session).filter(pk__in=payload.trainee_ids)
    }
    missing = [pk for pk in payload.trainee_ids if pk not in found]
    if missing:
        raise ValidationError(
            _("Some of the people chosen are not in this session's area."), details={"trainee_ids": missing}
        )
    services.attendance_add(actor=request.user, session=session, trainees=[found[pk] for pk in payload.trainee_ids])
    ids = list(selectors.session_attendees(session=session).values_list("pk", flat=True))
    return Status(201, {"session_id": session.pk, "trainee_ids": ids})


@router.get("/training/people", response={200: list[TraineeOut], **ERRORS})
@paginate(Pages, page_size=100)
def list_people(request: HttpRequest, q: str = "", category: str = "") -> Any:
    return selectors.trainee_list(user=request.user, q=q[:50], category=category)


@router.get("/training/people/{trainee_id}/year/{year}", response={200: YearOut, **ERRORS})
def person_year(request: HttpRequest, trainee_id: Id, year: int = Path(..., ge=YEAR_MIN, le=YEAR_MAX)) -> Any:
    person = selectors.trainee_get(user=request.user, pk=trainee_id)
    rec = selectors.year_record(user=request.user, trainee=person, year=year)
    return {
        "trainee_id": person.pk,
        "year": year,
        "online_hours": rec.online_hours,
        "offline_hours": rec.offline_hours,
        "required_online": rec.required_online,
        "required_offline": rec.required_offline,
        "study_sessions": rec.study_sessions,
        "exams": [
            {"exam_id": c.exam_id, "title": c.exam.title, "day": c.exam.day, "score": c.score} for c in rec.exams
        ],
        "certificate_valid_until": rec.certificate.valid_until if rec.certificate else None,
        "reminders": rec.reminders,
    }


@router.get("/training/exams", response={200: list[LawExamOut], **ERRORS})
@paginate(Pages, page_size=100)
def list_exams(request: HttpRequest, year: int | None = Query(None, ge=YEAR_MIN, le=YEAR_MAX)) -> Any:
    return selectors.law_exam_list(user=request.user, year=year)


@router.get("/training/figures", response={200: list[TrainingFigureOut], **ERRORS})
def training_figures(request: HttpRequest, year: int | None = Query(None, ge=YEAR_MIN, le=YEAR_MAX)) -> Any:
    """The training figures of the caller's area (docs/training.md says how each is counted)."""
    chosen = year or today().year
    return [
        {"id": f.id, "label": str(f.label), "unit": str(f.unit), "counted": str(f.counted), "value": value}
        for f, value in selectors.figures_of(user=request.user, year=chosen)
    ]
