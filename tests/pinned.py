"""Calendar facts that deadline tests pin, and a clock to stop at a given day.

A deadline in working days is checked against a date written down here, never against
``add_workdays`` itself: a wrong calendar must fail the test. The facts are the State Council's
arrangement for the 2026 National Day (国务院办公厅关于2026年部分节假日安排的通知): 10月1日至7日
放假调休，共7天；9月20日（周日）、10月10日（周六）上班. ``chinesecalendar`` ships the same data
(``tests/test_pinned_calendar.py`` checks that it still does).
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import time_machine
from django.conf import settings

NATIONAL_DAY_2026 = tuple(dt.date(2026, 10, d) for d in range(1, 8))  # Thursday 1st to Wednesday 7th
MAKEUP_SUNDAY_2026 = dt.date(2026, 9, 20)  # worked
MAKEUP_SATURDAY_2026 = dt.date(2026, 10, 10)  # worked


def at(day: dt.date, hour: int = 10) -> Any:
    """The clock stopped at ``hour`` o'clock, the county's time, on ``day`` (a context manager)."""
    when = dt.datetime.combine(day, dt.time(hour), tzinfo=ZoneInfo(settings.TIME_ZONE))
    return time_machine.travel(when, tick=False)
