"""/api/v1/publicity…: activities (list, one, record), the publicity figures, coverage per village and
quarter, targets with progress, legal liaisons — through the same scoped selectors and services as
the pages (docs/publicity.md)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from fazhi.api.pagination import Pages
from fazhi.api.schemas import ERRORS, ID_MAX, Id
from fazhi.core.clock import today
from fazhi.core.errors import ValidationError
from fazhi.core.figures import NotKept
from fazhi.publicity import selectors, services

router = Router(tags=["publicity"])
YEAR_MIN, YEAR_MAX = 2000, 2100


class ActivityOut(Schema):
    id: int
    type: str = Field(..., alias="type.code")
    type_name: str = Field(..., alias="type.name")
    title: str
    day: dt.date
    village_id: int
    group_id: int | None
    target_groups: list[str]
    organisers: list[str]
    joint: bool
    participants: int
    materials: int
    large_print: bool
    online: bool
    link_kind: str
    link_id: int | None


class ActivityIn(Schema):
    type: str = Field(..., description="the type's code or name from the catalogue, e.g. bench_talk or 板凳普法")
    village_id: Id
    day: dt.date
    participants: int = Field(..., ge=0, le=1_000_000)
    target_groups: list[str] = Field(..., max_length=10)
    organisers: list[str] = Field(..., max_length=20)
    group_id: Id | None = None
    materials: int = Field(0, ge=0, le=10_000_000)
    title: str = ""
    place: str = ""
    note: str = ""
    large_print: bool = False
    online: bool = False
    link_kind: str = Field("", description="inspection or dispute: the record the session was held in")
    link_id: Id | None = None
    confirm_reach: bool = Field(False, description="save a reach above the village's population")


class PublicityFigureOut(Schema):
    id: str
    label: str
    unit: str
    counted: str
    value: int | Decimal | None
    not_kept: str = ""


class CoverageRowOut(Schema):
    village_id: int
    village: str
    remote: bool
    sessions: list[int]
    reach: list[int]
    below_target: list[bool]
    joint_pct: Decimal | None


class CoverageOut(Schema):
    year: int
    target_group: str
    remote_target: dict[int, int]
    joint_pct: Decimal | None
    rows: list[CoverageRowOut]


class TargetOut(Schema):
    region_id: int
    year: int
    quarter: int | None
    metric: str
    value: int
    done: int
    of_remote_villages: int | None
    met: bool


class LiaisonOut(Schema):
    id: int
    name: str
    village_id: int
    appointed_on: dt.date
    active: bool


@router.get("/publicity/activities", response={200: list[ActivityOut], **ERRORS})
@paginate(Pages, page_size=100)
def list_activities(
    request: HttpRequest,
    year: int | None = Query(None, ge=YEAR_MIN, le=YEAR_MAX),
    village_id: int | None = Query(None, ge=1, le=ID_MAX),
    target_group: str = "",
) -> Any:
    return selectors.activity_list(user=request.user, year=year, village_id=village_id, group=target_group[:20])


@router.get("/publicity/activities/{activity_id}", response={200: ActivityOut, **ERRORS})
def get_activity(request: HttpRequest, activity_id: Id) -> Any:
    return selectors.activity_get(user=request.user, pk=activity_id)


@router.post("/publicity/activities", response={201: ActivityOut, **ERRORS})
def add_activity(request: HttpRequest, payload: ActivityIn) -> Any:
    """Record a held activity; a reach above the village's population is refused (422,
    ``reach_above_population``) until ``confirm_reach`` is true."""
    village = selectors.region_find(user=request.user, pk=payload.village_id)
    if village is None:
        raise ValidationError(
            _("The village does not exist or is outside your scope."), details={"village_id": "not_in_scope"}
        )
    activity = services.activity_record(
        actor=request.user,
        type=selectors.activity_type_find(code=payload.type[:50]),
        village=village,
        group=selectors.region_find(user=request.user, pk=payload.group_id),
        day=payload.day,
        participants=payload.participants,
        materials=payload.materials,
        target_groups=payload.target_groups,
        organisers=payload.organisers,
        title=payload.title,
        place=payload.place,
        note=payload.note,
        large_print=payload.large_print,
        online=payload.online,
        link_kind=payload.link_kind[:16],
        link_id=payload.link_id,
        confirm_reach=payload.confirm_reach,
    )
    return Status(201, selectors.activity_get(user=request.user, pk=activity.pk))


@router.get("/publicity/figures", response={200: list[PublicityFigureOut], **ERRORS})
def publicity_figures(request: HttpRequest, year: int | None = Query(None, ge=YEAR_MIN, le=YEAR_MAX)) -> Any:
    """The publicity and legal-adviser figures of the caller's area (docs/publicity.md)."""
    chosen = year or today().year
    return [
        {
            "id": f.id,
            "label": str(f.label),
            "unit": str(f.unit),
            "counted": str(f.counted),
            "value": None if isinstance(value, NotKept) else value,
            "not_kept": value.why if isinstance(value, NotKept) else "",
        }
        for f, value in selectors.figures_of(user=request.user, year=chosen)
    ]


@router.get("/publicity/coverage", response={200: CoverageOut, **ERRORS})
def publicity_coverage(
    request: HttpRequest, year: int | None = Query(None, ge=YEAR_MIN, le=YEAR_MAX), target_group: str = ""
) -> Any:
    chosen = year or today().year
    from fazhi.publicity.models import TargetGroup

    if target_group and target_group not in TargetGroup.values:
        raise ValidationError(_("Unknown target group."), details={"target_group": TargetGroup.values})
    cov = selectors.coverage_of(user=request.user, year=chosen, group=target_group)
    rows = cov.rows if cov else []
    return {
        "year": chosen,
        "target_group": target_group,
        "remote_target": cov.remote_target if cov else {},
        "joint_pct": cov.joint_pct if cov else None,
        "rows": [
            {
                "village_id": r.village.pk,
                "village": r.village.name,
                "remote": r.remote,
                "sessions": [c.sessions for c in r.cells],
                "reach": [c.reach for c in r.cells],
                "below_target": [c.below for c in r.cells],
                "joint_pct": r.joint_pct,
            }
            for r in rows
        ],
    }


@router.get("/publicity/targets", response={200: list[TargetOut], **ERRORS})
def publicity_targets(request: HttpRequest, year: int | None = Query(None, ge=YEAR_MIN, le=YEAR_MAX)) -> Any:
    chosen = year or today().year
    return [
        {
            "region_id": p.target.region_id,
            "year": p.target.year,
            "quarter": p.target.quarter,
            "metric": p.target.metric,
            "value": p.target.value,
            "done": p.actual,
            "of_remote_villages": p.of,
            "met": p.met,
        }
        for p in selectors.targets_progress(user=request.user, year=chosen)
    ]


@router.get("/publicity/liaisons", response={200: list[LiaisonOut], **ERRORS})
@paginate(Pages, page_size=100)
def list_liaisons(request: HttpRequest) -> Any:
    return selectors.liaison_list(user=request.user)
