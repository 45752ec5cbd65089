from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fazhi.core.ledger import ledger_verify


class Command(BaseCommand):
    help = "Ledger tools. `fazhi ledger verify`: recompute the HMAC chain; exit 1 naming the first broken entry."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        result = ledger_verify()
        seconds = time.perf_counter() - started
        if not result.ok:
            raise CommandError(
                f"账本校验失败: 第 {result.broken_seq} 条 — {result.reason} (已校验 {result.checked} 条)",
                returncode=1,
            )
        self.stdout.write(f"账本完整: 已校验 {result.checked} 条, 用时 {seconds:.1f} 秒")
