from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from hypothesis import settings as hypothesis_settings

from tests.factories import World, build_world

# No timing is asserted inside tests (performance is measured in bench/): hypothesis's per-example
# deadline failed a property test on a loaded machine though every example was right.
hypothesis_settings.register_profile("fazhi", deadline=None)
hypothesis_settings.load_profile("fazhi")

# Every test runs at one fixed instant unless it is marked `real_clock` (or uses a live server, a
# browser or a subprocess, which see the machine's clock). Chosen once: a Friday morning in Beijing
# of a year whose State Council holidays are bundled. `make test` runs the suite a second time at
# FAZHI_TEST_NOW=2027-12-31T17:30:00Z: a UTC evening when Beijing is already on 1 January of a year
# the bundled holiday data does not know (see Makefile, test-instant). Write dates relative to
# `timezone.localdate()` (tests/dates.py helps), never as a bare year.
DEFAULT_INSTANT = "2026-11-20T02:00:00+00:00"
INSTANT = dt.datetime.fromisoformat(os.environ.get("FAZHI_TEST_NOW") or DEFAULT_INSTANT)
if INSTANT.tzinfo is None:
    raise RuntimeError("FAZHI_TEST_NOW must name its zone, e.g. 2027-12-31T17:30:00Z")
REAL_CLOCK_FIXTURES = {"live_server", "browser_page", "page"}


def pytest_report_header() -> str:
    return f"fazhi: tests run at {INSTANT.isoformat()} (FAZHI_TEST_NOW), unless marked real_clock"


@pytest.fixture(autouse=True)
def _frozen_clock(request: Any) -> Iterator[None]:
    """Freeze the clock at INSTANT (ticking from there, so durations still pass)."""
    marked = any(request.node.get_closest_marker(m) for m in ("real_clock", "browser", "server"))
    if marked or REAL_CLOCK_FIXTURES & set(request.fixturenames):
        yield
        return
    with time_machine.travel(INSTANT, tick=True):
        yield


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

    for name in (
        "0003_default_rules",
        "0006_five_prohibitions",
        "0009_case_rules",
        "0010_decision_publication_rules",
        "0012_no_plan_description",
    ):
        importlib.import_module(f"fazhi.supervision.migrations.{name}").add(apps, None)
    # the data the new apps' migrations seed (categories and types as data), lost to a flush too
    importlib.import_module("fazhi.people.migrations.0002_categories").add(apps, None)
    importlib.import_module("fazhi.publicity.migrations.0002_activity_types").add(apps, None)
    importlib.import_module("fazhi.cases.migrations.0002_review_sheet").seed(apps, None)
    importlib.import_module("fazhi.disputes.migrations.0002_categories").add(apps, None)
    # the ledger's single head row (core 0002): a flush empties it, and a test that appends inside a
    # rolled-back transaction would otherwise create it there and lose it with the rollback
    apps.get_model("core", "LedgerHead").objects.get_or_create(pk=1)
