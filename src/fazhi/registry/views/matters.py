"""Registry pages: inspection matters and their checklists."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import can
from fazhi.core.web import AppView, ScopedListView
from fazhi.registry import selectors, services
from fazhi.registry.forms import (
    MatterForm,
)
from fazhi.registry.views.common import save_and_show


class MatterListView(ScopedListView):
    selector = staticmethod(selectors.matter_list)
    template_name = "registry/matter_list.html"
    partial_template = "registry/_matter_rows.html"
    filters = ("q", "inspection_type")
    int_filters = ("body_id",)
    bool_filters = ("published",)

    def extra_context(self, request: HttpRequest) -> dict[str, Any]:
        from fazhi.registry.models import InspectionType

        return {
            "bodies": selectors.body_list(user=request.user),
            "types": InspectionType.choices,
            "f": request.GET,
            "can_edit": can(request.user, Perm.MATTER_EDIT),
        }


class MatterDetailView(AppView):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        obj = selectors.matter_get(user=request.user, pk=pk)
        return render(
            request,
            "registry/matter_detail.html",
            {"obj": obj, "can_edit": can(request.user, Perm.MATTER_EDIT)},
        )


class MatterEditView(AppView):
    permission = Perm.MATTER_EDIT

    fields = ("code", "name", "catalogue_code", "legal_basis", "inspection_type", "published", "version")

    def get(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        obj = selectors.matter_get(user=request.user, pk=pk) if pk else None
        initial: dict[str, Any] = {}
        if obj:
            initial = {f: getattr(obj, f) for f in self.fields} | {
                "body": obj.body_id,
                "checklist": "\n".join(i.text for i in obj.checklist_items.all()),
            }
        form = MatterForm(initial=initial, bodies=selectors.body_editable(user=request.user))
        return render(request, "registry/form.html", {"form": form, "obj": obj, "title": _("Inspection matter")})

    def post(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        obj = selectors.matter_get(user=request.user, pk=pk) if pk else None
        form = MatterForm(request.POST, bodies=selectors.body_editable(user=request.user))
        if form.is_valid():
            cd = form.cleaned_data
            data = services.MatterInput(
                code=cd["code"],
                name=cd["name"],
                body=cd["body"],
                legal_basis=cd["legal_basis"],
                catalogue_code=cd["catalogue_code"],
                inspection_type=cd["inspection_type"],
                published=cd["published"],
                checklist=cd["checklist"].splitlines(),
            )
            current = obj
            done = save_and_show(
                request,
                form,
                lambda: (
                    services.matter_create(actor=request.user, data=data)
                    if current is None
                    else services.matter_update(
                        actor=request.user, matter=current, expected_version=cd["version"], data=data
                    )
                ),
                "registry:matter_detail",
            )
            if done is not None:
                return done
        return render(request, "registry/form.html", {"form": form, "obj": obj, "title": _("Inspection matter")})
