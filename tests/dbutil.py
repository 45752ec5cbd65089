"""Database helpers for tests: nothing changed after a refusal; tests that commit for real
(threads, the live server)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection
from django.db.models import Model


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


# The request's own bookkeeping is not a change a refusal made: an API token notes its last use.
_BOOKKEEPING = {"accounts.ApiToken"}


def _fazhi_models() -> tuple[type[Model], ...]:
    from django.apps import apps

    return tuple(
        m
        for m in apps.get_models()
        if m.__module__.startswith("fazhi.")
        and not m._meta.proxy
        and m._meta.managed
        and m._meta.label not in _BOOKKEEPING
    )


def _snapshot(models: tuple[type[Model], ...]) -> dict[str, list[dict[str, Any]]]:
    from fazhi.core.models import LedgerEntry

    out: dict[str, list[dict[str, Any]]] = {}
    for model in dict.fromkeys((*(models or _fazhi_models()), LedgerEntry)):
        out[model._meta.label] = list(model._default_manager.order_by("pk").values())
    return out


@contextmanager
def assert_nothing_changed(*models: type[Model]) -> Iterator[None]:
    """Assert that the block leaves every row of ``models`` (default: every table of fazhi but an
    API token's note of its last use) and the ledger as it found them: no row added, removed or
    altered, no ledger entry appended. Wrap the refusal with it:

        with assert_nothing_changed(Case, CaseStep), pytest.raises(PermissionDenied):
            services.case_close(actor=outsider, case=case)
    """
    before = _snapshot(models)
    yield
    after = _snapshot(models)
    for label, rows in before.items():
        assert len(after[label]) == len(rows), f"{label}: {len(rows)} rows before, {len(after[label])} after"
        assert after[label] == rows, f"{label}: a row was changed"
