"""Coordination bench (issues 3 and 17): township, county and tight months solved in this process,
and the county month through the command (`fazhi coordinate solve`, start-up and JSON included).

Prints one JSON line per scenario: items, unscheduled, separate visits, visits, lower bound,
seconds, method, proof, whether `fazhi.scheduling.check` found a violation, peak memory.
The province run (10 counties on 1 and 2 RQ workers, needs Redis) is `bench/coordination_province.py`,
also run here as the scenario `province`.
Run with `python bench/coordination.py [township|county|sparse|tight|command|province]`.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from fazhi.scheduling.check import violations
from fazhi.scheduling.model import Problem
from fazhi.scheduling.solver import solve
from fazhi.scheduling.synthetic import month, planted

START = dt.date(2026, 12, 1)  # a month with 23 Monday–Friday working days (the county has 22)

SCENARIOS: dict[str, Callable[[], Problem]] = {
    "township": lambda: month(START, 300, 60, 8, 4, 4),
    "county": lambda: month(START, 20_000, 5_000, 30, 12, 4),
    # one officer a department, half of them uncertified: most items cannot be staffed at all
    "sparse": lambda: month(START, 300, 60, 8, 1, 1),
    # built from a schedule of every item at the lower bound; officers just enough (≈97 % of seats)
    "tight-1": lambda: planted(START, seed=1),
    "tight-2": lambda: planted(START, seed=2),
    "tight-3": lambda: planted(START, seed=3),
}


def _line(name: str, problem: Problem, limit: float, method: str = "auto") -> dict[str, object]:
    sol = solve(problem, time_limit=limit, method=method)
    assert sol.stats is not None
    return {
        "scenario": name,
        "method_asked": method,
        "time_limit": limit,
        "items": sol.stats.items,
        "unscheduled": len(sol.unscheduled),
        "left_by_constraint": sol.left_by_constraint(),
        "separate_visits": sol.stats.separate_visits,
        "visits": sol.stats.visits,
        "lower_bound": sol.stats.lower_bound,
        "ratio_to_bound": round(sol.stats.visits / sol.stats.lower_bound, 4) if sol.stats.lower_bound else None,
        "seconds": round(sol.stats.seconds, 2),
        "method": sol.stats.method,
        "proof": sol.stats.proof,
        "violations": len(violations(problem, sol)),
        "peak_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def command() -> dict[str, object]:
    """The county month through `fazhi coordinate solve`: wall clock from the shell's view."""
    problem = SCENARIOS["county"]()
    data = {
        "period": {"start": problem.start.isoformat(), "end": problem.end.isoformat()},
        "workdays": [d.isoformat() for d in problem.workdays],
        "rules": {
            "min_officers_per_visit": problem.rules.min_officers_per_visit,
            "max_visits_per_officer_per_day": problem.rules.max_visits_per_officer_per_day,
        },
        "items": [
            {
                "id": i.id,
                "department": i.department,
                "enterprise": i.enterprise,
                "matter": i.matter,
                "earliest": i.earliest.isoformat(),
                "latest": i.latest.isoformat(),
            }
            for i in problem.items
        ],
        "officers": [
            {
                "id": o.id,
                "department": o.department,
                "certified": o.certified,
                "unavailable": sorted(d.isoformat() for d in o.unavailable),
            }
            for o in problem.officers
        ],
    }
    with tempfile.TemporaryDirectory() as var:
        path = Path(var) / "county.json"
        path.write_text(json.dumps(data))
        fazhi = Path(sys.executable).with_name("fazhi")
        # as installed: with its bytecode (this sandbox sets PYTHONDONTWRITEBYTECODE; the first run
        # writes the .pyc files, the second is measured)
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["FAZHI_VAR_DIR"] = var
        for _ in range(2):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            started = time.perf_counter()
            out = subprocess.run(
                [str(fazhi), "coordinate", "solve", str(path)], capture_output=True, check=True, env=env
            )
            wall = time.perf_counter() - started
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    solution = json.loads(out.stdout)
    stats = solution["stats"]
    return {
        "scenario": "county month through `fazhi coordinate solve`",
        "items": stats["items"],
        "unscheduled": stats["unscheduled"],
        "visits": stats["visits"],
        "lower_bound": stats["lower_bound"],
        "solver_seconds": stats["seconds"],
        "wall_seconds": round(wall, 2),
        "cpu_seconds": round(cpu, 2),
        "method": stats["method"],
        "proof": stats["proof"],
        "peak_mib_command": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024),
        "load_average": os.getloadavg()[0],
    }


def main(names: list[str]) -> None:
    for name in names or [*SCENARIOS, "command", "province"]:
        if name == "province":
            sys.path.insert(0, str(Path(__file__).resolve().parent))
            import coordination_province

            coordination_province.main([])
            continue
        if name == "command":
            print(json.dumps(command(), ensure_ascii=False), flush=True)
            continue
        chosen = [n for n in SCENARIOS if n.startswith("tight")] if name == "tight" else [name]
        for n in chosen:
            problem = SCENARIOS[n]()
            lines = [_line(n, problem, 10.0)]
            if n.startswith("tight"):  # what the greedy alone leaves (issue 17's "before")
                lines.append(_line(n, problem, 10.0, method="greedy"))
            for line in lines:
                print(json.dumps(line, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
