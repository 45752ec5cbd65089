"""Registry pages: the region tree (list; the system administrator adds regions)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import can
from fazhi.accounts.selectors import region_list
from fazhi.accounts.services import region_create
from fazhi.core.errors import ApplicationError, PermissionDenied
from fazhi.core.web import ScopedListView, form_error
from fazhi.registry.forms import (
    RegionForm,
)


class RegionListView(ScopedListView):
    selector = staticmethod(region_list)
    template_name = "registry/region_list.html"
    partial_template = "registry/_region_rows.html"
    filters = ("q", "level")

    def extra_context(self, request: HttpRequest) -> dict[str, Any]:
        from fazhi.accounts.models import Region

        editable = can(request.user, Perm.REGION_EDIT)
        return {
            "levels": Region.Level.choices,
            "f": request.GET,
            "can_edit": editable,
            "form": getattr(request, "region_form", None) or (RegionForm() if editable else None),
        }

    def post(self, request: HttpRequest) -> HttpResponse:
        if not can(request.user, Perm.REGION_EDIT):
            raise PermissionDenied()
        form = RegionForm(request.POST)
        if form.is_valid():
            try:
                region_create(actor=request.user, **form.cleaned_data)
            except ApplicationError as exc:
                form_error(request, form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("registry:region_list")
        request.region_form = form  # type: ignore[attr-defined]
        return self.get(request)
