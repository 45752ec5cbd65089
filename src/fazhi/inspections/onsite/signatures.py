"""Drawn signatures: each department signs its section of the unified checklist."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core import files
from fazhi.core import signature as drawing
from fazhi.core.errors import ValidationError
from fazhi.core.ledger import actor_of, ledger_append
from fazhi.inspections.models import (
    Evidence,
    InspectionRecord,
    SectionSignoff,
)
from fazhi.inspections.onsite.checklist import (
    _require_open,
    _require_section,
    _signed_bodies,
    absent_bodies,
    section_refusal,
)
from fazhi.inspections.onsite.evidence import _store_evidence
from fazhi.registry.models import EnforcementBody, Officer


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
    if files.sniff(data[:16], {files.PNG}) != files.PNG or len(data) > 512 * 1024:
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
    officer = _require_section(actor, record, body.pk)
    _require_open(record)
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
    department on this inspection's team who checked in and hold a valid certificate that day,
    with their login if they have one). Sections of absent departments are not among them."""
    signed = _signed_bodies(record)
    team = list(record.officers.select_related("user").order_by("name"))
    out = []
    for body in sections_of(record):
        if body.pk in signed:
            continue
        signers = [o for o in team if o.body_id == body.pk and not section_refusal(o, record, body.pk)]
        if signers:  # a department without an officer present is absent (``absent_sections``)
            out.append((body, signers))
    return out


def absent_sections(record: InspectionRecord) -> list[EnforcementBody]:
    """The departments with a section but no officer present (checked in, certificate valid that
    day): their lines stay open; at the finish their plan items go back to their plans."""
    absent = absent_bodies(record)
    return [body for body in sections_of(record) if body.pk in absent]


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
