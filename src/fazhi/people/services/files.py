"""Files: open one (identity sealed, blind index, masked copies), assign, reveal with a logged
reason, look up by ID number, end the basis and purge after retention."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.accounts.models import OrgUnit, Region
from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import require, user_or_none
from fazhi.core import crypto
from fazhi.core.access import log_read
from fazhi.core.errors import ValidationError
from fazhi.core.ledger import SYSTEM, actor_of, ledger_append
from fazhi.core.masking import mask_id_number, mask_name, mask_phone
from fazhi.core.text import LINE, NAME, refuse
from fazhi.core.validators import check_resident_id
from fazhi.people.access import require_file, require_township
from fazhi.people.models import FileDeletion, PersonCategory, PersonFile
from fazhi.people.services.schedule import next_due

ID_PURPOSE = "people.id"


@dataclass(frozen=True)
class Identity:
    name: str
    id_number: str = ""
    address: str = ""
    phone: str = ""
    guardian: str = ""


def id_index(value: str) -> str:
    return crypto.blind_index(value, purpose=ID_PURPOSE) if value.strip() else ""


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _number(township: Region) -> str:
    prefix = f"RQ-{township.code or township.pk}-"
    last = PersonFile.objects.filter(number__startswith=prefix).order_by("-number").values_list("number", flat=True)
    n = int(last[0].rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{n:05d}"


def _clean_identity(identity: Identity, errors: dict[str, str]) -> Identity:
    name = identity.name.strip()
    if not name:
        errors["name"] = _("Enter the person's name.")
    elif len(name) > NAME:
        errors["name"] = _("The name has at most %(n)d characters.") % {"n": NAME}
    number = "".join(identity.id_number.split()).upper()
    if number:
        check = check_resident_id(number)
        if check.error:
            errors["id_number"] = check.error
        number = check.value
    phone = "".join(ch for ch in identity.phone if ch.isdigit())
    if identity.phone.strip() and not 7 <= len(phone) <= 12:
        errors["phone"] = _("A phone number has 7 to 12 digits (or leave it empty).")
    for field, value in (("address", identity.address), ("guardian", identity.guardian)):
        if len(value.strip()) > LINE:
            errors[field] = _("At most %(n)d characters.") % {"n": LINE}
    return Identity(name, number, identity.address.strip(), phone, identity.guardian.strip())


def file_open(
    *,
    actor: Any,
    township: Region,
    category: PersonCategory | None,
    identity: Identity,
    purpose: str,
    legal_basis: str = "",
    village: Region | None = None,
    basis_ends_on: dt.date | None = None,
    minor: bool = False,
    plan_interval_days: int | None = None,
    responsible: list[Any] | None = None,
    responsible_org: OrgUnit | None = None,
) -> PersonFile:
    """Open a file (一人一档): every error of the form at once; the identity is sealed."""
    require_township(actor, township, Perm.PEOPLE_EDIT)
    errors: dict[str, str] = {}
    if township.level != Region.Level.TOWNSHIP:
        errors["township"] = _("Choose a township.")
    if village is not None and village.parent_id != township.pk:
        errors["village"] = _("The village must belong to %(t)s.") % {"t": township.name}
    if category is None or not category.active:
        errors["category"] = _("Choose the category.")
    if not purpose.strip():
        errors["purpose"] = _("State the purpose of keeping this file (PIPL art. 17).")
    basis = (legal_basis or (category.legal_basis if category else "")).strip()
    if not basis:
        errors["legal_basis"] = _("State the legal basis of keeping this file.")
    if plan_interval_days is not None and not 1 <= plan_interval_days <= 366:
        errors["plan_interval_days"] = _("The plan's interval is 1 to 366 days.")
    for user in responsible or []:
        if not getattr(user, "org_unit_id", None) or not user.can(Perm.PEOPLE_VISIT):
            errors["responsible"] = _("A responsible official must be an account that visits (a grid worker, 司法所).")
    clean = _clean_identity(identity, errors)
    if clean.id_number and category is not None:
        taken = PersonFile.objects.filter(id_index=id_index(clean.id_number), category=category).first()
        if taken is not None:
            errors["id_number"] = _("This person already has a file of this category (%(n)s).") % {"n": taken.number}
    refuse(errors)
    if category is None:
        raise ValidationError(_("Choose the category."))
    today = timezone.localdate()
    with transaction.atomic():
        file = PersonFile(
            number=_number(township),
            township=township,
            village=village,
            area_path=(village or township).path,
            category=category,
            name=clean.name,
            id_number=clean.id_number,
            id_index=id_index(clean.id_number),
            address=clean.address,
            phone=clean.phone,
            guardian=clean.guardian,
            name_masked=mask_name(clean.name),
            id_masked=mask_id_number(clean.id_number),
            phone_masked=mask_phone(clean.phone),
            minor=minor,
            purpose=purpose.strip()[:200],
            legal_basis=basis[:200],
            basis_ends_on=basis_ends_on,
            retain_until=_add_years(basis_ends_on, category.retention_years) if basis_ends_on else None,
            plan_interval_days=plan_interval_days,
            responsible_org=responsible_org,
            created_by=user_or_none(actor),
        )
        file.next_visit_due = next_due(file, today=today)
        file.save()
        if responsible:
            file.responsible.set(responsible)
        ledger_append(
            actor=actor_of(actor),
            verb="people.file_opened",
            target=file,
            payload={"category": category.code, "township": township.pk, "responsible": len(responsible or [])},
        )
    return file


def file_assign(*, actor: Any, file: PersonFile, responsible: list[Any], reason: str) -> PersonFile:
    """包抓: (re)name the officials responsible for the file — accounts of the file's township that
    visit (the list the page offers) — with a reason, in the ledger (officials by account id)."""
    require_file(actor, file, Perm.PEOPLE_EDIT)
    errors: dict[str, str] = {}
    if not responsible:
        errors["responsible"] = _("Choose at least one responsible official.")
    for user in responsible:
        org = getattr(user, "org_unit", None)
        if (
            not getattr(user, "is_active", False)
            or org is None
            or not org.region.path.startswith(file.township.path)
            or not user.can(Perm.PEOPLE_VISIT)
        ):
            errors["responsible"] = _("A responsible official must be an account of %(t)s that visits.") % {
                "t": file.township.name
            }
    if not 2 <= len(reason.strip()) <= LINE:
        errors["reason"] = _("State why the officials change (2 to %(n)d characters).") % {"n": LINE}
    refuse(errors)
    before = sorted(file.responsible.values_list("pk", flat=True))
    after = sorted({u.pk for u in responsible})
    with transaction.atomic():
        file.responsible.set(responsible)
        ledger_append(
            actor=actor_of(actor),
            verb="people.file_assigned",
            target=file,
            payload={"before": before, "after": after, "reason": reason.strip()},
        )
    return file


def file_reveal(*, actor: Any, file: PersonFile, reason: str) -> Identity:
    """The identity of a file, for someone who opens it, with a reason that lands in the access log."""
    require_file(actor, file, Perm.PEOPLE_REVEAL)
    log_read(user=actor, target=file, reason=reason, label=file.number)
    return Identity(file.name, file.id_number, file.address, file.phone, file.guardian)


def file_end_basis(*, actor: Any, file: PersonFile, day: dt.date, note: str = "") -> PersonFile:
    """The basis ended (assistance period over, corrections ended): no more visits; the file is
    deleted after the category's retention (5 years by default)."""
    require_file(actor, file, Perm.PEOPLE_EDIT)
    if day > timezone.localdate():
        raise ValidationError(_("The date cannot be in the future."), details={"day": "future"})
    with transaction.atomic():
        file.status = PersonFile.Status.ENDED
        file.basis_ends_on = day
        file.retain_until = _add_years(day, file.category.retention_years)
        file.next_visit_due = None
        file.save(update_fields=["status", "basis_ends_on", "retain_until", "next_visit_due"])
        ledger_append(
            actor=actor_of(actor),
            verb="people.basis_ended",
            target=file,
            payload={"day": day.isoformat(), "retain_until": file.retain_until.isoformat(), "note": note[:LINE]},
        )
    return file


def files_purge(*, today: dt.date | None = None) -> list[FileDeletion]:
    """Delete every file whose retention has passed, leaving a deletion record without identity
    (number, category, township, dates) and a ledger entry. Run by ``fazhi people purge``."""
    today = today or timezone.localdate()
    out = []
    for file in PersonFile.objects.filter(retain_until__lt=today).select_related("category"):
        with transaction.atomic():
            record = FileDeletion.objects.create(
                number=file.number,
                category_code=file.category.code,
                township_id=file.township_id,
                basis_ends_on=file.basis_ends_on,
                retain_until=file.retain_until,
                deleted_on=today,
                visits=file.visits.count(),
            )
            ledger_append(
                actor=SYSTEM,
                verb="people.file_deleted",
                target_type="people.personfile",
                target_id=str(file.pk),
                target_label=file.number,
                payload={"category": file.category.code, "retain_until": str(file.retain_until)},
            )
            file.delete()
        out.append(record)
    return out


def file_lookup_index(*, actor: Any, id_number: str) -> str:
    """The blind index of an ID number typed to look a file up (no decryption)."""
    require(actor, Perm.PEOPLE_VIEW)
    if not id_number.strip():
        raise ValidationError(_("Enter an ID number to look up."), details={"id_number": "required"})
    return id_index(id_number)
