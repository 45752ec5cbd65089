"""Enforcement cases for department systems and the county: read cases in scope, register a case
source, read the year's case figures and review rates; guidance visits. Scoped like the pages;
a party's identity number never leaves the server."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import Any, TypeVar, cast

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import can
from fazhi.api.pagination import Pages
from fazhi.api.schemas import ERRORS, Id
from fazhi.cases import selectors, services
from fazhi.core.errors import PermissionDenied, ValidationError
from fazhi.inspections import selectors as inspections
from fazhi.registry import selectors as registry

router = Router(tags=["cases"])
Endpoint = TypeVar("Endpoint", bound=Callable[..., Any])


def permission(perm: Perm) -> Callable[[Endpoint], Endpoint]:
    """The permission an endpoint needs, declared once (the API's ``AppView.permission``): a
    caller without it is refused (403) before the endpoint reads anything."""

    def decorate(endpoint: Endpoint) -> Endpoint:
        @functools.wraps(endpoint)
        def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            if not can(request.user, perm):
                raise PermissionDenied()
            return endpoint(request, *args, **kwargs)

        return cast(Endpoint, checked)

    return decorate


class CaseOut(Schema):
    id: int
    number: str
    body_id: int
    procedure: str
    source: str
    party_kind: str
    party_name: str
    enterprise_id: int | None
    violation_id: int
    violation: str
    occurred_on: dt.date
    status: str
    outcome: str
    fine: str
    warning: bool = Field(..., alias="warning_penalty")
    filed_on: dt.date | None
    decision_due: dt.date | None
    decided_on: dt.date | None
    service_due: dt.date | None
    served_on: dt.date | None
    payment_due: dt.date | None
    closed_on: dt.date | None

    @staticmethod
    def resolve_violation(obj: Any) -> str:
        return str(obj.violation.name)

    @staticmethod
    def resolve_fine(obj: Any) -> str:
        return str(obj.fine)


class StepOut(Schema):
    day: dt.date
    kind: str
    summary: str


class DocumentOut(Schema):
    id: int
    kind: str
    number: str
    digest: str
    algorithm: str


class CaseDetailOut(CaseOut):
    facts: str
    legal_review_required: bool
    legal_review_passed: bool | None
    hearing_eligible: bool
    waiver_kind: str
    steps: list[StepOut]
    documents: list[DocumentOut]

    @staticmethod
    def resolve_waiver_kind(obj: Any) -> str:
        return str(obj.waiver.kind) if obj.waiver else ""

    @staticmethod
    def resolve_steps(obj: Any) -> list[Any]:
        return list(obj.steps.all())

    @staticmethod
    def resolve_documents(obj: Any) -> list[Any]:
        return list(obj.documents.all())


class CaseIn(Schema):
    violation_id: int
    source: str
    party_kind: str
    occurred_on: dt.date
    facts: str
    enterprise_id: int | None = None
    party_name: str = ""
    party_id_number: str = ""
    source_record_id: int | None = None
    source_note: str = ""
    major: bool = False


class GuidanceOut(Schema):
    id: int
    kind: str
    day: dt.date
    organiser: str
    topics: str
    problems_found: int
    problems_solved: int
    enterprise_ids: list[int]
    case_id: int | None

    @staticmethod
    def resolve_enterprise_ids(obj: Any) -> list[int]:
        return [e.pk for e in obj.enterprises.all()]


class GuidanceIn(Schema):
    kind: str
    day: dt.date
    enterprise_ids: list[int] = Field(..., max_length=200)
    topics: str
    problems_found: int = Field(0, ge=0, le=10000)
    problems_solved: int = Field(0, ge=0, le=10000)
    notes: str = ""


@router.get("/cases", response={200: list[CaseOut], **ERRORS})
@paginate(Pages, page_size=100)
def list_cases(request: HttpRequest, status: str = "", q: str = "", overdue: bool = False) -> Any:
    return selectors.case_list(user=request.user, status=status, q=q, overdue=overdue)


@router.get("/cases/{case_id}", response={200: CaseDetailOut, **ERRORS})
def get_case(request: HttpRequest, case_id: Id) -> Any:
    return selectors.case_get(user=request.user, pk=case_id)


@router.post("/cases", response={201: CaseDetailOut, **ERRORS})
@permission(Perm.CASE_HANDLE)
def register_case(request: HttpRequest, payload: CaseIn) -> Any:
    """Register a case source for the caller's body (the body head files it on the case page)."""
    body = services.registering_body(request.user)
    violation = selectors.violation_choice(user=request.user, pk=payload.violation_id, body_id=body.pk)
    if violation is None:
        raise ValidationError(
            _("Choose a violation from your body's catalogue."), details={"violation_id": "not_in_scope"}
        )
    enterprise = registry.enterprise_get(user=request.user, pk=payload.enterprise_id) if payload.enterprise_id else None
    record = (
        inspections.record_get(user=request.user, pk=payload.source_record_id) if payload.source_record_id else None
    )
    case = services.case_register(
        actor=request.user,
        body=body,
        violation=violation,
        source=payload.source,
        party_kind=payload.party_kind,
        enterprise=enterprise,
        party_name=payload.party_name,
        party_id_number=payload.party_id_number,
        occurred_on=payload.occurred_on,
        facts=payload.facts,
        source_record=record,
        source_note=payload.source_note,
        major=payload.major,
    )
    return Status(201, selectors.case_get(user=request.user, pk=case.pk))


@router.get("/case-figures", response={200: dict[str, Any], **ERRORS})
@permission(Perm.CASE_VIEW)
def case_figures(request: HttpRequest, year: int = Query(..., ge=2000, le=2100)) -> Any:
    """The year's case counts, guidance figures and case-file review rates per body."""
    figures = selectors.case_figures(user=request.user, year=year)
    return {
        **{k: (str(v) if not isinstance(v, int) else v) for k, v in figures.items()},
        "guidance": selectors.guidance_figures(user=request.user, year=year),
        "review_rates": [
            {k: (str(v) if v is not None and not isinstance(v, int | str) else v) for k, v in row.items()}
            for row in selectors.review_rates(user=request.user, year=year)
        ],
    }


@router.get("/guidance-visits", response={200: list[GuidanceOut], **ERRORS})
@paginate(Pages, page_size=100)
def list_guidance(request: HttpRequest, year: int | None = Query(None, ge=2000, le=2100)) -> Any:
    return selectors.guidance_list(user=request.user, year=year)


@router.post("/guidance-visits", response={201: GuidanceOut, **ERRORS})
def add_guidance(request: HttpRequest, payload: GuidanceIn) -> Any:
    enterprises = list(registry.enterprise_list(user=request.user).filter(pk__in=payload.enterprise_ids))
    visit = services.guidance_record(
        actor=request.user,
        kind=payload.kind,
        day=payload.day,
        enterprises=enterprises,
        topics=payload.topics,
        problems_found=payload.problems_found,
        problems_solved=payload.problems_solved,
        notes=payload.notes,
    )
    return Status(201, visit)
