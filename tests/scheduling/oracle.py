"""Brute force for tiny coordination problems: try every placement of every item and every team."""

from __future__ import annotations

import itertools
from collections import defaultdict

from fazhi.scheduling.model import Problem


def best(problem: Problem) -> tuple[int, int, int]:
    """(items scheduled, -visits, -officer-visits) of the best schedule."""
    days = problem.workdays
    items = problem.items
    choices = []
    for it in items:
        choices.append([None] + [k for k, d in enumerate(days) if it.earliest <= d <= it.latest])
    top = (0, 0, 0)
    for placement in itertools.product(*choices):
        visits: dict[tuple[str, int], list[int]] = defaultdict(list)
        for n, k in enumerate(placement):
            if k is not None:
                visits[items[n].enterprise, k].append(n)
        scheduled = sum(1 for k in placement if k is not None)
        if (scheduled, -len(visits), 0) <= top:
            continue
        staff = _min_staff(problem, visits)
        if staff is not None:
            top = max(top, (scheduled, -len(visits), -staff))
    return top


def _min_staff(problem: Problem, visits: dict[tuple[str, int], list[int]]) -> int | None:
    """Fewest officer-visits that staff every visit, or None when some day cannot be staffed."""
    total = 0
    by_day: dict[int, list[list[int]]] = defaultdict(list)
    for (_, k), idx in visits.items():
        by_day[k].append(idx)
    for k, day_visits in by_day.items():
        day = problem.workdays[k]
        officers = [o for o in problem.officers if o.certified and day not in o.unavailable]
        teams_per_visit = []
        for idx in day_visits:
            depts = {problem.items[n].department for n in idx}
            teams = [
                t
                for r in range(problem.rules.min_officers_per_visit, len(officers) + 1)
                for t in itertools.combinations(officers, r)
                if depts <= {o.department for o in t}
            ]
            if not teams:
                return None
            teams_per_visit.append(teams)
        best_day = None
        for combo in itertools.product(*teams_per_visit):
            load: dict[str, int] = defaultdict(int)
            for team in combo:
                for o in team:
                    load[o.id] += 1
            if max(load.values()) <= problem.rules.max_visits_per_officer_per_day:
                size = sum(len(t) for t in combo)
                best_day = size if best_day is None else min(best_day, size)
        if best_day is None:
            return None
        total += best_day
    return total
