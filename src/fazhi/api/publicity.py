"""/api/v1/publicity…: activities (list, one, record, correct, withdraw), the publicity figures,
coverage per village and quarter, targets with progress, and the registers — channels, legal liaisons,
legal advisers and their service logs, model villages, culture sites — through the same scoped
selectors and services as the pages (docs/publicity.md)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status
from ninja.pagination import paginate

from fazhi.api.pagination import Pages
from fazhi.api.schemas import ERRORS, ID_MAX, Id
from fazhi.core.clock import today
from fazhi.core.errors import ValidationError
from fazhi.core.figures import NotKept
from fazhi.core.masking import mask_free_text
from fazhi.publicity import selectors, services
from fazhi.publicity.models import AdviserService, Channel, ModelVillage, Target

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
    version: int
    withdrawn: bool = Field(..., description="withdrawn activities count in no figure, coverage or target")
    withdrawn_reason: str

    @staticmethod
    def resolve_withdrawn(obj: Any) -> bool:
        return obj.withdrawn_at is not None

    @staticmethod
    def resolve_withdrawn_reason(obj: Any) -> str:
        return mask_free_text(obj.withdrawn_reason)


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


class ActivityUpdateIn(ActivityIn):
    version: int = Field(..., ge=1, le=ID_MAX, description="the version you read; 409 when someone saved since")


class WithdrawIn(Schema):
    reason: str = Field(..., description="why the activity is withdrawn (entered twice, never held…)")
    version: int | None = Field(None, ge=1, le=ID_MAX, description="the version you read; 409 when it changed")


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
    id: int
    region_id: int
    region: str
    year: int
    quarter: int | None
    metric: str
    label: str
    value: int
    done: int
    of_remote_villages: int | None
    percent: int
    met: bool
    period_begun: bool
    note: str


class LiaisonOut(Schema):
    id: int
    name: str
    village_id: int
    appointed_on: dt.date
    active: bool


class ChannelOut(Schema):
    id: int
    village_id: int
    village: str = Field(..., alias="village.name")
    kind: str
    name: str
    reach: int
    active: bool
    messages_sent: int = Field(..., description="messages sent in the year asked (this year by default)")
    last_message_on: dt.date | None


class AdviserOut(Schema):
    id: int
    name: str
    firm: str
    village_id: int
    village: str = Field(..., alias="village.name")
    active: bool


class AdviserServiceOut(Schema):
    id: int
    adviser_id: int
    day: dt.date
    kind: str
    people: int
    dispute_id: int | None = Field(None, description="the dispute of the disputes register (a mediation)")
    note: str

    @staticmethod
    def resolve_note(obj: Any) -> str:
        return mask_free_text(obj.note)


class ModelVillageOut(Schema):
    id: int
    village_id: int
    village: str = Field(..., alias="village.name")
    level: str
    year: int


class CultureSiteOut(Schema):
    id: int
    name: str
    village_id: int
    village: str
    built_on: dt.date
    content_updated_on: dt.date
    outdated: bool = Field(..., description="the rule of publicity.outdated_sites_pct for the year asked")


def _choice(value: str, choices: list[str], field: str) -> str:
    """An enumerated query value, or a 422 naming the values allowed."""
    if value and value not in choices:
        raise ValidationError(
            _("%(field)s must be one of: %(values)s.") % {"field": field, "values": "、".join(choices)},
            details={field: choices},
        )
    return value


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


@router.put("/publicity/activities/{activity_id}", response={200: ActivityOut, **ERRORS})
def update_activity(request: HttpRequest, activity_id: Id, payload: ActivityUpdateIn) -> Any:
    """Correct an activity (the body that recorded it); send the ``version`` you read (409 when
    someone saved since). The same rules as recording it."""
    activity = selectors.activity_get(user=request.user, pk=activity_id)
    village = selectors.region_find(user=request.user, pk=payload.village_id)
    if village is None:
        raise ValidationError(
            _("The village does not exist or is outside your scope."), details={"village_id": "not_in_scope"}
        )
    services.activity_update(
        actor=request.user,
        activity=activity,
        expected_version=payload.version,
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
    return selectors.activity_get(user=request.user, pk=activity_id)


@router.post("/publicity/activities/{activity_id}/withdraw", response={200: ActivityOut, **ERRORS})
def withdraw_activity(request: HttpRequest, activity_id: Id, payload: WithdrawIn) -> Any:
    """Withdraw an activity recorded in error, with the reason: it stays, marked, and counts nowhere."""
    activity = selectors.activity_get(user=request.user, pk=activity_id)
    services.activity_withdraw(
        actor=request.user, activity=activity, reason=payload.reason, expected_version=payload.version
    )
    return selectors.activity_get(user=request.user, pk=activity_id)


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
    """The targets of the caller's area (and those set above it) with what was done; not paged: a
    year's targets are a few dozen."""
    chosen = year or today().year
    labels = dict(Target.Metric.choices)
    return [
        {
            "id": p.target.pk,
            "region_id": p.target.region_id,
            "region": p.target.region.name,
            "year": p.target.year,
            "quarter": p.target.quarter,
            "metric": p.target.metric,
            "label": str(labels[p.target.metric]),
            "value": p.target.value,
            "done": p.actual,
            "of_remote_villages": p.of,
            "percent": p.percent,
            "met": p.met,
            "period_begun": p.period_begun,
            "note": p.target.note,
        }
        for p in selectors.targets_progress(user=request.user, year=chosen)
    ]


@router.get("/publicity/liaisons", response={200: list[LiaisonOut], **ERRORS})
@paginate(Pages, page_size=100)
def list_liaisons(request: HttpRequest) -> Any:
    return selectors.liaison_list(user=request.user)


@router.get("/publicity/channels", response={200: list[ChannelOut], **ERRORS})
@paginate(Pages, page_size=100)
def list_channels(
    request: HttpRequest,
    village_id: int | None = Query(None, ge=1, le=ID_MAX),
    kind: str = Query("", description="broadcast or wechat"),
    year: int | None = Query(None, ge=YEAR_MIN, le=YEAR_MAX),
) -> Any:
    """The villages' broadcasts and WeChat groups with their reach and the messages of the year."""
    kind = _choice(kind, Channel.Kind.values, "kind")
    return selectors.channel_list(user=request.user, village_id=village_id, kind=kind, year=year or today().year)


@router.get("/publicity/advisers", response={200: list[AdviserOut], **ERRORS})
@paginate(Pages, page_size=100)
def list_advisers(request: HttpRequest, village_id: int | None = Query(None, ge=1, le=ID_MAX)) -> Any:
    return selectors.adviser_list(user=request.user, village_id=village_id)


@router.get("/publicity/advisers/{adviser_id}", response={200: AdviserOut, **ERRORS})
def get_adviser(request: HttpRequest, adviser_id: Id) -> Any:
    return selectors.adviser_get(user=request.user, pk=adviser_id)


@router.get("/publicity/advisers/{adviser_id}/services", response={200: list[AdviserServiceOut], **ERRORS})
@paginate(Pages, page_size=100)
def list_adviser_services(
    request: HttpRequest,
    adviser_id: int = Path(..., ge=1, le=ID_MAX),  # not Id: @paginate rebuilds the parameters without it
    year: int | None = Query(None, ge=YEAR_MIN, le=YEAR_MAX),
    kind: str = Query("", description="consultation, mediation or review"),
) -> Any:
    """The adviser's service log, newest first; a mediation names the dispute by its id."""
    adviser = selectors.adviser_get(user=request.user, pk=adviser_id)
    kind = _choice(kind, AdviserService.Kind.values, "kind")
    return selectors.adviser_service_list(user=request.user, adviser_id=adviser.pk, year=year, kind=kind)


@router.get("/publicity/model-villages", response={200: list[ModelVillageOut], **ERRORS})
@paginate(Pages, page_size=100)
def list_model_villages(
    request: HttpRequest,
    year: int | None = Query(None, ge=YEAR_MIN, le=YEAR_MAX),
    level: str = Query("", description="county, city, province or national"),
) -> Any:
    level = _choice(level, ModelVillage.Level.values, "level")
    return selectors.model_village_list(user=request.user, year=year, level=level)


@router.get("/publicity/culture-sites", response={200: list[CultureSiteOut], **ERRORS})
@paginate(Pages, page_size=100)
def list_culture_sites(
    request: HttpRequest,
    year: int | None = Query(None, ge=YEAR_MIN, le=YEAR_MAX),
    village_id: int | None = Query(None, ge=1, le=ID_MAX),
) -> Any:
    """The culture sites with whether each is outdated on the year's last day (today for this year)."""
    return [
        {
            "id": site.pk,
            "name": site.name,
            "village_id": site.village_id,
            "village": site.village.name,
            "built_on": site.built_on,
            "content_updated_on": site.content_updated_on,
            "outdated": outdated,
        }
        for site, outdated in selectors.site_list(user=request.user, year=year or today().year, village_id=village_id)
    ]
