"""The decomposed CP-SAT model (issue 17): the stabbing groups (the lower bound's own visits) are
fixed, CP-SAT chooses each group's day and the departments of its extra seats.

Variables: ``x[g, k]`` (group g visits on day k, with one officer of each of its departments).
Constraints: one day per group; per day and department, no more officer-visits than its officers
on duty can make; per day, the teams' seats (the minimum team or one per department, whichever is
larger) within what every officer on duty can make — the extra seats of a small group come from
any department with room, chosen after solving (``_staff``). First as a feasibility model — every group placed, so every
feasible item at the lower bound, which CP-SAT settles in about a second where the greedy leaves
items — and, when that is proven impossible, as the most items placed, then the fewest visits.

Counting officers per department instead of choosing each one loses nothing: when every visit
asks at most as many officers of a department as are on duty and the department's total fits its
capacity, dealing the seats round-robin over its officers (sorted by id) gives every visit distinct
officers and nobody more than the daily maximum (McNaughton's wrap-around rule).
"""

from __future__ import annotations

import time
from collections import defaultdict
from typing import Any

from fazhi.scheduling.exact import configure
from fazhi.scheduling.greedy import groups_of
from fazhi.scheduling.model import Item, Officer, Visit
from fazhi.scheduling.prepare import Prepared, make_visit

DECOMPOSED_MAX_VARS = 250_000  # (group, day) choices and extra-seat counters the model may create
DECOMPOSED_WORKERS = 1  # one search thread: deterministic, and the fastest on a 2-core machine


def on_duty(prep: Prepared) -> list[dict[str, list[Officer]]]:
    out: list[dict[str, list[Officer]]] = []
    for officers in prep.officers_on:
        by_dept: dict[str, list[Officer]] = defaultdict(list)
        for o in sorted(officers, key=lambda o: o.id):
            by_dept[o.department].append(o)
        out.append(dict(by_dept))
    return out


def candidate_days(prep: Prepared, group: list[Item], duty: list[dict[str, list[Officer]]]) -> list[int]:
    """Days of the group's common window with an officer of each of its departments on duty."""
    lo = max(prep.windows[i.id][0] for i in group)
    hi = min(prep.windows[i.id][1] for i in group)
    need = prep.problem.rules.min_officers_per_visit
    depts = {i.department for i in group}
    return [k for k in range(lo, hi + 1) if len(prep.officers_on[k]) >= need and all(d in duty[k] for d in depts)]


def decomposed_size(prep: Prepared, items: dict[str, Item]) -> int:
    duty = on_duty(prep)
    return sum(len(candidate_days(prep, group, duty)) for group in groups_of(prep, items))


def solve_decomposed(prep: Prepared, items: dict[str, Item], time_limit: float) -> tuple[list[Visit], list[str], bool]:
    """(visits, items left, proven: all groups placed, or no more items can be placed this way)."""
    started = time.perf_counter()
    found = _solve(prep, items, time_limit, every_group=True)
    if found is not None:
        return found
    return _solve(prep, items, max(1.0, time_limit - (time.perf_counter() - started)), every_group=False) or (
        [],
        sorted(prep.windows),
        False,
    )


def _solve(
    prep: Prepared, items: dict[str, Item], time_limit: float, *, every_group: bool
) -> tuple[list[Visit], list[str], bool] | None:
    from ortools.sat.python import cp_model  # seconds to import: only when a model is built

    rules = prep.problem.rules
    need, per_day = rules.min_officers_per_visit, rules.max_visits_per_officer_per_day
    duty = on_duty(prep)
    groups = groups_of(prep, items)
    m = cp_model.CpModel()
    x: dict[tuple[int, int], Any] = {}
    seats: dict[tuple[int, str], list[Any]] = defaultdict(list)
    day_seats: dict[int, list[Any]] = defaultdict(list)
    placed_items: list[Any] = []
    for g, group in enumerate(groups):
        depts = sorted({i.department for i in group})
        days = candidate_days(prep, group, duty)
        for k in days:
            xv = x[g, k] = m.new_bool_var(f"x{g}_{k}")
            for d in depts:
                seats[k, d].append(xv)
            day_seats[k].append(max(need, len(depts)) * xv)
            placed_items.append(len(group) * xv)
        choices = [x[g, k] for k in days]
        if every_group:
            if not choices:
                return None
            m.add_exactly_one(choices)
        elif choices:
            m.add_at_most_one(choices)
    for (k, d), used in seats.items():
        m.add(sum(used) <= per_day * len(duty[k][d]))
    for k, used in day_seats.items():  # the extra seats, from any department with room that day
        m.add(sum(used) <= per_day * len(prep.officers_on[k]))
    if not every_group:
        m.maximize((len(x) + 1) * sum(placed_items) - sum(x.values()))
    solver = cp_model.CpSolver()
    configure(solver, time_limit, DECOMPOSED_WORKERS)
    status = solver.solve(m)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    chosen: dict[int, list[int]] = defaultdict(list)
    for (g, k), xv in sorted(x.items()):
        if solver.value(xv):
            chosen[k].append(g)
    visits: list[Visit] = []
    placed: set[str] = set()
    for k, gs in sorted(chosen.items()):
        for g, crew in _staff(groups, gs, duty[k], need, per_day):
            placed.update(i.id for i in groups[g])
            visits.append(make_visit(prep, groups[g], k, crew))
    proven = every_group or status == cp_model.OPTIMAL
    left = sorted(set(prep.windows) - placed)
    return visits, left, proven and (not left or not every_group)


def _staff(
    groups: list[list[Item]], chosen: list[int], duty: dict[str, list[Officer]], need: int, per_day: int
) -> list[tuple[int, list[str]]]:
    """Teams for one day's visits: one officer of each department of the visit, the extra seats from
    the departments with most room left (the model kept their total within the day's capacity),
    then each department's seats dealt round-robin over its officers. A visit whose extra seat
    finds no department (only when a one-officer department is the only one with room) is left
    out, and its items go to the repair."""
    room = {d: per_day * len(officers) for d, officers in duty.items()}
    counts: dict[int, dict[str, int]] = {}
    for g in chosen:
        own = {i.department for i in groups[g]}
        counts[g] = dict.fromkeys(sorted(own), 1)
        for d in own:
            room[d] -= 1
    for g in sorted(chosen, key=lambda g: (len({i.department for i in groups[g]}), g)):
        for _ in range(need - len(counts[g])):
            options = [d for d in sorted(duty) if room[d] > 0 and counts[g].get(d, 0) < len(duty[d])]
            if not options:
                for d, n in counts.pop(g).items():
                    room[d] += n
                break
            d = max(options, key=lambda d: room[d])
            counts[g][d] = counts[g].get(d, 0) + 1
            room[d] -= 1
    dealt: dict[str, int] = defaultdict(int)  # the next seat of each department's round-robin
    out: list[tuple[int, list[str]]] = []
    for g in chosen:
        if g not in counts:
            continue
        crew: list[str] = []
        for d, n in sorted(counts[g].items()):
            for _ in range(n):
                crew.append(duty[d][dealt[d] % len(duty[d])].id)
                dealt[d] += 1
        out.append((g, crew))
    return out
