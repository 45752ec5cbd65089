"""Writes to the registry. Each service checks permission and scope, validates, writes in one
transaction and appends to the ledger in that same transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.accounts.models import OrgUnit, Region
from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import require, require_region, scope_of
from fazhi.core.errors import PermissionDenied, ValidationError
from fazhi.core.ledger import actor_of, ledger_append
from fazhi.core.masking import mask_phone
from fazhi.core.models import VersionedModel
from fazhi.core.text import LINE, LONG, NAME, length_errors, text_limits
from fazhi.core.validators import check_uscc
from fazhi.core.versioning import version_bump, versioned_update
from fazhi.registry.models import (
    ChecklistItem,
    EnforcementBody,
    Enterprise,
    EnterpriseContact,
    InspectionType,
    Matter,
    Officer,
)
from fazhi.registry.search import initials

# Fields whose values the ledger keeps masked (phone 3+4).
_MASKED = {"phone": mask_phone}


def _masked_changes(changes: Mapping[str, list[Any]]) -> dict[str, list[Any]]:
    out = {}
    for name, (old, new) in changes.items():
        mask = _MASKED.get(name)
        out[name] = [mask(old), mask(new)] if mask else [old, new]
    return out


def _update(
    actor: Any, obj: VersionedModel, *, expected_version: int | None, fields: dict[str, Any], verb: str
) -> dict[str, list[Any]]:
    changes = versioned_update(obj, expected_version=expected_version, fields=fields)
    if changes:
        ledger_append(actor=actor_of(actor), verb=verb, target=obj, payload={"changes": _masked_changes(changes)})
    return changes


def _invalid(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError(" ".join(errors.values()), details=errors)


# --- enterprises ----------------------------------------------------------------------------------


@dataclass
class EnterpriseInput:
    uscc: str
    name: str
    region: Region | None
    legal_representative: str = ""
    address: str = ""
    industry: str = ""
    risk_grade: str = Enterprise.RiskGrade.LOW
    do_not_disturb: bool = False
    do_not_disturb_until: dt.date | None = None
    warnings: list[str] = field(default_factory=list)

    def fields(self) -> dict[str, Any]:
        d = asdict(self)
        d.pop("warnings")
        d["region"] = self.region
        return d


def enterprise_clean(data: EnterpriseInput) -> dict[str, str]:
    """Validate an enterprise record; returns {field: Chinese message}. Normalises in place.
    Shared by the page, the API and the Excel import so all three say the same thing."""
    errors: dict[str, str] = {}
    code = check_uscc(data.uscc)
    data.uscc = code.value
    if code.error:
        errors["uscc"] = code.error
    elif code.warning:
        data.warnings.append(code.warning)
    data.name = (data.name or "").strip()
    if not data.name:
        errors["name"] = _("The enterprise name is required.")
    elif len(data.name) > 200:
        errors["name"] = _("The enterprise name may have at most 200 characters.")
    if data.region is None:
        errors["region"] = _("Choose the village or community the enterprise is in.")
    if data.risk_grade not in Enterprise.RiskGrade.values:
        errors["risk_grade"] = _("Unknown risk grade %(value)s; use one of: %(choices)s") % {
            "value": data.risk_grade,
            "choices": "、".join(str(c.label) for c in Enterprise.RiskGrade),
        }
    if data.do_not_disturb_until and not data.do_not_disturb:
        errors["do_not_disturb_until"] = _("A do-not-disturb end date needs the do-not-disturb flag.")
    for name, limit in (("legal_representative", 50), ("address", 300), ("industry", 50)):
        value = (getattr(data, name) or "").strip()
        setattr(data, name, value)
        if len(value) > limit:
            errors[name] = _("%(field)s may have at most %(n)d characters.") % {
                "field": getattr(Enterprise._meta.get_field(name), "verbose_name", name),
                "n": limit,
            }
    return errors


def _enterprise_values(data: EnterpriseInput) -> dict[str, Any]:
    values = data.fields()
    if data.region is None:  # an invariant, kept under python -O
        raise RuntimeError("data.region is missing")
    values["name_initials"] = initials(data.name)
    values["uscc_warning"] = data.warnings[0][:200] if data.warnings else ""
    return values


def enterprise_create(*, actor: Any, data: EnterpriseInput) -> Enterprise:
    require(actor, Perm.ENTERPRISE_EDIT)
    _invalid(enterprise_clean(data))
    if data.region is None:  # an invariant, kept under python -O
        raise RuntimeError("data.region is missing")
    require_region(actor, data.region)
    if Enterprise.objects.filter(uscc=data.uscc).exists():
        raise ValidationError(
            _("An enterprise with code %(code)s is already registered.") % {"code": data.uscc},
            details={"uscc": "duplicate"},
        )
    with transaction.atomic():
        ent = Enterprise.objects.create(**_enterprise_values(data))
        ledger_append(
            actor=actor_of(actor),
            verb="enterprise.create",
            target=ent,
            payload={"uscc": ent.uscc, "name": ent.name, "region": data.region.code},
        )
    return ent


def enterprise_update(
    *, actor: Any, enterprise: Enterprise, expected_version: int | None, data: EnterpriseInput
) -> Enterprise:
    require(actor, Perm.ENTERPRISE_EDIT)
    require_region(actor, enterprise.region)
    _invalid(enterprise_clean(data))
    if data.region is None:  # an invariant, kept under python -O
        raise RuntimeError("data.region is missing")
    require_region(actor, data.region)
    if data.uscc != enterprise.uscc and Enterprise.objects.filter(uscc=data.uscc).exists():
        raise ValidationError(
            _("An enterprise with code %(code)s is already registered.") % {"code": data.uscc},
            details={"uscc": "duplicate"},
        )
    with transaction.atomic():
        _update(
            actor,
            enterprise,
            expected_version=expected_version,
            fields=_enterprise_values(data),
            verb="enterprise.update",
        )
    return enterprise


@dataclass
class ContactInput:
    name: str
    phone: str = ""
    position: str = ""


def enterprise_contacts_replace(*, actor: Any, enterprise: Enterprise, contacts: Sequence[ContactInput]) -> None:
    require(actor, Perm.ENTERPRISE_EDIT)
    require_region(actor, enterprise.region)
    # Pages show phones masked (138****1234); a masked number sent back unchanged keeps the stored one.
    stored = {(c.name, mask_phone(c.phone)): c.phone for c in enterprise.contacts.all()}
    for c in contacts:
        c.phone = stored.get((c.name.strip(), c.phone.strip()), c.phone) if "*" in c.phone else c.phone
        digits = c.phone.replace(" ", "").replace("-", "")
        if digits and not digits.isdigit():
            raise ValidationError(_("Phone numbers may contain only digits: %(value)s") % {"value": c.phone})
        c.phone = digits
        if not c.name.strip():
            raise ValidationError(_("Every contact needs a name."))
    with transaction.atomic():
        enterprise.contacts.all().delete()
        EnterpriseContact.objects.bulk_create(
            [
                EnterpriseContact(enterprise=enterprise, name=c.name.strip(), phone=c.phone, position=c.position)
                for c in contacts
            ]
        )
        ledger_append(
            actor=actor_of(actor),
            verb="enterprise.contacts_replace",
            target=enterprise,
            payload={
                "contacts": [{"name": c.name, "phone": mask_phone(c.phone), "position": c.position} for c in contacts]
            },
        )


# --- enforcement bodies -------------------------------------------------------------------------


@text_limits(
    name=(gettext_lazy("Body name"), NAME),
    short_name=(gettext_lazy("Short name"), 40),
    qualification_basis=(gettext_lazy("Qualification basis"), LONG),
)
def body_create(
    *,
    actor: Any,
    code: str,
    name: str,
    level: str,
    region: Region,
    qualification_basis: str = "",
    published: bool = False,
    short_name: str = "",
    org_unit: Any = None,
) -> EnforcementBody:
    """Register an enforcement body (执法主体资格确认, the county supervisor). Unless given one, the
    body gets an organisation of the same name so its staff can have accounts."""
    require(actor, Perm.BODY_EDIT)
    require_region(actor, region)
    code, name = code.strip().upper(), name.strip()
    if not code or not name:
        raise ValidationError(_("An enforcement body needs a code and a name."))
    if level not in EnforcementBody.Level.values:
        raise ValidationError(_("Unknown level %(value)s.") % {"value": level})
    if EnforcementBody.objects.filter(code=code).exists():
        raise ValidationError(_("Code %(code)s is already used.") % {"code": code}, details={"code": "duplicate"})
    with transaction.atomic():
        if org_unit is None:
            kind = OrgUnit.Kind.DEPARTMENT if level == EnforcementBody.Level.COUNTY else OrgUnit.Kind.TOWNSHIP
            org_unit, made = OrgUnit.objects.get_or_create(name=name, defaults={"kind": kind, "region": region})
            if made:
                ledger_append(
                    actor=actor_of(actor),
                    verb="org_unit.create",
                    target=org_unit,
                    payload={"name": name, "kind": kind, "region": region.code},
                )
        body = EnforcementBody.objects.create(
            code=code,
            name=name,
            short_name=short_name,
            level=level,
            region=region,
            qualification_basis=qualification_basis,
            published=published,
            org_unit=org_unit,
            name_initials=initials(name),
        )
        ledger_append(
            actor=actor_of(actor),
            verb="body.create",
            target=body,
            payload={"code": code, "name": name, "published": published},
        )
    return body


def body_update(
    *, actor: Any, body: EnforcementBody, expected_version: int | None, fields: dict[str, Any]
) -> EnforcementBody:
    require(actor, Perm.BODY_EDIT)
    require_region(actor, body.region)
    allowed = {"name", "short_name", "qualification_basis", "published"}
    bad = set(fields) - allowed
    if bad:
        raise ValidationError(_("These fields cannot be changed here: %(f)s") % {"f": ", ".join(sorted(bad))})
    _invalid(
        length_errors(
            {
                "name": (_("Body name"), fields.get("name"), NAME),
                "short_name": (_("Short name"), fields.get("short_name"), 40),
                "qualification_basis": (_("Qualification basis"), fields.get("qualification_basis"), LONG),
            }
        )
    )
    if "name" in fields:
        fields["name_initials"] = initials(fields["name"])
    with transaction.atomic():
        _update(actor, body, expected_version=expected_version, fields=fields, verb="body.update")
    return body


def _require_body(actor: Any, body: EnforcementBody) -> None:
    """Body heads act for their own body; the county supervisor for any body in the county."""
    scope = scope_of(actor)
    if scope.body_bound:
        if body.org_unit_id != scope.org_unit_id:
            raise PermissionDenied(_("You can only change the records of your own enforcement body."))
    else:
        require_region(actor, body.region)


# --- officers -----------------------------------------------------------------------------------


@dataclass
class OfficerInput:
    name: str
    certificate_no: str
    body: EnforcementBody | None
    issuing_authority: str = ""
    valid_until: dt.date | None = None
    status: str = Officer.Status.PRE_SERVICE
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
    if data.status not in Officer.Status.values:
        errors["status"] = _("Unknown status %(value)s; use one of: %(choices)s") % {
            "value": data.status,
            "choices": "、".join(str(c.label) for c in Officer.Status),
        }
    if data.status == Officer.Status.ACTIVE and data.valid_until is None:
        errors["valid_until"] = _("An active officer needs the certificate's valid-until date.")
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
        "valid_until": data.valid_until,
        "status": data.status,
        "phone": data.phone,
        "name_initials": initials(data.name),
    }


def officer_create(*, actor: Any, data: OfficerInput) -> Officer:
    require(actor, Perm.OFFICER_EDIT)
    _invalid(officer_clean(data))
    if data.body is None:  # an invariant, kept under python -O
        raise RuntimeError("data.body is missing")
    _require_body(actor, data.body)
    try:
        with transaction.atomic():
            officer = Officer.objects.create(**_officer_values(data))
            ledger_append(
                actor=actor_of(actor),
                verb="officer.create",
                target=officer,
                payload={
                    "certificate_no": officer.certificate_no,
                    "body": data.body.code,
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
    require(actor, Perm.OFFICER_EDIT)
    _require_body(actor, officer.body)
    _invalid(officer_clean(data))
    if data.body is None:  # an invariant, kept under python -O
        raise RuntimeError("data.body is missing")
    _require_body(actor, data.body)
    if Officer.objects.filter(certificate_no=data.certificate_no).exclude(pk=officer.pk).exists():
        raise ValidationError(_("Certificate number %(no)s is already registered.") % {"no": data.certificate_no})
    with transaction.atomic():
        _update(
            actor,
            officer,
            expected_version=expected_version,
            fields=_officer_values(data),
            verb="officer.update",
        )
    return officer


# --- matters ------------------------------------------------------------------------------------


@dataclass
class MatterInput:
    code: str
    name: str
    body: EnforcementBody | None
    legal_basis: str = ""
    inspection_type: str = InspectionType.ROUTINE
    published: bool = False
    checklist: list[str] = field(default_factory=list)


def matter_clean(data: MatterInput) -> dict[str, str]:
    errors: dict[str, str] = {}
    data.code = (data.code or "").strip().upper()
    data.name = (data.name or "").strip()
    data.checklist = [t.strip() for t in data.checklist if t and t.strip()]
    if not data.code:
        errors["code"] = _("The matter code is required.")
    if not data.name:
        errors["name"] = _("The matter name is required.")
    if data.body is None:
        errors["body"] = _("Choose the enforcement body the matter belongs to.")
    if data.inspection_type not in InspectionType.values:
        errors["inspection_type"] = _("Unknown inspection type %(value)s; use one of: %(choices)s") % {
            "value": data.inspection_type,
            "choices": "、".join(str(c.label) for c in InspectionType),
        }
    if data.published and not data.legal_basis.strip():
        errors["legal_basis"] = _("A published matter must state its legal basis.")
    if len(set(data.checklist)) != len(data.checklist):
        errors["checklist"] = _("The checklist repeats a check point; each may appear once.")
    errors.update(
        length_errors(
            {
                "code": (_("Matter code"), data.code, 40),
                "name": (_("Matter name"), data.name, 200),
                "legal_basis": (_("Legal basis"), data.legal_basis, LONG),
            }
        )
    )
    long_points = [str(n) for n, t in enumerate(data.checklist, start=1) if len(t) > LINE]
    if long_points:
        errors["checklist"] = _("Check points %(lines)s are too long: at most %(limit)d characters each.") % {
            "lines": "、".join(long_points),
            "limit": LINE,
        }
    return errors


def _matter_values(data: MatterInput) -> dict[str, Any]:
    return {
        "code": data.code,
        "name": data.name,
        "body": data.body,
        "legal_basis": data.legal_basis.strip(),
        "inspection_type": data.inspection_type,
        "published": data.published,
        "name_initials": initials(data.name),
    }


def _checklist_replace(matter: Matter, items: Iterable[str]) -> None:
    matter.checklist_items.all().delete()
    ChecklistItem.objects.bulk_create(
        [ChecklistItem(matter=matter, seq=i, text=t) for i, t in enumerate(items, start=1)]
    )


def matter_create(*, actor: Any, data: MatterInput) -> Matter:
    require(actor, Perm.MATTER_EDIT)
    _invalid(matter_clean(data))
    if data.body is None:  # an invariant, kept under python -O
        raise RuntimeError("data.body is missing")
    _require_body(actor, data.body)
    if Matter.objects.filter(code=data.code).exists():
        raise ValidationError(_("Code %(code)s is already used.") % {"code": data.code})
    with transaction.atomic():
        matter = Matter.objects.create(**_matter_values(data))
        _checklist_replace(matter, data.checklist)
        ledger_append(
            actor=actor_of(actor),
            verb="matter.create",
            target=matter,
            payload={"code": matter.code, "published": matter.published, "checklist": data.checklist},
        )
    return matter


def matter_update(*, actor: Any, matter: Matter, expected_version: int | None, data: MatterInput) -> Matter:
    require(actor, Perm.MATTER_EDIT)
    _require_body(actor, matter.body)
    _invalid(matter_clean(data))
    if data.body is None:  # an invariant, kept under python -O
        raise RuntimeError("data.body is missing")
    _require_body(actor, data.body)
    if Matter.objects.filter(code=data.code).exclude(pk=matter.pk).exists():
        raise ValidationError(_("Code %(code)s is already used.") % {"code": data.code})
    with transaction.atomic():
        changes = _update(
            actor,
            matter,
            expected_version=expected_version,
            fields=_matter_values(data),
            verb="matter.update",
        )
        old = list(matter.checklist_items.order_by("seq").values_list("text", flat=True))
        if old != data.checklist:
            if not changes:  # the checklist alone changed: still a new version of the matter
                version_bump(matter, expected_version=expected_version)
            _checklist_replace(matter, data.checklist)
            ledger_append(
                actor=actor_of(actor),
                verb="matter.checklist_replace",
                target=matter,
                payload={"old": old, "new": data.checklist},
            )
    return matter


def enterprise_save(
    *,
    actor: Any,
    enterprise: Enterprise | None,
    expected_version: int | None,
    data: EnterpriseInput,
    contacts: Sequence[ContactInput] | None = None,
) -> Enterprise:
    """Create or edit an enterprise and (when given) its contacts, as one change."""
    with transaction.atomic():
        if enterprise is None:
            enterprise = enterprise_create(actor=actor, data=data)
        else:
            enterprise_update(actor=actor, enterprise=enterprise, expected_version=expected_version, data=data)
        if contacts is not None:
            old = [(c.name, mask_phone(c.phone), c.position) for c in enterprise.contacts.all()]
            new = [
                (
                    c.name,
                    c.phone if "*" in c.phone else mask_phone(c.phone.replace(" ", "").replace("-", "")),
                    c.position,
                )
                for c in contacts
            ]
            if old != new or any("*" not in c.phone and c.phone for c in contacts):
                enterprise_contacts_replace(actor=actor, enterprise=enterprise, contacts=contacts)
    return enterprise


@text_limits(note=(gettext_lazy("Note"), 200))
def officer_absence_add(*, actor: Any, officer: Officer, start: dt.date, end: dt.date, note: str = "") -> Any:
    """Record days an officer cannot inspect (their body head or the county supervisor)."""
    from fazhi.registry.models import OfficerAbsence

    require(actor, Perm.OFFICER_EDIT)
    _require_body(actor, officer.body)
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
    _require_body(actor, absence.officer.body)
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
    _require_body(actor, officer.body)
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


def enterprise_email_set(*, actor: Any, enterprise: Enterprise, email: str) -> Enterprise:
    """Where inspection results are emailed. The enterprise sets its own (portal); the registry's
    editors may too. Empty: results only in the portal."""
    from django.core.exceptions import ValidationError as DjangoValidationError
    from django.core.validators import validate_email

    scope = scope_of(actor)
    own = scope.enterprise_only and enterprise.org_unit_id == scope.org_unit_id
    if not own:
        require(actor, Perm.ENTERPRISE_EDIT)
        require_region(actor, enterprise.region)
    email = email.strip()
    if email:
        try:
            validate_email(email)
        except DjangoValidationError as exc:
            raise ValidationError(_("Enter a valid email address."), details={"email": "invalid"}) from exc
    with transaction.atomic():
        Enterprise.objects.filter(pk=enterprise.pk).update(email=email)
        enterprise.email = email
        ledger_append(
            actor=actor_of(actor),
            verb="enterprise.email",
            target=enterprise,
            payload={"domain": email.rsplit("@", 1)[-1] if email else ""},
        )
    return enterprise
