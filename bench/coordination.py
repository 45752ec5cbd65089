"""Coordination bench (issue 3): township and county months, solved in this process.

Prints one JSON line per scenario: items, separate visits, visits, lower bound, seconds, method.
Run with `python bench/coordination.py [township|county|tight]`.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import resource
import sys

from fazhi.scheduling.model import Item, Officer, Problem, Rules
from fazhi.scheduling.solver import solve

START = dt.date(2026, 12, 1)


def month(n_items: int, n_ent: int, n_depts: int, per_dept: int, per_day: int, seed: int = 1) -> Problem:
    rng = random.Random(seed)
    days = [START + dt.timedelta(days=n) for n in range(31)]
    workdays = tuple(d for d in days if d.weekday() < 5)
    items = []
    for n in range(n_items):
        a = rng.randrange(0, 24)
        b = min(30, a + rng.choice([3, 7, 10, 14, 30]))
        items.append(
            Item(
                f"i{n}",
                f"D{rng.randrange(n_depts)}",
                f"E{rng.randrange(n_ent)}",
                f"M{rng.randrange(40)}",
                days[a],
                days[b],
            )
        )
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


SCENARIOS = {
    "township": lambda: month(300, 60, 8, 4, 4),
    "county": lambda: month(20_000, 5_000, 30, 12, 4),
    "tight": lambda: month(300, 60, 8, 1, 1),
}


def main(names: list[str]) -> None:
    for name in names or list(SCENARIOS):
        problem = SCENARIOS[name]()
        for limit in [2.0, 10.0] if name == "tight" else [10.0]:
            sol = solve(problem, time_limit=limit)
            assert sol.stats is not None
            print(
                json.dumps(
                    {
                        "scenario": name,
                        "time_limit": limit,
                        "items": sol.stats.items,
                        "unscheduled": len(sol.unscheduled),
                        "separate_visits": sol.stats.separate_visits,
                        "visits": sol.stats.visits,
                        "lower_bound": sol.stats.lower_bound,
                        "seconds": round(sol.stats.seconds, 2),
                        "method": sol.stats.method,
                        "peak_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
                    },
                    ensure_ascii=False,
                ),
                flush=True,
            )


if __name__ == "__main__":
    main(sys.argv[1:])
