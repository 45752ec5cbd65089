"""The solver against a brute-force oracle, its lower bound, and the JSON contract."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fazhi.scheduling.bounds import stab
from fazhi.scheduling.check import violations
from fazhi.scheduling.model import Item, Officer, Problem, ProblemError, Rules, parse_problem
from fazhi.scheduling.solver import solve
from tests.scheduling.oracle import best

D0 = dt.date(2026, 12, 1)


def day(n: int) -> dt.date:
    return D0 + dt.timedelta(days=n)


@st.composite
def tiny_problems(draw: Any) -> Problem:
    ndays = draw(st.integers(1, 3))
    depts = ["A", "B", "C"][: draw(st.integers(1, 3))]
    items = []
    for n in range(draw(st.integers(1, 4))):
        a = draw(st.integers(0, ndays - 1))
        b = draw(st.integers(a, ndays))  # may reach past the last working day
        items.append(
            Item(f"i{n}", draw(st.sampled_from(depts)), draw(st.sampled_from(["E1", "E2"])), f"m{n}", day(a), day(b))
        )
    officers = []
    for n in range(draw(st.integers(1, 3))):
        unavailable = frozenset(day(k) for k in range(ndays) if draw(st.booleans()) and draw(st.booleans()))
        officers.append(Officer(f"o{n}", draw(st.sampled_from(depts)), draw(st.booleans()) or n == 0, unavailable))
    rules = Rules(draw(st.integers(1, 2)), draw(st.integers(1, 2)))
    return Problem(day(0), day(ndays), tuple(day(k) for k in range(ndays)), rules, tuple(items), tuple(officers))


def score(problem: Problem, method: str) -> tuple[int, int, int]:
    sol = solve(problem, method=method, time_limit=10)
    assert violations(problem, sol) == []
    return (sum(len(v.items) for v in sol.visits), -len(sol.visits), -sum(len(v.officers) for v in sol.visits))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_problems())
def test_exact_method_matches_brute_force(problem: Problem) -> None:
    assert score(problem, "exact") == best(problem)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_problems())
def test_decomposition_is_always_valid_and_never_beats_the_optimum(problem: Problem) -> None:
    got = score(problem, "decomposition")
    assert got <= best(problem)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 6), st.integers(0, 4)), min_size=1, max_size=6))
def test_stabbing_is_minimal(spans: list[tuple[int, int]]) -> None:
    windows = [(f"w{n}", (a, a + length)) for n, (a, length) in enumerate(spans)]
    points = stab(windows)
    assert sorted(w for _, ids in points for w in ids) == sorted(w for w, _ in windows)
    for p, ids in points:
        assert all(dict(windows)[w][0] <= p <= dict(windows)[w][1] for w in ids)
    smallest = next(
        r
        for r in range(1, len(windows) + 1)
        for pts in itertools.combinations(range(11), r)
        if all(any(a <= p <= b for p in pts) for _, (a, b) in windows)
    )
    assert len(points) == smallest


def township(n_ent: int = 60, depts: int = 8, per_dept: int = 3, items_per_ent: int = 5) -> Problem:
    """A slack township month: every department has officers, windows are wide."""
    import random

    rng = random.Random(3)
    workdays = tuple(d for d in (day(n) for n in range(31)) if d.weekday() < 5)
    items = []
    for e in range(n_ent):
        for n in range(items_per_ent):
            a = rng.randrange(0, 20)
            items.append(
                Item(f"e{e}i{n}", f"D{rng.randrange(depts)}", f"E{e}", f"M{n}", day(a), day(a + rng.randrange(5, 12)))
            )
    officers = tuple(Officer(f"D{d}o{k}", f"D{d}") for d in range(depts) for k in range(per_dept))
    return Problem(day(0), day(30), workdays, Rules(2, 4), tuple(items), officers)


def test_slack_township_month_reaches_the_lower_bound() -> None:
    problem = township()
    sol = solve(problem, time_limit=20)
    assert violations(problem, sol) == []
    assert sol.unscheduled == []
    assert sol.stats is not None
    assert sol.stats.visits == sol.stats.lower_bound < sol.stats.separate_visits
    assert sol.stats.method == "decomposition (at the lower bound)"


def test_tight_township_is_completed_by_the_decomposed_model_and_stays_valid() -> None:
    problem = township(n_ent=20, depts=4, per_dept=1, items_per_ent=3)  # one officer a department
    tight = Problem(problem.start, problem.end, problem.workdays[:6], Rules(2, 2), problem.items, problem.officers)
    greedy = solve(tight, time_limit=5, method="greedy")
    sol = solve(tight, time_limit=5)
    assert violations(tight, sol) == [] and violations(tight, greedy) == []
    assert sol.stats is not None and greedy.stats is not None
    assert greedy.stats.method == "decomposition" and greedy.stats.proof == "best_found"
    assert sol.stats.method == "decomposition (CP-SAT) (at the lower bound)"
    assert sol.stats.proof == "lower_bound" and sol.stats.gap == 0
    assert sum(len(v.items) for v in sol.visits) + len(sol.unscheduled) == len(tight.items)
    exact = solve(tight, time_limit=5, method="exact")
    assert violations(tight, exact) == []
    assert exact.stats is not None and exact.stats.method.startswith("exact")
    assert (exact.stats.visits, len(exact.unscheduled)) == (sol.stats.visits, len(sol.unscheduled))


def test_unscheduled_items_say_why() -> None:
    problem = Problem(
        day(0),
        day(4),
        (day(0), day(1)),
        Rules(2, 4),
        (
            Item("weekend", "A", "E1", "m1", day(5), day(6)),
            Item("nobody", "B", "E1", "m2", day(0), day(1)),
            Item("ok", "A", "E1", "m3", day(0), day(1)),
        ),
        (Officer("a1", "A"), Officer("a2", "A"), Officer("b1", "B", certified=False)),
    )
    sol = solve(problem)
    reasons = {u.item: u.reason for u in sol.unscheduled}
    assert set(reasons) == {"weekend", "nobody"}
    assert "没有工作日" in reasons["weekend"] and "B" in reasons["nobody"]
    assert [v.items for v in sol.visits] == [["ok"]]


def test_parse_reports_every_error() -> None:
    with pytest.raises(ProblemError) as exc:
        parse_problem(
            {
                "period": {"start": "2026-12-31", "end": "2026-12-01"},
                "rules": {"min_officers_per_visit": 0},
                "items": [{"id": "a", "earliest": "2026-12-02", "latest": "2026-12-01"}, {"id": "a"}],
                "officers": "x",
            }
        )
    text = " | ".join(exc.value.errors)
    for fragment in (
        "period: end 早于 start",
        "rules.min_officers_per_visit",
        "items[0]: latest 早于 earliest",
        "items[1].id: 'a' 重复出现",
        "items[0].department：必填",
        "officers：必填",
    ):
        assert fragment in text


def test_command_line(tmp_path: Any, capsys: Any, db: Any) -> None:
    from django.core.management import call_command

    problem = {
        "period": {"start": "2025-09-29", "end": "2025-10-10"},
        "items": [
            {
                "id": "a",
                "department": "A",
                "enterprise": "E",
                "matter": "m",
                "earliest": "2025-10-01",
                "latest": "2025-10-09",
            }
        ],
        "officers": [{"id": "o1", "department": "A", "certified": True}, {"id": "o2", "department": "A"}],
    }
    path = tmp_path / "p.json"
    path.write_text(json.dumps(problem))
    call_command("coordinate", "solve", str(path))
    out = json.loads(capsys.readouterr().out)
    assert out["visits"][0]["date"] == "2025-10-09"  # the national-day week is not worked (chinesecalendar)
    assert out["stats"]["lower_bound"] == 1
    path.write_text("{not json")
    with pytest.raises(SystemExit) as exc:
        from fazhi.cli import main

        main(["coordinate", "solve", str(path)])
    assert exc.value.code == 2
    assert "JSON" in capsys.readouterr().err
