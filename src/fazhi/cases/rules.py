"""The penalty law's arithmetic, as pure functions of plain values (tested by properties).

No database here: services gather the facts and call these, so the rules read like the articles.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
LATE_FEE_RATE = Decimal("0.03")  # art. 72: 3% of the fine per day


def late_fee(*, fine: Decimal, payment_due: dt.date, paid_on: dt.date) -> Decimal:
    """加处罚款 (art. 72): 3% of the fine for each day after the due date, never more than the fine."""
    days = (paid_on - payment_due).days
    if days <= 0 or fine <= 0:
        return Decimal(0).quantize(CENT)
    return min(fine, fine * LATE_FEE_RATE * days).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Range:
    fine_min: Decimal
    fine_max: Decimal
    warning_allowed: bool


@dataclass(frozen=True)
class DiscretionCheck:
    in_range: bool
    explanation: str  # plain facts; the service words them for the user


def discretion_check(*, fine: Decimal, warning: bool, allowed: Range | None) -> DiscretionCheck:
    """Is the proposed penalty inside the benchmark for the case's circumstances?"""
    if allowed is None:
        return DiscretionCheck(False, "no_benchmark")
    if fine == 0 and warning:
        return DiscretionCheck(allowed.warning_allowed, "warning" if allowed.warning_allowed else "warning_not_allowed")
    if fine < allowed.fine_min:
        return DiscretionCheck(False, "below")
    if fine > allowed.fine_max:
        return DiscretionCheck(False, "above")
    return DiscretionCheck(True, "inside")


def summary_allowed(*, organisation: bool, fine: Decimal, cap_person: int, cap_organisation: int) -> bool:
    """简易程序 (art. 51): a warning, or a fine up to 200 yuan (person) / 3,000 yuan (organisation)."""
    return fine <= (cap_organisation if organisation else cap_person)


def hearing_right(
    *, organisation: bool, fine: Decimal, other_penalties: str, threshold_person: int, threshold_organisation: int
) -> bool:
    """听证 (art. 63): a large fine, or a heavier penalty (licence, suspension, confiscation...)."""
    if fine >= (threshold_organisation if organisation else threshold_person):
        return True
    heavy = ("吊销", "降低资质", "责令停产停业", "责令关闭", "限制从业", "没收较大数额", "较大数额")
    return any(word in other_penalties for word in heavy)


HARM_ORDER = {"none": 0, "slight": 1, "serious": 2}


@dataclass(frozen=True)
class WaiverFacts:
    harm: str  # none / slight / serious
    harmful_consequence: bool
    corrected_on: dt.date | None
    rectification_due: dt.date | None
    last_same_violation: dt.date | None  # the party's latest earlier case for this violation
    occurred_on: dt.date


@dataclass(frozen=True)
class WaiverConditions:
    first_within_years: int
    max_harm: str
    correction_required: bool
    no_consequence_required: bool


@dataclass(frozen=True)
class ConditionResult:
    code: str  # first / harm / corrected / consequence
    met: bool | None  # None: not yet known (e.g. the correction deadline has not passed)


def waiver_conditions(facts: WaiverFacts, cond: WaiverConditions) -> list[ConditionResult]:
    """Each condition of a waiver list entry (art. 33) against the case's facts."""
    out: list[ConditionResult] = []
    if cond.first_within_years:
        if facts.last_same_violation is None:
            out.append(ConditionResult("first", True))
        else:
            try:
                horizon = facts.occurred_on.replace(year=facts.occurred_on.year - cond.first_within_years)
            except ValueError:  # 29 February
                horizon = facts.occurred_on.replace(year=facts.occurred_on.year - cond.first_within_years, day=28)
            out.append(ConditionResult("first", facts.last_same_violation < horizon))
    out.append(ConditionResult("harm", None if not facts.harm else HARM_ORDER[facts.harm] <= HARM_ORDER[cond.max_harm]))
    if cond.correction_required:
        if facts.corrected_on is not None:
            ok = facts.rectification_due is None or facts.corrected_on <= facts.rectification_due
            out.append(ConditionResult("corrected", ok))
        else:
            out.append(ConditionResult("corrected", None))
    if cond.no_consequence_required:
        out.append(ConditionResult("consequence", not facts.harmful_consequence))
    return out


def limitation_passed(*, occurred_on: dt.date, today: dt.date, years: int) -> bool:
    """Art. 36: not discovered within two years (five for life, health, financial safety)."""
    try:
        limit = occurred_on.replace(year=occurred_on.year + years)
    except ValueError:
        limit = occurred_on.replace(year=occurred_on.year + years, day=28)
    return today > limit
