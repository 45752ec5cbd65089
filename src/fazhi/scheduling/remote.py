"""非现场检查 at coordination: remote items (documents, data, video) need no trip, so they are not
merged into visits by day and officer capacity. Each department's remote items of one enterprise
whose windows overlap become one remote visit: one request for documents, one approval, one record.

A remote visit is dated on the first working day of the items' common window on which the
department has ``min_officers_per_visit`` certified officers on duty (the team, the least used
first); no per-day cap applies (no travel). An item left out says why: no working day in its
window, or never enough of its department's officers on duty.
"""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping
from typing import Any

from fazhi.scheduling.bounds import window
from fazhi.scheduling.model import Item, Officer, Problem, Solution, Unscheduled, Visit


def split_remote(problem: Problem) -> tuple[Problem, list[Item]]:
    """The problem without its remote items, and the remote items."""
    remote = [i for i in problem.items if i.remote]
    return dataclasses.replace(problem, items=tuple(i for i in problem.items if not i.remote)), remote


def solve_with_remote(
    problem: Problem, solve: Callable[..., Solution], names: Mapping[str, str] | None = None, **options: Any
) -> Solution:
    """The on-site items solved by ``solve``, the remote ones grouped here; the figures of the
    solution (visits, separate visits, lower bound) stay those of the on-site visits, ``items``
    counts both."""
    onsite, remote = split_remote(problem)
    solution = solve(onsite, names=names, **options)
    visits, left = group_remote(problem, remote, names or {})
    solution.remote_visits = visits
    solution.unscheduled.extend(left)
    if solution.stats is not None:
        solution.stats.items += len(remote)
    return solution


def group_remote(
    problem: Problem, items: list[Item], names: Mapping[str, str]
) -> tuple[list[Visit], list[Unscheduled]]:
    """Remote visits for ``items`` (one per department, enterprise and overlapping windows)."""
    days = problem.workdays
    need = problem.rules.min_officers_per_visit
    on_duty: dict[str, list[list[Officer]]] = defaultdict(lambda: [[] for _ in days])
    for o in problem.officers:
        if o.certified:
            for k, d in enumerate(days):
                if d not in o.unavailable:
                    on_duty[o.department][k].append(o)
    by_pair: dict[tuple[str, str], list[Item]] = defaultdict(list)
    for item in items:
        by_pair[item.department, item.enterprise].append(item)
    used: Counter[str] = Counter()
    visits: list[Visit] = []
    left: list[Unscheduled] = []
    for (dept, _ent), group in sorted(by_pair.items()):
        staffed = [len(officers) >= need for officers in on_duty[dept]]
        current: list[Item] = []
        lo = hi = 0
        for item in sorted(group, key=lambda i: (i.earliest, i.latest, i.id)):
            w = window(item, days)
            if w is None:
                left.append(Unscheduled(item.id, "最早与最晚日期之间没有工作日", "no_workday"))
                continue
            if not any(staffed[w[0] : w[1] + 1]):
                name = names.get(dept, dept)
                left.append(
                    Unscheduled(
                        item.id, f"时间窗内 {name} 没有一天能有 {need} 名持证在岗执法人员进行非现场检查", "no_officer"
                    )
                )
                continue
            a, b = max(lo, w[0]), min(hi, w[1])
            if current and a <= b and any(staffed[a : b + 1]):
                current.append(item)
                lo, hi = a, b
                continue
            if current:
                visits.append(_visit(current, lo, hi, days, staffed, on_duty[dept], need, used, names))
            current, lo, hi = [item], w[0], w[1]
        if current:
            visits.append(_visit(current, lo, hi, days, staffed, on_duty[dept], need, used, names))
    visits.sort(key=lambda v: (v.date, v.enterprise, v.lead_department))
    return visits, left


def _visit(
    group: list[Item],
    lo: int,
    hi: int,
    days: tuple[Any, ...],
    staffed: list[bool],
    on_duty: list[list[Officer]],
    need: int,
    used: Counter[str],
    names: Mapping[str, str],
) -> Visit:
    k = next(k for k in range(lo, hi + 1) if staffed[k])
    team = sorted(on_duty[k], key=lambda o: (used[o.id], o.id))[:need]
    used.update(o.id for o in team)
    dept = group[0].department
    return Visit(
        group[0].enterprise,
        days[k],
        sorted(i.id for i in group),
        sorted(o.id for o in team),
        dept,
        f"非现场检查：{names.get(dept, dept)} 的 {len(group)} 项检查时间窗共同覆盖 {days[lo].isoformat()} 至 "
        f"{days[hi].isoformat()}，合并为一次非现场检查（书面、数据或视频），不入企，自 {days[k].isoformat()} 起进行",
    )
