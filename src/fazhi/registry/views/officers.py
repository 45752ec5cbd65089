"""Registry pages: officers (list, detail with absences and photo, create and edit)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import can
from fazhi.core.errors import ApplicationError
from fazhi.core.params import param_date, param_id
from fazhi.core.web import AppView, ScopedListView
from fazhi.registry import selectors, services
from fazhi.registry.forms import (
    OfficerForm,
)
from fazhi.registry.models import Officer
from fazhi.registry.views.common import save_and_show


class OfficerListView(ScopedListView):
    selector = staticmethod(selectors.officer_list)
    template_name = "registry/officer_list.html"
    partial_template = "registry/_officer_rows.html"
    filters = ("q", "status")
    int_filters = ("body_id",)

    def extra_context(self, request: HttpRequest) -> dict[str, Any]:
        return {
            "bodies": selectors.body_list(user=request.user),
            "statuses": Officer.Status.choices,
            "f": request.GET,
            "today": timezone.localdate(),
            "can_edit": can(request.user, Perm.OFFICER_EDIT),
        }


class OfficerDetailView(AppView):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Add or remove an absence (days the officer cannot inspect)."""
        obj = selectors.officer_get(user=request.user, pk=pk)
        try:
            photo = request.FILES.get("photo")
            if photo is not None:
                services.officer_photo_set(actor=request.user, officer=obj, data=photo.read(3 * 1024 * 1024))
            elif request.POST.get("delete"):
                absence = selectors.officer_absence_find(
                    officer=obj, pk=param_id(request.POST, "delete", required=True)
                )
                if absence is not None:
                    services.officer_absence_delete(actor=request.user, absence=absence)
            else:
                start = param_date(request.POST, "start", required=True)
                end = param_date(request.POST, "end", default=start)
                services.officer_absence_add(
                    actor=request.user, officer=obj, start=start, end=end, note=request.POST.get("note", "")
                )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Saved."))
        return redirect("registry:officer_detail", pk=pk)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        obj = selectors.officer_get(user=request.user, pk=pk)
        return render(
            request,
            "registry/officer_detail.html",
            {"obj": obj, "today": timezone.localdate(), "can_edit": can(request.user, Perm.OFFICER_EDIT)},
        )


class OfficerEditView(AppView):
    permission = Perm.OFFICER_EDIT

    fields = ("name", "certificate_no", "issuing_authority", "phone", "version")

    def get(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        obj = selectors.officer_get(user=request.user, pk=pk) if pk else None
        # the number shown masked like everywhere else; sent back unchanged it keeps the stored one
        initial = (
            {f: getattr(obj, f) for f in self.fields} | {"body": obj.body_id, "phone": obj.phone_masked} if obj else {}
        )
        form = OfficerForm(initial=initial, bodies=selectors.body_editable(user=request.user))
        return render(request, "registry/form.html", {"form": form, "obj": obj, "title": _("Officer")})

    def post(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        obj = selectors.officer_get(user=request.user, pk=pk) if pk else None
        form = OfficerForm(request.POST, bodies=selectors.body_editable(user=request.user))
        if form.is_valid():
            cd = form.cleaned_data
            data = services.OfficerInput(
                name=cd["name"],
                certificate_no=cd["certificate_no"],
                body=cd["body"],
                issuing_authority=cd["issuing_authority"],
                phone=cd["phone"],
            )
            current = obj
            done = save_and_show(
                request,
                form,
                lambda: (
                    services.officer_create(actor=request.user, data=data)
                    if current is None
                    else services.officer_update(
                        actor=request.user, officer=current, expected_version=cd["version"], data=data
                    )
                ),
                "registry:officer_detail",
            )
            if done is not None:
                return done
        return render(request, "registry/form.html", {"form": form, "obj": obj, "title": _("Officer")})
