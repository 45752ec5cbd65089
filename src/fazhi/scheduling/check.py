"""Check a solution against its problem: every rule of the contract, as a list of violations."""

from __future__ import annotations

from collections import Counter

from fazhi.scheduling.model import Problem, Solution


def violations(problem: Problem, solution: Solution) -> list[str]:
    out: list[str] = []
    items = {i.id: i for i in problem.items}
    officers = {o.id: o for o in problem.officers}
    workdays = set(problem.workdays)
    seen = Counter([iid for v in solution.visits for iid in v.items] + [u.item for u in solution.unscheduled])
    for iid in items:
        if seen[iid] != 1:
            out.append(f"item {iid} appears {seen[iid]} times")
    for extra in set(seen) - set(items):
        out.append(f"unknown item {extra}")
    load: Counter[tuple[str, object]] = Counter()
    for v in solution.visits:
        where = f"visit {v.enterprise} {v.date}"
        if v.date not in workdays:
            out.append(f"{where}: not a working day of the period")
        its = [items[i] for i in v.items if i in items]
        if not its:
            out.append(f"{where}: no items")
        for it in its:
            if it.enterprise != v.enterprise:
                out.append(f"{where}: item {it.id} belongs to {it.enterprise}")
            if not it.earliest <= v.date <= it.latest:
                out.append(f"{where}: outside the window of item {it.id}")
        team = [officers[o] for o in v.officers if o in officers]
        if len(set(v.officers)) != len(v.officers) or len(team) != len(v.officers):
            out.append(f"{where}: unknown or repeated officers")
        if len(team) < problem.rules.min_officers_per_visit:
            out.append(f"{where}: {len(team)} officers, fewer than {problem.rules.min_officers_per_visit}")
        for o in team:
            if not o.certified:
                out.append(f"{where}: officer {o.id} is not certified")
            if v.date in o.unavailable:
                out.append(f"{where}: officer {o.id} is unavailable")
            load[o.id, v.date] += 1
        absorbed = {i for group in v.merged for i in group[1:]}
        for group in v.merged:
            members = [items[i] for i in group if i in items]
            if len(members) != len(group) or not set(group) <= set(v.items):
                out.append(f"{where}: merged group {group} is not among the visit's items")
            elif len({(i.enterprise, i.matter) for i in members}) != 1 or not members[0].matter:
                out.append(f"{where}: merged group {group} does not share one matter")
        # an item merged into another department's check of the same matter needs no officer of its own
        for dept in {i.department for i in its if i.id not in absorbed} - {o.department for o in team}:
            out.append(f"{where}: no officer of department {dept}")
        if its and v.lead_department not in {i.department for i in its}:
            out.append(f"{where}: lead department {v.lead_department} has no item in the visit")
    for (oid, day), n in load.items():
        if n > problem.rules.max_visits_per_officer_per_day:
            out.append(f"officer {oid} has {n} visits on {day}")
    return out
