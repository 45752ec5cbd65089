"""The production settings pass Django's deployment checks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def test_check_deploy_is_clean_under_production_settings(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "FAZHI_VAR_DIR": str(tmp_path),
        "FAZHI_TLS": "1",
        "FAZHI_ALLOWED_HOSTS": "fazhi.example.cn",
        "FAZHI_DEBUG": "0",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests for Playwright, never in deployment
    cmd = [sys.executable, "-m", "fazhi", "check", "--deploy", "--fail-level", "WARNING"]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)  # noqa: S603 - our own CLI
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout
