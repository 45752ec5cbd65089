"""Coordination (综合查一次): merge every department's items into as few joint visits as the
windows, the calendar and the officers allow.

Objective, in order: schedule every item that can be scheduled; fewest visits; fewest
officer-visits. The methods, cheapest first (``auto``):

1. the greedy decomposition (``method="greedy"``, stats ``decomposition``): per enterprise the
   exact stabbing groups (the lower bound's own visits), placed most-constrained first with
   incremental capacity bookkeeping — a county month in a second or two. Every feasible item placed
   at the lower bound: done.
2. otherwise the decomposed CP-SAT model (``method="decomposition"`` stops here, stats
   ``decomposition (CP-SAT)``): the same groups, CP-SAT choosing their days within each day's and
   department's capacity — a tight month complete (``scheduling.decomposed``).
3. still items left or above the bound, and small enough: the monolithic CP-SAT model
   (``exact``), hinted with the best schedule so far.

Each is deterministic (fixed seed, fixed workers, deterministic time limit). The solution says
which method won (``stats.method``) and what is proven (``stats.proof``); every item left out has
the constraint that binds it (``unscheduled[].constraint``).
"""

from __future__ import annotations

import time
from collections.abc import Mapping

from fazhi.scheduling.bounds import lower_bound
from fazhi.scheduling.capacity import Capacity
from fazhi.scheduling.decomposed import DECOMPOSED_MAX_VARS, decomposed_size, solve_decomposed
from fazhi.scheduling.exact import EXACT_MAX_ASSIGNMENTS, exact_size, solve_exact
from fazhi.scheduling.greedy import repair, solve_greedy
from fazhi.scheduling.merge import expand, merge_groups, merged_problem
from fazhi.scheduling.model import (
    PROOF_BEST_FOUND,
    PROOF_LOWER_BOUND,
    PROOF_OPTIMAL,
    Item,
    Problem,
    Solution,
    Stats,
    Visit,
)
from fazhi.scheduling.prepare import Prepared, prepare, score
from fazhi.scheduling.reasons import explain_left

METHODS = ("auto", "greedy", "decomposition", "exact")

__all__ = ["EXACT_MAX_ASSIGNMENTS", "METHODS", "solve"]


def solve(
    problem: Problem,
    *,
    time_limit: float = 10.0,
    method: str = "auto",
    workers: int = 2,
    names: Mapping[str, str] | None = None,
) -> Solution:
    """``names`` maps department ids to the names the explanations use (ids when absent).

    ``method``: ``auto`` (greedy, then the decomposed model, then the exact one, as needed),
    ``greedy`` (the greedy decomposition only), ``decomposition`` (greedy, then the decomposed
    model when it misses the bound), ``exact`` (the monolithic model, hinted with the greedy).
    """
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}")
    if any(i.remote for i in problem.items):  # 非现场 items need no trip: grouped apart (scheduling.remote)
        from fazhi.scheduling.remote import solve_with_remote

        return solve_with_remote(problem, solve, names=names, time_limit=time_limit, method=method, workers=workers)
    started = time.perf_counter()
    deadline = started + time_limit
    original = problem
    groups = merge_groups(problem)  # 合并同类项: one check per enterprise and shared matter
    problem = merged_problem(problem, groups)
    prep = prepare(problem)
    prep.names = dict(names or {})
    items = prep.items
    joint, _separate = lower_bound(problem, feasible=set(prep.windows))
    feasible = set(prep.windows) | {i for g, ids in groups.items() if g in prep.windows for i in ids}
    _joint, separate = lower_bound(original, feasible=feasible)  # what the departments would do alone
    visits, left, _cap = solve_greedy(prep, items)
    used = "decomposition"
    proven = False

    def at_bound() -> bool:
        return not left and len(visits) == joint

    if method in ("auto", "decomposition") and not at_bound() and decomposed_size(prep, items) <= DECOMPOSED_MAX_VARS:
        found, rest, optimal = solve_decomposed(prep, items, _left(deadline))
        found, rest = _repaired(prep, items, found, rest)
        if score(found) > score(visits):
            visits, left, used = found, rest, "decomposition (CP-SAT)"
    if method == "exact" or (method == "auto" and not at_bound() and exact_size(prep, items) <= EXACT_MAX_ASSIGNMENTS):
        limit = _left(deadline) if method == "auto" else time_limit
        found, rest, optimal = solve_exact(prep, items, limit, workers, visits)
        if optimal or score(found) >= score(visits):  # the hint is feasible: this only fails on a timeout
            visits, left, used, proven = found, rest, "exact", optimal
    if at_bound():
        proof = PROOF_OPTIMAL if proven else PROOF_LOWER_BOUND
        used += " (at the lower bound)"
    else:
        proof = PROOF_OPTIMAL if proven else PROOF_BEST_FOUND
    unscheduled = prep.unscheduled + explain_left(prep, visits, left, proven)
    merged = expand(original, groups, visits, unscheduled, prep.names)
    visits.sort(key=lambda v: (v.date, v.enterprise))
    solution = Solution(visits=visits, unscheduled=unscheduled)
    solution.stats = Stats(
        items=len(original.items),
        separate_visits=separate,
        visits=len(visits),
        lower_bound=joint,
        seconds=time.perf_counter() - started,
        method=used,
        proof=proof,
        merged_items=merged,
    )
    return solution


def _left(deadline: float) -> float:
    """Seconds left until the deadline, at least one (a model once built deserves a try)."""
    return max(1.0, deadline - time.perf_counter())


def _repaired(
    prep: Prepared, items: dict[str, Item], visits: list[Visit], left: list[str]
) -> tuple[list[Visit], list[str]]:
    """The greedy's last chances for what a model left: join a visit of the enterprise, or one alone."""
    if not left:
        return visits, left
    cap = Capacity(prep)
    index = {d: k for k, d in enumerate(prep.problem.workdays)}
    officers = {o.id: o for o in prep.problem.officers}
    for v in visits:
        cap.take([officers[o] for o in v.officers], index[v.date])
    return visits, sorted(repair(prep, items, cap, visits, left))
