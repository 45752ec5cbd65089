"""A publicity session held inside an inspection or a mediation names that record by kind and id.

This app sits beside inspections and disputes and imports neither (the import contract): the layer
above (``fazhi.web``, in its ``AppConfig.ready``) registers for each kind a resolver that answers,
through that app's own scoped selectors, the record's label when ``user`` may see it, else None.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Resolver = Callable[[Any, int], str | None]
RESOLVERS: dict[str, Resolver] = {}


def register(kind: str, resolver: Resolver) -> None:
    RESOLVERS[kind] = resolver


def resolve(kind: str, user: Any, pk: int) -> str | None:
    """The linked record's label, or None when it does not exist, is not visible, or the kind has no
    resolver (the link is then refused, never stored unchecked)."""
    resolver = RESOLVERS.get(kind)
    return resolver(user, pk) if resolver is not None else None
