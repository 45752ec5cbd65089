"""What every dispute service shares: the step line with its ledger entry, status checks, dates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.accounts.scopes import user_or_none
from fazhi.core import hooks
from fazhi.core.errors import ValidationError
from fazhi.core.ledger import actor_of, ledger_append
from fazhi.disputes.models import Dispute, DisputeStep


def record_step(
    *,
    actor: Any,
    dispute: Dispute,
    kind: str,
    summary: str,
    day: dt.date | None = None,
    payload: Mapping[str, Any] | None = None,
) -> DisputeStep:
    """One line of the dispute's history and its ledger entry, inside the service's transaction."""
    if not transaction.get_connection().in_atomic_block:  # an invariant, kept under python -O
        raise RuntimeError("must run inside the service's transaction")
    step = DisputeStep.objects.create(
        dispute=dispute,
        kind=kind,
        day=day or timezone.localdate(),
        summary=summary[:300],
        created_by=user_or_none(actor),
    )
    ledger_append(
        actor=actor_of(actor),
        verb=f"dispute.{kind}",
        target=dispute,
        payload={"step": step.pk, "status": dispute.status, **(payload or {})},
    )
    hooks.emit("dispute.changed", dispute_id=dispute.pk)
    return step


def require_status(dispute: Dispute, allowed: Iterable[str], what: str) -> None:
    """Refuse a step taken out of order, saying where the dispute stands and when it is possible."""
    allowed = list(allowed)
    if dispute.status not in allowed:
        raise ValidationError(
            _("%(what)s is not possible now: the dispute is “%(status)s”. It is possible when it is: %(allowed)s.")
            % {
                "what": what,
                "status": dispute.get_status_display(),
                "allowed": "、".join(str(Dispute.Status(s).label) for s in allowed),
            },
            code="out_of_order",
        )


def not_future(day: dt.date, field: str, errors: dict[str, str]) -> None:
    if day > timezone.localdate():
        errors[field] = _("The date cannot be in the future.")


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (the month's last day when it has no such day)."""
    import calendar

    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def update(dispute: Dispute, *, expected_version: int | None, **fields: Any) -> None:
    """Save ``fields`` on the dispute unless someone saved it after ``expected_version`` (409)."""
    from fazhi.core.versioning import versioned_update

    versioned_update(dispute, expected_version=expected_version, fields=fields)
