"""Template context every page gets: the text limits (for ``maxlength``) and the field errors a
refused form left for the page it redirects to."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from fazhi.core.text import TEXT_LIMITS

FIELD_ERRORS = "fazhi_field_errors"


def forms(request: HttpRequest) -> dict[str, Any]:
    errors: dict[str, str] = {}
    session = getattr(request, "session", None)
    if session is not None and FIELD_ERRORS in session:
        errors = session.pop(FIELD_ERRORS) or {}
    return {"TEXT_LIMITS": TEXT_LIMITS, "field_errors": errors}
