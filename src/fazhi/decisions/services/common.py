"""What every decision service shares: the ledger line, dates, numbers, the step rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.accounts.models import Region
from fazhi.accounts.scopes import user_or_none
from fazhi.core import hooks
from fazhi.core.errors import ValidationError
from fazhi.core.ledger import actor_of, ledger_append
from fazhi.decisions.models import Decision, DecisionStep, NumberCounter

# Steps that must be done (or not applicable, with a reason) before the collective discussion.
BEFORE_DISCUSSION = (
    DecisionStep.Kind.PARTICIPATION,
    DecisionStep.Kind.HEARING,
    DecisionStep.Kind.EXPERTS,
    DecisionStep.Kind.RISK,
    DecisionStep.Kind.LEGALITY,
)
# Steps that may be declared not applicable (with a reason). Legality review never (art. 25),
# nor the discussion, publication or archive.
MAY_NOT_APPLY = (
    DecisionStep.Kind.PARTICIPATION,
    DecisionStep.Kind.HEARING,
    DecisionStep.Kind.EXPERTS,
    DecisionStep.Kind.RISK,
    DecisionStep.Kind.EVALUATION,
)

SERIES_LABEL = {"review": "合审", "publication": "决公"}


def log(actor: Any, verb: str, decision: Decision, **payload: Any) -> None:
    """The decision's ledger entry and the change event, inside the service's transaction."""
    if not transaction.get_connection().in_atomic_block:  # an invariant, kept under python -O
        raise RuntimeError("must run inside the service's transaction")
    ledger_append(actor=actor_of(actor), verb=f"decision.{verb}", target=decision, payload=dict(payload))
    hooks.emit("decision.changed", decision_id=decision.pk)


def step_of(decision: Decision, kind: str, *, lock: bool = False) -> DecisionStep:
    qs = DecisionStep.objects.select_for_update() if lock else DecisionStep.objects
    return qs.get(decision=decision, kind=kind)


def mark_step(
    actor: Any,
    decision: Decision,
    kind: str,
    *,
    day: dt.date,
    state: str = DecisionStep.State.DONE,
    reason: str = "",
    data: Mapping[str, Any] | None = None,
) -> DecisionStep:
    step = step_of(decision, kind, lock=True)
    step.state = state
    step.done_on = day
    step.reason = reason[:300]
    step.data = {**step.data, **(data or {})}
    step.updated_by = user_or_none(actor)
    step.save()
    return step


def not_future(day: dt.date, field: str, errors: dict[str, str]) -> None:
    if day > timezone.localdate():
        errors[field] = _("The date cannot be in the future.")


def require_drafting(decision: Decision, what: str) -> None:
    if decision.status != Decision.Status.DRAFTING:
        raise ValidationError(
            _("%(what)s is not possible now: the decision is “%(status)s”.")
            % {"what": what, "status": decision.get_status_display()},
            code="out_of_order",
        )


def next_number(region: Region, series: str, year: int) -> str:
    """文号: 〈region〉〈series〉〔year〕n号, per region, year and series without gaps (row locked)."""
    if not transaction.get_connection().in_atomic_block:  # an invariant, kept under python -O
        raise RuntimeError("must run inside the service's transaction")
    NumberCounter.objects.get_or_create(region=region, year=year, series=series)
    counter = NumberCounter.objects.select_for_update().get(region=region, year=year, series=series)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{region.name}{SERIES_LABEL[series]}〔{year}〕{counter.last}号"


def lock(decision: Decision) -> Decision:
    return Decision.objects.select_for_update(of=("self",)).select_related("region").get(pk=decision.pk)
