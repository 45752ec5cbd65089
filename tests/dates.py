"""Dates for tests, relative to the frozen test instant (tests/conftest.py), never a bare year.

Call these inside a test (or a fixture), not at import time: module level runs before the clock
is frozen. ``day`` beyond a month's length is clamped to its last day (31 → 28 in February).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from fazhi.core.clock import month_end, next_month


def today() -> dt.date:
    return timezone.localdate()


def _clamp(month: dt.date, day: int) -> dt.date:
    return month.replace(day=min(day, month_end(month).day))


def this_month(day: int) -> dt.date:
    """A day of the current month."""
    return _clamp(today().replace(day=1), day)


def nxt(day: int = 1) -> dt.date:
    """A day of next month (the month plans are made for)."""
    return _clamp(next_month(today()), day)


def after(day: int = 1) -> dt.date:
    """A day of the month after next."""
    return _clamp(next_month(next_month(today())), day)


def year_before(day: dt.date) -> dt.date:
    return _clamp(day.replace(day=1, year=day.year - 1), day.day)


def weekdays_in(month: dt.date, count: int, start_day: int = 1) -> list[dt.date]:
    """``count`` consecutive working days of ``month`` from ``start_day`` on (no rest day between).

    For setting up inputs only; expected deadlines in tests are pinned dates, not this."""
    from fazhi.core.workdays import is_workday

    day = _clamp(month.replace(day=1), start_day)
    while True:
        run = [day + dt.timedelta(days=n) for n in range(count)]
        if all(d.month == month.month and is_workday(d) for d in run):
            return run
        day += dt.timedelta(days=1)
