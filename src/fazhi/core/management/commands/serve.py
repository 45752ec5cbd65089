from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from types import FrameType
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

# gunicorn finishes requests in flight for this long after SIGTERM; the children then get as long
# again before they are killed, so `fazhi serve` is gone well within 15 s of SIGTERM or Ctrl+C.
GRACE_SECONDS = 5


class Command(BaseCommand):
    help = (
        "Serve fazhi with gunicorn (static files by whitenoise) and run a background worker and the daily "
        "jobs beside it. SIGTERM or SIGINT (Ctrl+C) stops all of them."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", default=os.environ.get("FAZHI_BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("FAZHI_WEB_WORKERS", "3")))
        parser.add_argument("--no-worker", action="store_true", help="do not start the background worker")

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("collectstatic", interactive=False, verbosity=0)
        cmd = [
            sys.executable,
            "-m",
            "gunicorn",
            "fazhi.wsgi:application",
            "--bind",
            options["bind"],
            "--workers",
            str(options["workers"]),
            "--preload",  # load and warm the app once, before the workers fork (fazhi.core.warm)
            "--timeout",
            "120",
            "--graceful-timeout",
            str(GRACE_SECONDS),
            "--access-logfile",
            "-",
            "--forwarded-allow-ips",
            os.environ.get("FAZHI_FORWARDED_ALLOW_IPS", "127.0.0.1"),
        ]
        children: list[subprocess.Popen[bytes]] = []
        stopping: list[int] = []

        def stop(signum: int, _frame: FrameType | None) -> None:
            stopping.append(signum)
            _terminate(children)

        # Before any child starts, so a signal that arrives during start-up is not lost. The
        # children run in a process group of their own: Ctrl+C reaches them once, through here.
        previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGINT)}
        try:
            gunicorn = subprocess.Popen(cmd, process_group=0)  # noqa: S603
            children.append(gunicorn)
            if not options["no_worker"]:
                for extra in (["worker"], ["daily", "--loop"]):  # jobs; deadline warnings every night
                    children.append(
                        subprocess.Popen([sys.executable, "-m", "fazhi", *extra], process_group=gunicorn.pid)  # noqa: S603
                    )
            self.stdout.write(f"fazhi 正在 http://{options['bind']}/ 提供服务（Ctrl+C 停止）")
            while not stopping and gunicorn.poll() is None:
                time.sleep(0.2)
        finally:
            _terminate(children)
            _reap(children, group=children[0].pid if children else None)
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        if not stopping and gunicorn.returncode:
            sys.exit(gunicorn.returncode)


def _terminate(children: list[subprocess.Popen[bytes]]) -> None:
    for child in children:
        if child.poll() is None:
            child.send_signal(signal.SIGTERM)


def _reap(children: list[subprocess.Popen[bytes]], *, group: int | None) -> None:
    """Wait for the children (gunicorn's graceful shutdown), then kill whatever is left of their
    process group — a child that ignored SIGTERM, or a gunicorn worker its master left behind."""
    deadline = time.monotonic() + 2 * GRACE_SECONDS
    for child in children:
        try:
            child.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
    if group is not None:
        with contextlib.suppress(ProcessLookupError):  # nothing left: the usual case
            os.killpg(group, signal.SIGKILL)
