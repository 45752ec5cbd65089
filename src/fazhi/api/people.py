"""Special-population files for township and county systems (/api/v1/people…): scoped like the
pages, identity masked; the full identity only through ``reveal`` with a reason (logged); the
county reads figures; a county body with a sharing grant reads what its grant covers (logged)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import can
from fazhi.api.pagination import Pages
from fazhi.api.schemas import ERRORS, ID_MAX, Id
from fazhi.core.errors import PermissionDenied, ValidationError
from fazhi.people import figures, selectors, services
from fazhi.people.models import PersonFile

router = Router(tags=["people"])


class PersonFileOut(Schema):
    id: int
    number: str
    township: str
    category: str
    name_masked: str
    id_masked: str
    phone_masked: str
    status: str
    danger_level: int | None
    last_visit_on: dt.date | None
    next_visit_due: dt.date | None

    @staticmethod
    def resolve_township(obj: PersonFile) -> str:
        return obj.township.name

    @staticmethod
    def resolve_category(obj: PersonFile) -> str:
        return obj.category.code


class RevealIn(Schema):
    reason: str = Field(..., max_length=300)


class IdentityOut(Schema):
    name: str
    id_number: str
    address: str
    phone: str
    guardian: str


class VisitIn(Schema):
    visited_on: dt.date | None = None
    place: str = Field(..., max_length=100)
    findings: str = Field(..., max_length=2000)
    help_given: str = Field("", max_length=300)
    legal_education: bool = False
    danger_level: int | None = Field(None, ge=0, le=5)


class VisitOut(Schema):
    id: int
    visited_on: dt.date
    due_on: dt.date | None


class PeopleFigureOut(Schema):
    id: str
    label: str
    unit: str
    rule: str
    value: Decimal | int | None


class SharedFileOut(Schema):
    number: str
    township: str
    category: str
    name: str
    id_number: str
    danger_level: int | None
    purpose: str


@router.get("/people/files", response={200: list[PersonFileOut], **ERRORS})
@paginate(Pages, page_size=50)
def list_files(
    request: HttpRequest,
    category: str = Query("", max_length=32),
    due: str = Query("", max_length=10, description="overdue | soon"),
    id_number: str = Query("", max_length=30, description="exact match through the blind index"),
) -> Any:
    if not can(request.user, Perm.PEOPLE_VIEW):
        raise PermissionDenied()
    return selectors.file_list(user=request.user, category=category, due=due, id_number=id_number)


@router.get("/people/figures", response={200: list[PeopleFigureOut], **ERRORS})
def people_figures(
    request: HttpRequest,
    region_id: int | None = Query(None, ge=1, le=ID_MAX),
    year: int | None = Query(None, ge=2000, le=2100),
) -> Any:
    """Aggregates of a region the caller oversees (default: their own area) and year."""
    if not can(request.user, Perm.PEOPLE_FIGURES):
        raise PermissionDenied()
    regions = selectors.figure_regions(user=request.user)
    region = regions.filter(pk=region_id).first() if region_id else regions.first()
    if region is None:
        raise ValidationError(
            _("The region does not exist or is outside your scope."), details={"region_id": "not_in_scope"}
        )
    return figures.figure_values(region, year or timezone.localdate().year)


@router.get("/people/shared", response={200: list[SharedFileOut], **ERRORS})
def shared(request: HttpRequest) -> Any:
    """A county body's share (公安, 卫健, 司法): the files its grants in force cover, each logged."""
    return services.shared_files(actor=request.user)


@router.get("/people/files/{file_id}", response={200: PersonFileOut, **ERRORS})
def get_file(request: HttpRequest, file_id: Id) -> Any:
    return selectors.file_get(user=request.user, pk=file_id)


@router.post("/people/files/{file_id}/reveal", response={200: IdentityOut, **ERRORS})
def reveal(request: HttpRequest, file_id: Id, payload: RevealIn) -> Any:
    """The identity, with the reason that goes into the access log."""
    file = selectors.file_get(user=request.user, pk=file_id)
    return services.file_reveal(actor=request.user, file=file, reason=payload.reason).__dict__


@router.post("/people/files/{file_id}/visits", response={201: VisitOut, **ERRORS})
def add_visit(request: HttpRequest, file_id: Id, payload: VisitIn) -> Any:
    file = selectors.file_get(user=request.user, pk=file_id)
    visit = services.visit_record(
        actor=request.user,
        file=file,
        visited_on=payload.visited_on or timezone.localdate(),
        place=payload.place,
        findings=payload.findings,
        help_given=payload.help_given,
        legal_education=payload.legal_education,
        danger_level=payload.danger_level,
    )
    return Status(201, visit)
