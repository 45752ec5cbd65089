"""Warnings and complaints for department and county systems, scoped like the pages."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.pagination import paginate

from fazhi.accounts.selectors import region_in_scope_find
from fazhi.api.pagination import Pages
from fazhi.api.schemas import ERRORS, ComplaintIn, ComplaintOut, CorrectionIn, Id, WarningOut
from fazhi.core.errors import ValidationError
from fazhi.registry import selectors as registry
from fazhi.supervision import selectors, services
from fazhi.supervision.models import Complaint

router = Router(tags=["supervision"])


@router.get("/warnings", response={200: list[WarningOut], **ERRORS})
@paginate(Pages, page_size=100)
def list_warnings(request: HttpRequest, status: str = "", rule: str = "") -> Any:
    return selectors.warning_list(user=request.user, status=status, rule=rule)


@router.get("/warnings/{warning_id}", response={200: WarningOut, **ERRORS})
def get_warning(request: HttpRequest, warning_id: Id) -> Any:
    return selectors.warning_get(user=request.user, pk=warning_id)


@router.post("/warnings/{warning_id}/correction", response={200: WarningOut, **ERRORS})
def correct_warning(request: HttpRequest, warning_id: Id, payload: CorrectionIn) -> Any:
    warning = selectors.warning_get(user=request.user, pk=warning_id)
    return services.warning_correct(actor=request.user, warning=warning, text=payload.text)


@router.get("/complaints", response={200: list[ComplaintOut], **ERRORS})
@paginate(Pages, page_size=100)
def list_complaints(request: HttpRequest, status: str = "") -> Any:
    return selectors.complaint_list(user=request.user, status=status)


@router.post("/complaints", response={201: ComplaintOut, **ERRORS})
def add_complaint(request: HttpRequest, payload: ComplaintIn) -> Any:
    """A hotline call recorded by the justice bureau's system."""
    region = region_in_scope_find(user=request.user, pk=payload.region_id)
    if region is None:
        raise ValidationError(
            _("The region does not exist or is outside your scope."), details={"region_id": "not_in_scope"}
        )
    body = registry.body_find(user=request.user, pk=payload.body_id)
    complaint = services.complaint_receive(
        actor=request.user,
        source=Complaint.Source.HOTLINE,
        kind=payload.kind,
        body=body,
        region=region,
        text=payload.text,
        enterprise_name=payload.enterprise_name,
        contact_name=payload.contact_name,
        contact_phone=payload.contact_phone,
    )
    return Status(201, complaint)
