"""Events of cases for the layer above (supervision registers tasks; cases never imports it).

``announce`` emits ``case.changed`` (case_id): the registered tasks are queued when the transaction
that changed the case commits (``core.hooks``)."""

from __future__ import annotations

from fazhi.core import hooks

CASE_CHANGED = "case.changed"


def announce(case_id: int) -> None:
    hooks.emit(CASE_CHANGED, case_id=case_id)
