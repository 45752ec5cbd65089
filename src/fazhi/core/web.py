"""Shared pieces of the HTML views: login required, ApplicationError to a page, scoped lists,
file downloads."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache

from fazhi.core import files
from fazhi.core.errors import ApplicationError, NotFound, PermissionDenied
from fazhi.core.params import param_flag, param_id


class AppView(LoginRequiredMixin, View):
    """Every business page: login required; a service's refusal becomes a page that says why;
    never cached (no-store), so a shared phone's back button or a proxy keeps no business data.

    ``permission`` (an ``accounts.roles.Perm``) declares what the page needs; it is checked here,
    once, so views never test roles or scopes themselves (pretix's permission mixins). What a
    user may do *to a record* is the service's to decide; pages ask its ``can_*`` predicates.
    """

    permission: Any = None

    @method_decorator(never_cache)
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            user = request.user
            if self.permission is not None and user.is_authenticated and not user.can(self.permission):
                raise PermissionDenied()
            return super().dispatch(request, *args, **kwargs)
        except NotFound as exc:
            return render(request, "404.html", {"message": exc.message}, status=404)
        except PermissionDenied as exc:
            return render(request, "403.html", {"message": exc.message}, status=403)


def safe_next(request: HttpRequest, default: str) -> str:
    """The page to return to after a POST: the form's ``next`` when it is on this site, else
    ``default`` (a URL or URL name). Never an open redirect."""
    from django.shortcuts import resolve_url
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return str(resolve_url(default))


def form_error(request: HttpRequest, form: Any, exc: ApplicationError) -> None:
    """Attach a service's refusal to the form: per field where the service named one."""
    details = exc.details if isinstance(exc.details, dict) else {}
    attached = False
    for name, message in details.items():
        if name in form.fields and message not in {"duplicate"}:
            form.add_error(name, message)
            attached = True
    if not attached:
        form.add_error(None, exc.message)


def keep_field_errors(request: HttpRequest, exc: ApplicationError) -> None:
    """A form that redirects after a refusal: keep each field's message for the next page, which
    shows it at its field (``field_errors`` in templates); the page's message lists them all."""
    import re

    details = exc.details if isinstance(exc.details, dict) else {}
    kept = {k: str(v) for k, v in details.items() if re.search(r"[\u4e00-\u9fff]", str(v))}
    if kept:
        request.session["fazhi_field_errors"] = kept


class ScopedListView(AppView):
    """A filtered, paged list whose rows come from a scoped selector (never filtered here)."""

    selector: Callable[..., Any]
    template_name: str
    partial_template: str
    filters: tuple[str, ...] = ("q",)
    int_filters: tuple[str, ...] = ()
    bool_filters: tuple[str, ...] = ()

    def selector_kwargs(self, request: HttpRequest) -> dict[str, Any]:
        kwargs: dict[str, Any] = {}
        for name in self.filters:
            kwargs[name] = request.GET.get(name, "").strip()
        for name in self.int_filters:
            kwargs[name] = param_id(request.GET, name)
        for name in self.bool_filters:
            kwargs[name] = param_flag(request.GET, name)
        return kwargs

    def extra_context(self, request: HttpRequest) -> dict[str, Any]:
        return {}

    def get(self, request: HttpRequest) -> HttpResponse:
        qs = type(self).selector(user=request.user, **self.selector_kwargs(request))
        ctx = {**paged(request, qs), **self.extra_context(request)}
        template = self.partial_template if request.htmx else self.template_name  # type: ignore[attr-defined]
        return render(request, template, ctx)


def paged(request: HttpRequest, rows: Any, *, per_page: int | None = None) -> dict[str, Any]:
    """The paged-list block every list page shares: ``page``, its ``rows`` and ``params`` (the
    query without ``page``, for the page links). ``per_page`` defaults to FAZHI_PAGE_SIZE."""
    page = Paginator(rows, per_page or settings.FAZHI_PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return {"page": page, "rows": page.object_list, "params": params.urlencode()}


def content_disposition(filename: str, *, inline: bool = False) -> str:
    """The ``Content-Disposition`` of a download named ``filename`` (RFC 6266): a Chinese name
    goes as ``filename*=UTF-8''…`` (RFC 5987, percent-encoded UTF-8, which every browser in use
    reads), after a plain ASCII ``filename="…"`` for the clients that do not (made of the name's
    ASCII letters and digits, e.g. ``2025.docx``; ``download`` when it has none)."""
    disposition = "inline" if inline else "attachment"
    name = filename.replace("\r", " ").replace("\n", " ").strip() or "download"
    stem, dot, ext = name.rpartition(".")
    if not dot or not ext.isascii():
        stem, ext = name, ""
    ascii_stem = "-".join(re.findall(r"[A-Za-z0-9_]+(?:[.-][A-Za-z0-9_]+)*", stem)) or "download"
    fallback = f"{ascii_stem}.{ext}" if ext else ascii_stem
    if name == fallback:
        return f'{disposition}; filename="{fallback}"'
    return f"{disposition}; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def download_response(data: bytes, filename: str, content_type: str) -> HttpResponse:
    """Bytes as a file to save, under a name its user recognises (see ``content_disposition``)."""
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition(filename)
    return response


def file_download(fh: Any, filename: str, *, content_type: str | None = None, inline: bool = False) -> FileResponse:
    """A stored file (an open handle) as a download or shown inline, named as ``download_response``
    names one: Django's own header has no ASCII fallback for a Chinese name."""
    response = FileResponse(fh, content_type=content_type) if content_type else FileResponse(fh)
    response["Content-Disposition"] = content_disposition(filename, inline=inline)
    return response


def docx_response(data: bytes, filename: str) -> HttpResponse:
    """A generated Word document (.docx) as a download."""
    return download_response(data, filename, files.DOCX)


def xlsx_response(data: bytes, filename: str) -> HttpResponse:
    """A generated Excel workbook (.xlsx) as a download."""
    return download_response(data, filename, files.XLSX)
