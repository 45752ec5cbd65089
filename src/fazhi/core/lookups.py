"""Small query helpers every selectors module shares (issue 14.6: one place for the repeats)."""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, QuerySet

from fazhi.core.errors import NotFound

M = TypeVar("M", bound=Model)


def get_or_not_found(qs: QuerySet[M], message: Any = None, **lookup: Any) -> M:
    """The one record ``lookup`` names inside an already scoped queryset, or NotFound with
    ``message`` (a record outside the user's scope is "not found", never "forbidden")."""
    try:
        return qs.get(**lookup)
    except ObjectDoesNotExist as exc:
        raise NotFound(message) from exc


def filter_if(qs: QuerySet[M], **conditions: Any) -> QuerySet[M]:
    """Apply each lookup whose value was given (not None, not ""): the optional filters of a list."""
    given = {k: v for k, v in conditions.items() if v is not None and v != ""}
    return qs.filter(**given) if given else qs
