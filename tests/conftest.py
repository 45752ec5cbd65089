from __future__ import annotations

from typing import Any

import pytest

from tests.factories import World, build_world


@pytest.fixture(autouse=True)
def _test_settings(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"  # evidence and photos never land in ./var
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast tests only
    settings.FAZHI_2FA_ROLES = []  # tests of two-factor switch it on (tests/test_twofactor.py)


@pytest.fixture
def world(db: Any) -> World:
    """Two townships of one county, departments, officers, enterprises and a user per role."""
    return build_world()


@pytest.fixture(autouse=True)
def _seed_data(request: Any) -> None:
    """Rows that data migrations seed (warning rules, red lines) are gone after a live-server test
    flushed the database; put them back from the same migrations before each database test."""
    names = request.fixturenames
    if "live_server" in names or "transactional_db" in names:
        request.getfixturevalue("transactional_db")
    elif request.node.get_closest_marker("django_db") is not None or "db" in names:
        request.getfixturevalue("db")
    else:
        return
    from django.core.cache import cache

    # The cache is the database's (shared by workers); selectors cache small lists per scope and the
    # complaint limit counts there: each test starts with none (a flush does not empty that table).
    cache.clear()
    import importlib

    from django.apps import apps

    for name in ("0003_default_rules", "0006_five_prohibitions", "0009_case_rules"):
        importlib.import_module(f"fazhi.supervision.migrations.{name}").add(apps, None)
    importlib.import_module("fazhi.cases.migrations.0002_review_sheet").seed(apps, None)
