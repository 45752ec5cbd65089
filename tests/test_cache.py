"""The cache where limits count is shared by every worker: the database's (or Redis when
configured), never one process's memory (tests/test_serve.py proves it with real workers)."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse


def test_the_default_cache_is_the_database() -> None:
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"


def test_a_complaint_is_counted_in_the_database_table(world: Any) -> None:
    sent = Client().post(
        reverse("complaint_public:form"),
        {"kind": "enforcement", "region": world.town_a.pk, "text": "检查人员未出示执法证件就进入车间"},
    )
    assert sent.status_code == 302
    table = connection.ops.quote_name(settings.CACHES["default"]["LOCATION"])
    with connection.cursor() as cur:  # what another worker reads: the row, not this process's memory
        cur.execute(f"SELECT cache_key FROM {table}")  # noqa: S608 # nosec B608
        keys = [row[0] for row in cur.fetchall()]
    assert any("complaints:" in key for key in keys)


def _settings_with(url: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "FAZHI_CACHE_URL": url}
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='fazhi.settings'; "
            "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])",
        ],
        env=env,
        capture_output=True,
        text=True,
    )


@pytest.mark.skipif(importlib.util.find_spec("redis") is not None, reason="the redis package is installed")
def test_redis_without_the_package_says_what_to_install() -> None:
    done = _settings_with("redis://127.0.0.1:6379/0")
    assert done.returncode != 0
    assert "redis" in done.stderr and "ImproperlyConfigured" in done.stderr


@pytest.mark.skipif(importlib.util.find_spec("redis") is None, reason="the redis package is not installed")
def test_redis_url_selects_django_redis_cache() -> None:
    done = _settings_with("redis://127.0.0.1:6379/0")
    assert done.stdout.strip() == "django.core.cache.backends.redis.RedisCache"


def test_an_unknown_cache_url_is_refused() -> None:
    done = _settings_with("memcached://127.0.0.1")
    assert done.returncode != 0 and "FAZHI_CACHE_URL" in done.stderr
