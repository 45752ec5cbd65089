"""Enterprises (企业): the record, its contacts, and where its results are emailed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from fazhi.accounts.models import Region
from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import is_own_enterprise, require, require_region
from fazhi.core.errors import ValidationError
from fazhi.core.ledger import actor_of, ledger_append
from fazhi.core.masking import mask_phone
from fazhi.core.validators import check_uscc
from fazhi.registry.models import Enterprise, EnterpriseContact
from fazhi.registry.search import initials
from fazhi.registry.services.common import invalid, refuse_duplicate, update_logged


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


def enterprise_values(data: EnterpriseInput) -> dict[str, Any]:
    values = data.fields()
    if data.region is None:  # an invariant, kept under python -O
        raise RuntimeError("data.region is missing")
    values["name_initials"] = initials(data.name)
    values["uscc_warning"] = data.warnings[0][:200] if data.warnings else ""
    return values


def _refuse_duplicate_uscc(uscc: str) -> None:
    refuse_duplicate(
        Enterprise.objects.filter(uscc=uscc),
        _("An enterprise with code %(code)s is already registered.") % {"code": uscc},
        field="uscc",
    )


def enterprise_create(*, actor: Any, data: EnterpriseInput) -> Enterprise:
    require(actor, Perm.ENTERPRISE_EDIT)
    invalid(enterprise_clean(data))
    if data.region is None:  # an invariant, kept under python -O
        raise RuntimeError("data.region is missing")
    require_region(actor, data.region)
    _refuse_duplicate_uscc(data.uscc)
    with transaction.atomic():
        ent = Enterprise.objects.create(**enterprise_values(data))
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
    invalid(enterprise_clean(data))
    if data.region is None:  # an invariant, kept under python -O
        raise RuntimeError("data.region is missing")
    require_region(actor, data.region)
    if data.uscc != enterprise.uscc:
        _refuse_duplicate_uscc(data.uscc)
    with transaction.atomic():
        update_logged(
            actor,
            enterprise,
            expected_version=expected_version,
            fields=enterprise_values(data),
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


def enterprise_email_set(*, actor: Any, enterprise: Enterprise, email: str) -> Enterprise:
    """Where inspection results are emailed. The enterprise sets its own (portal); the registry's
    editors may too. Empty: results only in the portal."""
    from django.core.exceptions import ValidationError as DjangoValidationError
    from django.core.validators import validate_email

    if not is_own_enterprise(actor, enterprise):
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
