from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fazhi.accounts.models import User
from fazhi.accounts.scopes import SystemUser
from fazhi.core.errors import ApplicationError
from fazhi.registry.imports import IMPORTERS, run_import


class Command(BaseCommand):
    help = (
        "Import a register from Excel: `fazhi import enterprises FILE.xlsx`. All-or-nothing unless --partial; "
        "exit 1 when rows were rejected."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=sorted(IMPORTERS))
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--partial",
            action="store_true",
            help="write the valid rows and save the rejected ones to an error workbook",
        )
        parser.add_argument(
            "--errors",
            type=Path,
            help="where to save the error workbook (default: FILE-errors.xlsx beside the file)",
        )
        parser.add_argument("--user", help="act as this user (their scope and permissions); default: system")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"找不到文件：{path}", returncode=2)
        actor: Any = SystemUser("system:import")
        if options["user"]:
            actor = User.objects.filter(username=options["user"], is_active=True).first()
            if actor is None:
                raise CommandError(f"没有用户 {options['user']}", returncode=2)
        try:
            with path.open("rb") as fh:
                report = run_import(actor=actor, kind=options["kind"], fh=fh, partial=options["partial"])
        except ApplicationError as exc:
            raise CommandError(exc.message, returncode=2) from exc
        for w in report.warnings:
            self.stderr.write(f"提示：{w}")
        for e in report.errors:
            self.stderr.write(f"错误：{e}")
        if report.error_workbook:
            out = options["errors"] or path.with_name(path.stem + "-errors.xlsx")
            out.write_bytes(report.error_workbook)
            self.stderr.write(f"被拒绝的行已保存到 {out}")
        if report.written:
            self.stdout.write(
                f"导入完成：共 {report.rows} 行，新增 {report.created}，更新 {report.updated}，"
                f"未变 {report.unchanged}，拒绝 {report.rejected_rows}"
            )
        else:
            self.stdout.write(f"未写入任何数据：发现 {len(report.errors)} 处错误，请改正后重新导入。")
        if report.errors:
            sys.exit(1)
