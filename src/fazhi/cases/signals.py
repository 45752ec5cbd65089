"""Events of cases for the layer above (supervision listens; cases never imports it).

``case_changed`` is sent after the transaction that changed a case commits."""

from __future__ import annotations

from django.db import transaction
from django.dispatch import Signal

case_changed = Signal()  # kwargs: case_id


def announce(case_id: int) -> None:
    transaction.on_commit(lambda: case_changed.send(sender="cases", case_id=case_id))
