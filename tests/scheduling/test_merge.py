"""合并同类项 in the solver: items of one enterprise sharing a catalogue matter, windows
overlapping, are one check by one department (issue 15 item 1)."""

from __future__ import annotations

from fazhi.scheduling.check import violations
from fazhi.scheduling.model import Item, Officer, Problem, Rules, parse_problem
from fazhi.scheduling.solver import solve
from tests.scheduling.test_solver import day

WORKDAYS = tuple(d for d in (day(n) for n in range(14)) if d.weekday() < 5)


def _problem(items: tuple[Item, ...], officers: tuple[Officer, ...]) -> Problem:
    return Problem(day(0), day(13), WORKDAYS, Rules(2, 4), items, officers)


def test_two_departments_sharing_a_matter_make_one_check_done_by_one_department() -> None:
    # A (county department) and T (the township body it entrusted) both plan catalogue matter
    # C-001 at E1; T has no officer free at all: only A's officers need to come.
    problem = _problem(
        (
            Item("a", "A", "E1", "C-001", day(0), day(9)),
            Item("t", "T", "E1", "C-001", day(3), day(12)),
            Item("other", "B", "E2", "C-001", day(0), day(9)),  # another enterprise: not merged
        ),
        (Officer("a1", "A"), Officer("a2", "A"), Officer("b1", "B"), Officer("b2", "B"), Officer("t1", "T", False)),
    )
    sol = solve(problem)
    assert violations(problem, sol) == []
    assert sol.unscheduled == []
    visit = next(v for v in sol.visits if v.enterprise == "E1")
    assert visit.items == ["a", "t"]
    assert visit.merged == [["a", "t"]]
    assert set(visit.officers) == {"a1", "a2"}
    assert day(3) <= visit.date <= day(9)  # the common window
    assert "结果" in visit.explanation and "互认" in visit.explanation
    out = sol.to_dict()
    assert out["stats"]["merged_items"] == 1
    assert [v["merged"] for v in out["visits"] if v["enterprise"] == "E1"] == [[["a", "t"]]]
    assert out["stats"]["items"] == 3
    assert out["stats"]["separate_visits"] == 3


def test_a_shared_matter_with_windows_apart_is_two_checks() -> None:
    problem = _problem(
        (Item("a", "A", "E1", "C-001", day(0), day(2)), Item("t", "T", "E1", "C-001", day(7), day(9))),
        (Officer("a1", "A"), Officer("a2", "A"), Officer("t1", "T"), Officer("t2", "T")),
    )
    sol = solve(problem)
    assert violations(problem, sol) == []
    assert sorted(v.items for v in sol.visits) == [["a"], ["t"]]
    assert all(v.merged == [] for v in sol.visits)
    assert sol.to_dict()["stats"]["merged_items"] == 0


def test_the_department_already_coming_does_the_merged_check() -> None:
    problem = _problem(
        (
            Item("a", "A", "E1", "C-001", day(0), day(9)),
            Item("t", "T", "E1", "C-001", day(0), day(9)),
            Item("t2", "T", "E1", "C-002", day(0), day(9)),
        ),
        (Officer("a1", "A"), Officer("a2", "A"), Officer("t1", "T"), Officer("t2", "T")),
    )
    sol = solve(problem)
    assert violations(problem, sol) == []
    (visit,) = sol.visits
    assert visit.merged == [["t", "a"]]  # T comes for its other matter anyway
    assert {o[0] for o in visit.officers} == {"t"}


def test_an_unscheduled_merged_check_leaves_every_member_with_the_reason() -> None:
    problem = _problem(
        (Item("a", "A", "E1", "C-001", day(0), day(9)), Item("t", "T", "E1", "C-001", day(0), day(9))),
        (Officer("a1", "A", False), Officer("t1", "T", False)),
    )
    sol = solve(problem)
    assert violations(problem, sol) == []
    assert sorted(u.item for u in sol.unscheduled) == ["a", "t"]
    assert len({(u.reason, u.constraint) for u in sol.unscheduled}) == 1


def test_the_contract_lets_items_share_a_matter() -> None:
    data = {
        "period": {"start": day(0).isoformat(), "end": day(13).isoformat()},
        "workdays": [d.isoformat() for d in WORKDAYS],
        "items": [
            {
                "id": "a",
                "department": "A",
                "enterprise": "E",
                "matter": "C-001",
                "earliest": day(0).isoformat(),
                "latest": day(9).isoformat(),
            },
            {
                "id": "t",
                "department": "T",
                "enterprise": "E",
                "matter": "C-001",
                "earliest": day(0).isoformat(),
                "latest": day(9).isoformat(),
            },
        ],
        "officers": [{"id": "a1", "department": "A"}, {"id": "a2", "department": "A"}],
    }
    sol = solve(parse_problem(data))
    assert sol.to_dict()["visits"][0]["merged"] == [["a", "t"]]


def test_the_checker_refuses_a_missing_department_unless_its_item_was_merged() -> None:
    problem = _problem(
        (Item("a", "A", "E1", "C-001", day(0), day(9)), Item("t", "T", "E1", "C-001", day(0), day(9))),
        (Officer("a1", "A"), Officer("a2", "A")),
    )
    sol = solve(problem)
    assert violations(problem, sol) == []
    sol.visits[0].merged = []
    assert any("no officer of department T" in v for v in violations(problem, sol))
