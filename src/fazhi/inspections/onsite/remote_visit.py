"""Approval for every inspection: a remote check made against its approved remote visit (非现场,
planned and approved like a visit), and the approval afterwards (事后补批) of a check that could
not wait for one (no code, or a remote lead, immediate or special check), by the lead body's head
within the filing deadline (FAZHI_NO_CODE_FILING_WORKDAYS)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import can, is_own_body, require, require_own_body, user_or_none
from fazhi.core.errors import PermissionDenied, ValidationError
from fazhi.core.ledger import actor_of, ledger_append
from fazhi.inspections.models import InspectionRecord, JointInspection
from fazhi.inspections.onsite.checkin import _link, _require_inspector, _start
from fazhi.inspections.signals import announce
from fazhi.registry.models import InspectionType

Mode = InspectionRecord.Mode


def remote_window(visit: JointInspection) -> tuple[dt.date, dt.date]:
    """The days a remote visit's record may be made: from its date to its items' latest day."""
    latest = [i.latest for i in visit.plan_items.all()]
    return visit.date, max(visit.date, min(latest)) if latest else visit.date


def can_start_remote(user: Any, visit: JointInspection) -> bool:
    """What 我的检查 offers: a team officer starts an approved remote visit not yet recorded."""
    officer = getattr(user, "officer", None) if getattr(user, "is_authenticated", False) else None
    return (
        visit.remote
        and visit.status == JointInspection.Status.APPROVED
        and officer is not None
        and can(user, Perm.INSPECT)
        and any(o.pk == officer.pk for o in visit.officers.all())
        and getattr(visit, "carried_out", None) is None
        and remote_window(visit)[0] <= timezone.localdate() <= remote_window(visit)[1]
    )


def remote_record_start(
    *, actor: Any, visit: JointInspection, method: str, day: dt.date | None = None
) -> InspectionRecord:
    """The team starts the remote check of an approved remote visit: the record is the visit's
    (its team, departments and matters), made on a day of its window, its checklist frozen. Once."""
    today = timezone.localdate()
    day = day or today
    officer = _require_inspector(actor, day)
    if not visit.officers.filter(pk=officer.pk).exists():
        raise PermissionDenied(_("You are not on the team of this remote check."))
    errors: dict[str, str] = {}
    if not visit.remote:
        errors["visit"] = _("This visit is made on site: scan the enterprise code there.")
    elif visit.status != JointInspection.Status.APPROVED:
        errors["visit"] = _("This remote check is not approved yet (检查前有方案审批): it may not start.")
    first, last = remote_window(visit)
    if not first <= day <= min(last, today):
        errors["day"] = _("A remote check of this plan is made from %(first)s to %(last)s, not in the future.") % {
            "first": first,
            "last": last,
        }
    if method not in InspectionRecord.RemoteMethod.values:
        errors["method"] = _("Choose how the remote inspection is made.")
    team = list(visit.officers.all())
    unqualified = [o.name for o in team if not o.may_inspect_on(day)]
    if unqualified:
        errors["officers"] = _("Not certified or not active on %(day)s: %(names)s.") % {
            "day": day,
            "names": "、".join(unqualified),
        }
    if errors:
        raise ValidationError(" ".join(errors.values()), details=errors)
    with transaction.atomic():
        JointInspection.objects.select_for_update().filter(pk=visit.pk).first()  # one record per visit
        existing = InspectionRecord.objects.filter(joint_inspection=visit).first()
        if existing is not None:
            return existing
        items = list(visit.plan_items.all())
        types = {i.inspection_type for i in items}
        record = InspectionRecord.objects.create(
            joint_inspection=visit,
            enterprise=visit.enterprise,
            lead_body=visit.lead_body,
            inspection_type=types.pop() if len(types) == 1 else InspectionType.ROUTINE,
            date=day,
            mode=Mode.REMOTE,
            remote_method=method,
            created_by=user_or_none(actor),
        )
        _link(record, "matters", {i.matter_id for i in items})
        _link(record, "bodies", {i.body_id for i in items} | {visit.lead_body_id})
        _link(record, "officers", {o.pk for o in team})
        _start(record)
        ledger_append(
            actor=actor_of(actor),
            verb="inspection.remote",
            target=record,
            payload={
                "enterprise": visit.enterprise.uscc,
                "method": method,
                "date": day.isoformat(),
                "visit": visit.pk,
            },
        )
        announce(record.pk, record.enterprise_id)
    return record


# --- 事后补批 ---------------------------------------------------------------------------------------


def needs_approval_afterwards(record: InspectionRecord) -> bool:
    """A check made without an approved visit that may be approved afterwards: not routine (a
    routine check is planned beforehand), not approved yet."""
    return (
        record.joint_inspection_id is None
        and record.inspection_type != InspectionType.ROUTINE
        and record.approved_at is None
        and record.status != InspectionRecord.Status.CANCELLED
    )


def can_approve_afterwards(user: Any, record: InspectionRecord) -> bool:
    """What the pages offer: the lead body's head approves a waiting check afterwards, by its
    deadline."""
    due = record.approval_due or record.filing_due or record.date
    return (
        needs_approval_afterwards(record)
        and timezone.localdate() <= due
        and can(user, Perm.PLAN_APPROVE)
        and getattr(user, "is_authenticated", False)
        and is_own_body(user, record.lead_body)
    )


def record_approve_afterwards(
    *, actor: Any, record: InspectionRecord, today: dt.date | None = None
) -> InspectionRecord:
    """事后补批: the lead body's head approves a check made without an approved plan (no code, an
    emergency; or a remote lead, immediate or special check), by its approval deadline — the
    filing deadline, FAZHI_NO_CODE_FILING_WORKDAYS working days after the check. Once approved,
    the ``no_plan`` warning on it closes (the warning engine checks the enterprise again)."""
    require(actor, Perm.PLAN_APPROVE)
    require_own_body(
        actor,
        record.lead_body,
        others="refuse",
        message=_("Only the head of the lead body approves this inspection afterwards."),
    )
    today = today or timezone.localdate()
    if record.joint_inspection_id is not None:
        raise ValidationError(
            _("This inspection was made from an approved plan: it needs no approval afterwards."),
            details={"record": "planned"},
        )
    if record.inspection_type == InspectionType.ROUTINE:
        raise ValidationError(
            _("A routine check is approved beforehand, in the plan; it cannot be approved afterwards."),
            details={"record": "routine"},
        )
    if record.status == InspectionRecord.Status.CANCELLED:
        raise ValidationError(_("This inspection was cancelled."), details={"record": "cancelled"})
    if record.approved_at is not None:
        return record
    due = record.approval_due or record.filing_due or record.date
    if today > due:
        raise ValidationError(
            _(
                "The deadline for approving this inspection afterwards was %(due)s (%(n)d working days "
                "after it): it can no longer be approved; the warning on it stays with the supervisor."
            )
            % {"due": due, "n": _workdays()},
            details={"approval_due": due.isoformat()},
        )
    with transaction.atomic():
        record.approved_at = timezone.now()
        record.approved_by = user_or_none(actor)
        InspectionRecord.objects.filter(pk=record.pk).update(
            approved_at=record.approved_at, approved_by=record.approved_by
        )
        ledger_append(
            actor=actor_of(actor),
            verb="inspection.approved_afterwards",
            target=record,
            payload={"due": due.isoformat(), "mode": record.mode, "type": record.inspection_type},
        )
        announce(record.pk, record.enterprise_id)
    return record


def _workdays() -> int:
    from django.conf import settings

    return int(settings.FAZHI_NO_CODE_FILING_WORKDAYS)
