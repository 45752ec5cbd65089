"""Accounts pages: the system administrator creates and disables accounts, the security
administrator grants roles (三权分立: neither can do the other's part)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.accounts import services
from fazhi.accounts.models import OrgUnit
from fazhi.accounts.roles import Perm, Role
from fazhi.accounts.scopes import can, require
from fazhi.accounts.selectors import user_list
from fazhi.core.errors import ApplicationError, PermissionDenied
from fazhi.core.forms import StyledForm
from fazhi.core.web import AppView


class UserForm(StyledForm):
    username = forms.SlugField(label=gettext_lazy("Username"), max_length=150)
    full_name = forms.CharField(label=gettext_lazy("Full name"), max_length=100)
    org_unit = forms.ModelChoiceField(label=gettext_lazy("Organisation"), queryset=OrgUnit.objects.order_by("name"))
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
        if not (can(request.user, Perm.USER_MANAGE) or can(request.user, Perm.ROLE_GRANT)):
            raise PermissionDenied()
        q = request.GET.get("q", "").strip()
        qs = user_list(user=request.user).filter(is_service_account=False)
        if q:
            qs = qs.filter(username__icontains=q) | qs.filter(full_name__icontains=q)
        page = Paginator(qs, 50).get_page(request.GET.get("page"))
        return render(
            request,
            "users/list.html",
            {
                "page": page,
                "rows": page.object_list,
                "q": q,
                "params": f"q={q}",
                "can_manage": can(request.user, Perm.USER_MANAGE),
                "can_grant": can(request.user, Perm.ROLE_GRANT),
                "can_reset": can(request.user, Perm.PASSWORD_RESET),
            },
        )


class UserCreateView(AppView):
    def get(self, request: HttpRequest, form: UserForm | None = None) -> HttpResponse:
        require(request.user, Perm.USER_MANAGE)
        return render(request, "users/form.html", {"form": form or UserForm(), "title": _("New account")})

    def post(self, request: HttpRequest) -> HttpResponse:
        require(request.user, Perm.USER_MANAGE)
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
    def get(self, request: HttpRequest, pk: int, form: RolesForm | None = None) -> HttpResponse:
        require(request.user, Perm.ROLE_GRANT)
        target = get_object_or_404(user_list(user=request.user), pk=pk)
        form = form or RolesForm(initial={"roles": sorted(target.roles)})
        return render(
            request,
            "users/form.html",
            {"form": form, "title": _("Roles of %(name)s") % {"name": target}, "target": target},
        )

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        require(request.user, Perm.ROLE_GRANT)
        target = get_object_or_404(user_list(user=request.user), pk=pk)
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
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        require(request.user, Perm.USER_MANAGE)
        target: Any = get_object_or_404(user_list(user=request.user), pk=pk)
        services.user_set_active(actor=request.user, user=target, active=request.POST.get("active") == "1")
        messages.success(request, _("Saved."))
        return redirect("core:user_list")


class UserPasswordResetView(AppView):
    """The security administrator sets a new password for someone who forgot theirs."""

    def get(self, request: HttpRequest, pk: int, form: PasswordResetForm | None = None) -> HttpResponse:
        require(request.user, Perm.PASSWORD_RESET)
        target = get_object_or_404(user_list(user=request.user), pk=pk)
        return render(
            request,
            "users/form.html",
            {"form": form or PasswordResetForm(), "title": _("New password for %(name)s") % {"name": target}},
        )

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        require(request.user, Perm.PASSWORD_RESET)
        target: Any = get_object_or_404(user_list(user=request.user), pk=pk)
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
