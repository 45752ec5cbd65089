"""The greedy decomposition: the stabbing groups (the lower bound's own visits) placed most
constrained first on the day that keeps the visit's scarcest department's capacity; a group that
finds no day is split by department; a leftover item joins a visit of its enterprise or gets its own.
"""

from __future__ import annotations

import heapq
from collections import defaultdict

from fazhi.scheduling.bounds import Window, stab
from fazhi.scheduling.capacity import Capacity
from fazhi.scheduling.model import Item, Officer, Visit
from fazhi.scheduling.prepare import Prepared, explain, make_visit


def groups_of(prep: Prepared, items: dict[str, Item]) -> list[list[Item]]:
    """Per enterprise, the fewest working days hitting every window, as groups of items."""
    by_ent: dict[str, list[tuple[str, Window]]] = defaultdict(list)
    for iid, w in prep.windows.items():
        by_ent[items[iid].enterprise].append((iid, w))
    groups: list[list[Item]] = []
    for ws in by_ent.values():
        groups.extend([items[i] for i in ids] for _, ids in stab(ws))
    return groups


def span(group: list[Item], prep: Prepared) -> int:
    return min(prep.windows[i.id][1] for i in group) - max(prep.windows[i.id][0] for i in group)


def solve_greedy(prep: Prepared, items: dict[str, Item]) -> tuple[list[Visit], list[str], Capacity]:
    cap = Capacity(prep)
    visits: list[Visit] = []
    left: list[str] = []
    # most constrained (narrowest common window) first; ties in the order the groups were formed
    queue: list[tuple[int, int, list[Item], bool]] = []
    seq = 0
    for group in groups_of(prep, items):
        queue.append((span(group, prep), seq, group, False))
        seq += 1
    heapq.heapify(queue)
    while queue:
        _, _, group, split = heapq.heappop(queue)
        lo = max(prep.windows[i.id][0] for i in group)
        hi = min(prep.windows[i.id][1] for i in group)
        depts = {i.department for i in group}
        best: tuple[int, int] | None = None
        for k in range(lo, hi + 1):
            if not cap.feasible(depts, k):
                continue
            # the day where the visit's scarcest department keeps the most capacity
            room = min(cap.dept_slack(d, k) for d in depts) * 10_000 + cap.slack(k)
            if best is None or room > best[0]:
                best = (room, k)
        if best is not None:
            k = best[1]
            team = cap.team(depts, k)
            if team is None:  # an invariant (feasible() said yes), kept under python -O
                raise RuntimeError("no team on a feasible day")
            cap.take(team, k)
            visits.append(make_visit(prep, group, k, [o.id for o in team]))
        elif not split and len(depts) > 1:
            for dept in sorted(depts):
                part = [i for i in group if i.department == dept]
                for _, ids in stab([(i.id, prep.windows[i.id]) for i in part]):
                    sub = [items[i] for i in ids]
                    heapq.heappush(queue, (span(sub, prep), seq, sub, True))
                    seq += 1
        else:
            left.extend(i.id for i in group)
    left = repair(prep, items, cap, visits, left)
    return visits, sorted(left), cap


def repair(prep: Prepared, items: dict[str, Item], cap: Capacity, visits: list[Visit], left: list[str]) -> list[str]:
    """Last chances for an item no group could place: join a visit of its enterprise inside its
    window (adding an officer of its department if the team lacks one), else a visit of its own."""
    days = prep.problem.workdays
    index = {d: k for k, d in enumerate(days)}
    officers: dict[str, Officer] = {o.id: o for o in prep.problem.officers}
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
                extra = cap.least_loaded(item.department, k, exclude=set(v.officers))
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
                        explain(prep, [item], k, a, b),
                    )
                    visits.append(v)
                    by_ent[item.enterprise].append(v)
                    placed = True
                    break
        if not placed:
            still.append(iid)
    return still
