"""The day a step happened, for records entered after the fact (a visit made last month, typed in now).

Approving a visit, checking in, finishing it (the result sent) and publishing its notice accept
the day they happened, the way ``case_close(closed_on=)`` does. The record's business time is
that day, at the moment of the entry's time of day (so steps entered in order on one day stay in
order); the ledger keeps the real time of the entry and gets the day as a field. A day is never
in the future and never before the steps it follows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core.errors import ValidationError


def cn_day(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def moment_on(day: dt.date | None) -> tuple[dt.date, dt.datetime]:
    """(the day, the instant to store): now for today (or no day), else that day at now's local
    time of day."""
    now = timezone.now()
    today = timezone.localdate(now)
    if day is None or day == today:
        return today, now
    clock = timezone.localtime(now).time().replace(tzinfo=None)
    return day, timezone.make_aware(dt.datetime.combine(day, clock))


def local_day(value: dt.datetime | None) -> dt.date | None:
    return timezone.localdate(value) if value is not None else None


def day_check(*, day: dt.date, step: str, field: str, after: Sequence[tuple[str, dt.date | None]] = ()) -> None:
    """Refuse ``day`` in the future or before any of ``after`` ((what it follows, its day)),
    naming both dates."""
    today = timezone.localdate()
    if day > today:
        raise ValidationError(
            _("The date of %(step)s (%(day)s) cannot be later than today (%(today)s).")
            % {"step": step, "day": cn_day(day), "today": cn_day(today)},
            details={field: "future"},
        )
    for prior, prior_day in after:
        if prior_day is not None and day < prior_day:
            raise ValidationError(
                _(
                    "The date of %(step)s (%(day)s) is earlier than %(prior)s it follows (%(prior_day)s): "
                    "date it on or after %(prior_day)s."
                )
                % {"step": step, "day": cn_day(day), "prior": prior, "prior_day": cn_day(prior_day)},
                details={field: "order"},
            )
