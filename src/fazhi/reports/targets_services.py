"""Setting a region's work targets (工作目标) for a year, entering what was achieved of the facts
fazhi does not keep, and withdrawing a target (it stays in the register's history). Those who write
the report (``report.edit``: the legal office, the township leader) keep its targets; every change is
versioned (optimistic locking) and written to the ledger."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.accounts.models import Region
from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import can, require, require_region, scope_of, user_or_none
from fazhi.core.errors import ValidationError
from fazhi.core.figures import load_all
from fazhi.core.ledger import actor_of, ledger_append
from fazhi.core.text import LINE, NAME, refuse, text_limits
from fazhi.core.versioning import versioned_update
from fazhi.reports.models import WorkTarget

MAX_VALUE = Decimal(1_000_000)
UNIT_LENGTH = 8


def _number(raw: Any, *, rate: bool, what: str) -> Decimal:
    """A value as typed: a number ≥ 0 with at most one decimal (at most 100 for a rate). Raises
    ValueError with the Chinese message naming ``what``."""
    text = "" if raw is None else str(raw).strip().replace(",", "").replace("，", "").removesuffix("%")
    if not text:
        raise ValueError(_("Write the %(what)s as a number.") % {"what": what})
    try:
        d = Decimal(text)
    except InvalidOperation as exc:
        message = _("%(value)s is not a number: write the %(what)s in digits.")
        raise ValueError(message % {"value": raw, "what": what}) from exc
    if not d.is_finite() or d < 0 or d > MAX_VALUE or d != d.quantize(Decimal("0.1")):
        raise ValueError(
            _("The %(what)s is a number from 0 to 1,000,000 with at most one decimal (now %(value)s).")
            % {"what": what, "value": raw}
        )
    if rate and d > 100:
        raise ValueError(_("The %(what)s is a percentage: at most 100 (now %(value)s).") % {"what": what, "value": raw})
    return d.quantize(Decimal("0.1"))


def _check_year(year: int, errors: dict[str, str]) -> None:
    this_year = timezone.localdate().year
    if not this_year - 1 <= year <= this_year + 1:
        errors["year"] = _("Targets are set for last year, this year or next year.")


def _clean(*, text: str, comparison: str, value: Any, figure: str, unit: str, errors: dict[str, str]) -> dict[str, Any]:
    """The target's fields checked together (every error at once)."""
    figure, unit, text = figure.strip(), unit.strip(), " ".join(text.split())
    if not text:
        errors["text"] = _("Write the target, e.g. 开展调解员培训.")
    if comparison not in WorkTarget.Comparison.values:
        errors["comparison"] = _("Choose whether the target is a minimum or a maximum.")
    registry = load_all()
    if figure and figure not in registry:
        errors["figure"] = _("“%(id)s” is not a figure of this system: choose one from the list.") % {"id": figure}
    if figure:
        unit = ""  # the figure's own unit
    elif not unit:
        errors["unit"] = _("Write the unit of a target the system does not count (%, 次, 个 …).")
    elif len(unit) > UNIT_LENGTH:
        errors["unit"] = _("The unit is at most %(n)d characters.") % {"n": UNIT_LENGTH}
    rate = (str(registry[figure].unit) if figure in registry else unit) == "%"
    try:
        number = _number(value, rate=rate, what=_("target value"))
    except ValueError as exc:
        errors["value"] = str(exc)
        number = Decimal(0)
    return {"text": text, "comparison": comparison, "value": number, "figure": figure, "unit": unit}


def _require(actor: Any, region: Region) -> None:
    require(actor, Perm.REPORT_EDIT)
    require_region(actor, region)
    if region.level not in (Region.Level.COUNTY, Region.Level.TOWNSHIP):
        raise ValidationError(_("Work targets are set for the county or a township."), details={"region": "level"})


def _not_withdrawn(target: WorkTarget) -> None:
    if target.withdrawn_at is not None:
        raise ValidationError(_("This target was withdrawn; it can no longer change."), details={"target": "withdrawn"})


@text_limits(text=(gettext_lazy("Target"), NAME))
def target_add(
    *, actor: Any, region: Region, year: int, text: str, comparison: str, value: Any, figure: str = "", unit: str = ""
) -> WorkTarget:
    """A new target of the region's year: bound to ``figure`` (its progress counted from the records)
    or, with ``figure`` empty, a fact the system does not keep, counted in ``unit``."""
    _require(actor, region)
    errors: dict[str, str] = {}
    _check_year(year, errors)
    fields = _clean(text=text, comparison=comparison, value=value, figure=figure, unit=unit, errors=errors)
    refuse(errors)
    with transaction.atomic():
        target = WorkTarget.objects.create(region=region, year=year, **fields)
        ledger_append(
            actor=actor_of(actor),
            verb="report.target_add",
            target=target,
            payload={"year": year, "region": region.name, **fields, "value": str(fields["value"])},
        )
    return target


@text_limits(text=(gettext_lazy("Target"), NAME))
def target_change(
    *,
    actor: Any,
    target: WorkTarget,
    text: str,
    comparison: str,
    value: Any,
    figure: str = "",
    unit: str = "",
    expected_version: int | None = None,
) -> WorkTarget:
    """Correct a target's words, its figure or its value. Binding it to a figure drops a value
    entered for it (the records count it from then on)."""
    _require(actor, target.region)
    _not_withdrawn(target)
    errors: dict[str, str] = {}
    fields = _clean(text=text, comparison=comparison, value=value, figure=figure, unit=unit, errors=errors)
    refuse(errors)
    if fields["figure"]:
        fields.update(achieved=None, achieved_by=None, achieved_at=None)
    with transaction.atomic():
        changes = versioned_update(target, expected_version=expected_version, fields=fields)
        ledger_append(
            actor=actor_of(actor),
            verb="report.target_change",
            target=target,
            payload={"year": target.year, "changes": {k: [str(a), str(b)] for k, (a, b) in changes.items()}},
        )
    return target


def target_achieved_enter(
    *, actor: Any, target: WorkTarget, achieved: Any, expected_version: int | None = None
) -> WorkTarget:
    """Enter what was achieved of a target the system does not count (录入), with who and when; an
    empty value clears it (not known yet)."""
    _require(actor, target.region)
    _not_withdrawn(target)
    errors: dict[str, str] = {}
    if target.figure:
        errors["achieved"] = _("This target is counted from the records; nothing is entered for it.")
    if target.year > timezone.localdate().year:
        errors["achieved"] = _("The target's year has not begun: nothing is achieved yet.")
    number: Decimal | None = None
    if str(achieved or "").strip():
        try:
            number = _number(achieved, rate=target.unit == "%", what=_("achieved value"))
        except ValueError as exc:
            errors.setdefault("achieved", str(exc))
    refuse(errors)
    entered = {"achieved": number, "achieved_by": user_or_none(actor), "achieved_at": timezone.now()}
    if number is None:
        entered.update(achieved_by=None, achieved_at=None)
    with transaction.atomic():
        versioned_update(target, expected_version=expected_version, fields=entered)
        ledger_append(
            actor=actor_of(actor),
            verb="report.target_achieved",
            target=target,
            payload={"year": target.year, "achieved": None if number is None else str(number)},
        )
    return target


@text_limits(reason=(gettext_lazy("Reason"), LINE))
def target_withdraw(*, actor: Any, target: WorkTarget, reason: str, expected_version: int | None = None) -> WorkTarget:
    """Withdraw a target set by mistake or given up: it stays in the register, the report leaves it out."""
    _require(actor, target.region)
    _not_withdrawn(target)
    if not reason.strip():
        raise ValidationError(_("Say why the target is withdrawn."), details={"reason": "required"})
    with transaction.atomic():
        versioned_update(
            target,
            expected_version=expected_version,
            fields={
                "withdrawn_at": timezone.now(),
                "withdrawn_by": user_or_none(actor),
                "withdrawn_reason": reason.strip(),
            },
        )
        ledger_append(
            actor=actor_of(actor),
            verb="report.target_withdraw",
            target=target,
            payload={"year": target.year, "reason": reason.strip()},
        )
    return target


# --- what a page may offer (the services above still decide) ---------------------------------


def can_edit_targets(user: Any, region: Region) -> bool:
    scope = scope_of(user)
    return can(user, Perm.REPORT_EDIT) and scope.covers(region) and not scope.enterprise_only
