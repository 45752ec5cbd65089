from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from fazhi.people.services import files_purge


class Command(BaseCommand):
    help = (
        "`fazhi people purge`: delete the special-population files whose basis ended and whose retention "
        "(the category's years, 5 by default) has passed; a deletion record without identity remains."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["purge"])

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = files_purge()
        self.stdout.write(f"已删除保存期满的档案 {len(deleted)} 份（保留无身份信息的删除记录）")
