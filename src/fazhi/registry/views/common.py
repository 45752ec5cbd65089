"""Pieces the registry pages share: the save-then-show block of a form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from fazhi.core.errors import ApplicationError
from fazhi.core.web import form_error


def save_and_show(request: HttpRequest, form: Any, save: Callable[[], Any], detail: str) -> HttpResponse | None:
    """Run a form's service call: on success "Saved." and the record's page, on a refusal the
    message on the form (None: render the form again)."""
    try:
        obj = save()
    except ApplicationError as exc:
        form_error(request, form, exc)
        return None
    messages.success(request, _("Saved."))
    return redirect(detail, pk=obj.pk)
