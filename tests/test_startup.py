"""Start-up: the URL configuration does not import the scheduling solver (ortools imports pandas:
the seconds the first request waited for), and the warm-up a worker runs at start works."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_pages_do_not_import_the_solver(tmp_path: Path) -> None:
    code = (
        "import os, sys, django; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'fazhi.settings'); django.setup();"
        "from django.urls import get_resolver; get_resolver().url_patterns;"
        "print(sorted(m for m in ('ortools', 'pandas') if m in sys.modules))"
    )
    env = {**os.environ, "FAZHI_VAR_DIR": str(tmp_path)}
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT, check=True
    )
    assert out.stdout.strip() == "[]", out.stdout + out.stderr


@pytest.mark.django_db
def test_warm_up_runs(settings: Any) -> None:
    from fazhi.core.warm import warm

    assert warm() >= 0


def test_serve_preloads_the_app() -> None:
    source = (ROOT / "src/fazhi/core/management/commands/serve.py").read_text()
    assert '"--preload"' in source
    assert "warm()" in (ROOT / "src/fazhi/wsgi.py").read_text()
