"""What the case pages share: the form's day, the officers chosen, and pages whose reading and
writing need different permissions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponseBase
from django.utils import timezone

from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import can
from fazhi.core.params import param_date, param_id, param_ids
from fazhi.core.web import AppView
from fazhi.registry import selectors as registry


def form_day(request: HttpRequest) -> dt.date:
    """The form's ``day`` (today when left empty)."""
    return param_date(request.POST, "day", default=timezone.localdate())


def chosen(request: HttpRequest, name: str, get: Callable[..., Any]) -> Any:
    """The record a form field names, through its scoped selector ``get``; None when left empty."""
    if not request.POST.get(name, "").strip():
        return None
    return get(user=request.user, pk=param_id(request.POST, name, required=True))


def chosen_officers(request: HttpRequest, body: Any) -> list[Any]:
    """The officers ticked on the form, among the body's (others are ignored, never an error)."""
    ids = param_ids(request.POST, "officers")
    return list(registry.officer_list(user=request.user, body_id=body.pk).filter(pk__in=ids))


class ReadWriteView(AppView):
    """A page read with any one of ``read_permissions`` and written (POST) with
    ``write_permission``; ``AppView.dispatch`` checks the one that applies, once."""

    read_permissions: tuple[Perm, ...] = ()
    write_permission: Perm | None = None

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.method == "POST":
            self.permission = self.write_permission
        else:
            held = [p for p in self.read_permissions if can(request.user, p)]
            self.permission = held[0] if held else next(iter(self.read_permissions), None)
        return super().dispatch(request, *args, **kwargs)
