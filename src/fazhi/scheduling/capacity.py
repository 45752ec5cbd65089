"""Officer capacity during placement, kept incrementally (issue 17).

Per working day: each officer's visits, each department's capacity left and the day's, and how
many officers still have room. ``take`` updates them; nothing is re-summed, so a test of a day
costs a few lookups however many officers the county has.
"""

from __future__ import annotations

from collections import defaultdict

from fazhi.scheduling.model import Officer
from fazhi.scheduling.prepare import Prepared


class Capacity:
    def __init__(self, prep: Prepared) -> None:
        rules = prep.problem.rules
        self.max = rules.max_visits_per_officer_per_day
        self.min_team = rules.min_officers_per_visit
        self.used: dict[tuple[str, int], int] = defaultdict(int)
        self.by_dept: list[dict[str, list[Officer]]] = []  # per day: department -> officers, by id
        self.dept_left: list[dict[str, int]] = []  # per day: department -> visits its officers can still make
        self.day_left: list[int] = []  # per day: visits every officer together can still make
        self.free: list[int] = []  # per day: officers with room for one more visit
        for officers in prep.officers_on:
            groups: dict[str, list[Officer]] = defaultdict(list)
            for o in sorted(officers, key=lambda o: o.id):
                groups[o.department].append(o)
            self.by_dept.append(dict(groups))
            self.dept_left.append({d: self.max * len(os) for d, os in groups.items()})
            self.day_left.append(self.max * len(officers))
            self.free.append(len(officers))

    def dept_slack(self, dept: str, k: int) -> int:
        return self.dept_left[k].get(dept, 0)

    def slack(self, k: int) -> int:
        return self.day_left[k]

    def feasible(self, depts: set[str] | frozenset[str], k: int) -> bool:
        """Whether :meth:`team` finds a team on day k (without building it)."""
        left = self.dept_left[k]
        return self.free[k] >= self.min_team and all(left.get(d, 0) > 0 for d in depts)

    def least_loaded(self, dept: str, k: int, exclude: set[str] | frozenset[str] = frozenset()) -> Officer | None:
        best: Officer | None = None
        best_used = self.max
        for o in self.by_dept[k].get(dept, ()):
            n = self.used[o.id, k]
            if n < best_used and o.id not in exclude:
                best, best_used = o, n
        return best

    def least_loaded_n(self, dept: str, k: int, n: int, exclude: set[str]) -> list[Officer]:
        """The ``n`` officers of ``dept`` with most room on day k (ties by id), ``exclude`` aside."""
        if n == 1:
            pick = self.least_loaded(dept, k, exclude)
            return [] if pick is None else [pick]
        used, top = self.used, self.max
        mine = sorted(
            (used[o.id, k], o.id, o) for o in self.by_dept[k][dept] if o.id not in exclude and used[o.id, k] < top
        )
        return [o for _, _, o in mine[:n]]

    def team(self, depts: set[str] | frozenset[str], k: int) -> list[Officer] | None:
        """A team for a visit on day k: the least-loaded officer of each department, then, up to
        the minimum, officers of the departments with the most capacity left that day (any
        department may fill the second seat; taking it from a busy one starves its own items)."""
        chosen: list[Officer] = []
        for dept in sorted(depts):
            pick = self.least_loaded(dept, k)
            if pick is None:
                return None
            chosen.append(pick)
        need = self.min_team - len(chosen)
        if need > 0:
            taken = {o.id for o in chosen}
            left = self.dept_left[k]
            extra: list[tuple[tuple[int, bool, int, str], Officer]] = []
            for dept in self.by_dept[k]:
                if left[dept] <= 0:
                    continue
                mine = self.least_loaded_n(dept, k, need, taken)
                extra.extend(((-left[dept], dept not in depts, self.used[o.id, k], o.id), o) for o in mine)
            if len(extra) < need:
                return None
            extra.sort(key=lambda e: e[0])
            chosen.extend(o for _, o in extra[:need])
        return chosen

    def take(self, team: list[Officer], k: int) -> None:
        for o in team:
            n = self.used[o.id, k] = self.used[o.id, k] + 1
            self.dept_left[k][o.department] -= 1
            self.day_left[k] -= 1
            if n == self.max:
                self.free[k] -= 1
