"""合并同类项: items of one enterprise that share a catalogue matter (``Item.matter``) and whose
windows share a working day are ONE check, done by one department, its result shared with the
others (结果互认).

Before solving, each such group becomes one item: the id and department of the item whose
department does the check (the performer), the group's common window. After solving, the visit
holding it gets the other items back and lists the group in ``Visit.merged`` (performer first);
an unscheduled group leaves every member unscheduled with the same reason.

The performer: a department with a certified officer, then the one with most items at the
enterprise this month (its officers come anyway), then the smallest department id.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping

from fazhi.scheduling.bounds import Window, stab, window
from fazhi.scheduling.model import Item, Problem, Unscheduled, Visit


def merge_groups(problem: Problem) -> dict[str, list[str]]:
    """{performer item id: [performer id, the other ids sorted]} for every group of two or more."""
    by_matter: dict[tuple[str, str], list[Item]] = defaultdict(list)
    for item in problem.items:
        if item.matter:
            by_matter[item.enterprise, item.matter].append(item)
    load = Counter((i.enterprise, i.department) for i in problem.items)
    staffed = {o.department for o in problem.officers if o.certified}
    by_id = {i.id: i for i in problem.items}
    groups: dict[str, list[str]] = {}
    for (ent, _matter), items in sorted(by_matter.items()):
        if len(items) < 2:
            continue
        spans: list[tuple[str, Window]] = [(i.id, w) for i in items if (w := window(i, problem.workdays)) is not None]
        for _day, ids in stab(spans):
            if len(ids) < 2:
                continue
            members = [by_id[i] for i in ids]
            lead = min(
                members, key=lambda i: (i.department not in staffed, -load[ent, i.department], i.department, i.id)
            )
            groups[lead.id] = [lead.id, *sorted(i for i in ids if i != lead.id)]
    return groups


def merged_problem(problem: Problem, groups: Mapping[str, list[str]]) -> Problem:
    """The problem with each group as one item: the performer's, on the group's common window."""
    if not groups:
        return problem
    by_id = {i.id: i for i in problem.items}
    absorbed = {i for ids in groups.values() for i in ids[1:]}
    items: list[Item] = []
    for item in problem.items:
        if item.id in absorbed:
            continue
        if item.id in groups:
            members = [by_id[i] for i in groups[item.id]]
            item = Item(
                item.id,
                item.department,
                item.enterprise,
                item.matter,
                max(i.earliest for i in members),
                min(i.latest for i in members),
            )
        items.append(item)
    return Problem(problem.start, problem.end, problem.workdays, problem.rules, tuple(items), problem.officers)


def expand(
    problem: Problem,
    groups: Mapping[str, list[str]],
    visits: list[Visit],
    unscheduled: list[Unscheduled],
    names: Mapping[str, str],
) -> int:
    """Give the merged items back to their visits (and reasons); the number of items absorbed."""
    if not groups:
        return 0
    by_id = {i.id: i for i in problem.items}
    absorbed = 0
    for v in visits:
        for iid in list(v.items):
            ids = groups.get(iid)
            if ids is None:
                continue
            v.items = sorted([*v.items, *ids[1:]])
            v.merged.append(list(ids))
            absorbed += len(ids) - 1
            doer = by_id[ids[0]].department
            others = sorted({names.get(by_id[i].department, by_id[i].department) for i in ids[1:]})
            v.explanation += (
                f"；同一事项 {by_id[iid].matter} 合并同类项，由 {names.get(doer, doer)} 检查一次，"
                f"结果与 {'、'.join(others)} 互认"
            )
        v.merged.sort()
    for u in list(unscheduled):
        for other in groups.get(u.item, [])[1:]:
            unscheduled.append(Unscheduled(other, u.reason, u.constraint))
    return absorbed
