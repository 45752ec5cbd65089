from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from fazhi.core.access import archive, retention_days


class Command(BaseCommand):
    help = (
        "`fazhi retention archive`: move access-log rows older than FAZHI_LOG_RETENTION_DAYS (at least 184) "
        "into a gzip archive under $FAZHI_VAR_DIR/archive (hash in the ledger) and copy the old ledger entries "
        "there too (the ledger itself keeps everything)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["archive"])

    def handle(self, *args: Any, **options: Any) -> None:
        result = archive()
        if not result["file"]:
            self.stdout.write(f"保留 {retention_days()} 天：没有需要归档的日志")
            return
        self.stdout.write(
            f"保留 {retention_days()} 天：归档访问日志 {result['access_log']} 条、账本 {result['ledger']} 条 → "
            f"{result['file']} (SHA-256 {result['sha256'][:16]}…)"
        )
