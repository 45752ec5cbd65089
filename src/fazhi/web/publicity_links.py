"""How a publicity activity or an adviser's log names an inspection or a dispute (issue 20): the
publicity app imports neither, so this layer above gives it one resolver per kind, answering through
each app's own scoped selector the record's label when the user may see it, else None."""

from __future__ import annotations

from typing import Any

from fazhi.core.errors import ApplicationError
from fazhi.publicity import links


def _inspection(user: Any, pk: int) -> str | None:
    from fazhi.inspections.selectors.records import record_get

    try:
        return str(record_get(user=user, pk=pk))
    except ApplicationError:
        return None


def _dispute(user: Any, pk: int) -> str | None:
    from fazhi.disputes.selectors import dispute_get

    try:
        return dispute_get(user=user, pk=pk).number
    except ApplicationError:
        return None


def register() -> None:
    links.register("inspection", _inspection)
    links.register("dispute", _dispute)
