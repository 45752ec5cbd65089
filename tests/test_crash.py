"""kill -9 of the server during a write loop loses no acknowledged write and leaves the ledger chain
intact — on the database the suite runs on."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from stdnum.cn import uscc

from tests.test_backup import (
    databases,  # noqa: F401 - the fresh database fixture
    fazhi,
)

pytestmark = [pytest.mark.django_db, pytest.mark.real_clock]  # subprocesses see the machine clock


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def code(n: int) -> str:
    base = "91500238" + f"{n:09d}"
    return base + uscc.calc_check_digit(base)


def test_kill_9_during_writes_loses_nothing_acknowledged(tmp_path: Path, databases: Any) -> None:  # noqa: F811
    url, _ = databases
    var = tmp_path / "var"
    assert fazhi(var, url, "migrate", "-v0").returncode == 0
    assert fazhi(var, url, "demo").returncode == 0
    token = fazhi(var, url, "apitoken", "fl_head", "--name", "crash").stdout.strip()
    port = free_port()
    env = {**os.environ, "FAZHI_VAR_DIR": str(var), "FAZHI_CONN_MAX_AGE": "0"}
    env.pop("FAZHI_DATABASE_URL", None)
    if url:
        env["FAZHI_DATABASE_URL"] = url
    server = subprocess.Popen(  # noqa: S603 - our own interpreter and gunicorn
        [sys.executable, "-m", "gunicorn", "fazhi.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}/api/v1"
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}

    def call(path: str, body: dict[str, Any] | None = None) -> Any:
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(base + path, data=data, headers=headers)  # noqa: S310 - loopback
        with urllib.request.urlopen(req, timeout=10) as resp:  # noqa: S310
            return json.loads(resp.read())

    for _ in range(100):
        try:
            regions = call("/regions?level=village")
            break
        except OSError:
            time.sleep(0.2)
    village = regions["items"][0]["id"]
    acknowledged: list[str] = []
    stop = threading.Event()

    def writer(offset: int) -> None:
        n = offset
        while not stop.is_set():
            n += 2
            try:
                call("/enterprises", {"uscc": code(700_000 + n), "name": f"压测企业{n}", "region_id": village})
            except (OSError, urllib.error.HTTPError):
                return  # the server is gone: this write was never acknowledged
            acknowledged.append(code(700_000 + n))

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    time.sleep(3)
    os.killpg(server.pid, signal.SIGKILL)  # master and workers, mid-write
    server.wait(timeout=10)
    stop.set()
    for t in threads:
        t.join(timeout=15)
    assert len(acknowledged) > 10
    check = (
        "from fazhi.registry.models import Enterprise;"
        f"wanted = {acknowledged!r};"
        "found = set(Enterprise.objects.filter(uscc__in=wanted).values_list('uscc', flat=True));"
        "print(len(set(wanted) - found))"
    )
    missing = fazhi(var, url, "shell", "-c", check)
    assert missing.returncode == 0, missing.stderr
    assert missing.stdout.strip().splitlines()[-1] == "0"  # every acknowledged enterprise is there
    verified = fazhi(var, url, "ledger", "verify")
    assert verified.returncode == 0, verified.stdout + verified.stderr
