"""What the first request would otherwise wait for, done while a web worker starts (fazhi.wsgi):
the URL configuration (which imports every view module), the templates of the login and home
pages, the static files manifest, the catalogue and pypinyin's dictionaries.

The heavy scheduling solver (ortools, which imports pandas: seconds) is *not* warmed: only a
coordination run uses it, and it is imported there (docs/performance.md, "first request")."""

from __future__ import annotations

import contextlib
import logging
import time

log = logging.getLogger(__name__)
TEMPLATES = ("base.html", "accounts/login.html", "home.html", "inspections/mine.html", "403.html", "404.html")


def warm() -> float:
    """Load what every worker needs at its first request; returns the seconds it took."""
    started = time.perf_counter()
    from django.conf import settings
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.template.loader import get_template
    from django.urls import get_resolver, reverse
    from django.utils import translation

    get_resolver().url_patterns  # noqa: B018 (imports fazhi.urls and every view module)
    reverse("accounts:login")  # builds the reverse dictionaries
    with translation.override(settings.LANGUAGE_CODE):
        translation.gettext("Log in")
        for name in TEMPLATES:
            get_template(name)
    with contextlib.suppress(ValueError):  # not collected (a development run): the page says so itself
        staticfiles_storage.url("fazhi/app.css")  # reads the manifest once
    from pypinyin import lazy_pinyin

    lazy_pinyin("法治")  # its phrase dictionaries load on first use
    from django.db import connections

    connections.close_all()  # `--preload` forks after this: no worker may inherit a connection
    seconds = time.perf_counter() - started
    log.info("warmed in %.2f s", seconds)
    return seconds
