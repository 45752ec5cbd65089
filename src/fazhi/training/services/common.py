"""What every training service shares: the permission check, hours and score checks."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from fazhi.accounts.models import Region
from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import require, require_region


def require_manage(actor: Any, region: Region) -> None:
    """Training records are kept by the legal office of the area (法治办/司法所) or the county."""
    require(actor, Perm.TRAINING_MANAGE)
    require_region(actor, region)


def as_decimal(value: Any) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def hours_error(value: Any) -> tuple[Decimal | None, str]:
    """(hours, "") or (None, the Chinese message saying what to fix)."""
    hours = as_decimal(value)
    limit = settings.FAZHI_TRAINING_MAX_HOURS_PER_DAY
    if hours is None:
        return None, _("Write the class hours as a number, such as 2 or 1.5.")
    if hours < 0:
        return None, _("Class hours cannot be negative (%(value)s).") % {"value": value}
    if hours == 0:
        return None, _("Class hours must be more than 0.")
    if hours > limit:
        return None, _("%(value)s class hours is more than a day holds: at most %(limit)d.") % {
            "value": value,
            "limit": limit,
        }
    if hours != hours.quantize(Decimal("0.1")):
        return None, _("Class hours have at most one decimal place (%(value)s).") % {"value": value}
    return hours, ""


def score_error(value: Any, maximum: int) -> tuple[Decimal | None, str]:
    score = as_decimal(value)
    if score is None:
        return None, _("Write the score as a number (%(value)s).") % {"value": value}
    if score < 0:
        return None, _("A score cannot be negative (%(value)s).") % {"value": value}
    if score > maximum:
        return None, _("The score %(value)s is above the maximum of %(max)d.") % {"value": value, "max": maximum}
    if score != score.quantize(Decimal("0.1")):
        return None, _("Scores have at most one decimal place (%(value)s).") % {"value": value}
    return score, ""


def pass_mark(maximum: int) -> Decimal:
    """The pass score on an exam out of ``maximum`` (the setting is out of 100)."""
    return Decimal(settings.FAZHI_EXAM_PASS_SCORE) * maximum / 100
