"""Writes for inspections as carried out: scan check-in, no-code and remote inspections, the unified
checklist, evidence, signatures, the result and its follow-up. Each refuses what the law forbids
(domain-rules §1–2) and says why; each change goes into the ledger in its own transaction.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import os
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import require, require_region, scope_of, user_or_none
from fazhi.core import crypto
from fazhi.core import signature as drawing
from fazhi.core.errors import PermissionDenied, ValidationError
from fazhi.core.ledger import Event, actor_of, ledger_append, ledger_append_many
from fazhi.core.text import LINE, LONG, NOTE, text_limits
from fazhi.core.workdays import add_workdays
from fazhi.inspections import codes
from fazhi.inspections.models import (
    CheckIn,
    ChecklistAnswer,
    Evidence,
    InspectionRecord,
    JointInspection,
    Rating,
    SectionSignoff,
)
from fazhi.inspections.signals import announce
from fazhi.registry.models import ChecklistItem, EnforcementBody, Enterprise, InspectionType, Matter, Officer

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
        JointInspection.objects.filter(enterprise_id=code.enterprise_id, date=today)
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
    present the inspection starts and its unified checklist is frozen."""
    verdict = scan_verdict(actor=actor, token=token, today=today)
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
                at=timezone.now(),
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
            if record.status == Status.CHECKING_IN and present >= min_officers():
                _start(record)
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


def _start(record: InspectionRecord) -> None:
    record.status = Status.IN_PROGRESS
    record.started_at = timezone.now()
    InspectionRecord.objects.filter(pk=record.pk).update(status=record.status, started_at=record.started_at)
    _freeze_checklist(record)


def _freeze_checklist(record: InspectionRecord) -> None:
    """一表通查: the union of the matters' check points, a line shared by several departments once
    (in a common section the lead department signs), the others in each department's own section."""
    matters = list(record.matters.select_related("body").order_by("body__code", "code"))
    points = list(
        ChecklistItem.objects.filter(matter__in=matters)
        .select_related("matter")
        .order_by("matter__body__code", "matter__code", "seq")
    )
    by_text: dict[str, set[int]] = {}
    order: list[tuple[str, int]] = []
    for point in points:
        text = point.text.strip()
        if text not in by_text:
            order.append((text, point.matter.body_id))
        by_text.setdefault(text, set()).add(point.matter.body_id)
    for matter in matters:  # a matter without check points still gets one line to answer
        if not any(p.matter_id == matter.pk for p in points):
            text = _("Overall compliance with %(matter)s") % {"matter": matter.name}
            order.append((text, matter.body_id))
            by_text.setdefault(text, set()).add(matter.body_id)
    bodies = {b.pk: b for b in EnforcementBody.objects.filter(pk__in={m.body_id for m in matters})}
    common = [(t, b) for t, b in order if len(by_text[t]) > 1]
    # the lead department's own section first, then the others by code
    own = sorted(((t, b) for t, b in order if len(by_text[t]) == 1), key=lambda tb: tb[1] != record.lead_body_id)
    rows = []
    for seq, (text, body_id) in enumerate(common + own, start=1):
        shared = len(by_text[text]) > 1
        labels = sorted(bodies[b].short_name or bodies[b].name for b in by_text[text])
        rows.append(
            ChecklistAnswer(
                record=record,
                seq=seq,
                text=text[:300],
                body_id=None if shared else body_id,
                bodies_label="、".join(labels),
            )
        )
    ChecklistAnswer.objects.bulk_create(rows)


# --- inspections without a code and remote inspections ------------------------------------------


def _team(actor: Any, officers: list[Officer], day: dt.date, lead: Officer | None = None) -> Officer:
    """The team, led by the acting officer — or, for a department system's push through the API,
    by ``lead``, an officer of the system's own body."""
    if lead is None:
        officer = _require_inspector(actor, day)
    else:
        require(actor, Perm.INSPECT)
        scope = scope_of(actor)
        if scope.body_bound and lead.body.org_unit_id != scope.org_unit_id:
            raise PermissionDenied(_("The lead officer must belong to your own enforcement body."))
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
    scope = scope_of(actor)
    if scope.body_bound and not any(m.body.org_unit_id == scope.org_unit_id for m in matters):
        raise PermissionDenied(_("Choose at least one matter of your own enforcement body."))
    if not scope.covers(enterprise.region, or_above=True):
        raise PermissionDenied(_("This enterprise is outside the area you are responsible for."))


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
    """非现场监管: a document review, data check or video inspection — no visit, counted apart."""
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


# --- the unified checklist, evidence and signatures -----------------------------------------------


def _require_team(actor: Any, record: InspectionRecord) -> Officer:
    require(actor, Perm.INSPECT)
    officer = officer_of(actor)
    if not record.officers.filter(pk=officer.pk).exists():
        raise PermissionDenied(_("Only the inspection's team may record it."))
    return officer


def _require_open(record: InspectionRecord) -> None:
    if record.status == Status.CHECKING_IN:
        raise ValidationError(
            _("At least %(n)d team officers must check in before the inspection starts.") % {"n": min_officers()},
            details={"status": "checking_in"},
        )
    if record.status != Status.IN_PROGRESS:
        raise ValidationError(_("This inspection is finished; its record can no longer change."))


def _signed_bodies(record: InspectionRecord) -> set[int]:
    return set(record.signoffs.values_list("body_id", flat=True))


@text_limits(note=(gettext_lazy("Note"), 500))
def answer_set(*, actor: Any, record: InspectionRecord, seq: int, answer: str, note: str = "") -> ChecklistAnswer:
    """Answer one line (合格/不合格/不适用). Idempotent: the same answer twice changes nothing, so a
    phone may retry a save that timed out."""
    _require_team(actor, record)
    _require_open(record)
    line = record.answers.filter(seq=seq).first()
    if line is None:
        raise ValidationError(_("This line is not on the checklist."), details={"seq": "unknown"})
    if answer not in ChecklistAnswer.Answer.values and answer != "":
        raise ValidationError(_("Answer compliant, not compliant or not applicable."), details={"answer": "choice"})
    note = note.strip()[:500]
    if answer == ChecklistAnswer.Answer.FAIL and not note:
        raise ValidationError(_("Say what is not compliant."), details={"note": "required"})
    section = line.body_id or record.lead_body_id
    if section in _signed_bodies(record):
        raise ValidationError(_("This section is signed; it can no longer change."), details={"seq": "signed"})
    if line.answer == answer and line.note == note:
        return line
    with transaction.atomic():
        line.answer, line.note = answer, note
        line.answered_by, line.answered_at = user_or_none(actor), timezone.now()
        line.save(update_fields=["answer", "note", "answered_by", "answered_at"])
        ledger_append(
            actor=actor_of(actor),
            verb="inspection.answer",
            target=record,
            payload={"seq": seq, "answer": answer, "note": note},
        )
    return line


# Files accepted as evidence, by their first bytes (never by the name the phone sends).
_SIGNATURES: list[tuple[bytes, int, str]] = [
    (b"\xff\xd8\xff", 0, "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", 0, "image/png"),
    (b"%PDF-", 0, "application/pdf"),
    (b"WEBP", 8, "image/webp"),
    (b"ftypheic", 4, "image/heic"),
    (b"ftypmif1", 4, "image/heic"),
    (b"PK\x03\x04", 0, "application/zip"),  # .docx / .xlsx
]


def sniff(head: bytes) -> str | None:
    for magic, offset, kind in _SIGNATURES:
        if head[offset : offset + len(magic)] == magic:
            return kind
    return None


_AUDIO_VIDEO = [(b"ftyp", 4, "video/mp4"), (b"RIFF", 0, "audio/wav"), (b"ID3", 0, "audio/mpeg")]


def evidence_content_type(data: bytes, *, audio_video: bool = False) -> str:
    """The checks every evidence upload passes (inspections and cases): not empty, within
    FAZHI_EVIDENCE_MAX_BYTES, and a type read from the bytes, never from the name. Cases also
    take audio/video records (全过程记录)."""
    if not data:
        raise ValidationError(_("The file is empty."), details={"file": "empty"})
    if len(data) > settings.FAZHI_EVIDENCE_MAX_BYTES:
        raise ValidationError(
            _("The file is larger than %(mb)d MB.") % {"mb": settings.FAZHI_EVIDENCE_MAX_BYTES // (1024 * 1024)},
            details={"file": "too_large"},
        )
    content_type = sniff(data[:16])
    if content_type is None and audio_video:
        content_type = next((t for magic, off, t in _AUDIO_VIDEO if data[off : off + len(magic)] == magic), None)
    if content_type is None:
        raise ValidationError(
            _("Only photos, PDF, Office documents and audio/video (MP4, WAV, MP3) are accepted.")
            if audio_video
            else _("Only photos (JPEG, PNG, WebP, HEIC), PDF and Office documents are accepted."),
            details={"file": "type"},
        )
    return content_type


@text_limits(caption=(gettext_lazy("Caption"), 200), name=(gettext_lazy("File name"), 200))
def evidence_add(
    *,
    actor: Any,
    record: InspectionRecord,
    fh: IO[bytes],
    name: str,
    kind: str = Evidence.Kind.PHOTO,
    caption: str = "",
    seq: int | None = None,
    latitude: Any = None,
    longitude: Any = None,
) -> Evidence:
    """Store a photo or document; its hash (SHA-256 or SM3, FAZHI_LEDGER_ALGORITHM) goes into the
    ledger with the record, so a swapped file is detected."""
    _require_team(actor, record)
    _require_open(record)
    data = fh.read(settings.FAZHI_EVIDENCE_MAX_BYTES + 1)
    return _store_evidence(
        actor, record, data, name=name, kind=kind, caption=caption, seq=seq, latitude=latitude, longitude=longitude
    )


def _store_evidence(
    actor: Any,
    record: InspectionRecord,
    data: bytes,
    *,
    name: str,
    kind: str,
    caption: str = "",
    seq: int | None = None,
    latitude: Any = None,
    longitude: Any = None,
) -> Evidence:
    if kind not in Evidence.Kind.values:
        raise ValidationError(_("Unknown kind of evidence."), details={"kind": "choice"})
    content_type = evidence_content_type(data)
    answer = record.answers.filter(seq=seq).first() if seq else None
    algorithm = settings.FAZHI_LEDGER_ALGORITHM
    digest = crypto.digest(data, algorithm)
    base = os.path.basename(name or "evidence")[:120] or "evidence"
    with transaction.atomic():
        item = Evidence(
            record=record,
            answer=answer,
            kind=kind,
            original_name=base,
            content_type=content_type,
            size=len(data),
            digest=digest,
            algorithm=algorithm,
            caption=caption.strip()[:200],
            latitude=_coordinate(latitude),
            longitude=_coordinate(longitude),
            uploaded_by=user_or_none(actor),
        )
        item.file.save(f"{digest[:16]}{os.path.splitext(base)[1][:10]}", ContentFile(data), save=False)
        item.save()
        ledger_append(
            actor=actor_of(actor),
            verb="inspection.evidence",
            target=record,
            payload={"evidence": item.pk, "kind": kind, "name": base, "size": len(data), algorithm: digest},
        )
    return item


def evidence_intact(item: Evidence) -> bool:
    """Does the stored file still hash to what the ledger recorded?"""
    with item.file.open("rb") as fh:
        return crypto.constant_time_equal(crypto.digest(fh.read(), item.algorithm), item.digest)


def _signature_png(data_url: str, field: str) -> bytes:
    """A drawn signature arrives as a PNG data URL from the signature pad; it must hold a
    signature: an empty (or almost empty) pad is refused, not stored as one."""
    prefix = "data:image/png;base64,"
    if not data_url.startswith(prefix):
        raise ValidationError(_("Sign in the box first."), details={field: "required"})
    try:
        data = base64.b64decode(data_url[len(prefix) :], validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ValidationError(_("The signature did not arrive whole; draw it again."), details={field: "bad"}) from exc
    if sniff(data[:16]) != "image/png" or len(data) > 512 * 1024:
        raise ValidationError(_("The signature did not arrive whole; draw it again."), details={field: "bad"})
    try:
        drawn = drawing.has_signature(data)
    except drawing.NotAPng as exc:
        raise ValidationError(_("The signature did not arrive whole; draw it again."), details={field: "bad"}) from exc
    if not drawn:
        raise ValidationError(
            _("The box is empty or holds only a dot: sign in the box with your finger."), details={field: "empty"}
        )
    return data


def _signature(actor: Any, record: InspectionRecord, data: bytes, label: str) -> Evidence:
    return _store_evidence(actor, record, data, name=f"{label}.png", kind=Evidence.Kind.SIGNATURE)


def section_sign(*, actor: Any, record: InspectionRecord, body: EnforcementBody, signature: str) -> SectionSignoff:
    """A department's officer signs its section (the lead department also signs the shared lines)
    with a drawn signature (``signature``: the pad's PNG data URL; empty or blank is refused)."""
    officer = _require_team(actor, record)
    _require_open(record)
    if officer.body_id != body.pk:
        raise PermissionDenied(_("Only an officer of %(body)s signs its section.") % {"body": body.name})
    lines = record.answers.filter(body=body)
    if body.pk == record.lead_body_id:
        lines = record.answers.filter(body__isnull=True) | lines
    if not lines.exists():
        raise ValidationError(_("%(body)s has no section on this checklist.") % {"body": body.name})
    open_lines = [str(a.seq) for a in lines if not a.answer]
    if open_lines:
        raise ValidationError(
            _("Answer every line of the section first (lines %(lines)s).") % {"lines": ", ".join(open_lines)},
            details={"section": "unanswered"},
        )
    png = _signature_png(signature, "signature")
    with transaction.atomic():
        drawn = _signature(actor, record, png, f"signoff-{body.code}")
        try:
            with transaction.atomic():
                signoff = SectionSignoff.objects.create(
                    record=record, body=body, officer=officer, signature=drawn, at=timezone.now()
                )
        except IntegrityError as exc:
            raise ValidationError(_("This section is already signed.")) from exc
        ledger_append(
            actor=actor_of(actor),
            verb="inspection.section_signed",
            target=record,
            payload={"body": body.code, "officer": officer.certificate_no},
        )
    return signoff


def sections_of(record: InspectionRecord) -> list[EnforcementBody]:
    """The departments that must sign: every department with lines, and the lead department."""
    ids = set(record.answers.exclude(body__isnull=True).values_list("body_id", flat=True))
    if record.answers.filter(body__isnull=True).exists():
        ids.add(record.lead_body_id)
    return list(EnforcementBody.objects.filter(pk__in=ids).order_by("code"))


def unsigned_sections(record: InspectionRecord) -> list[tuple[EnforcementBody, list[Officer]]]:
    """The sections still to sign, each with the team's officers who may sign it (officers of that
    department on this inspection's team, with their login if they have one)."""
    signed = _signed_bodies(record)
    team = list(record.officers.select_related("user").order_by("name"))
    return [(body, [o for o in team if o.body_id == body.pk]) for body in sections_of(record) if body.pk not in signed]


def signers_label(body: EnforcementBody, officers: list[Officer]) -> str:
    """ "县应急局 (signed by a team officer of the department: 张三 (login yj_inspector))"."""
    name = body.short_name or body.name
    if not officers:
        return _("%(body)s (no officer of the department is on the team)") % {"body": name}
    who = "、".join(
        _("%(name)s (login %(login)s)") % {"name": o.name, "login": o.user.username} if o.user else o.name
        for o in officers
    )
    return _("%(body)s (to be signed by its officer on the team: %(who)s)") % {"body": name, "who": who}


@text_limits(
    findings=(gettext_lazy("Findings"), NOTE),
    representative_name=(gettext_lazy("Name of the enterprise representative"), 50),
    representative_refused=(gettext_lazy("Why the representative did not sign"), LINE),
    statement=(gettext_lazy("The enterprise's statement"), LONG),
)
def record_finish(
    *,
    actor: Any,
    record: InspectionRecord,
    outcome: str,
    findings: str = "",
    rectification_due: dt.date | None = None,
    representative_name: str = "",
    representative_signature: str = "",
    representative_refused: str = "",
    statement: str = "",
) -> InspectionRecord:
    """检查后有结果反馈: close the record with its result. On site, the enterprise's representative
    signs (or the refusal is recorded) and the enterprise's statement is kept. The result reaches
    the enterprise's portal at once (and its email); a redacted notice awaits publication."""
    _require_team(actor, record)
    return _finish(
        actor,
        record,
        outcome=outcome,
        findings=findings,
        rectification_due=rectification_due,
        representative_name=representative_name,
        representative_signature=representative_signature,
        representative_refused=representative_refused,
        statement=statement,
    )


def _finish(
    actor: Any,
    record: InspectionRecord,
    *,
    outcome: str,
    findings: str,
    rectification_due: dt.date | None,
    representative_name: str,
    representative_signature: str,
    representative_refused: str,
    statement: str,
) -> InspectionRecord:
    _require_open(record)
    errors: dict[str, str] = {}
    open_lines = list(record.answers.filter(answer="").values_list("seq", flat=True))
    if open_lines:
        errors["answers"] = _("Answer every line first (lines %(lines)s).") % {
            "lines": ", ".join(str(s) for s in open_lines)
        }
    unsigned = unsigned_sections(record)
    if unsigned:
        errors["sections"] = _("Sections not signed yet: %(names)s.") % {
            "names": "；".join(signers_label(body, officers) for body, officers in unsigned)
        }
    failed = record.answers.filter(answer=ChecklistAnswer.Answer.FAIL).exists()
    if outcome not in InspectionRecord.Outcome.values:
        errors["outcome"] = _("Choose the result.")
    elif outcome == InspectionRecord.Outcome.NO_ISSUE and failed:
        errors["outcome"] = _("A line is not compliant, so the result cannot be 'no issue found'.")
    elif outcome != InspectionRecord.Outcome.NO_ISSUE and not (failed or findings.strip()):
        errors["findings"] = _("Describe the findings that lead to this result.")
    if outcome == InspectionRecord.Outcome.RECTIFY and (rectification_due is None or rectification_due <= record.date):
        errors["rectification_due"] = _("Give a rectification deadline after the inspection day.")
    if record.on_site:
        if not representative_name.strip():
            errors["representative_name"] = _("Type the name of the enterprise's representative present.")
        if not representative_signature and not representative_refused.strip():
            errors["representative_signature"] = _(
                "The representative signs in the box, or you record why they did not sign."
            )
        elif representative_signature:
            try:
                representative_png = _signature_png(representative_signature, "representative_signature")
            except ValidationError as exc:
                errors["representative_signature"] = exc.message
    if errors:
        raise ValidationError(" ".join(errors.values()), details=errors)
    now = timezone.now()
    with transaction.atomic():
        if record.on_site and representative_signature:
            record.representative_signature = _signature(actor, record, representative_png, "representative")
        record.representative_name = representative_name.strip()[:50]
        record.representative_refused = representative_refused.strip()[:300] if not representative_signature else ""
        record.statement = statement.strip()
        record.outcome = outcome
        record.findings = findings.strip()
        record.rectification_due = rectification_due if outcome == InspectionRecord.Outcome.RECTIFY else None
        record.status = Status.FINISHED
        record.finished_at = now
        today = timezone.localdate()
        record.result_due = add_workdays(record.date, settings.FAZHI_RESULT_FEEDBACK_WORKDAYS)
        record.result_sent_at = now  # in the enterprise's portal from this moment
        record.save()
        from fazhi.inspections.publication import publication_prepare

        publication_prepare(record=record, today=today)
        ledger_append(
            actor=actor_of(actor),
            verb="inspection.finished",
            target=record,
            payload={
                "outcome": outcome,
                "findings": record.findings,
                "rectification_due": record.rectification_due.isoformat() if record.rectification_due else None,
                "representative_signed": bool(record.representative_signature_id),
                "statement": bool(record.statement),
            },
        )
        announce(record.pk, record.enterprise_id)
        transaction.on_commit(lambda: _notify_enterprise(record.pk))
    return record


def _notify_enterprise(record_id: int) -> None:
    from fazhi.inspections.tasks import send_result_email

    try:
        send_result_email.enqueue(record_id)
    except Exception:
        import logging

        logging.getLogger(__name__).exception("could not queue the result email for record %s", record_id)


@text_limits(note=(gettext_lazy("Re-check note"), 500))
def recheck(*, actor: Any, record: InspectionRecord, rectified: bool, note: str = "") -> InspectionRecord:
    """复查: after the deadline, a team officer (or the body's head) records whether the enterprise
    rectified. Not rectified: the result becomes 'case to be opened'."""
    require(actor, Perm.INSPECT)
    officer = officer_of(actor)
    if officer.body_id not in set(record.bodies.values_list("pk", flat=True)):
        raise PermissionDenied(_("Only the departments of this inspection re-check it."))
    if record.outcome != InspectionRecord.Outcome.RECTIFY or record.rechecked_at:
        raise ValidationError(_("There is no rectification waiting for a re-check."))
    if not rectified and not note.strip():
        raise ValidationError(_("Say what was not rectified."), details={"note": "required"})
    with transaction.atomic():
        record.rechecked_at = timezone.now()
        record.rectified = rectified
        record.recheck_note = note.strip()[:500]
        if not rectified:
            record.outcome = InspectionRecord.Outcome.CASE
        record.save(update_fields=["rechecked_at", "rectified", "recheck_note", "outcome", "updated_at"])
        ledger_append(
            actor=actor_of(actor),
            verb="inspection.rechecked",
            target=record,
            payload={"rectified": rectified, "note": record.recheck_note},
        )
        announce(record.pk, record.enterprise_id)
    return record


# --- the enterprise's rating ----------------------------------------------------------------------


@text_limits(comment=(gettext_lazy("Comment"), 500))
def rating_add(*, actor: Any, record: InspectionRecord, score: int, comment: str = "") -> None:
    """The enterprise rates its inspection, once. Stored by month without the rater; departments
    see only groups of at least FAZHI_RATING_MIN_GROUP (the ledger names no one either)."""
    require(actor, Perm.RATE)
    scope = scope_of(actor)
    if not scope.enterprise_only or record.enterprise.org_unit_id != scope.org_unit_id:
        raise PermissionDenied(_("Only the inspected enterprise rates this inspection."))
    if record.status != Status.FINISHED:
        raise ValidationError(_("The inspection can be rated once it is finished."))
    if not 1 <= score <= 5:
        raise ValidationError(_("Give one to five stars."), details={"score": "range"})
    with transaction.atomic():
        try:
            with transaction.atomic():
                Rating.objects.create(
                    record=record, score=score, comment=comment.strip()[:500], month=record.date.replace(day=1)
                )
        except IntegrityError as exc:
            raise ValidationError(_("You have already rated this inspection.")) from exc
        ledger_append_many(actor=actor_of(None), events=[Event(verb="inspection.rated")])


def task_url(inspection: JointInspection, base: str) -> str:
    from django.urls import reverse

    return base + reverse("public:verify", args=[codes.task_token(inspection.pk, inspection.date)])


def enterprise_url(enterprise: Enterprise, base: str) -> str:
    from django.urls import reverse

    return base + reverse("inspections:scan", args=[codes.enterprise_token(enterprise.pk, enterprise.code_serial)])


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


@dataclass(frozen=True)
class PushedAnswer:
    text: str
    answer: str
    note: str = ""


@text_limits(
    reason=(gettext_lazy("Why without a code"), LINE),
    findings=(gettext_lazy("Findings"), NOTE),
    representative_name=(gettext_lazy("Name of the enterprise representative"), 50),
    representative_refused=(gettext_lazy("Why the representative did not sign"), LINE),
    statement=(gettext_lazy("The enterprise's statement"), LONG),
)
def record_push(
    *,
    actor: Any,
    enterprise: Enterprise,
    matters: list[Matter],
    officers: list[Officer],
    mode: str,
    answers: list[PushedAnswer],
    outcome: str,
    day: dt.date | None = None,
    method: str = "",
    reason: str = "",
    inspection_type: str = InspectionType.ROUTINE,
    findings: str = "",
    rectification_due: dt.date | None = None,
    representative_name: str = "",
    representative_signature: str = "",
    representative_refused: str = "",
    statement: str = "",
) -> InspectionRecord:
    """一次录入、多部门共用: a department system pushes a whole remote or no-code inspection. The
    first officer leads (an officer of the system's own body); each department's section is signed
    by the first team officer of that department; answers are matched to the unified checklist by
    the check point's wording. All or nothing: a refused push writes nothing."""
    if not officers:
        raise ValidationError(_("Name the team's officers."), details={"officers": "required"})
    with transaction.atomic():
        if mode == Mode.REMOTE:
            record = record_remote(
                actor=actor,
                enterprise=enterprise,
                matters=matters,
                officers=officers[1:],
                method=method,
                inspection_type=inspection_type,
                day=day,
                lead=officers[0],
            )
        elif mode == Mode.NO_CODE:
            record = record_without_code(
                actor=actor,
                enterprise=enterprise,
                matters=matters,
                officers=officers[1:],
                inspection_type=inspection_type,
                reason=reason,
                day=day,
                lead=officers[0],
            )
        else:
            raise ValidationError(_("Only remote and no-code inspections are pushed; on-site ones check in by code."))
        given = {a.text.strip(): a for a in answers}
        lines = list(record.answers.all())
        missing = [line.text for line in lines if line.text not in given]
        unknown = sorted(set(given) - {line.text for line in lines})
        if missing or unknown:
            raise ValidationError(
                _("The answers do not match the unified checklist. Missing: %(missing)s. Not on it: %(unknown)s.")
                % {"missing": "、".join(missing) or "—", "unknown": "、".join(unknown) or "—"},
                details={"answers": {"missing": missing, "unknown": unknown}},
            )
        now = timezone.now()
        for line in lines:
            pushed = given[line.text]
            if pushed.answer not in ChecklistAnswer.Answer.values:
                raise ValidationError(
                    _("Answer compliant, not compliant or not applicable."), details={"answers": line.text}
                )
            if pushed.answer == ChecklistAnswer.Answer.FAIL and not pushed.note.strip():
                raise ValidationError(_("Say what is not compliant."), details={"answers": line.text})
            line.answer, line.note = pushed.answer, pushed.note.strip()[:500]
            line.answered_by, line.answered_at = user_or_none(actor), now
        ChecklistAnswer.objects.bulk_update(lines, ["answer", "note", "answered_by", "answered_at"])
        team = list(record.officers.all())
        for body in sections_of(record):
            signer = next((o for o in [officers[0], *team] if o.body_id == body.pk), None)
            if signer is None:
                raise ValidationError(
                    _("No officer of %(body)s is on the team to sign its section.") % {"body": body.name},
                    details={"officers": body.code},
                )
            SectionSignoff.objects.create(record=record, body=body, officer=signer, at=now)
        ledger_append(
            actor=actor_of(actor),
            verb="inspection.pushed",
            target=record,
            payload={"answers": {line.text: [line.answer, line.note] for line in lines}},
        )
        return _finish(
            actor,
            record,
            outcome=outcome,
            findings=findings,
            rectification_due=rectification_due,
            representative_name=representative_name,
            representative_signature=representative_signature,
            representative_refused=representative_refused,
            statement=statement,
        )
