"""API tokens of one's own organisation: issue (shown once) and revoke."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.accounts import services
from fazhi.accounts.roles import Perm
from fazhi.accounts.selectors import api_token_get, api_token_list
from fazhi.core.errors import ApplicationError
from fazhi.core.forms import StyledForm
from fazhi.core.web import AppView


class TokenForm(StyledForm):
    name = forms.CharField(label=gettext_lazy("Which system will use it"), max_length=100)


class TokenListView(AppView):
    permission = Perm.API_TOKEN_MANAGE

    def get(self, request: HttpRequest, form: TokenForm | None = None, raw: str = "") -> HttpResponse:
        return render(
            request,
            "tokens.html",
            {"tokens": api_token_list(user=request.user), "form": form or TokenForm(), "raw": raw},
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        form = TokenForm(request.POST)
        if not form.is_valid():
            return self.get(request, form)
        try:
            _token, raw = services.api_token_create(actor=request.user, name=form.cleaned_data["name"])
        except ApplicationError as exc:
            form.add_error(None, exc.message)
            return self.get(request, form)
        return self.get(request, TokenForm(), raw)


class TokenRevokeView(AppView):
    permission = Perm.API_TOKEN_MANAGE

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        token = api_token_get(user=request.user, pk=pk)
        services.api_token_revoke(actor=request.user, token=token)
        messages.success(request, _("The token was revoked; the system using it can no longer connect."))
        return redirect("core:token_list")
