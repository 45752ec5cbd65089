"""Issue 17: tight months completed by the decomposed CP-SAT model, deterministic answers, the
binding constraint of every item left out, and the quality figures of the contract."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from fazhi.scheduling.bounds import lower_bound
from fazhi.scheduling.capacity import Capacity
from fazhi.scheduling.check import violations
from fazhi.scheduling.decomposed import _staff, solve_decomposed
from fazhi.scheduling.model import Item, Officer, Problem, Rules, Visit
from fazhi.scheduling.prepare import prepare
from fazhi.scheduling.reasons import explain_left
from fazhi.scheduling.solver import solve
from fazhi.scheduling.synthetic import month, planted
from tests.scheduling.test_solver import D0, day


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_tight_month_is_scheduled_completely_at_the_lower_bound(seed: int) -> None:
    problem = planted(D0, seed=seed)  # built from a schedule of every item at the lower bound
    planted_visits = len({i.enterprise for i in problem.items})  # one enterprise per planted visit
    sol = solve(problem, time_limit=10)
    assert violations(problem, sol) == []
    assert sol.unscheduled == []
    assert sol.stats is not None
    assert sol.stats.lower_bound == planted_visits == sol.stats.visits
    assert sol.stats.proof == "lower_bound" and sol.stats.gap == 0
    assert sol.to_dict()["stats"]["left_by_constraint"] == {}


def test_the_greedy_alone_leaves_items_of_a_tight_month_the_model_places() -> None:
    problem = planted(D0, seed=1)
    greedy = solve(problem, method="greedy")
    assert violations(problem, greedy) == []
    assert greedy.unscheduled and greedy.stats is not None and greedy.stats.proof == "best_found"
    assert {u.constraint for u in greedy.unscheduled} <= {"officer_capacity", "team_size"}
    full = solve(problem, method="decomposition")
    assert full.unscheduled == [] and full.stats is not None
    assert full.stats.method == "decomposition (CP-SAT) (at the lower bound)"


def test_the_same_input_gives_the_same_schedule() -> None:
    problem = planted(D0, seed=2)
    first, second = solve(problem).to_dict(), solve(problem).to_dict()
    for out in (first, second):
        del out["stats"]["seconds"]
    assert first == second


def test_an_impossible_month_is_proven_so_and_each_item_left_names_its_constraint() -> None:
    # A has one officer, B two; one visit an officer a day; three enterprises want A on day 0 only
    problem = Problem(
        day(0),
        day(0),
        (day(0),),
        Rules(2, 1),
        tuple(Item(f"i{n}", "A", f"E{n}", "m", day(0), day(0)) for n in range(3)),
        (Officer("a1", "A"), Officer("b1", "B"), Officer("b2", "B")),
    )
    sol = solve(problem, method="decomposition")
    assert violations(problem, sol) == []
    assert sol.stats is not None and sol.stats.visits == 1 and sol.stats.lower_bound == 3
    assert [u.constraint for u in sol.unscheduled] == ["officer_capacity", "officer_capacity"]
    assert all("A 的在岗持证执法人员每人每日 1 次检查均已排满" in u.reason for u in sol.unscheduled)
    out = sol.to_dict()["stats"]
    assert out["gap"] == -2 and out["unscheduled"] == 2
    assert out["left_by_constraint"] == {"officer_capacity": 2}
    exact = solve(problem, method="exact")
    assert exact.stats is not None and exact.stats.proof == "optimal"
    assert exact.stats.method == "exact" and len(exact.unscheduled) == 2


def _three_days() -> Problem:
    items = (Item("x", "A", "E1", "m", day(0), day(2)),)
    officers = (Officer("a1", "A", unavailable=frozenset({day(1)})), Officer("b1", "B"), Officer("c1", "C"))
    return Problem(day(0), day(2), (day(0), day(1), day(2)), Rules(2, 1), items, officers)


def test_reasons_name_the_binding_constraint_of_each_day() -> None:
    problem = _three_days()
    prep = prepare(problem)
    # day 0: A booked; day 1: A absent; day 2: A has room, but b1 and c1 are booked
    busy = [
        Visit("E9", day(0), ["y"], ["a1", "b1"], "A"),
        Visit("E8", day(2), ["z"], ["b1", "c1"], "B"),
    ]
    (u,) = explain_left(prep, busy, ["x"], proven=True)
    assert u.constraint == "officer_capacity"
    assert "1 天 A 的在岗持证执法人员" in u.reason and "1 天 A 无持证执法人员在岗" in u.reason
    assert "1 天尚有余力的执法人员不足 2 人" in u.reason
    (short,) = explain_left(prep, [Visit("E8", day(d), ["z"], ["b1", "c1"], "B") for d in (0, 2)], ["x"], True)
    assert short.constraint == "team_size"
    (free,) = explain_left(prep, [], ["x"], proven=False)
    assert free.constraint == "time_limit" and "时限" in free.reason
    (contended,) = explain_left(prep, [], ["x"], proven=True)
    assert contended.constraint == "officer_capacity" and "挤掉" in contended.reason
    assert explain_left(prep, [], [], proven=True) == []


def test_teams_of_the_decomposed_model_take_extra_seats_where_there_is_room() -> None:
    a = [Officer("a1", "A"), Officer("a2", "A")]
    b = [Officer("b1", "B")]
    group = [Item("i", "A", "E", "m", day(0), day(0))]
    # three visits of A alone: A's own seats, then the second seats where there is most room
    teams = _staff([group] * 3, [0, 1, 2], {"A": a, "B": b}, need=2, per_day=2)
    assert [g for g, _ in teams] == [0, 1, 2]
    assert all(len(set(crew)) == 2 and any(o.startswith("a") for o in crew) for _, crew in teams)
    load = Counter(o for _, crew in teams for o in crew)
    assert max(load.values()) <= 2 and sum(load.values()) == 6
    # no department with room left for the extra seat: the visit is left to the repair
    assert _staff([group], [0], {"A": [Officer("a1", "A")]}, need=2, per_day=1) == []


def test_the_decomposed_model_maximises_items_when_not_every_group_fits() -> None:
    problem = Problem(
        day(0),
        day(0),
        (day(0),),
        Rules(2, 1),
        (
            Item("p", "A", "E1", "m", day(0), day(0)),
            Item("q", "A", "E1", "n", day(0), day(0)),
            Item("r", "A", "E2", "m", day(0), day(0)),
        ),
        (Officer("a1", "A"), Officer("b1", "B")),
    )
    prep = prepare(problem)
    visits, left, proven = solve_decomposed(prep, prep.items, 5)
    assert [v.items for v in visits] == [["p", "q"]] and left == ["r"] and proven


def test_a_county_month_is_at_the_bound_with_incremental_capacity() -> None:
    problem = month(D0, 2_000, 500, 10, 4, 4)
    sol = solve(problem)
    assert violations(problem, sol) == []
    assert sol.stats is not None and sol.stats.proof == "lower_bound"
    assert (
        sol.stats.visits
        == lower_bound(problem, feasible={i.id for i in problem.items} - {u.item for u in sol.unscheduled})[0]
    )
    cap = Capacity(prepare(problem))
    assert cap.team({"nobody"}, 0) is None and cap.least_loaded("nobody", 0) is None


def test_a_team_of_three_takes_two_extra_seats_from_the_departments_with_most_room() -> None:
    officers = (Officer("a1", "A"), Officer("b1", "B"), Officer("b2", "B"), Officer("b3", "B"), Officer("c1", "C"))
    items = (Item("i", "A", "E", "m", day(0), day(0)),)
    problem = Problem(day(0), day(0), (day(0),), Rules(3, 2), items, officers)
    cap = Capacity(prepare(problem))
    team = cap.team({"A"}, 0)
    assert team is not None and [o.id for o in team] == ["a1", "b1", "b2"]
    cap.take(team, 0)
    assert cap.least_loaded_n("B", 0, 2, set()) == [officers[3], officers[1]]
    assert cap.dept_slack("B", 0) == 4 and cap.slack(0) == 7
    sol = solve(problem)
    assert violations(problem, sol) == [] and len(sol.visits[0].officers) == 3


def test_the_command_prints_the_quality_figures(tmp_path: Path, capsys: Any, db: Any) -> None:
    from django.core.management import call_command

    problem = {
        "period": {"start": day(0).isoformat(), "end": day(0).isoformat()},
        "workdays": [day(0).isoformat()],
        "rules": {"min_officers_per_visit": 2, "max_visits_per_officer_per_day": 1},
        "items": [
            {
                "id": f"i{n}",
                "department": "A",
                "enterprise": f"E{n}",
                "earliest": day(0).isoformat(),
                "latest": day(0).isoformat(),
            }
            for n in range(2)
        ],
        "officers": [{"id": "a1", "department": "A"}, {"id": "b1", "department": "B"}],
    }
    path = tmp_path / "p.json"
    path.write_text(json.dumps(problem))
    call_command("coordinate", "solve", str(path), "--method", "greedy")
    out = json.loads(capsys.readouterr().out)
    assert out["stats"]["proof"] == "best_found" and out["stats"]["method"] == "decomposition"
    assert out["stats"]["left_by_constraint"] == {"officer_capacity": 1}
    assert out["unscheduled"][0]["constraint"] == "officer_capacity"
    with pytest.raises(ValueError, match="unknown method"):
        solve(month(D0, 10, 5, 2, 2, 2), method="nonsense")
