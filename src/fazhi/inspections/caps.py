"""Yearly caps on routine checks (频次上限), decided in one place (issue 15).

A routine check counts in a **scope**: the body and matter when that matter has its own cap
(``FrequencyCap`` with the matter), else the body (its body-wide cap, else
``FAZHI_ROUTINE_CAP_PER_YEAR``) — a matter with its own cap does not also count against the body's.
Only routine checks count; remote checks (非现场) never do: they do not disturb the enterprise.

``tally`` is the one rule that counts; ``routine_use`` answers "how many routine checks of this
scope did this enterprise have or will it have this year, and what is the cap" from the database
(plan items not withdrawn or refused, plus routine records made outside any coordinated visit).
Plan intake, coordination and the supervision ``over_cap`` warning all count through ``tally``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.conf import settings

from fazhi.inspections.models import FrequencyCap, InspectionRecord, PlanItem
from fazhi.registry.models import InspectionType

Scope = tuple[int, int | None]  # (body, matter) for a matter with its own cap, else (body, None)
DEAD_ITEMS = (PlanItem.Status.WITHDRAWN, PlanItem.Status.LATE_REFUSED)  # lines that plan nothing


@dataclass(frozen=True)
class CapTable:
    caps: Mapping[tuple[int, int | None], int]
    default: int

    def scope(self, body_id: int, matter_id: int | None) -> Scope:
        return (body_id, matter_id) if matter_id is not None and (body_id, matter_id) in self.caps else (body_id, None)

    def cap(self, scope: Scope) -> int:
        return self.caps.get(scope, self.caps.get((scope[0], None), self.default))


@dataclass(frozen=True)
class Check:
    """One check as the caps see it: ``matters`` are its (body, matter) pairs."""

    key: int
    enterprise_id: int
    day: dt.date
    inspection_type: str
    remote: bool
    matters: tuple[tuple[int, int | None], ...]


@dataclass(frozen=True)
class CapUse:
    scope: Scope
    count: int
    cap: int
    keys: tuple[int, ...]  # the checks counted, earliest first

    @property
    def left(self) -> int:
        return max(0, self.cap - self.count)


def capped(inspection_type: str, remote: bool) -> bool:
    """Whether a check counts against a yearly cap: routine and on site (a remote check does not
    disturb the enterprise). The one answer intake, coordination and ``tally`` use."""
    return inspection_type == InspectionType.ROUTINE and not remote


def tally(checks: Iterable[Check], table: CapTable) -> dict[tuple[Scope, int, int], list[Check]]:
    """{(scope, enterprise, year): the routine, not remote checks in it, by day}. A check counts
    once in each scope its matters fall in."""
    out: dict[tuple[Scope, int, int], list[Check]] = defaultdict(list)
    for c in checks:
        if not capped(c.inspection_type, c.remote):
            continue
        for scope in {table.scope(body, matter) for body, matter in c.matters}:
            out[scope, c.enterprise_id, c.day.year].append(c)
    for group in out.values():
        group.sort(key=lambda c: (c.day, c.key))
    return out


def cap_table() -> CapTable:
    rows = FrequencyCap.objects.values_list("body_id", "matter_id", "max_per_year")
    return CapTable({(b, m): n for b, m, n in rows}, settings.FAZHI_ROUTINE_CAP_PER_YEAR)


def plan_checks(items: Iterable[PlanItem]) -> list[Check]:
    return [
        Check(i.pk, i.enterprise_id, i.earliest, i.inspection_type, i.remote, ((i.body_id, i.matter_id),))
        for i in items
    ]


def routine_use(
    *, body_id: int, matter_id: int | None, enterprise_id: int, year: int, table: CapTable | None = None
) -> CapUse:
    """How many routine checks of the scope of (body, matter) the enterprise had or will have in
    the year, and the scope's cap."""
    table = table or cap_table()
    scope = table.scope(body_id, matter_id)
    items = (
        PlanItem.objects.filter(
            body_id=body_id, enterprise_id=enterprise_id, inspection_type=InspectionType.ROUTINE, month__year=year
        )
        .exclude(status__in=DEAD_ITEMS)
        .only("pk", "enterprise_id", "earliest", "inspection_type", "remote", "body_id", "matter_id")
    )
    checks = plan_checks(items)
    # routine checks made outside a coordinated visit (its plan items are counted above)
    records = (
        InspectionRecord.objects.filter(
            enterprise_id=enterprise_id,
            date__year=year,
            inspection_type=InspectionType.ROUTINE,
            joint_inspection__isnull=True,
            matters__body_id=body_id,
        )
        .exclude(mode=InspectionRecord.Mode.REMOTE)
        .exclude(status=InspectionRecord.Status.CANCELLED)
        .distinct()
        .prefetch_related("matters")
    )
    checks += [
        Check(
            -r.pk,  # apart from the plan items' keys
            r.enterprise_id,
            r.date,
            r.inspection_type,
            False,
            tuple((m.body_id, m.pk) for m in r.matters.all()),
        )
        for r in records
    ]
    group = tally(checks, table).get((scope, enterprise_id, year), [])
    return CapUse(scope, len(group), table.cap(scope), tuple(c.key for c in group))
