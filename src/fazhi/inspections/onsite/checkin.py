"""扫码入企: the enterprise code, the scan verdict and check-in; the team's qualification and the
checklist frozen when the inspection starts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import can, require, require_region, scope_of, user_or_none
from fazhi.core.errors import PermissionDenied, ValidationError
from fazhi.core.ledger import actor_of, ledger_append
from fazhi.inspections import codes
from fazhi.inspections.dated import day_check, moment_on
from fazhi.inspections.models import (
    CheckIn,
    ChecklistAnswer,
    InspectionRecord,
    JointInspection,
)
from fazhi.inspections.signals import announce
from fazhi.registry.models import ChecklistItem, EnforcementBody, Enterprise, InspectionType, Officer

Status = InspectionRecord.Status
Mode = InspectionRecord.Mode


def min_officers() -> int:
    return int(settings.FAZHI_MIN_OFFICERS_PER_VISIT)


def officer_of(actor: Any) -> Officer:
    """The officer behind a login; only officers inspect."""
    officer = getattr(actor, "officer", None) if getattr(actor, "is_authenticated", False) else None
    if officer is None:
        raise PermissionDenied(_("Your account is not linked to an enforcement officer, so it cannot inspect."))
    return officer


def _require_inspector(actor: Any, day: dt.date) -> Officer:
    require(actor, Perm.INSPECT)
    officer = officer_of(actor)
    if not officer.may_inspect_on(day):
        raise PermissionDenied(
            _("%(name)s may not inspect: the officer is not active or the certificate is not valid on %(day)s.")
            % {"name": officer.name, "day": day}
        )
    return officer


def _coordinate(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value)).quantize(Decimal("0.000001"))
    except InvalidOperation:
        return None
    return number if -180 <= number <= 180 else None


# --- scan check-in (扫码入企) -------------------------------------------------------------------


@dataclass(frozen=True)
class ScanVerdict:
    enterprise: Enterprise
    inspection: JointInspection
    officer: Officer
    record: InspectionRecord | None
    checked_in: int
    me_checked_in: bool = False


def scan_verdict(*, actor: Any, token: str, today: dt.date | None = None) -> ScanVerdict:
    """What scanning an enterprise code means for this officer today; refuses with the reason.
    The answer of the common case takes four queries (officer, today's visits, the record)."""
    from django.db.models import Count, Exists, OuterRef, Q

    today = today or timezone.localdate()
    code = codes.read_enterprise_token(token)
    officer = _require_inspector(actor, today)
    on_team = JointInspection.officers.through.objects.filter(jointinspection_id=OuterRef("pk"), officer_id=officer.pk)
    visits = list(
        JointInspection.objects.filter(enterprise_id=code.enterprise_id, date=today, remote=False)
        .exclude(status=JointInspection.Status.CANCELLED)
        .annotate(on_team=Exists(on_team))
        .select_related("enterprise", "lead_body")
        .order_by("-on_team", "pk")
    )
    enterprise = visits[0].enterprise if visits else Enterprise.objects.filter(pk=code.enterprise_id).first()
    if enterprise is None or enterprise.code_serial != code.serial:
        raise ValidationError(
            _("This enterprise code has been replaced. Ask the enterprise for its current code."),
            details={"code": "stale"},
        )
    if not visits:
        raise ValidationError(
            _("%(enterprise)s has no approved inspection today. Without an approved task you may not enter.")
            % {"enterprise": enterprise.name},
            details={"code": "no_task"},
        )
    visit = visits[0]
    if not visit.on_team:
        raise PermissionDenied(
            _("You are not on the team of today's inspection of %(enterprise)s.") % {"enterprise": enterprise.name}
        )
    if visit.status != JointInspection.Status.APPROVED:
        raise ValidationError(
            _("Today's inspection of %(enterprise)s is not approved yet (检查前有方案审批): it may not start.")
            % {"enterprise": enterprise.name},
            details={"code": "not_approved"},
        )
    record = (
        InspectionRecord.objects.filter(joint_inspection=visit)
        .annotate(present=Count("checkins"), me=Count("checkins", filter=Q(checkins__officer_id=officer.pk)))
        .first()
    )
    return ScanVerdict(
        enterprise=enterprise,
        inspection=visit,
        officer=officer,
        record=record,
        checked_in=record.present if record else 0,
        me_checked_in=bool(record and record.me),
    )


def check_in(
    *, actor: Any, token: str, latitude: Any = None, longitude: Any = None, today: dt.date | None = None
) -> InspectionRecord:
    """The officer checks in at the enterprise. With FAZHI_MIN_OFFICERS_PER_VISIT team officers
    present the inspection starts and its unified checklist is frozen.

    ``today``: the visit's day for a check-in entered after the fact (``inspections.dated``): never
    in the future; the check-in and the start are dated that day, the ledger keeps the entry's time."""
    if today is not None:
        day_check(day=today, step=_("the check-in"), field="today")
    verdict = scan_verdict(actor=actor, token=token, today=today)
    day, at = moment_on(today)
    visit = verdict.inspection
    with transaction.atomic():
        JointInspection.objects.select_for_update().filter(pk=visit.pk).first()  # one record per visit
        record = InspectionRecord.objects.filter(joint_inspection=visit).first()
        if record is None:
            record = _record_from_visit(actor, visit)
        if not record.checkins.filter(officer=verdict.officer).exists():
            CheckIn.objects.create(
                record=record,
                officer=verdict.officer,
                at=at,
                method=CheckIn.Method.SCAN,
                latitude=_coordinate(latitude),
                longitude=_coordinate(longitude),
            )
            if record.latitude is None and _coordinate(latitude) is not None:
                record.latitude, record.longitude = _coordinate(latitude), _coordinate(longitude)
                InspectionRecord.objects.filter(pk=record.pk).update(
                    latitude=record.latitude, longitude=record.longitude
                )
            present = record.checkins.count()
            started = False
            # the lead department answers the shared lines and leads: the visit starts with it present
            lead_present = record.checkins.filter(officer__body_id=record.lead_body_id).exists()
            if record.status == Status.CHECKING_IN and present >= min_officers() and lead_present:
                _start(record, at)
                started = True
            ledger_append(
                actor=actor_of(actor),
                verb="inspection.check_in",
                target=record,
                payload={
                    "officer": verdict.officer.certificate_no,
                    "present": present,
                    "started": started,
                    "location": [str(record.latitude), str(record.longitude)] if record.latitude else None,
                    **({"day": day.isoformat()} if today is not None else {}),
                },
            )
            announce(record.pk, record.enterprise_id)
    return record


def _record_from_visit(actor: Any, visit: JointInspection) -> InspectionRecord:
    items = list(visit.plan_items.select_related("matter", "body"))
    types = {i.inspection_type for i in items}
    record = InspectionRecord.objects.create(
        joint_inspection=visit,
        enterprise=visit.enterprise,
        lead_body=visit.lead_body,
        inspection_type=(types.pop() if len(types) == 1 else InspectionType.ROUTINE),
        date=visit.date,
        mode=Mode.ON_SITE,
        created_by=user_or_none(actor),
    )
    _link(record, "matters", {i.matter_id for i in items})
    _link(record, "bodies", {i.body_id for i in items} | {visit.lead_body_id})
    _link(record, "officers", set(visit.officers.values_list("pk", flat=True)))
    return record


def _link(record: InspectionRecord, field: str, ids: set[int]) -> None:
    """Fill a new record's many-to-many field in one insert."""
    through = getattr(InspectionRecord, field).through
    target = getattr(InspectionRecord, field).field.m2m_reverse_field_name()
    through.objects.bulk_create(through(**{"inspectionrecord_id": record.pk, f"{target}_id": pk}) for pk in sorted(ids))


def _start(record: InspectionRecord, at: dt.datetime | None = None) -> None:
    record.status = Status.IN_PROGRESS
    record.started_at = at or timezone.now()
    InspectionRecord.objects.filter(pk=record.pk).update(status=record.status, started_at=record.started_at)
    _freeze_checklist(record)


def _merged_matters(record: InspectionRecord) -> tuple[set[int], dict[int, set[int]]]:
    """合并同类项 of the record's visit: (matters checked only through another department's check,
    {matter whose check is shared: the bodies sharing its result})."""
    visit = record.joint_inspection
    if visit is None or not visit.merged:
        return set(), {}
    items = {p.pk: p for p in visit.plan_items.all()}
    absorbed = {int(i): int(g[0]) for g in visit.merged for i in g[1:]}
    kept = {p.matter_id for pk, p in items.items() if pk not in absorbed}
    skipped = {items[i].matter_id for i in absorbed if i in items} - kept
    shared: dict[int, set[int]] = {}
    for other, doer in absorbed.items():
        if other in items and doer in items and items[other].body_id != items[doer].body_id:
            shared.setdefault(items[doer].matter_id, set()).add(items[other].body_id)
    return skipped, shared


def _freeze_checklist(record: InspectionRecord) -> None:
    """一表通查: the union of the matters' check points, a line shared by several departments once
    (in a common section the lead department signs), the others in each department's own section.
    A check merged across departments (合并同类项) is answered once, in the section of the
    department doing it; its lines name the departments sharing the result (结果互认)."""
    skipped, shared = _merged_matters(record)
    matters = [m for m in record.matters.select_related("body").order_by("body__code", "code") if m.pk not in skipped]
    points = list(
        ChecklistItem.objects.filter(matter__in=matters)
        .select_related("matter")
        .order_by("matter__body__code", "matter__code", "seq")
    )
    by_text: dict[str, set[int]] = {}
    sharing: dict[str, set[int]] = {}
    order: list[tuple[str, int]] = []
    for point in points:
        text = point.text.strip()
        if text not in by_text:
            order.append((text, point.matter.body_id))
        by_text.setdefault(text, set()).add(point.matter.body_id)
        sharing.setdefault(text, set()).update(shared.get(point.matter_id, set()))
    for matter in matters:  # a matter without check points still gets one line to answer
        if not any(p.matter_id == matter.pk for p in points):
            text = _("Overall compliance with %(matter)s") % {"matter": matter.name}
            order.append((text, matter.body_id))
            by_text.setdefault(text, set()).add(matter.body_id)
            sharing.setdefault(text, set()).update(shared.get(matter.pk, set()))
    ids = {m.body_id for m in matters} | {b for bs in shared.values() for b in bs}
    bodies = {b.pk: b for b in EnforcementBody.objects.filter(pk__in=ids)}
    common = [(t, b) for t, b in order if len(by_text[t]) > 1]
    # the lead department's own section first, then the others by code
    own = sorted(((t, b) for t, b in order if len(by_text[t]) == 1), key=lambda tb: tb[1] != record.lead_body_id)
    rows = []
    for seq, (text, body_id) in enumerate(common + own, start=1):
        shared_line = len(by_text[text]) > 1
        labels = "、".join(sorted(bodies[b].short_name or bodies[b].name for b in by_text[text]))
        if sharing.get(text):
            others = "、".join(sorted(bodies[b].short_name or bodies[b].name for b in sharing[text]))
            labels = _("%(bodies)s; result shared with %(others)s (结果互认)") % {"bodies": labels, "others": others}
        rows.append(
            ChecklistAnswer(
                record=record,
                seq=seq,
                text=text[:300],
                body_id=None if shared_line else body_id,
                bodies_label=labels[:200],
            )
        )
    ChecklistAnswer.objects.bulk_create(rows)


def task_url(inspection: JointInspection, base: str) -> str:
    from django.urls import reverse

    return base + reverse("public:verify", args=[codes.task_token(inspection.pk, inspection.date)])


def enterprise_url(enterprise: Enterprise, base: str) -> str:
    from django.urls import reverse

    return base + reverse("inspections:scan", args=[codes.enterprise_token(enterprise.pk, enterprise.code_serial)])


def can_replace_code(user: Any) -> bool:
    """What the poster page offers: the registry's editors issue a new enterprise code (the
    enterprise itself prints its poster but does not replace it)."""
    return can(user, Perm.ENTERPRISE_EDIT) and not scope_of(user).enterprise_only


def enterprise_code_replace(*, actor: Any, enterprise: Enterprise) -> Enterprise:
    """A lost or damaged poster: issue a new enterprise code; the old one stops working."""
    require(actor, Perm.ENTERPRISE_EDIT)
    require_region(actor, enterprise.region)
    with transaction.atomic():
        Enterprise.objects.filter(pk=enterprise.pk).update(code_serial=enterprise.code_serial + 1)
        enterprise.code_serial += 1
        ledger_append(
            actor=actor_of(actor),
            verb="enterprise.code_replaced",
            target=enterprise,
            payload={"serial": enterprise.code_serial},
        )
    return enterprise
