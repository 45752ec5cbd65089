"""The monolithic CP-SAT model: items × days, visits (enterprise, day), officer assignments, with
the lexicographic objective. Exact, and only affordable for a township month."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from fazhi.scheduling.model import Item, Visit
from fazhi.scheduling.prepare import Prepared, make_visit

EXACT_MAX_ASSIGNMENTS = 60_000  # officer × (enterprise, day) booleans the exact model may create
SEED = 17  # CP-SAT's random seed: the same input gives the same schedule


def exact_size(prep: Prepared, items: dict[str, Item]) -> int:
    pairs: set[tuple[str, int]] = set()
    for iid, (a, b) in prep.windows.items():
        for k in range(a, b + 1):
            pairs.add((items[iid].enterprise, k))
    return sum(len(prep.officers_on[k]) for _, k in pairs)


def configure(solver: Any, time_limit: float, workers: int) -> None:
    """Deterministic CP-SAT: a fixed seed, a fixed number of workers (several interleave their
    search, which keeps it deterministic), stopped by deterministic time first; the wall-clock
    limit stops it too on a loaded machine (a run it stops may differ from run to run)."""
    solver.parameters.random_seed = SEED
    solver.parameters.num_workers = max(1, workers)
    solver.parameters.interleave_search = workers > 1
    solver.parameters.max_deterministic_time = time_limit
    solver.parameters.max_time_in_seconds = time_limit


def solve_exact(
    prep: Prepared, items: dict[str, Item], time_limit: float, workers: int, hint: list[Visit] | None = None
) -> tuple[list[Visit], list[str], bool]:
    """(visits, items left, proven optimal)."""
    from ortools.sat.python import cp_model  # seconds to import: only when a model is built

    days = prep.problem.workdays
    rules = prep.problem.rules
    m = cp_model.CpModel()
    y: dict[tuple[str, int], Any] = {}
    by_pair: dict[tuple[str, int], list[str]] = defaultdict(list)
    for iid, (a, b) in prep.windows.items():
        for k in range(a, b + 1):
            y[iid, k] = m.new_bool_var(f"y_{iid}_{k}")
            by_pair[items[iid].enterprise, k].append(iid)
        m.add(sum(y[iid, k] for k in range(a, b + 1)) <= 1)
    z: dict[tuple[str, int], Any] = {}
    w: dict[tuple[str, str, int], Any] = {}
    load: dict[tuple[str, int], list[Any]] = defaultdict(list)
    for (ent, k), iids in by_pair.items():
        zv = z[ent, k] = m.new_bool_var(f"z_{ent}_{k}")
        for iid in iids:
            m.add_implication(y[iid, k], zv)
        team = []
        by_dept: dict[str, list[Any]] = defaultdict(list)
        for o in prep.officers_on[k]:
            wv = w[o.id, ent, k] = m.new_bool_var(f"w_{o.id}_{ent}_{k}")
            m.add_implication(wv, zv)
            team.append(wv)
            by_dept[o.department].append(wv)
            load[o.id, k].append(wv)
        m.add(sum(team) >= rules.min_officers_per_visit * zv)
        for iid in iids:
            members = by_dept.get(items[iid].department, [])
            if members:
                m.add(sum(members) >= y[iid, k])
            else:
                m.add(y[iid, k] == 0)
    for vars_ in load.values():
        m.add(sum(vars_) <= rules.max_visits_per_officer_per_day)
    if hint:  # start from the best schedule so far: CP-SAT then only has to improve it
        index = {d: k for k, d in enumerate(days)}
        on = {(iid, index[v.date]) for v in hint for iid in v.items}
        staffed = {(o, v.enterprise, index[v.date]) for v in hint for o in v.officers}
        used = {(v.enterprise, index[v.date]) for v in hint}
        for item_day, var in y.items():
            m.add_hint(var, item_day in on)
        for ent_day, var in z.items():
            m.add_hint(var, ent_day in used)
        for officer_ent_day, var in w.items():
            m.add_hint(var, officer_ent_day in staffed)
    big_w = len(w) + 1
    big_z = big_w * (len(z) + 1)
    m.maximize(big_z * sum(y.values()) - big_w * sum(z.values()) - sum(w.values()))
    solver = cp_model.CpSolver()
    configure(solver, time_limit, workers)
    status = solver.solve(m)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return [], sorted(prep.windows), False
    visits: list[Visit] = []
    placed: set[str] = set()
    for (ent, k), zv in z.items():
        if not solver.value(zv):
            continue
        its = [items[i] for i in by_pair[ent, k] if solver.value(y[i, k])]
        if not its:
            continue
        placed.update(i.id for i in its)
        officers = [o.id for o in prep.officers_on[k] if solver.value(w[o.id, ent, k])]
        visits.append(make_visit(prep, its, k, officers))
    return visits, sorted(set(prep.windows) - placed), status == cp_model.OPTIMAL
