"""Events of inspections for the layers above (supervision registers tasks; inspections never imports it).

``announce`` emits ``inspection.record_changed`` (record_id, enterprise_id): the registered tasks are
queued when the transaction that changed the record commits (``core.hooks``)."""

from __future__ import annotations

from fazhi.core import hooks

RECORD_CHANGED = "inspection.record_changed"


def announce(record_id: int, enterprise_id: int) -> None:
    hooks.emit(RECORD_CHANGED, record_id=record_id, enterprise_id=enterprise_id)
