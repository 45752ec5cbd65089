"""The product's calendar agrees with the State Council's 2026 National Day arrangement that the
deadline tests pin (tests/pinned.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.core.workdays import is_workday
from tests.pinned import MAKEUP_SATURDAY_2026, MAKEUP_SUNDAY_2026, NATIONAL_DAY_2026

pytestmark = pytest.mark.django_db


def test_the_2026_national_day_week_and_its_makeup_days() -> None:
    assert [d.weekday() for d in NATIONAL_DAY_2026] == [3, 4, 5, 6, 0, 1, 2]
    assert not any(is_workday(d) for d in NATIONAL_DAY_2026)
    assert MAKEUP_SATURDAY_2026.weekday() == 5 and is_workday(MAKEUP_SATURDAY_2026)
    assert MAKEUP_SUNDAY_2026.weekday() == 6 and is_workday(MAKEUP_SUNDAY_2026)
    assert is_workday(dt.date(2026, 9, 30)) and is_workday(dt.date(2026, 10, 8))
    assert not is_workday(dt.date(2026, 10, 11))  # the Sunday after the make-up Saturday
