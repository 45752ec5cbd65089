"""Synthetic coordination months for the benches, the tests and the province run's bench (issue 17).

* ``month``: random plans (the county month: 20,000 items, 5,000 enterprises, 30 departments ×
  12 officers, 4 visits an officer a day).
* ``planted``: a tight month built backwards from a schedule that exists: visits are planted
  first (one enterprise each, so the lower bound equals their number), each staffed within the
  officers' daily capacity and absences until capacity is nearly used up, then each department
  on a visit gets one or two items whose windows contain the visit's day. Every item can be
  scheduled and the optimum is the lower bound — a method that leaves items out is beaten.
"""

from __future__ import annotations

import datetime as dt
import random

from fazhi.scheduling.model import Item, Officer, Problem, Rules


def _days(start: dt.date) -> list[dt.date]:
    end = (start + dt.timedelta(days=32)).replace(day=1)
    return [start + dt.timedelta(days=n) for n in range((end - start).days)]


def month(
    start: dt.date, n_items: int, n_ent: int, n_depts: int, per_dept: int, per_day: int, seed: int = 1
) -> Problem:
    """Random plans for the month starting at ``start`` (a first of the month)."""
    rng = random.Random(seed)
    days = _days(start)
    last = len(days) - 1
    workdays = tuple(d for d in days if d.weekday() < 5)
    items = []
    for n in range(n_items):
        a = rng.randrange(0, last - 6)
        b = min(last, a + rng.choice([3, 7, 10, 14, 30]))
        dept, ent = f"D{rng.randrange(n_depts)}", f"E{rng.randrange(n_ent)}"
        # each item its own matter (drawn as before, so the stream and the months are unchanged): no
        # 合并同类项 here, the benches measure the joint-visit solver alone (tests/scheduling/test_merge.py)
        items.append(Item(f"i{n}", dept, ent, f"{dept}-M{rng.randrange(40)}-{n}", days[a], days[b]))
    officers = tuple(
        Officer(
            f"D{d}o{k}",
            f"D{d}",
            certified=k < per_dept - 1 or rng.random() < 0.5,
            unavailable=frozenset(rng.sample(list(workdays), 2)),
        )
        for d in range(n_depts)
        for k in range(per_dept)
    )
    return Problem(days[0], days[-1], workdays, Rules(2, per_day), tuple(items), officers)


def planted(
    start: dt.date, n_depts: int = 8, per_dept: int = 2, per_day: int = 2, fill: float = 0.97, seed: int = 1
) -> Problem:
    """A tight month whose optimum is known: every item schedulable at the lower bound."""
    rng = random.Random(seed)
    days = _days(start)
    workdays = [d for d in days if d.weekday() < 5]
    officers = [
        Officer(f"D{d}o{k}", f"D{d}", unavailable=frozenset(rng.sample(workdays, 2)))
        for d in range(n_depts)
        for k in range(per_dept)
    ]
    load: dict[tuple[str, dt.date], int] = {}
    seats = sum(per_day * sum(1 for d in workdays if d not in o.unavailable) for o in officers)
    used = 0
    items: list[Item] = []
    visits = 0
    misses = 0
    while used < fill * seats and misses < 2000:
        day = rng.choice(workdays)
        depts = rng.sample(range(n_depts), rng.choice([1, 1, 2, 2, 3]))
        team: list[Officer] = []
        for d in depts:
            free = [
                o
                for o in officers
                if o.department == f"D{d}" and day not in o.unavailable and load.get((o.id, day), 0) < per_day
            ]
            if not free:
                break
            team.append(rng.choice(free))
        else:
            if len(team) < 2:
                others = [
                    o
                    for o in officers
                    if o not in team and day not in o.unavailable and load.get((o.id, day), 0) < per_day
                ]
                if others:
                    team.append(rng.choice(others))
        if len(team) < max(2, len(depts)):
            misses += 1
            continue
        for o in team:
            load[o.id, day] = load.get((o.id, day), 0) + 1
        used += len(team)
        ent = f"E{visits}"
        for d in depts:
            for _ in range(rng.choice([1, 1, 2])):
                before = rng.choice([0, 2, 5, 9])
                after = rng.choice([0, 3, 6, 12])
                items.append(
                    Item(
                        f"i{len(items)}",
                        f"D{d}",
                        ent,
                        f"M{d}",
                        max(days[0], day - dt.timedelta(days=before)),
                        min(days[-1], day + dt.timedelta(days=after)),
                    )
                )
        visits += 1
    return Problem(days[0], days[-1], tuple(workdays), Rules(2, per_day), tuple(items), tuple(officers))
