from __future__ import annotations

import base64
from typing import Any

from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views import View
from django_otp import login as otp_login

from fazhi.accounts import twofactor
from fazhi.core.qr import qr_svg
from fazhi.core.web import safe_next


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    next_page = reverse_lazy("accounts:login")  # type: ignore[assignment]


class TwoFactorView(LoginRequiredMixin, View):
    """Set up TOTP (first time: QR code, then a code to confirm, then the backup codes) or verify
    a code for this session. The QR is drawn by segno on the server: no outside service."""

    def _next(self, request: HttpRequest) -> str:
        return safe_next(request, "/")

    def get(self, request: HttpRequest, error: str = "", codes: list[str] | None = None) -> HttpResponse:
        if codes is None and request.user.is_verified():  # type: ignore[union-attr]
            return redirect(self._next(request))
        device = twofactor.confirmed_totp(request.user)
        ctx: dict[str, Any] = {"next": self._next(request), "error": error, "codes": codes}
        if device is None and codes is None:
            new = twofactor.setup_device(request.user)
            ctx["setup"] = True
            ctx["qr"] = qr_svg(new.config_url, scale=5)
            ctx["secret"] = base64.b32encode(new.bin_key).decode()
        return render(request, "accounts/twofactor.html", ctx, status=422 if error else 200)

    def post(self, request: HttpRequest) -> HttpResponse:
        token = request.POST.get("token", "")
        if twofactor.confirmed_totp(request.user) is None:
            codes = twofactor.confirm(request.user, token)
            if codes is None:
                return self.get(
                    request, error=_("The code is not right. Check the phone's clock and type the current code.")
                )
            otp_login(request, twofactor.confirmed_totp(request.user))
            return self.get(request, codes=codes)
        # Throttled before this try: the code was not even checked. (After one wrong code the
        # device is throttled for a second, so asking afterwards said "too many" at the first.)
        was_throttled = twofactor.throttled(request.user)
        device = twofactor.verify(request.user, token)
        if device is None:
            if was_throttled:
                return self.get(request, error=_("Too many wrong codes: wait a little, then type the current code."))
            if twofactor.already_used(request.user, token):
                return self.get(
                    request,
                    error=_("This code has been used already: wait for the authenticator to show the next one."),
                )
            return self.get(
                request, error=_("The code is not right. Type the current code, or one of your backup codes.")
            )
        otp_login(request, device)
        return redirect(self._next(request))


class PasswordChangeView(auth_views.PasswordChangeView):
    """Change one's password (the policy's validators apply); required when it has expired."""

    template_name = "accounts/password_change.html"

    def get_success_url(self) -> str:
        return safe_next(self.request, "/")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from django.conf import settings

        ctx = super().get_context_data(**kwargs)
        ctx["expired"] = self.request.user.password_expired(settings.FAZHI_PASSWORD_MAX_DAYS)  # type: ignore[union-attr]
        ctx["must_change"] = self.request.user.password_must_change  # type: ignore[union-attr]
        ctx["next"] = self.request.GET.get("next", "")
        return ctx
