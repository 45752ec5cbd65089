"""`fazhi daily` (web/management/commands/daily.py): every job runs even when one fails, and with
--loop it sleeps until the next 02:00 in the county's time (never less than a minute). The real
scan is exercised by tests/test_supervision.py::test_daily_jobs_run_the_scan."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command

from fazhi.web.management.commands import daily
from tests.dates import today

JOBS = [("supervision", "scan"), ("retention", "archive"), ("ledger", "anchor")]


class _Stop(Exception):
    """Ends the endless loop from inside the patched sleep."""


@pytest.fixture
def ran(monkeypatch: Any) -> list[tuple[str, ...]]:
    """The jobs the command called, in order (the jobs themselves are not run)."""
    calls: list[tuple[str, ...]] = []

    def fake(*args: str, **kwargs: Any) -> None:
        calls.append(args)
        if args == ("retention", "archive"):
            raise RuntimeError("磁盘已满")

    monkeypatch.setattr(daily, "call_command", fake)
    return calls


def test_a_failing_job_is_reported_and_the_others_still_run(ran: list[tuple[str, ...]]) -> None:
    out, err = io.StringIO(), io.StringIO()
    call_command("daily", stdout=out, stderr=err)
    assert ran == JOBS
    assert "retention archive 失败：磁盘已满" in err.getvalue()
    assert "supervision scan" not in err.getvalue() and "ledger anchor" not in err.getvalue()


def _county(day: dt.date, hour: int, minute: int = 0, second: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute, second), tzinfo=ZoneInfo(settings.TIME_ZONE))


@pytest.mark.parametrize(
    ("hour", "minute", "second", "expected"),
    [
        (10, 0, 0, 16 * 3600.0),  # in the morning: tomorrow at 02:00
        (23, 30, 0, 2.5 * 3600),  # late evening: 02:00 after midnight
        (1, 0, 0, 3600.0),  # before 02:00: today at 02:00
        (1, 59, 30, 60.0),  # half a minute before: at least a minute
        (2, 0, 0, 24 * 3600.0),  # at 02:00 itself: the next night
    ],
)
def test_the_loop_sleeps_until_the_next_two_o_clock(
    ran: list[tuple[str, ...]], monkeypatch: Any, hour: int, minute: int, second: int, expected: float
) -> None:
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        if len(slept) == 2:
            raise _Stop

    monkeypatch.setattr(daily.time, "sleep", sleep)
    with time_machine.travel(_county(today(), hour, minute, second), tick=False), pytest.raises(_Stop):
        call_command("daily", "--loop", stdout=io.StringIO(), stderr=io.StringIO())
    assert slept == [expected, expected]  # the clock stood still: the same wait each night
    assert ran == JOBS + JOBS  # every job again after each sleep
