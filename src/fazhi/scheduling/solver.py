"""Coordination (综合查一次): merge every department's items into as few joint visits as the
windows, the calendar and the officers allow.

Objective, in order: schedule every item that can be scheduled; fewest visits; fewest
officer-visits. Two methods:

* ``exact`` — one CP-SAT model over (enterprise, day) visits, items and officer assignments,
  used when the model is small enough (a township month); optimal when the solver proves it
  within the time limit, otherwise the best solution found.
* ``decomposition`` — for a county month: per enterprise, the exact stabbing groups (the lower
  bound's own visits), placed most-constrained first on the day where a team can be formed;
  a group that finds no day is split by department and retried.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from fazhi.scheduling.bounds import Window, lower_bound, stab, window
from fazhi.scheduling.model import Item, Officer, Problem, Solution, Stats, Unscheduled, Visit

EXACT_MAX_ASSIGNMENTS = 60_000  # officer × (enterprise, day) booleans the exact model may create


@dataclass
class _Prepared:
    problem: Problem
    windows: dict[str, Window]
    unscheduled: list[Unscheduled]
    officers_on: list[list[Officer]]  # per workday index: certified officers available
    names: dict[str, str] = field(default_factory=dict)  # department id -> name, for explanations


def _prepare(problem: Problem) -> _Prepared:
    days = problem.workdays
    officers_on = [[o for o in problem.officers if o.certified and d not in o.unavailable] for d in days]
    depts_on = [{o.department for o in officers} for officers in officers_on]
    windows: dict[str, Window] = {}
    unscheduled: list[Unscheduled] = []
    for item in problem.items:
        w = window(item, days)
        if w is None:
            unscheduled.append(Unscheduled(item.id, "最早与最晚日期之间没有工作日"))
            continue
        staffed = [
            k
            for k in range(w[0], w[1] + 1)
            if item.department in depts_on[k] and len(officers_on[k]) >= problem.rules.min_officers_per_visit
        ]
        if not staffed:
            unscheduled.append(
                Unscheduled(
                    item.id,
                    f"时间窗内没有任何一个工作日能由 {item.department} 的持证在岗执法人员"
                    f"组成至少 {problem.rules.min_officers_per_visit} 人的检查组",
                )
            )
            continue
        windows[item.id] = w
    return _Prepared(problem, windows, unscheduled, officers_on)


def solve(
    problem: Problem,
    *,
    time_limit: float = 10.0,
    method: str = "auto",
    workers: int = 2,
    names: Mapping[str, str] | None = None,
) -> Solution:
    """``names`` maps department ids to the names the explanations use (ids when absent)."""
    started = time.perf_counter()
    prep = _prepare(problem)
    prep.names = dict(names or {})
    items = {i.id: i for i in problem.items if i.id in prep.windows}
    joint, separate = lower_bound(problem, feasible=set(prep.windows))
    visits, left, note = _solve_decomposition(prep, items)
    # Every feasible item placed in as many visits as the lower bound: the first two objectives
    # are optimal, and each visit already has its smallest team; the exact model is kept for
    # months where the decomposition misses the bound (tight capacity) or when asked for.
    at_bound = not left and len(visits) == joint
    small = _exact_size(prep, items) <= EXACT_MAX_ASSIGNMENTS
    if method == "exact" or (method == "auto" and not at_bound and small):
        exact = _solve_exact(prep, items, time_limit, workers, hint=visits)
        if _score(exact[0]) >= _score(visits):  # the hint is feasible, so this only fails on a timeout
            visits, left, note = exact
        method = "exact"
    else:
        method = "decomposition (at the lower bound)" if at_bound else "decomposition"
    unscheduled = prep.unscheduled + [Unscheduled(i, note) for i in left]
    visits.sort(key=lambda v: (v.date, v.enterprise))
    solution = Solution(visits=visits, unscheduled=unscheduled)
    solution.stats = Stats(
        items=len(problem.items),
        separate_visits=separate,
        visits=len(visits),
        lower_bound=joint,
        seconds=time.perf_counter() - started,
        method=method,
    )
    return solution


def _score(visits: list[Visit]) -> tuple[int, int, int]:
    return sum(len(v.items) for v in visits), -len(visits), -sum(len(v.officers) for v in visits)


def _exact_size(prep: _Prepared, items: dict[str, Item]) -> int:
    pairs: set[tuple[str, int]] = set()
    for iid, (a, b) in prep.windows.items():
        for k in range(a, b + 1):
            pairs.add((items[iid].enterprise, k))
    return sum(len(prep.officers_on[k]) for _, k in pairs)


def _lead(items: list[Item]) -> str:
    counts: dict[str, int] = defaultdict(int)
    for i in items:
        counts[i.department] += 1
    return min(counts, key=lambda d: (-counts[d], d))


def _explain(prep: _Prepared, items: list[Item], day_index: int, lo: int, hi: int) -> str:
    days = prep.problem.workdays
    depts = sorted({prep.names.get(i.department, i.department) for i in items})
    return (
        f"{len(depts)} 个部门 ({'、'.join(depts)}) 的 {len(items)} 项检查的时间窗共同覆盖 "
        f"{days[lo].isoformat()} 至 {days[hi].isoformat()}, 合并为 {days[day_index].isoformat()} 一次入企"
    )


# --- exact ---------------------------------------------------------------------------------------


def _solve_exact(
    prep: _Prepared, items: dict[str, Item], time_limit: float, workers: int, hint: list[Visit] | None = None
) -> tuple[list[Visit], list[str], str]:
    days = prep.problem.workdays
    rules = prep.problem.rules
    m = cp_model.CpModel()
    y: dict[tuple[str, int], cp_model.IntVar] = {}
    by_pair: dict[tuple[str, int], list[str]] = defaultdict(list)
    for iid, (a, b) in prep.windows.items():
        for k in range(a, b + 1):
            y[iid, k] = m.new_bool_var(f"y_{iid}_{k}")
            by_pair[items[iid].enterprise, k].append(iid)
        m.add(sum(y[iid, k] for k in range(a, b + 1)) <= 1)
    z: dict[tuple[str, int], cp_model.IntVar] = {}
    w: dict[tuple[str, str, int], cp_model.IntVar] = {}
    load: dict[tuple[str, int], list[cp_model.IntVar]] = defaultdict(list)
    for (ent, k), iids in by_pair.items():
        zv = z[ent, k] = m.new_bool_var(f"z_{ent}_{k}")
        for iid in iids:
            m.add_implication(y[iid, k], zv)
        team = []
        by_dept: dict[str, list[cp_model.IntVar]] = defaultdict(list)
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
    if hint:  # start from the decomposition's schedule: CP-SAT then only has to improve it
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
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = workers
    status = solver.solve(m)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return [], list(prep.windows), "求解器在时限内没有找到排程"
    proven = status == cp_model.OPTIMAL
    visits: list[Visit] = []
    placed: set[str] = set()
    for (ent, k), zv in z.items():
        if not solver.value(zv):
            continue
        its = [items[i] for i in by_pair[ent, k] if solver.value(y[i, k])]
        if not its:
            continue
        placed.update(i.id for i in its)
        officers = sorted(o.id for o in prep.officers_on[k] if solver.value(w[o.id, ent, k]))
        lo = max(prep.windows[i.id][0] for i in its)
        hi = min(prep.windows[i.id][1] for i in its)
        visits.append(
            Visit(ent, days[k], sorted(i.id for i in its), officers, _lead(its), _explain(prep, its, k, lo, hi))
        )
    left = sorted(set(prep.windows) - placed)
    note = (
        "时间窗内执法力量不足, 无法组成符合要求的检查组" if proven else "求解时限内未能安排; 当前排程为已找到的最好结果"
    )
    return visits, left, note


# --- decomposition -------------------------------------------------------------------------------


class _Capacity:
    def __init__(self, prep: _Prepared) -> None:
        self.prep = prep
        self.used: dict[tuple[str, int], int] = defaultdict(int)
        self.max = prep.problem.rules.max_visits_per_officer_per_day

    def team(self, depts: set[str], k: int) -> list[Officer] | None:
        """A team for a visit on day k: the least-loaded officer of each department, then, up to
        the minimum, officers of the departments with the most capacity left that day (any
        department may fill the second seat; taking it from a busy one starves its own items)."""
        free = [o for o in self.prep.officers_on[k] if self.used[o.id, k] < self.max]
        free.sort(key=lambda o: (self.used[o.id, k], o.id))
        chosen: list[Officer] = []
        for dept in sorted(depts):
            pick = next((o for o in free if o.department == dept), None)
            if pick is None:
                return None
            chosen.append(pick)
        need = self.prep.problem.rules.min_officers_per_visit - len(chosen)
        if need > 0:
            extra = [o for o in free if o not in chosen]
            if len(extra) < need:
                return None
            slack = {d: self.dept_slack(d, k) for d in {o.department for o in extra}}
            extra.sort(key=lambda o: (-slack[o.department], o.department not in depts, self.used[o.id, k], o.id))
            chosen.extend(extra[:need])
        return chosen

    def dept_slack(self, dept: str, k: int) -> int:
        return sum(self.max - self.used[o.id, k] for o in self.prep.officers_on[k] if o.department == dept)

    def take(self, team: list[Officer], k: int) -> None:
        for o in team:
            self.used[o.id, k] += 1

    def slack(self, k: int) -> int:
        return sum(self.max - self.used[o.id, k] for o in self.prep.officers_on[k])


def _solve_decomposition(prep: _Prepared, items: dict[str, Item]) -> tuple[list[Visit], list[str], str]:
    days = prep.problem.workdays
    groups: list[list[Item]] = []
    by_ent: dict[str, list[tuple[str, Window]]] = defaultdict(list)
    for iid, w in prep.windows.items():
        by_ent[items[iid].enterprise].append((iid, w))
    for ws in by_ent.values():
        groups.extend([items[i] for i in ids] for _, ids in stab(ws))
    cap = _Capacity(prep)
    visits: list[Visit] = []
    left: list[str] = []
    queue = [(g, False) for g in groups]
    queue.sort(key=lambda q: _span(q[0], prep))
    while queue:
        group, split = queue.pop(0)
        lo = max(prep.windows[i.id][0] for i in group)
        hi = min(prep.windows[i.id][1] for i in group)
        depts = {i.department for i in group}
        best: tuple[int, int, list[Officer]] | None = None
        for k in range(lo, hi + 1):
            team = cap.team(depts, k)
            if team is None:
                continue
            # the day where the visit's scarcest department keeps the most capacity
            room = min(cap.dept_slack(d, k) for d in depts) * 10_000 + cap.slack(k)
            if best is None or room > best[0]:
                best = (room, k, team)
        if best is not None:
            _, k, team = best
            cap.take(team, k)
            visits.append(
                Visit(
                    group[0].enterprise,
                    days[k],
                    sorted(i.id for i in group),
                    sorted(o.id for o in team),
                    _lead(group),
                    _explain(prep, group, k, lo, hi),
                )
            )
        elif not split and len(depts) > 1:
            for dept in sorted(depts):
                part = [i for i in group if i.department == dept]
                for _, ids in stab([(i.id, prep.windows[i.id]) for i in part]):
                    queue.append(([items[i] for i in ids], True))
            queue.sort(key=lambda q: _span(q[0], prep))
        else:
            left.extend(i.id for i in group)
    left = _repair(prep, items, cap, visits, left)
    return visits, sorted(left), "时间窗内执法力量不足, 无法组成符合要求的检查组"


def _repair(prep: _Prepared, items: dict[str, Item], cap: _Capacity, visits: list[Visit], left: list[str]) -> list[str]:
    """Last chances for an item no group could place: join a visit of its enterprise inside its
    window (adding an officer of its department if the team lacks one), else a visit of its own."""
    days = prep.problem.workdays
    index = {d: k for k, d in enumerate(days)}
    officers = {o.id: o for o in prep.problem.officers}
    by_ent: dict[str, list[Visit]] = defaultdict(list)
    for v in visits:
        by_ent[v.enterprise].append(v)
    still: list[str] = []
    for iid in left:
        item = items[iid]
        a, b = prep.windows[iid]
        placed = False
        for v in sorted(by_ent[item.enterprise], key=lambda v: v.date):
            k = index[v.date]
            if not a <= k <= b:
                continue
            if item.department not in {officers[o].department for o in v.officers}:
                extra = next(
                    (
                        o
                        for o in sorted(prep.officers_on[k], key=lambda o: (cap.used[o.id, k], o.id))
                        if o.department == item.department and o.id not in v.officers and cap.used[o.id, k] < cap.max
                    ),
                    None,
                )
                if extra is None:
                    continue
                cap.take([extra], k)
                v.officers = sorted([*v.officers, extra.id])
            v.items = sorted([*v.items, iid])
            placed = True
            break
        if not placed:
            for k in range(a, b + 1):
                team = cap.team({item.department}, k)
                if team is not None:
                    cap.take(team, k)
                    v = Visit(
                        item.enterprise,
                        days[k],
                        [iid],
                        sorted(o.id for o in team),
                        item.department,
                        _explain(prep, [item], k, a, b),
                    )
                    visits.append(v)
                    by_ent[item.enterprise].append(v)
                    placed = True
                    break
        if not placed:
            still.append(iid)
    return still


def _span(group: list[Item], prep: _Prepared) -> int:
    return min(prep.windows[i.id][1] for i in group) - max(prep.windows[i.id][0] for i in group)
