from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "fazhi.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.core.signals import request_finished

        request_finished.connect(_sqlite_optimize, dispatch_uid="fazhi_sqlite_optimize")


def _sqlite_optimize(**kwargs: Any) -> None:
    """SQLite's advice for short-lived connections: `PRAGMA optimize` before closing, so the
    planner's statistics follow the data (PostgreSQL's autovacuum does this by itself)."""
    from django.db import connection

    if connection.vendor == "sqlite" and connection.connection is not None and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA optimize")
