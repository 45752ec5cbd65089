"""Province bench (issue 17.4): 10 synthetic counties of 20,000 items each, solved as RQ jobs on
Redis by 1 and then 2 `fazhi coordinate worker --burst` processes; wall time from the first job
queued to the last worker done, each solution checked by `fazhi.scheduling.check`.

Needs Redis (FAZHI_BENCH_REDIS, default redis://127.0.0.1:6379/14 — a database of its own, emptied).
Run with `python bench/coordination_province.py [counties] [max workers]`.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
REDIS_URL = os.environ.get("FAZHI_BENCH_REDIS", "redis://127.0.0.1:6379/14")
START = dt.date(2026, 12, 1)
QUEUE = "fazhi-coordination"  # fazhi.inspections.province.QUEUE, what `fazhi coordinate worker` listens on


def solve_county(seed: int) -> dict[str, Any]:
    """One county's month, generated and solved inside the worker (the job's body)."""
    from fazhi.scheduling.check import violations
    from fazhi.scheduling.solver import solve
    from fazhi.scheduling.synthetic import month

    started, cpu = time.perf_counter(), time.process_time()
    problem = month(START, 20_000, 5_000, 30, 12, 4, seed=seed)
    sol = solve(problem)
    assert sol.stats is not None
    return {
        "seed": seed,
        "visits": sol.stats.visits,
        "lower_bound": sol.stats.lower_bound,
        "unscheduled": len(sol.unscheduled),
        "violations": len(violations(problem, sol)),
        "solve_seconds": round(sol.stats.seconds, 2),
        "job_seconds": round(time.perf_counter() - started, 2),
        "job_cpu_seconds": round(time.process_time() - cpu, 2),
        "pid": os.getpid(),
    }


def run(counties: int, workers: int) -> dict[str, Any]:
    from redis import Redis
    from rq import Queue

    redis = Redis.from_url(REDIS_URL)
    redis.flushdb()
    queue = Queue(QUEUE, connection=redis)
    env = {
        **{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
        "FAZHI_TASK_BROKER": REDIS_URL,
        "PYTHONPATH": os.pathsep.join([str(ROOT / "bench"), str(ROOT / "src")]),
    }
    with tempfile.TemporaryDirectory() as var:
        env["FAZHI_VAR_DIR"] = var
        started = time.perf_counter()
        jobs = [queue.enqueue("coordination_province.solve_county", seed, job_timeout=600) for seed in range(counties)]
        procs = [
            subprocess.Popen(
                [sys.executable, "-m", "fazhi", "coordinate", "worker", "--burst", "--name", f"bench-{n}"],
                env=env,
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            for n in range(workers)
        ]
        for p in procs:
            p.wait(timeout=3600)
        wall = time.perf_counter() - started
    results = []
    for job in jobs:
        job.refresh()
        results.append({**(job.return_value() or {}), "worker": job.worker_name})
    redis.flushdb()
    return {
        "scenario": f"province: {counties} counties x 20,000 items, {workers} worker(s)",
        "workers": workers,
        "counties": counties,
        "solved": sum(1 for r in results if "visits" in r),
        "at_lower_bound": sum(
            1 for r in results if r.get("visits") == r.get("lower_bound") and not r.get("unscheduled")
        ),
        "violations": sum(r.get("violations", 0) for r in results),
        "counties_per_worker": {
            w: sum(1 for r in results if r["worker"] == w) for w in sorted({r["worker"] for r in results})
        },
        "wall_seconds": round(wall, 1),
        "mean_job_seconds": round(sum(r.get("job_seconds", 0) for r in results) / max(1, len(results)), 2),
        "mean_job_cpu_seconds": round(sum(r.get("job_cpu_seconds", 0) for r in results) / max(1, len(results)), 2),
        "cores": os.cpu_count(),
        "load_average_before": round(os.getloadavg()[0], 1),
    }


def reachable() -> bool:
    try:
        from redis import Redis

        return bool(Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except Exception:  # any failure: no Redis here
        return False


def main(args: list[str]) -> None:
    if not reachable():
        print(json.dumps({"scenario": "province", "skipped": f"Redis is not reachable at {REDIS_URL}"}), flush=True)
        return
    counties = int(args[0]) if args else 10
    most = int(args[1]) if len(args) > 1 else 2
    lines = [run(counties, w) for w in range(1, most + 1)]
    base = lines[0]["wall_seconds"]
    for line in lines:
        line["speed_up"] = round(base / line["wall_seconds"], 2)
        print(json.dumps(line, ensure_ascii=False), flush=True)
    # Projection: a county takes `per` CPU seconds of one core (measured in the job, so the other
    # processes of a loaded machine do not inflate it); W workers on W free cores finish N counties in
    # about ceil(N / W) x per, plus a worker's start-up.
    per = lines[0]["mean_job_cpu_seconds"]
    print(
        json.dumps(
            {
                "projection": "wall ≈ ceil(counties / workers) × CPU seconds per county (one free core per worker)",
                "cpu_seconds_per_county": round(per, 2),
                "chongqing_38_counties": {w: round(-(-38 // w) * per, 1) for w in (1, 2, 4, 8, 19, 38)},
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main(sys.argv[1:])
