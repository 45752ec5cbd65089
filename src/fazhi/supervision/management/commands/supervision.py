from __future__ import annotations

import datetime as dt
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from fazhi.core.workdays import unknown_year_message, unknown_years
from fazhi.supervision import engine

LOOKBACK_DAYS = 92  # the longest correction / publication deadline runs well inside three months


class Command(BaseCommand):
    help = (
        "Supervision tools. `fazhi supervision scan [--year YYYY]`: evaluate every warning rule over the "
        "year's inspections (without --year: this year, and last year in its first three months; "
        "idempotent: never duplicates a warning) and escalate overdue corrections. "
        "Run it daily (cron or the worker) so deadline rules fire without a new event."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["scan"])
        parser.add_argument("--year", type=int, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["year"]:
            first = last = options["year"]
        else:
            # The daily run: this year, and last year while its records' deadlines still run out
            # (a visit of 30 December is published, answered and corrected in January).
            today = timezone.localdate()
            first, last = (today - dt.timedelta(days=LOOKBACK_DAYS)).year, today.year
        start, end = dt.date(first, 1, 1), dt.date(last, 12, 31)
        unknown = unknown_years(start, end)
        if unknown:  # deadline rules count working days: say they are estimated
            self.stderr.write(f"提示：{unknown_year_message(unknown)}")
        started = time.perf_counter()
        result = engine.scan(start=start, end=end)
        seconds = time.perf_counter() - started
        label = f"{first}" if first == last else f"{first}–{last}"
        self.stdout.write(
            f"{label} 年：检查记录 {result['records']} 条，命中 {result['facts']} 项，"
            f"新增预警 {result['created']} 条，超期升级 {result['escalated']} 条，用时 {seconds:.1f} 秒"
        )
