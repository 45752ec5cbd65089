from __future__ import annotations

import datetime as dt
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from fazhi.core.workdays import unknown_year_message, unknown_years
from fazhi.supervision import engine


class Command(BaseCommand):
    help = (
        "Supervision tools. `fazhi supervision scan [--year 2026]`: evaluate every warning rule over the "
        "year's inspections (idempotent: never duplicates a warning) and escalate overdue corrections. "
        "Run it daily (cron or the worker) so deadline rules fire without a new event."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["scan"])
        parser.add_argument("--year", type=int, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        year = options["year"] or timezone.localdate().year
        unknown = unknown_years(dt.date(year, 1, 1), dt.date(year, 12, 31))
        if unknown:  # deadline rules count working days: say they are estimated
            self.stderr.write(f"提示: {unknown_year_message(unknown)}")
        started = time.perf_counter()
        result = engine.scan(start=dt.date(year, 1, 1), end=dt.date(year, 12, 31))
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"{year} 年: 检查记录 {result['records']} 条, 命中 {result['facts']} 项, "
            f"新增预警 {result['created']} 条, 超期升级 {result['escalated']} 条, 用时 {seconds:.1f} 秒"
        )
