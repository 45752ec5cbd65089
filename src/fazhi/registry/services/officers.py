"""Officers (执法人员): their certificates, absences and photo; changed by their body's head or
the county supervisor.

An officer's status and the certificate's valid-until date are not typed by hand: a new officer is
pre-service, and only :func:`officer_qualification_follow` (called by the training app when a
certificate is issued, renewed or revoked) changes them. ``Officer.may_inspect_on`` is the one rule
for who may be scheduled and check in."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import require
from fazhi.core.errors import ValidationError
from fazhi.core.ledger import actor_of, ledger_append
from fazhi.core.masking import mask_phone
from fazhi.core.text import NAME, length_errors, text_limits
from fazhi.registry.models import EnforcementBody, Officer
from fazhi.registry.search import initials
from fazhi.registry.services.common import body_record_checked, refuse_duplicate, require_body, update_logged


@dataclass
class OfficerInput:
    name: str
    certificate_no: str
    body: EnforcementBody | None
    issuing_authority: str = ""
    phone: str = ""


def officer_clean(data: OfficerInput) -> dict[str, str]:
    errors: dict[str, str] = {}
    data.name = (data.name or "").strip()
    data.certificate_no = (data.certificate_no or "").strip().upper()
    data.phone = (data.phone or "").replace(" ", "").replace("-", "")
    if not data.name:
        errors["name"] = _("The officer's name is required.")
    if not data.certificate_no:
        errors["certificate_no"] = _("The certificate number is required.")
    if data.body is None:
        errors["body"] = _("Choose the officer's enforcement body.")
    if data.phone and not data.phone.isdigit():
        errors["phone"] = _("Phone numbers may contain only digits: %(value)s") % {"value": data.phone}
    errors.update(
        length_errors(
            {
                "name": (_("The officer's name"), data.name, 50),
                "issuing_authority": (_("Issuing authority"), data.issuing_authority, NAME),
                "phone": (_("Mobile phone"), data.phone, 20),
            }
        )
    )
    return errors


def _officer_values(data: OfficerInput) -> dict[str, Any]:
    return {
        "name": data.name,
        "certificate_no": data.certificate_no,
        "body": data.body,
        "issuing_authority": data.issuing_authority.strip(),
        "phone": data.phone,
        "name_initials": initials(data.name),
    }


def officer_create(*, actor: Any, data: OfficerInput) -> Officer:
    body = body_record_checked(actor=actor, perm=Perm.OFFICER_EDIT, data=data, clean=officer_clean)
    try:
        with transaction.atomic():
            officer = Officer.objects.create(**_officer_values(data))
            ledger_append(
                actor=actor_of(actor),
                verb="officer.create",
                target=officer,
                payload={
                    "certificate_no": officer.certificate_no,
                    "body": body.code,
                    "status": officer.status,
                    "phone": mask_phone(officer.phone),
                },
            )
    except IntegrityError as exc:
        raise ValidationError(
            _("Certificate number %(no)s is already registered.") % {"no": data.certificate_no},
            details={"certificate_no": "duplicate"},
        ) from exc
    return officer


def officer_update(*, actor: Any, officer: Officer, expected_version: int | None, data: OfficerInput) -> Officer:
    """The edit page shows the mobile number masked (138****5678): that value sent back keeps the
    stored number; changing it means typing the whole new one (a masked value that does not match
    the stored number is refused as not digits)."""
    if "*" in (data.phone or "") and data.phone.strip() == mask_phone(officer.phone):
        data.phone = officer.phone
    body_record_checked(actor=actor, perm=Perm.OFFICER_EDIT, data=data, clean=officer_clean, current=officer.body)
    refuse_duplicate(
        Officer.objects.filter(certificate_no=data.certificate_no),
        _("Certificate number %(no)s is already registered.") % {"no": data.certificate_no},
        other_than=officer,
    )
    with transaction.atomic():
        update_logged(
            actor,
            officer,
            expected_version=expected_version,
            fields=_officer_values(data),
            verb="officer.update",
        )
    return officer


@text_limits(certificate_no=(gettext_lazy("Certificate number"), NAME), status=(gettext_lazy("Status"), NAME))
def officer_qualification_follow(
    *, actor: Any, officer: Officer, status: str, valid_until: dt.date | None, certificate_no: str = ""
) -> Officer:
    """The register follows the qualification record (the training app's certificates): the only
    writer of ``status`` and ``valid_until``. Called inside the caller's transaction."""
    require(actor, Perm.TRAINING_MANAGE)
    if status not in Officer.Status.values:  # an invariant: the callers pass the enum
        raise ValueError(status)
    fields: dict[str, Any] = {"status": status, "valid_until": valid_until}
    if certificate_no:
        fields["certificate_no"] = certificate_no
    with transaction.atomic():
        update_logged(actor, officer, expected_version=None, fields=fields, verb="officer.qualification")
    return officer


@text_limits(note=(gettext_lazy("Note"), 200))
def officer_absence_add(*, actor: Any, officer: Officer, start: dt.date, end: dt.date, note: str = "") -> Any:
    """Record days an officer cannot inspect (their body head or the county supervisor)."""
    from fazhi.registry.models import OfficerAbsence

    require(actor, Perm.OFFICER_EDIT)
    require_body(actor, officer.body)
    if end < start:
        raise ValidationError(_("The last day is before the first day."), details={"end": "before_start"})
    with transaction.atomic():
        absence = OfficerAbsence.objects.create(officer=officer, start=start, end=end, note=note.strip()[:200])
        ledger_append(
            actor=actor_of(actor),
            verb="officer.absence_add",
            target=officer,
            payload={"start": start, "end": end, "note": note},
        )
    return absence


def officer_absence_delete(*, actor: Any, absence: Any) -> None:
    require(actor, Perm.OFFICER_EDIT)
    require_body(actor, absence.officer.body)
    with transaction.atomic():
        ledger_append(
            actor=actor_of(actor),
            verb="officer.absence_delete",
            target=absence.officer,
            payload={"start": absence.start, "end": absence.end},
        )
        absence.delete()


def officer_photo_set(*, actor: Any, officer: Officer, data: bytes) -> Officer:
    """The photo shown beside the certificate number when an enterprise verifies the team (亮证).
    JPEG or PNG, at most 2 MB; recognised by its bytes, not by the file name."""
    import hashlib

    from django.core.files.base import ContentFile

    require(actor, Perm.OFFICER_EDIT)
    require_body(actor, officer.body)
    kind = "jpg" if data[:3] == b"\xff\xd8\xff" else "png" if data[:8] == b"\x89PNG\r\n\x1a\n" else None
    if kind is None:
        raise ValidationError(_("The photo must be a JPEG or PNG image."), details={"photo": "type"})
    if len(data) > 2 * 1024 * 1024:
        raise ValidationError(_("The photo is larger than 2 MB."), details={"photo": "too_large"})
    digest = hashlib.sha256(data).hexdigest()
    with transaction.atomic():
        officer.photo.save(f"{officer.pk}-{digest[:12]}.{kind}", ContentFile(data), save=False)
        Officer.objects.filter(pk=officer.pk).update(photo=officer.photo.name)
        ledger_append(actor=actor_of(actor), verb="officer.photo", target=officer, payload={"sha256": digest})
    return officer
