"""Working days for every deadline in the system (domain-rules §9).

``chinesecalendar`` knows the State Council's holidays and make-up working days for the years
it ships; for other years the rule is Monday–Friday, corrected by the admin-editable
:class:`~fazhi.core.models.CalendarOverride` table, and :func:`year_is_official` says so.
Overrides win over both. A year beyond the bundled data is *known* once the county has entered
the State Council's arrangement for it (:class:`~fazhi.core.models.CalendarYear`, the calendar
page); :func:`unknown_years` names the years of a period that are still estimated, so pages and
commands can say so instead of silently counting Monday–Friday.
"""

from __future__ import annotations

import datetime as dt
import re

import chinese_calendar
from django.utils.translation import gettext as _

from fazhi.core.errors import ValidationError
from fazhi.core.models import CalendarOverride, CalendarYear


def _official_years() -> range:
    years = sorted({d.year for d in chinese_calendar.holidays})
    return range(years[0], years[-1] + 1)


OFFICIAL_YEARS = _official_years()


def year_is_official(year: int) -> bool:
    """True when the published State Council arrangement for ``year`` is known."""
    return year in OFFICIAL_YEARS


def year_is_known(year: int) -> bool:
    """True when the year's working days are the official ones: bundled, or entered by the county."""
    return year_is_official(year) or CalendarYear.objects.filter(year=year).exists()


def unknown_years(start: dt.date, end: dt.date) -> list[int]:
    """The years of ``start``..``end`` whose arrangement is neither bundled nor entered."""
    years = [y for y in range(start.year, end.year + 1) if not year_is_official(y)]
    if not years:
        return []
    entered = set(CalendarYear.objects.filter(year__in=years).values_list("year", flat=True))
    return [y for y in years if y not in entered]


def unknown_year_message(years: list[int]) -> str:
    """The plain sentence pages and commands show for :func:`unknown_years`."""
    return _(
        "The State Council holiday arrangement for %(years)s has not been entered: working days in "
        "it are counted Monday to Friday, so dates may be off around the holidays. A system "
        "administrator enters it on the working-day calendar page (/calendar/)."
    ) % {"years": "、".join(str(y) for y in years)}


_DAY = r"(?:(\d{4})\s*[-./年]\s*)?(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?"
_RANGE = re.compile(rf"{_DAY}(?:\s*(?:~|～|至|到|—|–|-{{1,2}})\s*(?:{_DAY}|(\d{{1,2}})\s*日?))?")


def parse_days(text: str, *, year: int, field: str) -> list[dt.date]:
    """Dates pasted from the State Council notice or typed: ``2027-10-01``, ``10月1日``,
    ``10月1日（周五）至7日（周四）``, ``2027-10-01~2027-10-07``, in any separators; the notice's words
    (国庆节：…放假调休，共7天) are skipped. Every piece with a digit that is not a date of ``year``
    is reported at once (ValidationError on ``field``)."""
    days: set[dt.date] = set()
    bad: list[str] = []
    text = re.sub(r"[（(][^）)]*[）)]", "", text)  # the notice's weekdays: 10月1日（周五）至7日（周四）
    for m in _RANGE.finditer(text):
        y1, mo1, d1, y2, mo2, d2, d_only = m.groups()
        try:
            first = dt.date(int(y1 or year), int(mo1), int(d1))
            if mo2:
                last = dt.date(int(y2 or first.year), int(mo2), int(d2))
            elif d_only:
                last = dt.date(first.year, first.month, int(d_only))
            else:
                last = first
            if last < first or (last - first).days > 31 or first.year != year or last.year != year:
                raise ValueError(m.group(0))
        except ValueError:
            bad.append(m.group(0).strip())
            continue
        day = first
        while day <= last:
            days.add(day)
            day += dt.timedelta(days=1)
    rest = re.sub(r"共\s*\d+\s*天", " ", _RANGE.sub(" ", text))
    bad += re.findall(r"[^\s,，、;；。:：]*\d[^\s,，、;；。:：]*", rest)
    if bad:
        raise ValidationError(
            _("These are not dates of %(year)s: %(bad)s. Write them like 10月1日至7日 or %(year)s-10-01.")
            % {"year": year, "bad": "、".join(bad[:20])},
            details={field: bad},
        )
    return sorted(days)


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
