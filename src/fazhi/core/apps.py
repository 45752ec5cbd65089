from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "fazhi.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.core.signals import request_finished
        from django.db.models.signals import post_migrate

        request_finished.connect(_sqlite_optimize, dispatch_uid="fazhi_sqlite_optimize")
        post_migrate.connect(_create_cache_table, sender=self, dispatch_uid="fazhi_create_cache_table")


def _create_cache_table(using: str = "default", **kwargs: Any) -> None:
    """`fazhi migrate` (and the test database) create the database cache's table: the counters of
    limits and throttles live there, shared by every worker (settings: CACHES). Idempotent."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)


def _sqlite_optimize(**kwargs: Any) -> None:
    """SQLite's advice for short-lived connections: `PRAGMA optimize` before closing, so the
    planner's statistics follow the data (PostgreSQL's autovacuum does this by itself)."""
    from django.db import connection

    if connection.vendor == "sqlite" and connection.connection is not None and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA optimize")
