from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from fazhi.core.context import client_ip
from fazhi.core.errors import ApplicationError, NotFound
from fazhi.core.params import BadParameter


def request_ip(request: HttpRequest) -> str:
    """The client address; behind a proxy, the address the proxy saw (FAZHI_PROXY_COUNT hops)."""
    proxies = settings.AXES_IPWARE_PROXY_COUNT or 0
    if proxies:
        forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if p.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return str(request.META.get("REMOTE_ADDR", ""))


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = client_ip.set(request_ip(request))
        try:
            return self.get_response(request)
        finally:
            client_ip.reset(token)


class IdleSessionMiddleware:
    """Idle logout (FAZHI_IDLE_MINUTES): activity restarts the session's clock. The session is
    re-saved at most every FAZHI_SESSION_TOUCH_SECONDS (60) instead of on every request — one
    database write a minute per user instead of one per click, so scans and autosaves under load do
    not queue behind session writes. The idle limit is thus kept to within that minute."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.is_empty() or session.modified:
            return response
        import time

        now = int(time.time())
        if now - int(session.get("_touched", 0)) >= settings.FAZHI_SESSION_TOUCH_SECONDS:
            session["_touched"] = now
        return response


class RejectNulMiddleware:
    """A NUL character in a parameter or a form/JSON body is refused with 400 before any view runs:
    PostgreSQL cannot store it (schemathesis found the 500 it caused) and no user types one."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._has_nul(request):
            from django.http import JsonResponse
            from django.utils.translation import gettext as _

            message = _("The request contains a NUL character, which is not allowed. Remove it and try again.")
            if not request.path.startswith("/api/"):
                return error_page(request, 400, message)
            return JsonResponse({"code": "invalid", "message": message, "details": None}, status=400)
        return self.get_response(request)

    @staticmethod
    def _has_nul(request: HttpRequest) -> bool:
        if "%00" in request.META.get("QUERY_STRING", "") or "\x00" in request.path:
            return True
        content_type = request.META.get("CONTENT_TYPE", "")
        if request.method in ("POST", "PUT", "PATCH") and not content_type.startswith("multipart/"):
            length = int(request.META.get("CONTENT_LENGTH") or 0)
            if 0 < length <= settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
                body = request.body.lower()
                return b"%00" in body or b"\\u0000" in body or b"\x00" in body
        return False


def error_page(request: HttpRequest, status: int, message: str) -> HttpResponse:
    """The 400/404 page in the site's layout (a bare page when the layout itself cannot render,
    e.g. before the session and user are attached)."""
    from django.shortcuts import render

    template = {400: "400.html", 404: "404.html"}.get(status, "400.html")
    if not hasattr(request, "user"):
        from django.contrib.auth.models import AnonymousUser

        request.user = AnonymousUser()
    from django.utils.cache import add_never_cache_headers

    response = render(request, template, {"message": message}, status=status)
    add_never_cache_headers(response)  # like every business page: nothing kept by a proxy or the back button
    return response


class ParameterErrorMiddleware:
    """One handler for a request the application cannot use: a parameter that is not what the
    view expects (``core.params.BadParameter``) answers 400, a record or object that does not exist
    (``NotFound``) answers 404 — a Chinese page in the site's layout, or the API's JSON error
    under /api/. Never a 500."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, BadParameter | NotFound):
            return None
        error: ApplicationError = exception
        if request.path.startswith("/api/"):
            from django.http import JsonResponse

            body = {"code": error.code, "message": error.message, "details": error.details}
            return JsonResponse(body, status=error.http_status)
        return error_page(request, error.http_status, error.message)
