"""Exact lower bounds: the fewest working days that hit every window (interval stabbing).

Sorting windows by their last day and stabbing each unhit window at its last day is optimal
(the classic greedy), so the bound is exact when capacity is slack.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence

from fazhi.scheduling.model import Item, Problem

Window = tuple[int, int]  # first and last index into the problem's workdays, inclusive


def window(item: Item, workdays: Sequence[dt.date]) -> Window | None:
    """The item's window as workday indices, or None when no working day falls inside it."""
    first = bisect.bisect_left(workdays, item.earliest)
    last = bisect.bisect_right(workdays, item.latest) - 1
    return (first, last) if first <= last else None


def stab(windows: Iterable[tuple[str, Window]]) -> list[tuple[int, list[str]]]:
    """Fewest points hitting every window: [(workday index, ids of the windows it hits)].

    Each id goes to the first point (in order of the windows' ends) that hits it.
    """
    ordered = sorted(windows, key=lambda w: (w[1][1], w[1][0], w[0]))
    points: list[tuple[int, list[str]]] = []
    done: set[str] = set()
    for n, (wid, (_a, b)) in enumerate(ordered):
        if wid in done:
            continue
        hit = [other for other, (a2, b2) in ordered[n:] if other not in done and a2 <= b <= b2]
        done.update(hit)
        points.append((b, hit))
    return points


def lower_bound(problem: Problem, feasible: set[str] | None = None) -> tuple[int, int]:
    """(joint lower bound, separate visits): per enterprise, and per department and enterprise,
    the fewest working days that hit every (feasible) item's window."""
    by_ent: dict[str, list[tuple[str, Window]]] = defaultdict(list)
    by_dept_ent: dict[tuple[str, str], list[tuple[str, Window]]] = defaultdict(list)
    for item in problem.items:
        if feasible is not None and item.id not in feasible:
            continue
        w = window(item, problem.workdays)
        if w is None:
            continue
        by_ent[item.enterprise].append((item.id, w))
        by_dept_ent[(item.department, item.enterprise)].append((item.id, w))
    joint = sum(len(stab(ws)) for ws in by_ent.values())
    separate = sum(len(stab(ws)) for ws in by_dept_ent.values())
    return joint, separate
