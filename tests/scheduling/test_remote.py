"""Remote items (非现场) at coordination: grouped per department and enterprise into remote visits,
not trips — the on-site figures do not count them (issue 15 item 5)."""

from __future__ import annotations

import datetime as dt

from fazhi.scheduling.model import parse_problem
from fazhi.scheduling.solver import solve

D0 = dt.date(2026, 12, 7)  # pinned: a Monday, the solver needs no calendar (workdays given)


def day(n: int) -> str:
    return (D0 + dt.timedelta(days=n)).isoformat()


def problem(items: list[dict[str, object]], *, absent: list[str] | None = None) -> dict[str, object]:
    return {
        "period": {"start": day(0), "end": day(11)},
        "workdays": [day(n) for n in (0, 1, 2, 3, 4, 7, 8, 9, 10, 11)],
        "rules": {"min_officers_per_visit": 2, "max_visits_per_officer_per_day": 1},
        "items": items,
        "officers": [
            {"id": "a1", "department": "A", "unavailable": absent or []},
            {"id": "a2", "department": "A"},
            {"id": "a3", "department": "A"},
            {"id": "b1", "department": "B"},
            {"id": "b2", "department": "B"},
        ],
    }


def item(iid: str, dept: str, ent: str, a: int, b: int, *, remote: bool = True) -> dict[str, object]:
    return {"id": iid, "department": dept, "enterprise": ent, "earliest": day(a), "latest": day(b), "remote": remote}


def test_remote_items_of_a_department_and_enterprise_become_one_remote_visit() -> None:
    items = [
        item("r1", "A", "E1", 0, 4),
        item("r2", "A", "E1", 2, 9),  # overlaps r1 on days 2-4
        item("r3", "A", "E1", 8, 11),  # does not overlap r1: another remote visit
        item("r4", "B", "E1", 0, 4),  # another department: its own
        item("s1", "A", "E2", 0, 4, remote=False),
        item("s2", "B", "E2", 0, 4, remote=False),
    ]
    solution = solve(parse_problem(problem(items)))
    out = solution.to_dict()
    assert sorted(sorted(v["items"]) for v in out["remote_visits"]) == [["r1", "r2"], ["r3"], ["r4"]]
    first = next(v for v in out["remote_visits"] if v["items"] == ["r1", "r2"])
    assert first["date"] == day(2) and first["lead_department"] == "A" and len(first["officers"]) == 2
    assert "非现场" in first["explanation"]
    # the on-site figures are the trips only: s1 and s2 in one joint visit
    assert [sorted(v["items"]) for v in out["visits"]] == [["s1", "s2"]]
    assert out["stats"]["visits"] == 1 and out["stats"]["separate_visits"] == 2 and out["stats"]["lower_bound"] == 1
    assert out["stats"]["items"] == 6 and out["stats"]["remote_visits"] == 3
    # no daily cap for remote checks: officers with one on-site visit that day still make them
    assert out["unscheduled"] == []


def test_a_remote_item_without_a_team_says_why() -> None:
    items = [item("r1", "B", "E1", 5, 6), item("r2", "A", "E1", 0, 0)]
    data = problem(items, absent=[day(0)])
    data["officers"] = [o for o in data["officers"] if o["id"] != "a3"]  # type: ignore[attr-defined]
    solution = solve(parse_problem(data))
    reasons = {u.item: u.constraint for u in solution.unscheduled}
    assert reasons == {"r1": "no_workday", "r2": "no_officer"}  # 5-6 are a weekend; a1 absent leaves one
    assert solution.remote_visits == []


def test_remote_must_be_a_boolean() -> None:
    import pytest

    from fazhi.scheduling.model import ProblemError

    with pytest.raises(ProblemError, match="remote"):
        parse_problem(problem([{**item("r1", "A", "E1", 0, 1), "remote": "yes"}]))
