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
    from django.core.cache import cache

    cache.clear()  # selectors cache small lists per scope; each test starts with none


@pytest.fixture
def world(db: Any) -> World:
    """Two townships of one county, departments, officers, enterprises and a user per role."""
    return build_world()
