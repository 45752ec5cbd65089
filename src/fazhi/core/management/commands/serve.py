from __future__ import annotations

import os
import signal
import subprocess
import sys
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Serve fazhi with gunicorn (static files by whitenoise) and run a background worker beside it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", default=os.environ.get("FAZHI_BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("FAZHI_WEB_WORKERS", "3")))
        parser.add_argument("--no-worker", action="store_true", help="do not start the background worker")

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("collectstatic", interactive=False, verbosity=0)
        worker = daily = None
        if not options["no_worker"]:
            worker = subprocess.Popen([sys.executable, "-m", "fazhi", "worker"])
            daily = subprocess.Popen([sys.executable, "-m", "fazhi", "daily", "--loop"])  # deadline warnings
        self.stdout.write(f"fazhi 正在 http://{options['bind']}/ 提供服务 (Ctrl+C 停止)")
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
            "--access-logfile",
            "-",
            "--forwarded-allow-ips",
            os.environ.get("FAZHI_FORWARDED_ALLOW_IPS", "127.0.0.1"),
        ]
        try:
            subprocess.run(cmd, check=False)  # noqa: S603
        except KeyboardInterrupt:
            pass
        finally:
            for child in (worker, daily):
                if child is not None:
                    child.send_signal(signal.SIGTERM)
                    child.wait(timeout=10)
