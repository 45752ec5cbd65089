"""Helpers for tests that commit for real (threads, the live server)."""

from __future__ import annotations

from django.db import connection


def set_ledger_triggers(on: bool) -> None:
    """Drop (and with ``on`` recreate) the ledger's append-only triggers. A transactional test
    must drop them before its database is flushed; the ledger refuses the flush otherwise."""
    from fazhi.core.migrations import _ledger_sql as sql

    pg = connection.vendor == "postgresql"
    with connection.cursor() as c:
        for stmt in sql.POSTGRES_REVERSE if pg else sql.SQLITE_REVERSE:
            c.execute(stmt)
        if on:
            for stmt in sql.POSTGRES if pg else sql.SQLITE:
                c.execute(stmt)
