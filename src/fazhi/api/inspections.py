"""Plans and the published schedule for department systems (scoped per body, like the pages)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.pagination import PageNumberPagination, paginate

from fazhi.api.schemas import PlanItemIn, PlanItemOut, ScheduledVisitOut
from fazhi.core.errors import ApplicationError
from fazhi.inspections import selectors, services
from fazhi.inspections.models import JointInspection
from fazhi.registry import selectors as registry

router = Router(tags=["inspections"])


def _month(value: str) -> dt.date | None:
    return services.parse_month(value) if value else None


@router.get("/plans", response=list[PlanItemOut])
@paginate(PageNumberPagination, page_size=100)
def list_plans(request: HttpRequest, month: str = "", status: str = "") -> Any:
    return selectors.plan_item_list(user=request.user, month=_month(month), status=status)


@router.post("/plans", response={201: PlanItemOut})
def add_plan_item(request: HttpRequest, payload: PlanItemIn) -> Any:
    body = registry.body_editable(user=request.user).filter(pk=payload.body_id).first()
    enterprise = registry.enterprise_list(user=request.user).filter(pk=payload.enterprise_id).first()
    matter = registry.matter_list(user=request.user).filter(pk=payload.matter_id).first()
    missing = {
        k: "not_in_scope"
        for k, v in (("body_id", body), ("enterprise_id", enterprise), ("matter_id", matter))
        if v is None
    }
    if missing:
        raise ApplicationError(
            _("The body, enterprise or matter does not exist or is outside your scope."),
            code="validation_error",
            details=missing,
        )
    assert body is not None and enterprise is not None and matter is not None
    item = services.plan_item_add(
        actor=request.user,
        body=body,
        enterprise=enterprise,
        matter=matter,
        inspection_type=payload.inspection_type,
        earliest=payload.earliest,
        latest=payload.latest,
        note=payload.note,
    )
    return Status(201, item)


@router.post("/plans/{item_id}/withdraw", response=PlanItemOut)
def withdraw_plan_item(request: HttpRequest, item_id: int) -> Any:
    item = selectors.plan_item_get(user=request.user, pk=item_id)
    services.plan_item_withdraw(actor=request.user, item=item)
    return selectors.plan_item_get(user=request.user, pk=item_id)


@router.get("/schedule", response=list[ScheduledVisitOut])
@paginate(PageNumberPagination, page_size=100)
def schedule(request: HttpRequest, month: str) -> Any:
    """Approved joint inspections in the caller's scope (a department: those with its items)."""
    start = _month(month)
    if start is None:
        raise ApplicationError(_("The month must look like 2027-01."), code="validation_error")
    runs = selectors.run_list(user=request.user).filter(month=start)
    visits: list[JointInspection] = []
    seen: set[int] = set()
    for run in runs:
        for v in selectors.run_inspections(user=request.user, run=run).filter(status="approved"):
            if v.pk not in seen:
                seen.add(v.pk)
                visits.append(v)
    return [
        {
            "id": v.pk,
            "enterprise_id": v.enterprise_id,
            "date": v.date,
            "lead_body_id": v.lead_body_id,
            "status": v.status,
            "plan_item_ids": [p.pk for p in v.plan_items.all()],
            "officer_ids": [o.pk for o in v.officers.all()],
        }
        for v in sorted(visits, key=lambda v: (v.date, v.pk))
    ]
