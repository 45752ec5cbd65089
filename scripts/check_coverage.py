"""Branch coverage may not fall below main's (`.ci/coverage-floor`, a percentage).

No number to game: the floor is whatever main measured. A change that raises coverage raises the
floor with `--update`; a change that lowers it fails here and says by how much.

    python scripts/check_coverage.py [--update]      (reads the .coverage data of the SQLite run)
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FLOOR = ROOT / ".ci" / "coverage-floor"
TOLERANCE = 0.3  # percentage points: xdist scheduling and timing-dependent branches move the total a little


def measured() -> float:
    out = subprocess.run(
        [sys.executable, "-m", "coverage", "report", "--format=total", "--precision=1"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return float(out.strip())


def main() -> int:
    total = measured()
    floor = float(FLOOR.read_text().strip()) if FLOOR.exists() else 0.0
    if "--update" in sys.argv:
        FLOOR.write_text(f"{total:.1f}\n")
        print(f"coverage floor set to {total:.1f}% (was {floor:.1f}%)")
        return 0
    print(f"branch coverage {total:.1f}% (main: {floor:.1f}%)")
    if total + TOLERANCE < floor:
        print(f"覆盖率下降了 {floor - total:.1f} 个百分点：请为新增或改动的代码补充测试。", file=sys.stderr)
        return 1
    if total > floor + 1:
        print("coverage rose: raise the floor with `python scripts/check_coverage.py --update` and commit it")
    return 0


if __name__ == "__main__":
    sys.exit(main())
