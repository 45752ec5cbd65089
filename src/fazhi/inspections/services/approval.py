"""检查前有方案审批: the lead body's head and the township leader approve each visit, or return it to
the coordinator, who re-submits or cancels it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import can, require, require_region, scope_of
from fazhi.core.clock import month_start
from fazhi.core.errors import PermissionDenied, ValidationError
from fazhi.core.ledger import actor_of, ledger_append
from fazhi.core.text import text_limits
from fazhi.inspections.dated import cn_day, day_check, moment_on
from fazhi.inspections.models import CoordinationRun, JointInspection, PlanItem


def _approver_roles(actor: Any, inspection: JointInspection) -> tuple[bool, bool]:
    """(as the lead body's head, as the township leader) for this visit."""
    from fazhi.accounts.roles import Role

    roles: frozenset[str] = getattr(actor, "roles", frozenset())
    scope = scope_of(actor)
    as_head = Role.BODY_HEAD in roles and inspection.lead_body.org_unit_id == scope.org_unit_id
    as_leader = Role.TOWNSHIP_LEADER in roles and scope.covers(inspection.enterprise.region)
    return as_head, as_leader


def can_approve(user: Any) -> bool:
    """What the pages offer: approving is for the lead body's head and the township leader (the
    service still checks each visit: ``joint_inspection_approve``)."""
    return can(user, Perm.PLAN_APPROVE)


def joint_inspection_approve(
    *, actor: Any, inspection: JointInspection, approved_on: dt.date | None = None
) -> JointInspection:
    """检查前有方案审批 (Chongqing art. 17): the lead body's head and the township leader of the
    enterprise's township each approve; with both, the inspection is approved and published to the
    departments, the team and the enterprise.

    ``approved_on``: the day of an approval given earlier and entered now (``inspections.dated``):
    never in the future, never after the visit's day (the approval comes before the visit) and
    never before its coordination (the month before the visit's month). The ledger keeps the time
    of the entry and the day as ``approved_on``."""
    as_head, as_leader = _approver_roles(actor, inspection)
    if not (as_head or as_leader):
        raise PermissionDenied(_("Only the lead body's head and the township leader approve this inspection."))
    if inspection.status == JointInspection.Status.CANCELLED:
        raise ValidationError(_("This inspection was cancelled."))
    if inspection.status == JointInspection.Status.RETURNED:
        raise ValidationError(_("This inspection was returned to the coordinator; it waits for their change."))
    if approved_on is not None:
        _approval_day_check(inspection, approved_on)
    day, now = moment_on(approved_on)
    fields: dict[str, Any] = {}
    if as_head and inspection.head_approved_at is None:
        fields.update(head_approved_by=actor, head_approved_at=now)
    if as_leader and inspection.leader_approved_at is None:
        fields.update(leader_approved_by=actor, leader_approved_at=now)
    if not fields:
        return inspection
    head_at = fields.get("head_approved_at", inspection.head_approved_at)
    leader_at = fields.get("leader_approved_at", inspection.leader_approved_at)
    if head_at and leader_at:
        fields["status"] = JointInspection.Status.APPROVED
    return _visit_write(
        actor,
        inspection,
        verb="joint_inspection.approve",
        fields=fields,
        payload={
            "as": _as_roles(as_head, as_leader),
            "status": fields.get("status", inspection.status),
            **({"approved_on": day.isoformat()} if approved_on is not None else {}),
        },
    )


def _approval_day_check(inspection: JointInspection, day: dt.date) -> None:
    step = _("the approval of the visit")
    day_check(day=day, step=step, field="approved_on", after=[(_("its coordination"), _coordinated_from(inspection))])
    if day > inspection.date:
        raise ValidationError(
            _(
                "The approval (%(day)s) must come before the visit it approves (%(visit)s): an inspection "
                "is approved before it is made (检查前有方案审批)."
            )
            % {"day": cn_day(day), "visit": cn_day(inspection.date)},
            details={"approved_on": "after_visit"},
        )


def _coordinated_from(inspection: JointInspection) -> dt.date:
    """The first day a visit's month could be coordinated: the first of the month before it."""
    first = month_start(inspection.run.month if inspection.run_id else inspection.date)
    return month_start(first - dt.timedelta(days=1))


def _as_roles(as_head: bool, as_leader: bool) -> list[str]:
    """The capacities an approver acted in, for the ledger."""
    return [r for r, ok in (("body_head", as_head), ("township_leader", as_leader)) if ok]


def approvals_approve_all(*, actor: Any, expected: int, run: CoordinationRun | None = None) -> int:
    """Approve every visit waiting for the actor (in one run, or all of them) — only if they are
    as many as the page the actor confirmed showed: a stale page never approves more (or other)
    visits than the person saw. Returns how many were approved."""
    from fazhi.inspections.selectors import approvals_waiting

    waiting = list(approvals_waiting(user=actor, run=run))
    if not waiting:
        raise ValidationError(_("Nothing is waiting for your approval."), details={"count": 0})
    if expected != len(waiting):
        raise ValidationError(
            _(
                "The list has changed: %(now)d visits wait for your approval now, not %(shown)d. "
                "Check the list again before approving."
            )
            % {"now": len(waiting), "shown": expected},
            details={"count": len(waiting)},
        )
    with transaction.atomic():
        for inspection in waiting:
            joint_inspection_approve(actor=actor, inspection=inspection)
    return len(waiting)


def _visit_write(
    actor: Any, inspection: JointInspection, *, verb: str, fields: dict[str, Any], payload: dict[str, Any]
) -> JointInspection:
    """Write these fields of the visit (one UPDATE, no other column touched), keep the object in
    step and record the change in the ledger, in one transaction: every step of the approval."""
    with transaction.atomic():
        JointInspection.objects.filter(pk=inspection.pk).update(**fields)
        for name, value in fields.items():
            setattr(inspection, name, value)
        ledger_append(actor=actor_of(actor), verb=verb, target=inspection, payload=payload)
    return inspection


def cancel_visit(inspection: JointInspection) -> list[int]:
    """Cancel the visit and free its plan items for the next run (inside the caller's transaction);
    returns the items' ids."""
    items = list(inspection.plan_items.values_list("pk", flat=True))
    JointInspection.objects.filter(pk=inspection.pk).update(status=JointInspection.Status.CANCELLED)
    PlanItem.objects.filter(joint_inspection=inspection).update(joint_inspection=None)
    inspection.status = JointInspection.Status.CANCELLED
    return items


@text_limits(reason=(gettext_lazy("Reason for returning"), 500))
def joint_inspection_return(*, actor: Any, inspection: JointInspection, reason: str) -> JointInspection:
    """An approver (the lead body's head or the township leader) sends a draft visit back to the
    coordinator with a reason instead of approving it. Both approvals are cleared: the coordinator
    re-submits it (with an answer), re-plans it or cancels it, and it is approved afresh."""
    as_head, as_leader = _approver_roles(actor, inspection)
    if not (as_head or as_leader):
        raise PermissionDenied(_("Only the lead body's head and the township leader return this inspection."))
    if inspection.status != JointInspection.Status.DRAFT:
        raise ValidationError(_("Only a visit waiting for approval can be returned."), details={"status": "not_draft"})
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            _("Say why the visit is returned: the coordinator reads it."), details={"reason": "required"}
        )
    if len(reason) > 500:
        raise ValidationError(_("Keep the reason under 500 characters."), details={"reason": "too_long"})
    return _visit_write(
        actor,
        inspection,
        verb="joint_inspection.return",
        fields={
            "status": JointInspection.Status.RETURNED,
            "return_reason": reason,
            "returned_by": actor,
            "returned_at": timezone.now(),
            "head_approved_by": None,
            "head_approved_at": None,
            "leader_approved_by": None,
            "leader_approved_at": None,
        },
        payload={"as": _as_roles(as_head, as_leader), "reason": reason},
    )


def _require_coordinator(actor: Any, inspection: JointInspection) -> None:
    require(actor, Perm.PLAN_COORDINATE)
    require_region(actor, inspection.enterprise.region)


@text_limits(answer=(gettext_lazy("Answer to the return"), 500))
def joint_inspection_resubmit(*, actor: Any, inspection: JointInspection, answer: str) -> JointInspection:
    """The coordinator answers a returned visit and submits it unchanged for approval again (to
    change its day or team, re-plan it instead; to drop it, cancel it)."""
    _require_coordinator(actor, inspection)
    if inspection.status != JointInspection.Status.RETURNED:
        raise ValidationError(_("Only a returned visit is re-submitted."), details={"status": "not_returned"})
    answer = answer.strip()
    if not answer:
        raise ValidationError(
            _("Answer the reason it was returned (what you checked or changed)."), details={"answer": "required"}
        )
    return _visit_write(
        actor,
        inspection,
        verb="joint_inspection.resubmit",
        fields={"status": JointInspection.Status.DRAFT, "return_reason": "", "returned_by": None, "returned_at": None},
        payload={"returned_because": inspection.return_reason, "answer": answer[:500]},
    )


@text_limits(reason=(gettext_lazy("Reason for cancelling"), 500))
def joint_inspection_cancel(*, actor: Any, inspection: JointInspection, reason: str) -> JointInspection:
    """The coordinator cancels a visit not yet approved (draft or returned); its plan items leave
    the schedule and wait for the next run. An approved visit is changed by re-planning instead."""
    _require_coordinator(actor, inspection)
    if inspection.status not in (JointInspection.Status.DRAFT, JointInspection.Status.RETURNED):
        raise ValidationError(
            _("Only a visit not yet approved is cancelled here; re-plan an approved one."),
            details={"status": inspection.status},
        )
    if not reason.strip():
        raise ValidationError(_("State the reason for the change."), details={"reason": "required"})
    with transaction.atomic():
        items = cancel_visit(inspection)
        ledger_append(
            actor=actor_of(actor),
            verb="joint_inspection.cancel",
            target=inspection,
            payload={"reason": reason.strip()[:500], "returned_because": inspection.return_reason, "items": items},
        )
    return inspection
