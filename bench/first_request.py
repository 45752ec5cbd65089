"""How long the first requests take after `fazhi serve` starts (issue 13: 21.8 s for the first one).

Starts `fazhi serve --no-worker` on a free port against a var dir that holds the demo county
(``FAZHI_VAR_DIR``, default ./var: run `fazhi migrate` and `fazhi demo` there first), then times:
until the port accepts, until the first ``/`` answers, the login page, the login, the first
authenticated page (/inspections/mine/) and the same page again. Prints JSON; not a test.

    FAZHI_VAR_DIR=/tmp/var .venv/bin/python bench/first_request.py [--workers N] [--runs N]
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from typing import Any

PASSWORD = "Fazhi@2026"  # the demo's  # nosec B105


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_port(port: int, deadline: float) -> None:
    while time.perf_counter() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise TimeoutError("the port never opened")


def one_run(workers: int) -> dict[str, Any]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    started = time.perf_counter()
    cmd = [sys.executable, "-m", "fazhi", "serve", "--no-worker", "--bind", f"127.0.0.1:{port}"]
    proc = subprocess.Popen(
        [*cmd, "--workers", str(workers)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    figures: dict[str, float] = {}
    try:
        wait_port(port, started + 300)
        figures["port_open"] = time.perf_counter() - started
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

        def get(path: str) -> str:
            with opener.open(base + path, timeout=300) as r:
                return str(r.read().decode())

        t = time.perf_counter()
        get("/")  # redirects to the login page
        figures["first_root"] = time.perf_counter() - started
        figures["first_root_request"] = time.perf_counter() - t
        t = time.perf_counter()
        page = get("/accounts/login/")
        figures["login_page"] = time.perf_counter() - t
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token is not None
        data = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token.group(1), "username": "fl_inspector", "password": PASSWORD}
        ).encode()
        t = time.perf_counter()
        login_url = base + "/accounts/login/"
        req = urllib.request.Request(login_url, data=data, headers={"Referer": login_url})  # noqa: S310
        with opener.open(req, timeout=300) as r:
            r.read()
        figures["login"] = time.perf_counter() - t
        t = time.perf_counter()
        get("/inspections/mine/")
        figures["first_authenticated_page"] = time.perf_counter() - t
        figures["first_authenticated_since_start"] = time.perf_counter() - started
        t = time.perf_counter()
        get("/inspections/mine/")
        figures["same_page_again"] = time.perf_counter() - t
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
    return {k: round(v, 2) for k, v in figures.items()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    runs = [one_run(args.workers) for _ in range(args.runs)]
    print(json.dumps({"bench": "first_request", "workers": args.workers, "runs": runs}, ensure_ascii=False))


if __name__ == "__main__":
    main()
