"""Registry pages: enterprises (list, detail, create and edit with contacts)."""

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
from fazhi.core.web import AppView, ScopedListView, form_error
from fazhi.registry import selectors, services
from fazhi.registry.forms import (
    ContactsForm,
    EnterpriseForm,
)
from fazhi.registry.models import Enterprise


class EnterpriseListView(ScopedListView):
    selector = staticmethod(selectors.enterprise_list)
    template_name = "registry/enterprise_list.html"
    partial_template = "registry/_enterprise_rows.html"
    filters = ("q", "industry", "risk_grade")
    int_filters = ("region_id",)
    bool_filters = ("do_not_disturb",)

    def extra_context(self, request: HttpRequest) -> dict[str, Any]:
        from fazhi.accounts.selectors import region_in_scope

        return {
            "regions": region_in_scope(user=request.user).filter(level__in=["township", "village"]),
            "industries": selectors.enterprise_industries(user=request.user),
            "risk_grades": Enterprise.RiskGrade.choices,
            "f": request.GET,
            "can_edit": can(request.user, Perm.ENTERPRISE_EDIT),
        }


class EnterpriseDetailView(AppView):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        ent = selectors.enterprise_get(user=request.user, pk=pk)
        return render(
            request,
            "registry/enterprise_detail.html",
            {
                "obj": ent,
                "can_edit": can(request.user, Perm.ENTERPRISE_EDIT),
                "can_inspect": can(request.user, Perm.INSPECT),
                "can_view_records": can(request.user, Perm.INSPECTION_VIEW),
                "today": timezone.localdate(),
            },
        )


def _enterprise_input(cd: dict[str, Any]) -> services.EnterpriseInput:
    return services.EnterpriseInput(
        uscc=cd["uscc"],
        name=cd["name"],
        region=cd["region"],
        legal_representative=cd["legal_representative"],
        address=cd["address"],
        industry=cd["industry"],
        risk_grade=cd["risk_grade"],
        do_not_disturb=cd["do_not_disturb"],
        do_not_disturb_until=cd["do_not_disturb_until"],
    )


class EnterpriseEditView(AppView):
    """Create (pk None) or edit an enterprise, with its contacts."""

    permission = Perm.ENTERPRISE_EDIT

    def _render(self, request: HttpRequest, form: EnterpriseForm, contacts: ContactsForm, obj: Any) -> HttpResponse:
        return render(request, "registry/enterprise_form.html", {"form": form, "contacts": contacts, "obj": obj})

    def get(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        obj = selectors.enterprise_get(user=request.user, pk=pk) if pk else None
        initial: dict[str, Any] = {}
        contacts_text = ""
        if obj:
            initial = {
                f: getattr(obj, f)
                for f in (
                    "uscc",
                    "name",
                    "legal_representative",
                    "address",
                    "industry",
                    "risk_grade",
                    "do_not_disturb",
                    "do_not_disturb_until",
                    "version",
                )
            }
            initial["region"] = obj.region_id
            contacts_text = "\n".join(f"{c.name}, {c.phone_masked}, {c.position}" for c in obj.contacts.all())
        return self._render(
            request,
            EnterpriseForm(initial=initial, user=request.user),
            ContactsForm(initial={"contacts": contacts_text}),
            obj,
        )

    def post(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        obj = selectors.enterprise_get(user=request.user, pk=pk) if pk else None
        form = EnterpriseForm(request.POST, user=request.user)
        contacts = ContactsForm(request.POST)
        if not (form.is_valid() and contacts.is_valid()):
            return self._render(request, form, contacts, obj)
        contact_rows = [
            services.ContactInput(*[p.strip() for p in line.replace("，", ",").split(",")][:3])
            for line in contacts.cleaned_data["contacts"].splitlines()
            if line.strip()
        ]
        data = _enterprise_input(form.cleaned_data)
        try:
            obj = services.enterprise_save(
                actor=request.user,
                enterprise=obj,
                expected_version=form.cleaned_data["version"],
                data=data,
                contacts=contact_rows,
            )
        except ApplicationError as exc:
            form_error(request, form, exc)
            return self._render(request, form, contacts, obj if pk else None)
        for w in data.warnings:
            messages.warning(request, w)
        messages.success(request, _("Saved."))
        return redirect("registry:enterprise_detail", pk=obj.pk)
