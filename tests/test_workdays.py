from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fazhi.accounts.services import calendar_override_delete, calendar_override_set
from fazhi.core.errors import PermissionDenied
from fazhi.core.models import CalendarOverride
from fazhi.core.workdays import add_workdays, is_workday, workdays_between, year_is_official
from tests.dbutil import assert_nothing_changed

pytestmark = pytest.mark.django_db
D = dt.date


def test_official_holidays_and_makeup_days() -> None:
    assert not is_workday(D(2025, 10, 1))  # National Day
    assert not is_workday(D(2025, 10, 8))  # still the holiday, a Wednesday
    assert is_workday(D(2025, 10, 11))  # a Saturday made a working day
    assert is_workday(D(2025, 9, 28))  # a Sunday made a working day
    assert is_workday(D(2025, 10, 9))


def test_add_workdays_skips_the_national_day_week() -> None:
    assert add_workdays(D(2025, 9, 30), 1) == D(2025, 10, 9)
    assert add_workdays(D(2025, 9, 30), 3) == D(2025, 10, 11)
    assert add_workdays(D(2025, 9, 30), 0) == D(2025, 9, 30)
    with pytest.raises(ValueError, match="n must be"):
        add_workdays(D(2025, 9, 30), -1)


def test_three_working_days_from_a_friday() -> None:
    assert add_workdays(D(2025, 11, 7), 3) == D(2025, 11, 12)


def test_workdays_between() -> None:
    assert workdays_between(D(2025, 9, 30), D(2025, 10, 9)) == 1
    assert workdays_between(D(2025, 10, 9), D(2025, 9, 30)) == 0
    assert workdays_between(D(2025, 11, 3), D(2025, 11, 10)) == 5


def test_unknown_year_uses_weekdays_and_overrides(world: Any) -> None:
    assert not year_is_official(2031)
    assert year_is_official(2025)
    oct1 = D(2031, 10, 1)  # a Wednesday
    assert is_workday(oct1)
    calendar_override_set(actor=world["sysadmin"], date=oct1, is_workday=False, note="国庆节")
    assert not is_workday(oct1)
    assert add_workdays(D(2031, 9, 30), 1) == D(2031, 10, 2)
    saturday = D(2031, 10, 11)
    calendar_override_set(actor=world["sysadmin"], date=saturday, is_workday=True, note="调休上班")
    assert workdays_between(D(2031, 10, 10), D(2031, 10, 13)) == 2
    calendar_override_delete(actor=world["sysadmin"], date=oct1)
    assert is_workday(oct1)


def test_only_the_system_administrator_edits_the_calendar(world: Any) -> None:
    for name in ("supervisor", "auditadmin", "secadmin", "inspector_a"):
        with assert_nothing_changed(), pytest.raises(PermissionDenied):
            calendar_override_set(actor=world[name], date=D(2031, 1, 2), is_workday=False)
    assert not CalendarOverride.objects.exists()


@settings(max_examples=60, deadline=None)
@given(start=st.dates(min_value=D(2024, 1, 1), max_value=D(2032, 12, 31)), n=st.integers(0, 40))
def test_add_and_count_agree(start: dt.date, n: int) -> None:
    end = add_workdays(start, n)
    assert workdays_between(start, end) == n
    if n:
        assert is_workday(end)
        assert end > start
