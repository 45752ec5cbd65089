"""Disputes for county and township systems (/api/v1/disputes…), scoped like the pages: parties'
ID numbers and phones only masked; the county reads figures, not names."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from fazhi.accounts.models import Region
from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import can
from fazhi.api.pagination import Pages
from fazhi.api.schemas import ERRORS, ID_MAX, Id
from fazhi.core.errors import PermissionDenied, ValidationError
from fazhi.disputes import figures, selectors, services
from fazhi.disputes.models import Dispute, DisputeParty

router = Router(tags=["disputes"])


class DisputePartyOut(Schema):
    id: int
    name: str
    kind: str
    side: str
    id_number_masked: str
    phone_masked: str


class DisputeOut(Schema):
    id: int
    number: str
    township: str = Field(..., description="township name")
    village: str | None
    category: str
    source: str
    level: str
    status: str
    outcome: str
    received_on: dt.date
    deadline: dt.date | None
    police_related: bool
    petition_related: bool
    mass_risk: bool
    reopened: int
    parties: list[DisputePartyOut]

    @staticmethod
    def resolve_township(obj: Dispute) -> str:
        return obj.township.name

    @staticmethod
    def resolve_village(obj: Dispute) -> str | None:
        return obj.village.name if obj.village else None

    @staticmethod
    def resolve_category(obj: Dispute) -> str:
        return obj.category.code

    @staticmethod
    def resolve_parties(obj: Dispute) -> list[DisputeParty]:
        return list(obj.parties.all())


class PartyIn(Schema):
    name: str = Field(..., max_length=100)
    kind: str = "person"
    side: str = "applicant"
    id_number: str = Field("", max_length=30)
    phone: str = Field("", max_length=30)


class DisputeIn(Schema):
    township_id: Id
    village_id: Id | None = None
    group_name: str = Field("", max_length=50)
    source: str
    category: str = Field(..., max_length=32, description="category code (GET /disputes/categories)")
    parties: list[PartyIn] = Field(..., max_length=50)
    description: str
    police_related: bool = False
    petition_related: bool = False
    mass_risk: bool = False
    amount: Decimal | None = Field(None, ge=0, le=Decimal("9999999999.99"), decimal_places=2)
    received_on: dt.date | None = None
    not_a_duplicate: bool = False


class CategoryOut(Schema):
    code: str
    name: str


class DisputeFigureOut(Schema):
    id: str
    label: str
    unit: str
    rule: str
    value: Decimal | int | None


@router.get("/disputes", response={200: list[DisputeOut], **ERRORS})
@paginate(Pages, page_size=50)
def list_disputes(
    request: HttpRequest,
    q: str = Query("", max_length=100),
    status: str = Query("", max_length=20),
    category: str = Query("", max_length=32),
    flag: str = Query("", max_length=20),
    village_id: int | None = Query(None, ge=1, le=ID_MAX),
    overdue: bool | None = None,
    party_id_number: str = Query("", max_length=30, description="exact match through the blind index"),
) -> Any:
    return selectors.dispute_list(
        user=request.user,
        q=q,
        status=status,
        category=category,
        flag=flag,
        village_id=village_id,
        overdue=overdue,
        party_id_number=party_id_number,
    ).prefetch_related("parties")


@router.get("/disputes/categories", response={200: list[CategoryOut], **ERRORS})
def list_categories(request: HttpRequest) -> Any:
    return list(selectors.category_list())


@router.get("/disputes/figures", response={200: list[DisputeFigureOut], **ERRORS})
def dispute_figures(
    request: HttpRequest,
    region_id: int | None = Query(None, ge=1, le=ID_MAX),
    year: int | None = Query(None, ge=2000, le=2100),
) -> Any:
    """The figures of a region the caller oversees (default: their own area) and year."""
    regions = selectors.figure_regions(user=request.user)
    if not can(request.user, Perm.DISPUTE_FIGURES):
        raise PermissionDenied()
    region: Region | None = regions.filter(pk=region_id).first() if region_id else regions.first()
    if region is None:
        raise ValidationError(
            _("The region does not exist or is outside your scope."), details={"region_id": "not_in_scope"}
        )
    rows = figures.figure_values(region, year or timezone.localdate().year)
    return [{**r, "label": str(r["label"]), "rule": str(r["rule"])} for r in rows]


@router.get("/disputes/{dispute_id}", response={200: DisputeOut, **ERRORS})
def get_dispute(request: HttpRequest, dispute_id: Id) -> Any:
    return selectors.dispute_get(user=request.user, pk=dispute_id)


@router.post("/disputes", response={201: DisputeOut, **ERRORS})
def add_dispute(request: HttpRequest, payload: DisputeIn) -> Any:
    """Register a dispute; the same parties and category within 30 days answers 422 ``duplicate``
    with the ids of the earlier registrations (send ``not_a_duplicate`` when it is another)."""
    township = selectors.region_for_intake(user=request.user, pk=payload.township_id, level=Region.Level.TOWNSHIP)
    if township is None:
        raise ValidationError(
            _("The township does not exist or is outside your scope."), details={"township_id": "not_in_scope"}
        )
    village = selectors.region_for_intake(user=request.user, pk=payload.village_id, level=Region.Level.VILLAGE)
    dispute = services.dispute_intake(
        actor=request.user,
        township=township,
        village=village,
        group_name=payload.group_name,
        source=payload.source,
        category=selectors.category_get(code=payload.category),
        parties=[services.PartyInput(**p.dict()) for p in payload.parties],
        description=payload.description,
        police_related=payload.police_related,
        petition_related=payload.petition_related,
        mass_risk=payload.mass_risk,
        amount=payload.amount,
        received_on=payload.received_on,
        not_a_duplicate=payload.not_a_duplicate,
    )
    return Status(201, selectors.dispute_get(user=request.user, pk=dispute.pk))
