"""/api/v1/decisions…: the decisions of the caller's area with their steps, a legality review, and
the decision figures, through the same scoped selectors and services as the pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from fazhi.api.pagination import Pages
from fazhi.api.schemas import ERRORS, Id
from fazhi.core.clock import today
from fazhi.decisions import selectors, services

router = Router(tags=["decisions"])
YEAR_MIN, YEAR_MAX = 2000, 2100


class DecisionOut(Schema):
    id: int
    title: str
    region_id: int
    year: int
    status: str
    drafting_office: str
    in_catalogue: bool
    comment_opens_on: dt.date | None
    comment_closes_on: dt.date | None
    adopted_on: dt.date | None
    published_on: dt.date | None

    @staticmethod
    def resolve_in_catalogue(obj: Any) -> bool:
        return obj.catalogue_item_id is not None


class StepOut(Schema):
    kind: str
    state: str
    done_on: dt.date | None
    reason: str


class AttachmentOut(Schema):
    id: int
    name: str
    content_type: str
    size: int
    algorithm: str
    digest: str

    @staticmethod
    def resolve_name(obj: Any) -> str:
        return str(obj.original_name)


class DecisionDetailOut(DecisionOut):
    steps: list[StepOut]
    missing_before_discussion: list[str]
    attachments: list[AttachmentOut]
    publication_number: str

    @staticmethod
    def resolve_attachments(obj: Any) -> list[Any]:
        return list(selectors.attachments_of(decision=obj))

    @staticmethod
    def resolve_publication_number(obj: Any) -> str:
        return services.publication_number(obj)

    @staticmethod
    def resolve_steps(obj: Any) -> list[Any]:
        return list(obj.steps.all())

    @staticmethod
    def resolve_missing_before_discussion(obj: Any) -> list[str]:
        return services.missing_before_discussion(obj)


class ReviewIn(Schema):
    submitted_on: dt.date
    reviewed_on: dt.date
    result: str
    opinion: str
    short_reason: str = ""


class ReviewOut(Schema):
    id: int
    number: str
    result: str
    reviewed_on: dt.date


class DecisionFigureOut(Schema):
    id: str
    label: str
    unit: str
    counted: str
    value: Decimal | None
    why: str = ""


@router.get("/decisions", response={200: list[DecisionOut], **ERRORS})
@paginate(Pages, page_size=100)
def list_decisions(
    request: HttpRequest, year: int | None = Query(None, ge=YEAR_MIN, le=YEAR_MAX), status: str = ""
) -> Any:
    return selectors.decision_list(user=request.user, year=year, status=status[:16])


@router.get("/decisions/figures", response={200: list[DecisionFigureOut], **ERRORS})
def decision_figures(request: HttpRequest, year: int | None = Query(None, ge=YEAR_MIN, le=YEAR_MAX)) -> Any:
    """The decision figures of the caller's area (docs/decisions.md says how each is counted)."""
    chosen = year or today().year
    out = []
    for f, value in selectors.figures_of(user=request.user, year=chosen):
        why = getattr(value, "why", "")
        out.append(
            {
                "id": f.id,
                "label": str(f.label),
                "unit": str(f.unit),
                "counted": str(f.counted),
                "value": None if why else value,
                "why": why,
            }
        )
    return out


@router.get("/decisions/{decision_id}", response={200: DecisionDetailOut, **ERRORS})
def get_decision(request: HttpRequest, decision_id: Id) -> Any:
    return selectors.decision_get(user=request.user, pk=decision_id)


@router.post("/decisions/{decision_id}/reviews", response={201: ReviewOut, **ERRORS})
def add_review(request: HttpRequest, decision_id: Id, payload: ReviewIn) -> Any:
    """Record the legality review (the legal office); the same rules as the page."""
    decision = selectors.decision_get(user=request.user, pk=decision_id)
    review = services.review_record(
        actor=request.user,
        decision=decision,
        submitted_on=payload.submitted_on,
        reviewed_on=payload.reviewed_on,
        result=payload.result,
        opinion=payload.opinion,
        short_reason=payload.short_reason,
    )
    return Status(201, review)


@router.post("/decisions/documents/{document_id}/reviews", response={201: ReviewOut, **ERRORS})
def add_document_review(request: HttpRequest, document_id: Id, payload: ReviewIn) -> Any:
    """Record the legality review of a normative document or major contract (the same rules as
    the document page: minimum working days unless a reason, not by who entered it)."""
    document = selectors.document_get(user=request.user, pk=document_id)
    review = services.document_review_record(
        actor=request.user,
        document=document,
        submitted_on=payload.submitted_on,
        reviewed_on=payload.reviewed_on,
        result=payload.result,
        opinion=payload.opinion,
        short_reason=payload.short_reason,
    )
    return Status(201, review)
