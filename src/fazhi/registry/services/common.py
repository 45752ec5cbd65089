"""Pieces every registry service shares: the own-body rule, masked ledger changes, a versioned
update with its ledger entry, refusing invalid input, and the create/update checks of records
that belong to an enforcement body (officers, matters)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Protocol

from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _

from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import can, require, require_own_body
from fazhi.core.errors import PermissionDenied, ValidationError
from fazhi.core.ledger import actor_of, ledger_append
from fazhi.core.masking import mask_phone
from fazhi.core.models import VersionedModel
from fazhi.core.text import refuse
from fazhi.core.versioning import versioned_update
from fazhi.registry.models import EnforcementBody

# Fields whose values the ledger keeps masked (phone 3+4).
_MASKED = {"phone": mask_phone}


def masked_changes(changes: Mapping[str, list[Any]]) -> dict[str, list[Any]]:
    out = {}
    for name, (old, new) in changes.items():
        mask = _MASKED.get(name)
        out[name] = [mask(old), mask(new)] if mask else [old, new]
    return out


def update_logged(
    actor: Any, obj: VersionedModel, *, expected_version: int | None, fields: dict[str, Any], verb: str
) -> dict[str, list[Any]]:
    """Save ``fields`` on ``obj`` (a stale ``expected_version`` is refused) and log what changed."""
    changes = versioned_update(obj, expected_version=expected_version, fields=fields)
    if changes:
        ledger_append(actor=actor_of(actor), verb=verb, target=obj, payload={"changes": masked_changes(changes)})
    return changes


invalid = refuse  # {field: message} → one ValidationError listing them all (nothing when empty)


def require_body(actor: Any, body: EnforcementBody) -> None:
    """Body heads act for their own body; the county supervisor for any body in their area."""
    require_own_body(actor, body, message=_("You can only change the records of your own enforcement body."))


class BodyInput(Protocol):
    """An input naming the enforcement body its record belongs to (OfficerInput, MatterInput)."""

    body: EnforcementBody | None


def body_record_checked(
    *,
    actor: Any,
    perm: Perm,
    data: BodyInput,
    clean: Callable[[Any], dict[str, str]],
    current: EnforcementBody | None = None,
) -> EnforcementBody:
    """The checks of a record that belongs to a body, in order: the permission, the body the
    record belongs to now (an update), the input, then the body it is to belong to."""
    require(actor, perm)
    if current is not None:
        require_body(actor, current)
    invalid(clean(data))
    if data.body is None:  # clean() refused it already; kept under python -O
        raise RuntimeError("data.body is missing")
    require_body(actor, data.body)
    return data.body


def refuse_duplicate(
    qs: QuerySet[Any], message: str, *, field: str | None = None, other_than: Model | None = None
) -> None:
    """Refuse when ``qs`` (the rows with the same unique value) holds a row other than ``other_than``."""
    if other_than is not None:
        qs = qs.exclude(pk=other_than.pk)
    if qs.exists():
        raise ValidationError(message, details={field: "duplicate"} if field else None)


def can_change_body_records(user: Any, body: EnforcementBody, perm: Perm) -> bool:
    """For pages: may ``user`` change ``body``'s records that need ``perm`` (its officers, its
    matters and their caps)? The same rule the services apply, asked instead of raised."""
    if not can(user, perm):
        return False
    try:
        require_body(user, body)
    except PermissionDenied:
        return False
    return True
