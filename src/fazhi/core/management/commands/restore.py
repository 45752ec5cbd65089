from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fazhi.core.backup import restore


class Command(BaseCommand):
    help = (
        "Restore FILE (from `fazhi backup`) into the configured database, replacing its content, then "
        "verify row counts and the ledger chain; exit 1 if they do not match. Stop the server first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--yes", action="store_true", help="confirm that the current data is replaced")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["yes"]:
            raise CommandError("恢复会替换当前数据库的全部内容。确认请加 --yes（并先停止服务）。", returncode=2)
        if not options["file"].exists():
            raise CommandError(f"找不到备份文件 {options['file']}", returncode=2)
        try:
            report = restore(options["file"])
        except (ValueError, OSError) as exc:
            raise CommandError(f"无法恢复：{exc}", returncode=1) from exc
        if not report.ok:
            details = ", ".join(f"{t}：应为 {a} 行，实为 {b} 行" for t, (a, b) in list(report.mismatched.items())[:10])
            raise CommandError(
                f"恢复后校验失败：{details or ''} 账本{'完整' if report.ledger_ok else '校验失败'}", returncode=1
            )
        self.stdout.write(
            f"已恢复并校验：{report.tables} 张表 {report.rows} 行与备份一致，账本完整（{report.ledger_checked} 条）"
        )
