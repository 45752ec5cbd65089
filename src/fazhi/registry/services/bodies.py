"""Enforcement bodies (执法主体): registered and edited by the county supervisor."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.accounts.models import OrgUnit, Region
from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import require, require_region
from fazhi.core.errors import ValidationError
from fazhi.core.ledger import actor_of, ledger_append
from fazhi.core.text import LONG, NAME, length_errors, text_limits
from fazhi.registry.models import EnforcementBody
from fazhi.registry.search import initials
from fazhi.registry.services.common import invalid, refuse_duplicate, update_logged


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
    refuse_duplicate(
        EnforcementBody.objects.filter(code=code), _("Code %(code)s is already used.") % {"code": code}, field="code"
    )
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
    invalid(
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
        update_logged(actor, body, expected_version=expected_version, fields=fields, verb="body.update")
    return body
