from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from fazhi.core.backup import backup


class Command(BaseCommand):
    help = "Back up the database, uploaded files and a manifest (row counts, ledger head) into FILE.tar.gz."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        manifest = backup(options["file"])
        rows = sum(manifest["tables"].values())
        seq = manifest["ledger"]["seq"]
        self.stdout.write(f"已备份到 {options['file']}: {len(manifest['tables'])} 张表，{rows} 行，账本至第 {seq} 条")
