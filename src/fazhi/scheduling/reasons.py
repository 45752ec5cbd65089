"""Why an item is left out: the constraint that binds on every day of its window (issue 17).

Read from the final schedule: for each working day of the item's window, either its department
has no certified officer on duty, or its officers on duty are fully booked, or its department has
room but too few officers are left with room to form a team. When some day of its window has
none of these, nothing local binds: the solver stopped (time limit) before placing it — or, when
optimality was proven, placing it would have displaced another item (its capacity is contended).
"""

from __future__ import annotations

from collections import Counter

from fazhi.scheduling.model import Unscheduled, Visit
from fazhi.scheduling.prepare import Prepared


def explain_left(prep: Prepared, visits: list[Visit], left: list[str], proven: bool) -> list[Unscheduled]:
    if not left:
        return []
    problem = prep.problem
    rules = problem.rules
    index = {d: k for k, d in enumerate(problem.workdays)}
    load: Counter[tuple[str, int]] = Counter()
    for v in visits:
        for o in v.officers:
            load[o, index[v.date]] += 1
    items = {i.id: i for i in problem.items}
    out: list[Unscheduled] = []
    for iid in left:
        item = items[iid]
        a, b = prep.windows[iid]
        absent: list[int] = []
        full: list[int] = []
        short: list[int] = []
        free_days: list[int] = []
        for k in range(a, b + 1):
            on = prep.officers_on[k]
            mine = [o for o in on if o.department == item.department]
            room = [o for o in on if load[o.id, k] < rules.max_visits_per_officer_per_day]
            if not mine:
                absent.append(k)
            elif all(load[o.id, k] >= rules.max_visits_per_officer_per_day for o in mine):
                full.append(k)
            elif len(room) < rules.min_officers_per_visit:
                short.append(k)
            else:
                free_days.append(k)
        name = prep.names.get(item.department, item.department)
        span = f"时间窗 {problem.workdays[a].isoformat()} 至 {problem.workdays[b].isoformat()} 的 {b - a + 1} 个工作日"
        parts = []
        if full:
            per_day = rules.max_visits_per_officer_per_day
            parts.append(f"{len(full)} 天 {name} 的在岗持证执法人员每人每日 {per_day} 次检查均已排满")
        if absent:
            parts.append(f"{len(absent)} 天 {name} 无持证执法人员在岗（请假、培训或证件到期）")
        if short:
            parts.append(f"{len(short)} 天尚有余力的执法人员不足 {rules.min_officers_per_visit} 人，无法组成检查组")
        if free_days:
            constraint = "officer_capacity" if proven else "time_limit"
            why = (
                "经求解器证明：安排这一项就要挤掉另一项（同期执法力量不足）"
                if proven
                else "求解时限内未能安排，当前排程为已找到的最好结果；延长时限或重新运行可能安排上"
            )
            out.append(Unscheduled(iid, f"{span}中，{why}", constraint))
            continue
        constraint = "officer_capacity" if len(full) + len(absent) >= len(short) else "team_size"
        out.append(Unscheduled(iid, f"{span}中：" + "；".join(parts), constraint))
    return out
