"""Inspections without a scheduled visit: 无码检查 (no code) and 非现场监管 (remote), and the filing of
the no-code ones with the justice office."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import can, is_own_body, require, require_own_body, require_region, user_or_none
from fazhi.core.errors import ValidationError
from fazhi.core.ledger import actor_of, ledger_append
from fazhi.core.text import LINE, text_limits
from fazhi.core.workdays import add_workdays
from fazhi.inspections.models import (
    CheckIn,
    InspectionRecord,
)
from fazhi.inspections.onsite.checkin import _coordinate, _link, _require_inspector, _start, min_officers
from fazhi.inspections.signals import announce
from fazhi.registry.models import Enterprise, InspectionType, Matter, Officer

Mode = InspectionRecord.Mode


def _team(actor: Any, officers: list[Officer], day: dt.date, lead: Officer | None = None) -> Officer:
    """The team, led by the acting officer — or, for a department system's push through the API,
    by ``lead``, an officer of the system's own body."""
    if lead is None:
        officer = _require_inspector(actor, day)
    else:
        require(actor, Perm.INSPECT)
        require_own_body(
            actor,
            lead.body,
            others="area_or_above",
            message=_("The lead officer must belong to your own enforcement body."),
        )
        officer = lead
    team = {o.pk: o for o in officers}
    team[officer.pk] = officer
    if len(team) < min_officers():
        raise ValidationError(
            _("At least %(n)d certified officers must inspect together (行政处罚法 art. 42).") % {"n": min_officers()},
            details={"officers": "too_few"},
        )
    unqualified = [o.name for o in team.values() if not o.may_inspect_on(day)]
    if unqualified:
        raise ValidationError(
            _("Not certified or not active on %(day)s: %(names)s.") % {"day": day, "names": "、".join(unqualified)},
            details={"officers": "uncertified"},
        )
    return officer


def _check_matters(actor: Any, enterprise: Enterprise, matters: list[Matter]) -> None:
    if not matters:
        raise ValidationError(_("Choose at least one inspection matter."), details={"matters": "required"})
    unpublished = [m.name for m in matters if not m.published]
    if unpublished:
        raise ValidationError(
            _("Unpublished matters may not be inspected: %(names)s.") % {"names": "、".join(unpublished)},
            details={"matters": "unpublished"},
        )
    if not any(is_own_body(actor, m.body) for m in matters):
        require_own_body(
            actor,
            matters[0].body,
            others="area_or_above",
            message=_("Choose at least one matter of your own enforcement body."),
        )
    require_region(
        actor,
        enterprise.region,
        or_above=True,
        message=_("This enterprise is outside the area you are responsible for."),
    )


@text_limits(reason=(gettext_lazy("Why without a code"), LINE))
def record_without_code(
    *,
    actor: Any,
    enterprise: Enterprise,
    matters: list[Matter],
    officers: list[Officer],
    inspection_type: str,
    reason: str,
    day: dt.date | None = None,
    latitude: Any = None,
    longitude: Any = None,
    lead: Officer | None = None,
) -> InspectionRecord:
    """无码检查: on the certificate only (emergency, network down). Flagged, and filed with the
    justice bureau within FAZHI_NO_CODE_FILING_WORKDAYS working days."""
    today = timezone.localdate()
    day = day or today
    if not reason.strip():
        raise ValidationError(
            _("Say why the inspection had no code (emergency, network down …)."), details={"reason": "required"}
        )
    if day > today or day < today - dt.timedelta(days=14):
        raise ValidationError(_("The date must be today or within the last 14 days."), details={"day": "out_of_range"})
    if inspection_type == InspectionType.ROUTINE:
        raise ValidationError(
            _("A routine check is planned and gets a code; without a code only lead, immediate or special checks."),
            details={"inspection_type": "routine"},
        )
    with transaction.atomic():
        record, team = _new_record(
            actor,
            enterprise=enterprise,
            matters=matters,
            officers=officers,
            lead=lead,
            inspection_type=inspection_type,
            date=day,
            mode=Mode.NO_CODE,
            no_code_reason=reason.strip()[:300],
            filing_due=add_workdays(day, settings.FAZHI_NO_CODE_FILING_WORKDAYS),
            approval_due=add_workdays(day, settings.FAZHI_NO_CODE_FILING_WORKDAYS),  # 事后补批
            latitude=_coordinate(latitude),
            longitude=_coordinate(longitude),
        )
        now = timezone.now()
        CheckIn.objects.bulk_create(
            CheckIn(record=record, officer=o, at=now, method=CheckIn.Method.CERTIFICATE) for o in team.values()
        )
        _start(record)
        ledger_append(
            actor=actor_of(actor),
            verb="inspection.no_code",
            target=record,
            payload={
                "enterprise": enterprise.uscc,
                "date": day.isoformat(),
                "reason": record.no_code_reason,
                "officers": sorted(o.certificate_no for o in team.values()),
                "filing_due": record.filing_due.isoformat() if record.filing_due else None,
            },
        )
        announce(record.pk, record.enterprise_id)
    return record


def _new_record(
    actor: Any,
    *,
    enterprise: Enterprise,
    matters: list[Matter],
    officers: list[Officer],
    lead: Officer | None,
    **fields: Any,
) -> tuple[InspectionRecord, dict[int, Officer]]:
    """A record made without a scheduled visit (no code, remote), after the matters and the team
    pass the law's checks: its departments are the matters' and the lead's."""
    _check_matters(actor, enterprise, matters)
    leader = _team(actor, officers, fields["date"], lead)
    team = {o.pk: o for o in [*officers, leader]}
    record = InspectionRecord.objects.create(
        enterprise=enterprise, lead_body=leader.body, created_by=user_or_none(actor), **fields
    )
    _link(record, "matters", {m.pk for m in matters})
    _link(record, "bodies", {m.body_id for m in matters} | {leader.body_id})
    _link(record, "officers", set(team))
    return record, team


def record_remote(
    *,
    actor: Any,
    enterprise: Enterprise,
    matters: list[Matter],
    officers: list[Officer],
    method: str,
    inspection_type: str = InspectionType.ROUTINE,
    day: dt.date | None = None,
    lead: Officer | None = None,
) -> InspectionRecord:
    """非现场监管: a document review, data check or video inspection — no visit, counted apart.
    Made here without a plan: a routine one is the ``no_plan`` warning (plan it: a remote visit,
    ``remote_record_start``); a lead, immediate or special one is approved afterwards (事后补批)."""
    day = day or timezone.localdate()
    if method not in InspectionRecord.RemoteMethod.values:
        raise ValidationError(_("Choose how the remote inspection is made."), details={"method": "required"})
    with transaction.atomic():
        record, _team_of = _new_record(
            actor,
            enterprise=enterprise,
            matters=matters,
            officers=officers,
            lead=lead,
            inspection_type=inspection_type,
            date=day,
            mode=Mode.REMOTE,
            remote_method=method,
            # not planned: a routine check is planned (no_plan); any other is approved afterwards
            approval_due=None
            if inspection_type == InspectionType.ROUTINE
            else add_workdays(day, settings.FAZHI_NO_CODE_FILING_WORKDAYS),
        )
        _start(record)
        ledger_append(
            actor=actor_of(actor),
            verb="inspection.remote",
            target=record,
            payload={"enterprise": enterprise.uscc, "method": method, "date": day.isoformat()},
        )
        announce(record.pk, record.enterprise_id)
    return record


def can_file(user: Any, record: InspectionRecord) -> bool:
    """What the record page offers: the justice office files a no-code inspection not yet filed."""
    return can(user, Perm.INSPECTION_FILE) and record.mode == Mode.NO_CODE and not record.filed_at


def no_code_file(*, actor: Any, record: InspectionRecord) -> InspectionRecord:
    """The justice office accepts a no-code inspection's filing (备案)."""
    require(actor, Perm.INSPECTION_FILE)
    require_region(actor, record.enterprise.region)
    if record.mode != Mode.NO_CODE:
        raise ValidationError(_("Only inspections made without a code are filed."))
    if record.filed_at:
        return record
    with transaction.atomic():
        record.filed_at = timezone.now()
        record.filed_by = user_or_none(actor)
        InspectionRecord.objects.filter(pk=record.pk).update(filed_at=record.filed_at, filed_by=record.filed_by)
        late = record.filing_due is not None and timezone.localdate() > record.filing_due
        ledger_append(actor=actor_of(actor), verb="inspection.filed", target=record, payload={"late": late})
        announce(record.pk, record.enterprise_id)
    return record
