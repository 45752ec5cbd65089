"""Accounts pages: the system administrator creates and disables accounts, the security
administrator grants roles (三权分立: neither can do the other's part)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.accounts import selectors, services
from fazhi.accounts.roles import Perm, Role
from fazhi.accounts.scopes import can
from fazhi.core.errors import ApplicationError, PermissionDenied
from fazhi.core.forms import StyledForm
from fazhi.core.web import AppView, paged


class UserForm(StyledForm):
    username = forms.SlugField(label=gettext_lazy("Username"), max_length=150)
    full_name = forms.CharField(label=gettext_lazy("Full name"), max_length=100)
    org_unit = forms.ModelChoiceField(label=gettext_lazy("Organisation"), queryset=selectors.org_unit_choices())
    phone = forms.CharField(label=gettext_lazy("Mobile phone"), max_length=20, required=False)
    password = forms.CharField(label=gettext_lazy("Initial password"), widget=forms.PasswordInput)


class PasswordResetForm(StyledForm):
    password = forms.CharField(
        label=gettext_lazy("New password"),
        widget=forms.PasswordInput,
        max_length=128,
        help_text=gettext_lazy("Tell the user in person; they must choose their own at the next login."),
    )


class RolesForm(StyledForm):
    roles = forms.MultipleChoiceField(
        label=gettext_lazy("Roles"), choices=Role.choices, required=False, widget=forms.CheckboxSelectMultiple
    )


class UserListView(AppView):
    def get(self, request: HttpRequest) -> HttpResponse:
        if not services.can_manage_accounts(request.user):
            raise PermissionDenied()
        q = request.GET.get("q", "").strip()
        rows = selectors.user_list(user=request.user, q=q, people_only=True)
        return render(
            request,
            "users/list.html",
            {
                **paged(request, rows, per_page=50),
                "q": q,
                "can_manage": can(request.user, Perm.USER_MANAGE),
                "can_grant": can(request.user, Perm.ROLE_GRANT),
                "can_reset": can(request.user, Perm.PASSWORD_RESET),
            },
        )


class UserCreateView(AppView):
    permission = Perm.USER_MANAGE

    def get(self, request: HttpRequest, form: UserForm | None = None) -> HttpResponse:
        return render(request, "users/form.html", {"form": form or UserForm(), "title": _("New account")})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = UserForm(request.POST)
        if form.is_valid():
            cd = form.cleaned_data
            try:
                services.user_create(
                    actor=request.user,
                    username=cd["username"],
                    password=cd["password"],
                    full_name=cd["full_name"],
                    org_unit=cd["org_unit"],
                    roles=[],
                    phone=cd["phone"],
                )
            except ApplicationError as exc:
                details = exc.details or {}
                field = "username" if details.get("username") else "password" if details.get("password") else None
                form.add_error(field, exc.message)
            else:
                messages.success(request, _("Account created. A security administrator must now grant its roles."))
                return redirect("core:user_list")
        return self.get(request, form)


class UserRolesView(AppView):
    permission = Perm.ROLE_GRANT

    def get(self, request: HttpRequest, pk: int, form: RolesForm | None = None) -> HttpResponse:
        target = selectors.user_get(user=request.user, pk=pk)
        form = form or RolesForm(initial={"roles": selectors.user_roles(target)})
        return render(
            request,
            "users/form.html",
            {"form": form, "title": _("Roles of %(name)s") % {"name": target}, "target": target},
        )

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        target = selectors.user_get(user=request.user, pk=pk)
        form = RolesForm(request.POST)
        if form.is_valid():
            try:
                services.user_roles_set(actor=request.user, user=target, roles=form.cleaned_data["roles"])
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Saved."))
                return redirect("core:user_list")
        return self.get(request, pk, form)


class UserActiveView(AppView):
    permission = Perm.USER_MANAGE

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        target: Any = selectors.user_get(user=request.user, pk=pk)
        services.user_set_active(actor=request.user, user=target, active=request.POST.get("active") == "1")
        messages.success(request, _("Saved."))
        return redirect("core:user_list")


class UserPasswordResetView(AppView):
    """The security administrator sets a new password for someone who forgot theirs."""

    permission = Perm.PASSWORD_RESET

    def get(self, request: HttpRequest, pk: int, form: PasswordResetForm | None = None) -> HttpResponse:
        target = selectors.user_get(user=request.user, pk=pk)
        return render(
            request,
            "users/form.html",
            {"form": form or PasswordResetForm(), "title": _("New password for %(name)s") % {"name": target}},
        )

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        target: Any = selectors.user_get(user=request.user, pk=pk)
        form = PasswordResetForm(request.POST)
        if form.is_valid():
            try:
                services.user_password_reset(actor=request.user, user=target, password=form.cleaned_data["password"])
            except ApplicationError as exc:
                form.add_error("password" if (exc.details or {}).get("password") else None, exc.message)
            else:
                messages.success(request, _("Password set. The user must change it at the next login."))
                return redirect("core:user_list")
        return self.get(request, pk, form)
