"""One clock (issue 12): the product dates everything in the configured zone, and tests never write a
bare year that slips into the past. ruff's flake8-datetimez and banned-api rules refuse the
machine's today, a zone-less now and UTC's now; this test refuses what ruff cannot see."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import time_machine
from django.utils import timezone

from fazhi.core import clock

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "fazhi"

# `.date()` of an aware datetime is its UTC (or server) date; `now().year` likewise.
WRONG = [
    (re.compile(r"\.date\(\)"), "use clock.local_date(value) (timezone.localdate(value))"),
    (re.compile(r"now\(\)\.(year|month|day|date|strftime)\b|now\(\):%"), "use clock.today() / timezone.localtime()"),
    (re.compile(r"\butcnow\b|\bdate\.today\(|datetime\.today\("), "use clock.today() / clock.now()"),
    (re.compile(r"\btime\.(localtime|gmtime)\("), "use fazhi.core.clock"),
]
# a naive datetime that is already local (an Excel cell) may be cut to its date: say so on the line
ALLOWED = "# naive:"


def _python_files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*.py") if "migrations" not in p.parts]


def test_product_code_takes_dates_from_the_one_clock() -> None:
    found = []
    for path in _python_files(SRC):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0] if ALLOWED not in line else ""
            for pattern, fix in WRONG:
                if pattern.search(code):
                    found.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}  → {fix}")
    assert not found, "\n".join(found)


def test_the_guard_catches_what_it_claims() -> None:
    cut = ".da" + "te()"  # spelled apart so this file does not carry the calls it refuses
    wrong_lines = (
        "x = timezone.now()" + cut,
        "y = record.created_at" + cut,
        "z = dt.date.to" + "day()",
        'name = f"{timezone.now():%Y%m%d}"',
    )
    for wrong in wrong_lines:
        assert any(p.search(wrong) for p, _ in WRONG), wrong


BARE_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)[-,/]\s*\d{1,2}\b|\bdate\(\s*20\d\d\b|\byear\s*=\s*20\d\d\b")
# Files whose dates are calendar facts (the State Council's 2025/2026 holidays, pure solver inputs with
# their own working days), and lines marked `# pinned:` with the fact they pin.
FACT_FILES = {
    "pinned.py",
    "test_pinned_calendar.py",
    "conftest.py",
    "test_workdays.py",
    "test_clock.py",
    "test_solver.py",
    "oracle.py",
    "test_bench.py",
}


def test_tests_write_dates_relative_to_the_frozen_instant() -> None:
    found = []
    from fazhi.core.workdays import OFFICIAL_YEARS

    for path in _python_files(ROOT / "tests"):
        if path.name in FACT_FILES:
            continue
        text = path.read_text(encoding="utf-8")
        # a file whose tests travel to a bundled year's holidays says so once; a later year never passes
        facts_of_bundled_years = "# pinned-calendar:" in text
        for n, line in enumerate(text.splitlines(), 1):
            if "# pinned:" in line or "password" in line.lower() or "Test@" in line:
                continue
            years = [int(y) for y in re.findall(r"\b(?:19|20)\d\d\b", line)]
            if facts_of_bundled_years and years and max(years) <= OFFICIAL_YEARS[-1]:
                continue
            if BARE_YEAR.search(line):
                found.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert not found, "bare dates in tests (write them from tests/dates.py or pin with a reason):\n" + "\n".join(found)


@pytest.mark.parametrize(
    ("instant", "local", "utc_date"),
    [
        # pinned: 19:05 UTC is 03:05 the next day in Beijing (the reported failure); a year turns
        (dt.datetime(2026, 12, 1, 19, 5, tzinfo=dt.UTC), dt.date(2026, 12, 2), dt.date(2026, 12, 1)),
        (dt.datetime(2027, 12, 31, 17, 30, tzinfo=dt.UTC), dt.date(2028, 1, 1), dt.date(2027, 12, 31)),
    ],
)
def test_today_is_the_local_date_not_the_utc_one(instant: dt.datetime, local: dt.date, utc_date: dt.date) -> None:
    with time_machine.travel(instant, tick=False):
        assert clock.today() == local == timezone.localdate()
        assert timezone.now().astimezone(dt.UTC).date() == utc_date  # naive: the contrast under test
        assert clock.local_date(timezone.now()) == local
        assert clock.next_month() == (local.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
