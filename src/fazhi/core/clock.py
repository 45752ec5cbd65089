"""The one clock of fazhi.

"Today" is the local date of the configured zone (``TIME_ZONE``, Asia/Shanghai by default), never a
UTC date: at 19:05 UTC it is already 03:05 the next day in Beijing, and a deadline, a month, a figure
or a ledger row dated by UTC would be a day early. Instants are stored aware (``timezone.now()``);
dates are always taken through this module or ``timezone.localdate()``.

The machine's "today", a zone-less "now", UTC's "now" and the date method of an aware datetime are
refused in ``src/`` by ruff (flake8-datetimez, banned-api) and by ``tests/test_clock.py``.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def today() -> dt.date:
    """The local date now."""
    return timezone.localdate()


def now() -> dt.datetime:
    """The aware instant now (stored as is; shown and dated in local time)."""
    return timezone.now()


def local_date(value: dt.datetime) -> dt.date:
    """The local date of an aware instant (its own date method gives the UTC one for UTC values)."""
    return timezone.localdate(value)


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def next_month(day: dt.date | None = None) -> dt.date:
    """The first day of the month after ``day`` (default: today)."""
    day = day or today()
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def month_end(day: dt.date) -> dt.date:
    return next_month(day) - dt.timedelta(days=1)
