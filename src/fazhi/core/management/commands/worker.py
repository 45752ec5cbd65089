from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run background jobs (imports, exports) from the database queue until stopped."

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("db_worker", interval=1.0)
