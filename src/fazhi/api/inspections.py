"""Plans and the published schedule for department systems (scoped per body, like the pages)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.pagination import paginate

from fazhi.api.pagination import Pages
from fazhi.api.schemas import (
    ERRORS,
    Id,
    PlanItemIn,
    PlanItemOut,
    RecordDetailOut,
    RecordOut,
    RecordPushIn,
    ScheduledVisitOut,
)
from fazhi.core.errors import ValidationError
from fazhi.core.params import param_month
from fazhi.inspections import onsite, selectors, services
from fazhi.inspections.models import InspectionRecord, JointInspection
from fazhi.registry import selectors as registry

router = Router(tags=["inspections"])


def _month(value: str) -> dt.date | None:
    """``YYYY-MM`` (2000-01 … 2100-12) through the pages' parameter reader; a bad month is a 422."""
    return param_month({"month": value}, "month")


@router.get("/plans", response={200: list[PlanItemOut], **ERRORS})
@paginate(Pages, page_size=100)
def list_plans(request: HttpRequest, month: str = "", status: str = "") -> Any:
    return selectors.plan_item_list(user=request.user, month=_month(month), status=status)


@router.post("/plans", response={201: PlanItemOut, **ERRORS})
def add_plan_item(request: HttpRequest, payload: PlanItemIn) -> Any:
    body = registry.body_editable(user=request.user).filter(pk=payload.body_id).first()
    enterprise = registry.enterprise_list(user=request.user).filter(pk=payload.enterprise_id).first()
    matter = registry.matter_list(user=request.user).filter(pk=payload.matter_id).first()
    if body is None or enterprise is None or matter is None:
        raise ValidationError(
            _("The body, enterprise or matter does not exist or is outside your scope."),
            details={
                k: "not_in_scope"
                for k, v in (("body_id", body), ("enterprise_id", enterprise), ("matter_id", matter))
                if v is None
            },
        )
    item = services.plan_item_add(
        actor=request.user,
        body=body,
        enterprise=enterprise,
        matter=matter,
        inspection_type=payload.inspection_type,
        earliest=payload.earliest,
        latest=payload.latest,
        note=payload.note,
        remote=payload.remote,
    )
    return Status(201, item)


@router.post("/plans/{item_id}/withdraw", response={200: PlanItemOut, **ERRORS})
def withdraw_plan_item(request: HttpRequest, item_id: Id) -> Any:
    item = selectors.plan_item_get(user=request.user, pk=item_id)
    services.plan_item_withdraw(actor=request.user, item=item)
    return selectors.plan_item_get(user=request.user, pk=item_id)


@router.get("/schedule", response={200: list[ScheduledVisitOut], **ERRORS})
@paginate(Pages, page_size=100)
def schedule(request: HttpRequest, month: str) -> Any:
    """Approved joint inspections in the caller's scope (a department: those with its items)."""
    start = _month(month)
    if start is None:
        raise ValidationError(_("The month must look like 2027-01."), details={"month": "required"})
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
            "merged": v.merged or [],
            "remote": v.remote,
        }
        for v in sorted(visits, key=lambda v: (v.date, v.pk))
    ]


# --- inspections as carried out -----------------------------------------------------------------


def _detail(record: InspectionRecord) -> dict[str, Any]:
    return {
        **{f: getattr(record, f) for f in RecordOut.model_fields if f != "enterprise_uscc"},
        "enterprise": record.enterprise,
        "body_ids": sorted(record.bodies.values_list("pk", flat=True)),
        "matter_ids": sorted(record.matters.values_list("pk", flat=True)),
        "officer_ids": sorted(record.officers.values_list("pk", flat=True)),
        "checklist": list(record.answers.order_by("seq")),
        "evidence": list(record.evidence.order_by("pk")),
    }


@router.get("/inspection-records", response={200: list[RecordOut], **ERRORS})
@paginate(Pages, page_size=100)
def list_records(
    request: HttpRequest, enterprise_uscc: str = "", mode: str = "", outcome: str = "", status: str = ""
) -> Any:
    """Records in the caller's scope; a department also sees other departments' records of the
    enterprises it inspects."""
    qs = selectors.record_list(user=request.user, mode=mode, outcome=outcome, status=status)
    if enterprise_uscc:
        qs = qs.filter(enterprise__uscc=enterprise_uscc.strip().upper())
    return qs


@router.get("/inspection-records/{record_id}", response={200: RecordDetailOut, **ERRORS})
def get_record(request: HttpRequest, record_id: Id) -> Any:
    return _detail(selectors.record_get(user=request.user, pk=record_id))


@router.post("/inspection-records", response={201: RecordDetailOut, **ERRORS})
def push_record(request: HttpRequest, payload: RecordPushIn) -> Any:
    """Push a finished remote or no-code inspection from a department system (all or nothing)."""
    enterprise = (
        registry.enterprise_list(user=request.user).filter(uscc=payload.enterprise_uscc.strip().upper()).first()
    )
    matters = list(
        registry.matter_list(user=request.user, published=True)
        .filter(code__in=payload.matter_codes)
        .select_related("body")
    )
    officers_by_cert = selectors.push_officers(user=request.user, certificates=payload.officer_certificates)
    missing: dict[str, Any] = {}
    if enterprise is None:
        missing["enterprise_uscc"] = "not_in_scope"
    if len(matters) != len(set(payload.matter_codes)):
        missing["matter_codes"] = sorted(set(payload.matter_codes) - {m.code for m in matters})
    unknown = [c for c in payload.officer_certificates if c not in officers_by_cert]
    if unknown:
        missing["officer_certificates"] = unknown
    if missing or enterprise is None:
        raise ValidationError(
            _("The enterprise, matters or officers do not exist or are outside your scope."),
            details=missing,
        )
    record = onsite.record_push(
        actor=request.user,
        enterprise=enterprise,
        matters=matters,
        officers=[officers_by_cert[c] for c in dict.fromkeys(payload.officer_certificates)],
        mode=payload.mode,
        answers=[onsite.PushedAnswer(a.text, a.answer, a.note) for a in payload.answers],
        outcome=payload.outcome,
        day=payload.date,
        method=payload.method,
        reason=payload.reason,
        inspection_type=payload.inspection_type,
        findings=payload.findings,
        rectification_due=payload.rectification_due,
        representative_name=payload.representative_name,
        representative_refused=payload.representative_refused,
        statement=payload.statement,
    )
    return Status(201, _detail(record))
