"""The people who train: officers from the register and other staff (镇村干部 are people too)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from fazhi.accounts.models import Region
from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import require, require_own_body
from fazhi.core import crypto
from fazhi.core.errors import ValidationError
from fazhi.core.ledger import actor_of, ledger_append
from fazhi.core.text import NAME, refuse, text_limits
from fazhi.core.validators import check_resident_id
from fazhi.registry.models import Officer
from fazhi.training.models import Trainee
from fazhi.training.services.common import require_manage

ID_PURPOSE = "training.trainee.id_number"


def id_index_of(id_number: str) -> str:
    return crypto.blind_index(id_number, purpose=ID_PURPOSE) if id_number else ""


@text_limits(name=(_("Name"), 50), position=(_("Position"), NAME))
def trainee_create(
    *,
    actor: Any,
    name: str,
    region: Region,
    category: str = Trainee.Category.OFFICIAL,
    position: str = "",
    id_number: str = "",
) -> Trainee:
    """A member of staff who is not an enforcement officer (officers: :func:`trainee_for_officer`)."""
    require_manage(actor, region)
    errors: dict[str, str] = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = _("The person's name is required.")
    if category not in Trainee.Category.values or category == Trainee.Category.OFFICER:
        errors["category"] = _("Choose the person's category; officers are added from the officer register.")
    id_value = ""
    if (id_number or "").strip():
        check = check_resident_id(id_number)
        id_value = check.value
        if check.error:
            errors["id_number"] = check.error
    refuse(errors)
    index = id_index_of(id_value)
    if index and Trainee.objects.filter(id_index=index).exists():
        raise ValidationError(
            _("A person with this identity number is already recorded; find them in the list."),
            details={"id_number": "duplicate"},
        )
    with transaction.atomic():
        trainee = Trainee.objects.create(
            name=name,
            category=category,
            region=region,
            position=(position or "").strip(),
            id_number=id_value,
            id_index=index,
        )
        ledger_append(
            actor=actor_of(actor),
            verb="training.trainee_create",
            target=trainee,
            payload={"category": category, "region": region.code, "id_number": trainee.id_number_masked},
        )
    return trainee


def trainee_for_officer(*, actor: Any, officer: Officer, id_number: str = "") -> Trainee:
    """The officer's training record, created on first use (name and area follow the register)."""
    existing = Trainee.objects.filter(officer=officer).first()
    if existing is not None:
        return existing
    require(actor, Perm.TRAINING_MANAGE)
    require_own_body(actor, officer.body, others="area_or_above")
    id_value = ""
    if (id_number or "").strip():
        check = check_resident_id(id_number)
        if check.error:
            raise ValidationError(check.error, details={"id_number": check.error})
        id_value = check.value
    with transaction.atomic():
        trainee = Trainee.objects.create(
            name=officer.name,
            category=Trainee.Category.OFFICER,
            region=officer.body.region,
            officer=officer,
            id_number=id_value,
            id_index=id_index_of(id_value),
        )
        ledger_append(
            actor=actor_of(actor),
            verb="training.trainee_create",
            target=trainee,
            payload={"officer": officer.certificate_no, "region": officer.body.region.code},
        )
    return trainee
