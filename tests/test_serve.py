# ruff: noqa: S603 - our own interpreter and CLI, requests to a loopback server we started
"""Real servers in subprocesses, on a free loopback port, each with a fresh var dir (SQLite).

- `fazhi serve` stops gunicorn, its workers, the background worker and the daily loop on SIGTERM
  and on SIGINT, and exits; nothing of its session is left and the port no longer answers.
- The public complaint limit holds across gunicorn workers: the counter is in the shared
  (database) cache, not in one worker's memory.
"""

from __future__ import annotations

import contextlib
import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.server


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def server_env(var: Path) -> dict[str, str]:
    env = {**os.environ, "FAZHI_VAR_DIR": str(var), "FAZHI_CONN_MAX_AGE": "0", "FAZHI_PUBLIC_COMPLAINTS_PER_HOUR": "5"}
    for name in ("FAZHI_DATABASE_URL", "FAZHI_CACHE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        env.pop(name, None)  # SQLite in the temp var dir, never the suite's database
    return env


@pytest.fixture(scope="module")
def var(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated var dir with a county and a township (what the public form needs)."""
    path = tmp_path_factory.mktemp("serve") / "var"
    env = server_env(path)
    done = subprocess.run(
        [sys.executable, "-m", "fazhi", "migrate", "--no-input", "-v0"], env=env, capture_output=True, timeout=600
    )
    assert done.returncode == 0, done.stderr
    static = [sys.executable, "-m", "fazhi", "collectstatic", "--no-input", "-v0"]  # as `fazhi serve` does
    done = subprocess.run(static, env=env, capture_output=True, timeout=600)
    assert done.returncode == 0, done.stderr
    make = (
        "from fazhi.accounts.models import Region;"
        "c = Region.objects.create(code='500238', name='巫溪县', level='county');"
        "Region.objects.create(code='500238100', name='城厢镇', level='township', parent=c)"
    )
    done = subprocess.run([sys.executable, "-m", "fazhi", "shell", "-c", make], env=env, capture_output=True)
    assert done.returncode == 0, done.stderr
    return path


def answers(port: int, timeout: float = 3) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/public/complaints/new/", timeout=timeout) as resp:
            return bool(resp.status == 200)
    except (OSError, urllib.error.URLError):
        return False


def wait_until_answers(port: int, proc: subprocess.Popen[bytes], seconds: float = 180) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert proc.poll() is None, "the server exited before it answered"
        if answers(port, timeout=60):  # the first request of a worker is slow on a busy machine
            return
        time.sleep(0.3)
    raise AssertionError(f"no answer on port {port} within {seconds} s")


def session_processes(sid: int) -> list[tuple[int, str, str]]:
    """(pid, state, command) of every live process in session ``sid``, from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue  # gone meanwhile
        fields = stat[stat.rindex(")") + 2 :].split()  # after "pid (comm) ": state ppid pgrp session
        state, session = fields[0], int(fields[3])
        if session == sid and state not in {"Z", "X"}:  # a zombie has stopped; only its parent reaps it
            found.append((int(entry.name), state, cmdline))
    return found


@pytest.fixture
def cleanup() -> Iterator[list[int]]:
    """Sessions started by a test; whatever a failing test leaves is killed (by session, by pid)."""
    sessions: list[int] = []
    yield sessions
    for sid in sessions:
        for pid, _state, _cmd in session_processes(sid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc (Linux)")
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_serve_stops_every_child_and_the_port_on_a_signal(var: Path, sig: int, cleanup: list[int]) -> None:
    port = free_port()
    serve = subprocess.Popen(
        [sys.executable, "-m", "fazhi", "serve", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
        env=server_env(var),
        start_new_session=True,  # its own session: every process it starts can be found by session id
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    cleanup.append(serve.pid)
    wait_until_answers(port, serve)
    commands = " ".join(cmd for _pid, _state, cmd in session_processes(serve.pid))
    assert "gunicorn" in commands and "worker" in commands and "daily" in commands  # what must stop
    serve.send_signal(sig)  # to `fazhi serve` only, as systemd, docker or a supervisor would
    serve.wait(timeout=15)
    deadline = time.monotonic() + 3  # processes already signalled may take a moment to vanish
    while session_processes(serve.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert session_processes(serve.pid) == []
    assert not answers(port)
    assert serve.returncode == 0


def test_the_complaint_limit_holds_across_worker_processes(var: Path, cleanup: list[int]) -> None:
    """Two workers, each replaced after four requests (--max-requests 4): a counter in one
    process's memory never reaches five, so it would accept all seven; the shared cache counts
    every complaint whichever process took it."""
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "fazhi.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--max-requests",
            "4",
        ],
        env=server_env(var),
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    cleanup.append(server.pid)
    try:
        wait_until_answers(port, server)
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        url = f"http://127.0.0.1:{port}/public/complaints/new/"
        with opener.open(url, timeout=120) as resp:
            form = resp.read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
        region = re.search(r'<option value="(\d+)"[^>]*>[^<]*城厢镇', form)
        assert token and region, "the form has a CSRF token and the township"
        accepted, refused = 0, 0
        for n in range(7):
            body = urllib.parse.urlencode(
                {
                    "csrfmiddlewaretoken": token.group(1),
                    "kind": "enforcement",
                    "region": region.group(1),
                    "text": f"第{n}次反映：检查人员未出示执法证件就进入车间",
                }
            ).encode()
            request = urllib.request.Request(url, data=body, headers={"Referer": url})
            try:
                with opener.open(request, timeout=120) as resp:
                    assert "/public/complaints/" in resp.url and resp.url != url  # the receipt page
                    accepted += 1
            except urllib.error.HTTPError as exc:
                page = exc.read().decode()
                assert exc.code == 422, page[:500]
                assert "一小时内" in page
                refused += 1
        assert (accepted, refused) == (5, 2)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    count = subprocess.run(
        [
            sys.executable,
            "-m",
            "fazhi",
            "shell",
            "-c",
            "from fazhi.supervision.models import Complaint; print(Complaint.objects.count())",
        ],
        env=server_env(var),
        capture_output=True,
        text=True,
    )
    assert count.stdout.strip().splitlines()[-1] == "5"
