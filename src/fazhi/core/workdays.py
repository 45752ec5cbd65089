"""Working days for every deadline in the system (domain-rules §9).

``chinesecalendar`` knows the State Council's holidays and make-up working days for the years
it ships; for other years the rule is Monday–Friday, corrected by the admin-editable
:class:`~fazhi.core.models.CalendarOverride` table, and :func:`year_is_official` says so.
Overrides win over both.
"""

from __future__ import annotations

import datetime as dt

import chinese_calendar

from fazhi.core.models import CalendarOverride


def _official_years() -> range:
    years = sorted({d.year for d in chinese_calendar.holidays})
    return range(years[0], years[-1] + 1)


OFFICIAL_YEARS = _official_years()


def year_is_official(year: int) -> bool:
    """True when the published State Council arrangement for ``year`` is known."""
    return year in OFFICIAL_YEARS


def _overrides(start: dt.date, end: dt.date) -> dict[dt.date, bool]:
    return dict(CalendarOverride.objects.filter(date__gte=start, date__lte=end).values_list("date", "is_workday"))


def rule_is_workday(day: dt.date) -> bool:
    """The rule without local overrides: the official calendar, or Monday–Friday."""
    if day.year in OFFICIAL_YEARS:
        return bool(chinese_calendar.is_workday(day))
    return day.weekday() < 5


class WorkCalendar:
    """A calendar over a date range with its overrides loaded once (one query per range)."""

    def __init__(self, start: dt.date, end: dt.date) -> None:
        self.start, self.end = start, end
        self.overrides = _overrides(start, end)

    def is_workday(self, day: dt.date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        return rule_is_workday(day)

    def workdays(self) -> list[dt.date]:
        out, day = [], self.start
        while day <= self.end:
            if self.is_workday(day):
                out.append(day)
            day += dt.timedelta(days=1)
        return out


def is_workday(day: dt.date) -> bool:
    override = CalendarOverride.objects.filter(date=day).values_list("is_workday", flat=True).first()
    if override is not None:
        return bool(override)
    return rule_is_workday(day)


def add_workdays(start: dt.date, n: int) -> dt.date:
    """The ``n``-th working day after ``start`` (``n`` ≥ 0; 0 returns ``start`` itself).

    Legal deadlines "within N working days" count from the day after the event: a deadline of
    3 working days from a Friday filing lands on the following Wednesday.
    """
    if n < 0:
        raise ValueError("n must be >= 0")
    if n == 0:
        return start
    # A generous window: even the Spring Festival never takes more than ~10 days in a row.
    cal = WorkCalendar(start + dt.timedelta(days=1), start + dt.timedelta(days=n * 2 + 30))
    day, left = start, n
    while left:
        day += dt.timedelta(days=1)
        if day > cal.end:
            cal = WorkCalendar(day, day + dt.timedelta(days=left * 2 + 30))
        if cal.is_workday(day):
            left -= 1
    return day


def workdays_between(start: dt.date, end: dt.date) -> int:
    """Working days in the half-open interval (start, end]: how many have passed since ``start``."""
    if end <= start:
        return 0
    return len(WorkCalendar(start + dt.timedelta(days=1), end).workdays())
