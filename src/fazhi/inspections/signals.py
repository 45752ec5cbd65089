"""Events of inspections for the layers above (supervision listens; inspections never imports it).

``record_changed`` is sent after the transaction that changed an inspection record commits."""

from __future__ import annotations

from django.db import transaction
from django.dispatch import Signal

record_changed = Signal()  # kwargs: record_id, enterprise_id


def announce(record_id: int, enterprise_id: int) -> None:
    transaction.on_commit(
        lambda: record_changed.send(sender="inspections", record_id=record_id, enterprise_id=enterprise_id)
    )
