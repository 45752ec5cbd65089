"""Sign-in rules after the password: rotation (an expired password is changed first) and two-factor
(a user whose role requires it reaches nothing but the two-factor page, logout and public pages
until verified in this session)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from fazhi.accounts.twofactor import requires_2fa

OPEN_PREFIXES = ("/accounts/", "/static/", "/public/", "/v/", "/api/")


def needs_second_factor(user: Any) -> bool:
    """Signed in with the password, but the role's second factor is not verified in this session."""
    return bool(user is not None and user.is_authenticated and requires_2fa(user) and not user.is_verified())


def signin_pending(user: Any) -> bool:
    """Signed in with the password, but a step of the sign-in is still owed (an expired password to
    change, or the second factor): until it is done the user reaches nothing but that step, so no
    page shows the staff menu, the search box or the bottom bar (only the brand and 退出)."""
    from django.conf import settings

    if user is None or not user.is_authenticated:
        return False
    return user.password_expired(settings.FAZHI_PASSWORD_MAX_DAYS) or needs_second_factor(user)


class TwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        from django.conf import settings

        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(OPEN_PREFIXES)
            and user.password_expired(settings.FAZHI_PASSWORD_MAX_DAYS)
        ):
            return redirect(f"/accounts/password/?next={quote(request.get_full_path())}")
        if not request.path.startswith(OPEN_PREFIXES) and needs_second_factor(user):
            return redirect(f"/accounts/2fa/?next={quote(request.get_full_path())}")
        return self.get_response(request)
