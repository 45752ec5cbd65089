"""fazhi benchmarks (`make bench`). Figures go to stdout and bench/out/results.json.

Runs against FAZHI_DATABASE_URL (default: a fresh SQLite file in FAZHI_VAR_DIR). Each timed
command runs in its own process so its peak memory can be read from the kernel.

  1. import 50,000 enterprises from Excel            target <= 60 s, peak <= 1 GiB
  2. enterprise list page over 50,000, filtered+paged target median <= 50 ms, constant queries
  3. `fazhi ledger verify` over 1,000,000 entries      target <= 30 s
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
FAZHI = [sys.executable, "-m", "fazhi"]
N_ENTERPRISES = int(os.environ.get("FAZHI_BENCH_ENTERPRISES", "50000"))
N_LEDGER = int(os.environ.get("FAZHI_BENCH_LEDGER", "1000000"))


def timed(cmd: list[str]) -> dict[str, Any]:
    """Wall time and the peak resident memory of this one command (wait4 reports its own rusage)."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, text=True)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if os.waitstatus_to_exitcode(status) != 0:
        print(stdout[-2000:], stderr[-4000:])
        raise SystemExit(f"failed: {' '.join(cmd)}")
    return {"seconds": round(seconds, 2), "peak_mib": round(usage.ru_maxrss / 1024, 1), "stdout": stdout.strip()[-300:]}


def setup() -> None:
    url = os.environ.get("FAZHI_DATABASE_URL", "")
    if url.startswith("postgres"):  # a fresh database each run
        import psycopg

        base, name = url.rsplit("/", 1)
        with psycopg.connect(f"{base}/postgres".replace("postgres://", "postgresql://"), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
    subprocess.run([*FAZHI, "migrate", "--no-input", "-v0"], check=True)
    subprocess.run([*FAZHI, "collectstatic", "--no-input", "-v0"], check=True)
    subprocess.run([*FAZHI, "demo"], check=True, capture_output=True)


def make_workbook(path: Path) -> None:
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "make_enterprises.py"), str(path), str(N_ENTERPRISES)], check=True
    )


def bench_import() -> dict[str, Any]:
    path = OUT / f"enterprises-{N_ENTERPRISES}.xlsx"
    if not path.exists():
        make_workbook(path)
    first = timed([*FAZHI, "import", "enterprises", str(path)])
    again = timed([*FAZHI, "import", "enterprises", str(path)])  # the upsert path: nothing changes
    return {"rows": N_ENTERPRISES, "file_mib": round(path.stat().st_size / 2**20, 1), "first": first, "again": again}


def bench_list() -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "list_page.py")], check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def bench_ledger() -> dict[str, Any]:
    subprocess.run([sys.executable, str(ROOT / "bench" / "fill_ledger.py"), str(N_LEDGER)], check=True)
    result = timed([*FAZHI, "ledger", "verify"])
    return {"entries_target": N_LEDGER, **result}


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")
    setup()
    db = os.environ.get("FAZHI_DATABASE_URL", "sqlite")
    results = {
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "database": db.split("@")[-1] if "@" in db else db.split(":")[0],
        },
        "import": bench_import(),
        "list_page": bench_list(),
        "ledger_verify": bench_ledger(),
    }
    (OUT / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=2))
    print(json.dumps(results, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
