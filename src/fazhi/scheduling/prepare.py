"""What every method shares: each item's window and whether it can be staffed at all, the officers
on duty each working day, and the wording of a visit's explanation."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from fazhi.scheduling.bounds import Window, window
from fazhi.scheduling.model import Item, Officer, Problem, Unscheduled, Visit


@dataclass
class Prepared:
    problem: Problem
    windows: dict[str, Window]  # feasible items only
    unscheduled: list[Unscheduled]  # items no method can place (no working day, nobody on duty)
    officers_on: list[list[Officer]]  # per workday index: certified officers available
    names: dict[str, str] = field(default_factory=dict)  # department id -> name, for explanations

    @property
    def items(self) -> dict[str, Item]:
        return {i.id: i for i in self.problem.items if i.id in self.windows}


def prepare(problem: Problem) -> Prepared:
    days = problem.workdays
    officers_on = [[o for o in problem.officers if o.certified and d not in o.unavailable] for d in days]
    depts_on = [{o.department for o in officers} for officers in officers_on]
    windows: dict[str, Window] = {}
    unscheduled: list[Unscheduled] = []
    for item in problem.items:
        w = window(item, days)
        if w is None:
            unscheduled.append(Unscheduled(item.id, "最早与最晚日期之间没有工作日", "no_workday"))
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
                    "no_officer",
                )
            )
            continue
        windows[item.id] = w
    return Prepared(problem, windows, unscheduled, officers_on)


def score(visits: list[Visit]) -> tuple[int, int, int]:
    """The lexicographic objective: items scheduled, then fewest visits, then fewest officer-visits."""
    return sum(len(v.items) for v in visits), -len(visits), -sum(len(v.officers) for v in visits)


def lead(items: list[Item]) -> str:
    counts: dict[str, int] = defaultdict(int)
    for i in items:
        counts[i.department] += 1
    return min(counts, key=lambda d: (-counts[d], d))


def explain(prep: Prepared, items: list[Item], day_index: int, lo: int, hi: int) -> str:
    days = prep.problem.workdays
    depts = sorted({prep.names.get(i.department, i.department) for i in items})
    return (
        f"{len(depts)} 个部门（{'、'.join(depts)}）的 {len(items)} 项检查的时间窗共同覆盖 "
        f"{days[lo].isoformat()} 至 {days[hi].isoformat()}，合并为 {days[day_index].isoformat()} 一次入企"
    )


def make_visit(prep: Prepared, group: list[Item], k: int, officers: list[str]) -> Visit:
    lo = max(prep.windows[i.id][0] for i in group)
    hi = min(prep.windows[i.id][1] for i in group)
    return Visit(
        group[0].enterprise,
        prep.problem.workdays[k],
        sorted(i.id for i in group),
        sorted(officers),
        lead(group),
        explain(prep, group, k, lo, hi),
    )
