"""A missing chromium skips the browser tests on a laptop and fails them in CI."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import require_chromium


def test_missing_browser_fails_in_ci(monkeypatch: Any, tmp_path: Any) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI must run the browser tests"):
        require_chromium(str(tmp_path / "no-chromium"))


def test_missing_browser_skips_locally(monkeypatch: Any, tmp_path: Any) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception):
        require_chromium(str(tmp_path / "no-chromium"))


def test_present_browser_runs_everywhere(monkeypatch: Any, tmp_path: Any) -> None:
    browser = tmp_path / "chromium"
    browser.write_text("")
    monkeypatch.setenv("CI", "true")
    require_chromium(str(browser))  # neither fails nor skips
