"""How long free text may be: one rule for every service that takes text.

A service declares its text parameters with :func:`text_limits`; a value longer than its limit is
refused before anything else, every long field at once, each named with its limit (Chinese via
the catalogue), ``details`` keyed by parameter so a form shows each at its field. Forms and pages
give the same numbers as ``maxlength`` (``TEXT_LIMITS`` in templates)."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from django.utils.translation import gettext as _

from fazhi.core.errors import ValidationError

NAME = 100  # a person's or an organisation's name, a title, a recipient
LINE = 300  # a one-line reason, note or caption
NOTE = 2000  # notes, findings, opinions, answers
LONG = 5000  # records, statements, facts, complaints, minutes
# A whole document a person writes in one box: the annual report (the seed's is ~5,500
# characters), a normative document's draft. The only limit above LONG; tests/test_text_limits.py
# names each argument that uses it.
DOCUMENT = 20000

# For templates (context processor): maxlength="{{ TEXT_LIMITS.note }}".
TEXT_LIMITS = {"name": NAME, "line": LINE, "note": NOTE, "long": LONG, "document": DOCUMENT}

F = TypeVar("F", bound=Callable[..., Any])

# Every service that declared its limits: name → {parameter: (label, limit)}. Tests walk it.
REGISTRY: dict[str, dict[str, tuple[Any, int]]] = {}


def length_errors(values: Mapping[str, tuple[Any, str | None, int]]) -> dict[str, str]:
    """{parameter: message} for each (label, value, limit) whose value is longer than its limit."""
    errors: dict[str, str] = {}
    for name, (label, value, limit) in values.items():
        if isinstance(value, str) and len(value) > limit:
            errors[name] = _("%(field)s is too long: at most %(limit)d characters (now %(n)d).") % {
                "field": label,
                "limit": limit,
                "n": len(value),
            }
    return errors


def refuse(errors: Mapping[str, Any]) -> None:
    """Raise one ValidationError carrying every error (the message lists them all)."""
    if errors:
        raise ValidationError(" ".join(str(m) for m in errors.values()), details=dict(errors))


def text_limits(**limits: tuple[Any, int]) -> Callable[[F], F]:
    """``@text_limits(findings=(_("findings"), NOTE), …)`` on a service with those keyword arguments."""

    def wrap(func: F) -> F:
        REGISTRY[f"{func.__module__}.{func.__qualname__}"] = limits

        @functools.wraps(func)
        def checked(*args: Any, **kwargs: Any) -> Any:
            refuse(length_errors({k: (label, kwargs.get(k), limit) for k, (label, limit) in limits.items()}))
            return func(*args, **kwargs)

        checked.text_limits = limits  # type: ignore[attr-defined]
        return checked  # type: ignore[return-value]

    return wrap
