"""Registry pages: enforcement bodies (list, detail, create, edit)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import can
from fazhi.core.errors import ApplicationError
from fazhi.core.web import AppView, ScopedListView, form_error
from fazhi.registry import selectors, services
from fazhi.registry.forms import (
    BodyCreateForm,
    BodyForm,
)


class BodyListView(ScopedListView):
    selector = staticmethod(selectors.body_list)
    template_name = "registry/body_list.html"
    partial_template = "registry/_body_rows.html"
    filters = ("q", "level")

    def extra_context(self, request: HttpRequest) -> dict[str, Any]:
        return {"f": request.GET, "can_edit": can(request.user, Perm.BODY_EDIT)}


class BodyDetailView(AppView):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        obj = selectors.body_get(user=request.user, pk=pk)
        return render(
            request,
            "registry/body_detail.html",
            {
                "obj": obj,
                "officers": selectors.officer_list(user=request.user, body_id=obj.pk),
                "matters": selectors.matter_list(user=request.user, body_id=obj.pk),
                "today": timezone.localdate(),
                "can_edit": can(request.user, Perm.BODY_EDIT),
                "can_set_caps": services.can_change_body_records(request.user, obj, Perm.MATTER_EDIT),
                "default_cap": settings.FAZHI_ROUTINE_CAP_PER_YEAR,
            },
        )


class BodyCreateView(AppView):
    permission = Perm.BODY_EDIT

    def get(self, request: HttpRequest, form: BodyCreateForm | None = None) -> HttpResponse:
        return render(
            request,
            "registry/form.html",
            {"form": form or BodyCreateForm(user=request.user), "obj": None, "title": _("Enforcement body")},
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        form = BodyCreateForm(request.POST, user=request.user)
        if form.is_valid():
            cd = form.cleaned_data
            try:
                body = services.body_create(
                    actor=request.user,
                    code=cd["code"],
                    name=cd["name"],
                    short_name=cd["short_name"],
                    level=cd["level"],
                    region=cd["region"],
                    qualification_basis=cd["qualification_basis"],
                    published=cd["published"],
                )
            except ApplicationError as exc:
                form_error(request, form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("registry:body_detail", pk=body.pk)
        return self.get(request, form)


class BodyEditView(AppView):
    permission = Perm.BODY_EDIT

    fields = ("name", "short_name", "qualification_basis", "published", "version")

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        obj = selectors.body_get(user=request.user, pk=pk)
        form = BodyForm(initial={f: getattr(obj, f) for f in self.fields})
        return render(request, "registry/form.html", {"form": form, "obj": obj, "title": _("Enforcement body")})

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        obj = selectors.body_get(user=request.user, pk=pk)
        form = BodyForm(request.POST)
        if form.is_valid():
            cd = dict(form.cleaned_data)
            version = cd.pop("version")
            try:
                services.body_update(actor=request.user, body=obj, expected_version=version, fields=cd)
            except ApplicationError as exc:
                form_error(request, form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("registry:body_detail", pk=obj.pk)
        return render(request, "registry/form.html", {"form": form, "obj": obj, "title": _("Enforcement body")})
