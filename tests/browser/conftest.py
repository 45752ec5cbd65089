"""Browser tests need Debian's chromium. Locally a missing browser skips them; in CI (``CI=true``)
it fails them, so a CI run without a browser can never pass by skipping every flow."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"


def require_chromium(path: str = CHROMIUM) -> None:
    """Return when the browser is there; otherwise fail in CI and skip elsewhere."""
    if Path(path).exists():
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{path} is missing: CI must run the browser tests (install Debian's chromium)")
    pytest.skip(f"{path} is missing (Debian chromium is not installed)")


@pytest.fixture(autouse=True)
def _chromium_is_installed() -> None:
    require_chromium()
