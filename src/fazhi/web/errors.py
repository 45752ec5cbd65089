from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader


def forbidden(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return render(request, "403.html", {"message": ""}, status=403)


def not_found(request: HttpRequest, exception: Any = None) -> HttpResponse:
    if request.path.startswith("/api/"):
        from django.http import JsonResponse
        from django.utils.translation import gettext as _

        body = {"code": "not_found", "message": _("The resource does not exist."), "details": {"path": request.path}}
        return JsonResponse(body, status=404)
    return render(request, "404.html", {}, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors: the failure may lie in them.
    return HttpResponse(loader.get_template("500.html").render(), status=500)
