"""Inspection matters (检查事项) and their checklists; changed by their body or the county supervisor."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from fazhi.accounts.roles import Perm
from fazhi.core.ledger import actor_of, ledger_append
from fazhi.core.text import LINE, LONG, length_errors
from fazhi.core.versioning import version_bump
from fazhi.registry.models import ChecklistItem, EnforcementBody, InspectionType, Matter
from fazhi.registry.search import initials
from fazhi.registry.services.common import body_record_checked, refuse_duplicate, update_logged


@dataclass
class MatterInput:
    code: str
    name: str
    body: EnforcementBody | None
    legal_basis: str = ""
    inspection_type: str = InspectionType.ROUTINE
    published: bool = False
    checklist: list[str] = field(default_factory=list)
    catalogue_code: str = ""  # the catalogue's code shared by the bodies holding the matter (合并同类项)


def matter_clean(data: MatterInput) -> dict[str, str]:
    errors: dict[str, str] = {}
    data.code = (data.code or "").strip().upper()
    data.name = (data.name or "").strip()
    data.catalogue_code = (data.catalogue_code or "").strip().upper()
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
                "catalogue_code": (_("Catalogue matter code"), data.catalogue_code, 40),
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
        "catalogue_code": data.catalogue_code,
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


def _refuse_duplicate_code(code: str, other_than: Matter | None = None) -> None:
    refuse_duplicate(
        Matter.objects.filter(code=code), _("Code %(code)s is already used.") % {"code": code}, other_than=other_than
    )


def matter_create(*, actor: Any, data: MatterInput) -> Matter:
    body_record_checked(actor=actor, perm=Perm.MATTER_EDIT, data=data, clean=matter_clean)
    _refuse_duplicate_code(data.code)
    with transaction.atomic():
        matter = Matter.objects.create(**_matter_values(data))
        _checklist_replace(matter, data.checklist)
        ledger_append(
            actor=actor_of(actor),
            verb="matter.create",
            target=matter,
            payload={
                "code": matter.code,
                "catalogue_code": matter.catalogue_code,
                "published": matter.published,
                "checklist": data.checklist,
            },
        )
    return matter


def matter_update(*, actor: Any, matter: Matter, expected_version: int | None, data: MatterInput) -> Matter:
    body_record_checked(actor=actor, perm=Perm.MATTER_EDIT, data=data, clean=matter_clean, current=matter.body)
    _refuse_duplicate_code(data.code, other_than=matter)
    with transaction.atomic():
        changes = update_logged(
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
