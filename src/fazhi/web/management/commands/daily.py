from __future__ import annotations

import datetime as dt
import time
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

# Jobs that keep deadline rules honest without a new event; each is idempotent.
JOBS = [("supervision", "scan"), ("retention", "archive"), ("ledger", "anchor")]


class Command(BaseCommand):
    help = (
        "Run the daily jobs (the supervision scan: deadline warnings, escalations). With --loop: now, "
        "then every night at 02:00 — `fazhi serve` starts it beside the web server."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--loop", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        while True:
            for job in JOBS:
                try:
                    call_command(*job, stdout=self.stdout)
                except Exception as exc:  # one failing job must not stop the others
                    self.stderr.write(f"{' '.join(job)} 失败：{exc}")
            if not options["loop"]:
                return
            now = timezone.localtime()
            next_run = (now + dt.timedelta(days=1)).replace(hour=2, minute=0, second=0, microsecond=0)
            if now.hour < 2:
                next_run = now.replace(hour=2, minute=0, second=0, microsecond=0)
            time.sleep(max(60.0, (next_run - now).total_seconds()))
