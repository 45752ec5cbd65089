"""The coordination contract as plain data: a problem in, a solution out (design.md).

This package imports no Django, so its messages are written in Chinese here rather than
through the catalogue: they reach operators through `fazhi coordinate solve` and the pages.

Parsing checks everything a caller can get wrong and reports it all at once, field by field.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


class ProblemError(ValueError):
    """An invalid problem; ``errors`` lists every problem found (path: message)."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        super().__init__("; ".join(errors))


@dataclass(frozen=True)
class Rules:
    min_officers_per_visit: int = 2
    max_visits_per_officer_per_day: int = 4


@dataclass(frozen=True)
class Item:
    id: str
    department: str
    enterprise: str
    matter: str
    earliest: dt.date
    latest: dt.date
    remote: bool = False  # 非现场: grouped into a remote visit, no trip (scheduling.remote)


@dataclass(frozen=True)
class Officer:
    id: str
    department: str
    certified: bool = True
    unavailable: frozenset[dt.date] = frozenset()


@dataclass(frozen=True)
class Problem:
    start: dt.date
    end: dt.date
    workdays: tuple[dt.date, ...]  # sorted, inside the period
    rules: Rules
    items: tuple[Item, ...]
    officers: tuple[Officer, ...]


@dataclass
class Visit:
    enterprise: str
    date: dt.date
    items: list[str]
    officers: list[str]
    lead_department: str
    explanation: str = ""
    # 合并同类项: groups of item ids that became one check (the first item's department does it;
    # its result stands for the others, 结果互认)
    merged: list[list[str]] = field(default_factory=list)


@dataclass
class Unscheduled:
    item: str
    reason: str
    constraint: str = ""  # the binding constraint, one of CONSTRAINTS


# Why an item was left out: the constraint that binds (the solution's ``unscheduled[].constraint``
# and ``stats.left_by_constraint`` keys).
CONSTRAINTS = (
    "no_workday",  # no working day between its earliest and latest day
    "no_officer",  # no day in its window with a certified, available officer of its department
    "officer_capacity",  # every day of its window, its department's officers are fully booked
    "team_size",  # days where its department has room, but too few officers are left for a team
    "time_limit",  # a place may exist: the solver stopped at its time limit first
    "yearly_cap",  # held back before solving: over the yearly cap of routine checks (the run)
    "do_not_disturb",  # held back before solving: a routine check of an enterprise on the list (the run)
)

# The solver's proof status (``stats.proof``).
PROOF_OPTIMAL = "optimal"  # CP-SAT proved the whole schedule optimal
PROOF_LOWER_BOUND = "lower_bound"  # every feasible item placed in as many visits as the lower bound
PROOF_BEST_FOUND = "best_found"  # the best schedule found in the time limit, not proven optimal


@dataclass
class Stats:
    items: int
    separate_visits: int
    visits: int
    lower_bound: int
    seconds: float
    method: str = ""
    proof: str = PROOF_BEST_FOUND
    merged_items: int = 0  # items absorbed into another department's check of the same matter

    @property
    def gap(self) -> int:
        """Visits above the lower bound (0: at the bound)."""
        return self.visits - self.lower_bound


@dataclass
class Solution:
    visits: list[Visit] = field(default_factory=list)
    unscheduled: list[Unscheduled] = field(default_factory=list)
    stats: Stats | None = None
    remote_visits: list[Visit] = field(default_factory=list)  # 非现场 (scheduling.remote): not trips

    def left_by_constraint(self) -> dict[str, int]:
        """How many items each binding constraint left out (only the constraints that did)."""
        counts: dict[str, int] = {}
        for u in self.unscheduled:
            counts[u.constraint or "unknown"] = counts.get(u.constraint or "unknown", 0) + 1
        return dict(sorted(counts.items()))

    def to_dict(self) -> dict[str, Any]:
        if self.stats is None:  # an invariant, kept under python -O
            raise RuntimeError("self.stats is missing")
        return {
            "visits": [
                {
                    "enterprise": v.enterprise,
                    "date": v.date.isoformat(),
                    "items": v.items,
                    "officers": v.officers,
                    "lead_department": v.lead_department,
                    "explanation": v.explanation,
                    "merged": v.merged,
                }
                for v in self.visits
            ],
            "unscheduled": [{"item": u.item, "reason": u.reason, "constraint": u.constraint} for u in self.unscheduled],
            "stats": {
                "items": self.stats.items,
                "separate_visits": self.stats.separate_visits,
                "visits": self.stats.visits,
                "lower_bound": self.stats.lower_bound,
                "seconds": round(self.stats.seconds, 3),
                "method": self.stats.method,
                "proof": self.stats.proof,
                "gap": self.stats.gap,
                "unscheduled": len(self.unscheduled),
                "left_by_constraint": self.left_by_constraint(),
                "merged_items": self.stats.merged_items,
                "remote_visits": len(self.remote_visits),
            },
            "remote_visits": [_visit_dict(v) for v in self.remote_visits],
        }


def _visit_dict(v: Visit) -> dict[str, Any]:
    return {
        "enterprise": v.enterprise,
        "date": v.date.isoformat(),
        "items": v.items,
        "officers": v.officers,
        "lead_department": v.lead_department,
        "explanation": v.explanation,
    }


def _date(value: Any, path: str, errors: list[str]) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        errors.append(f"{path}：{value!r} 不是日期（应为 YYYY-MM-DD）")
        return None


def _text(obj: dict[str, Any], key: str, path: str, errors: list[str]) -> str:
    value = obj.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        errors.append(f"{path}.{key}：必填")
        return ""
    return str(value)


def parse_problem(data: Any, *, default_workdays: list[dt.date] | None = None) -> Problem:
    """Build a :class:`Problem` from the JSON contract; raise :class:`ProblemError` listing
    every error. ``default_workdays`` (the caller's working-day calendar) is used when the
    problem has no ``workdays``."""
    errors: list[str] = []
    if not isinstance(data, dict):
        raise ProblemError(["问题必须是一个 JSON 对象"])
    period = data.get("period")
    start = end = None
    if not isinstance(period, dict):
        errors.append('period：必填，形如 {"start": "YYYY-MM-DD", "end": "YYYY-MM-DD"}')
    else:
        start = _date(period.get("start"), "period.start", errors)
        end = _date(period.get("end"), "period.end", errors)
        if start and end and end < start:
            errors.append("period: end 早于 start")
    rules_in = data.get("rules") or {}
    rules = Rules()
    if not isinstance(rules_in, dict):
        errors.append("rules：必须是对象")
    else:
        values = {}
        for key, default in (("min_officers_per_visit", 2), ("max_visits_per_officer_per_day", 4)):
            raw = rules_in.get(key, default)
            if not isinstance(raw, int) or isinstance(raw, bool) or raw < 1:
                errors.append(f"rules.{key}：应为不小于 1 的整数")
                raw = default
            values[key] = raw
        rules = Rules(**values)
    items: list[Item] = []
    seen: set[str] = set()
    raw_items = data.get("items")
    if not isinstance(raw_items, list):
        errors.append("items：必填，应为列表")
        raw_items = []
    for n, raw in enumerate(raw_items):
        path = f"items[{n}]"
        if not isinstance(raw, dict):
            errors.append(f"{path}：必须是对象")
            continue
        iid = _text(raw, "id", path, errors)
        if iid in seen:
            errors.append(f"{path}.id: {iid!r} 重复出现")
        seen.add(iid)
        earliest = _date(raw.get("earliest"), f"{path}.earliest", errors)
        latest = _date(raw.get("latest"), f"{path}.latest", errors)
        if earliest and latest and latest < earliest:
            errors.append(f"{path}: latest 早于 earliest")
        dept = _text(raw, "department", path, errors)
        ent = _text(raw, "enterprise", path, errors)
        matter = str(raw.get("matter", ""))
        remote = raw.get("remote", False)
        if not isinstance(remote, bool):
            errors.append(f"{path}.remote：应为 true 或 false")
            remote = False
        if earliest and latest:
            items.append(Item(iid, dept, ent, matter, earliest, latest, remote))
    officers: list[Officer] = []
    seen_o: set[str] = set()
    raw_officers = data.get("officers")
    if not isinstance(raw_officers, list):
        errors.append("officers：必填，应为列表")
        raw_officers = []
    for n, raw in enumerate(raw_officers):
        path = f"officers[{n}]"
        if not isinstance(raw, dict):
            errors.append(f"{path}：必须是对象")
            continue
        oid = _text(raw, "id", path, errors)
        if oid in seen_o:
            errors.append(f"{path}.id: {oid!r} 重复出现")
        seen_o.add(oid)
        unavailable = raw.get("unavailable") or []
        if not isinstance(unavailable, list):
            errors.append(f"{path}.unavailable：应为日期列表")
            unavailable = []
        days = {d for k, v in enumerate(unavailable) if (d := _date(v, f"{path}.unavailable[{k}]", errors))}
        certified = raw.get("certified", True)
        if not isinstance(certified, bool):
            errors.append(f"{path}.certified：应为 true 或 false")
            certified = False
        officers.append(Officer(oid, _text(raw, "department", path, errors), certified, frozenset(days)))
    workdays: list[dt.date] = []
    if "workdays" in data and data["workdays"] is not None:
        if not isinstance(data["workdays"], list):
            errors.append("workdays：应为日期列表")
        else:
            workdays = [d for k, v in enumerate(data["workdays"]) if (d := _date(v, f"workdays[{k}]", errors))]
    elif default_workdays is not None:
        workdays = list(default_workdays)
    elif start and end:
        errors.append("workdays：没有可用的工作日历时必填")
    if errors:
        raise ProblemError(errors)
    if start is None:  # an invariant, kept under python -O
        raise RuntimeError("start is missing")
    if end is None:  # an invariant, kept under python -O
        raise RuntimeError("end is missing")
    period_days = tuple(sorted({d for d in workdays if start <= d <= end}))
    return Problem(start, end, period_days, rules, tuple(items), tuple(officers))
