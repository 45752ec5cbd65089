from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from fazhi.core.workdays import WorkCalendar, rule_is_workday, unknown_year_message, unknown_years, year_is_official
from fazhi.scheduling.model import ProblemError, parse_problem
from fazhi.scheduling.solver import METHODS, solve


class Command(BaseCommand):
    help = (
        "Coordination (综合查一次): `fazhi coordinate solve PROBLEM.json` prints the solution JSON; "
        'exit 2 with a message on an invalid problem. Without "workdays", the Chinese working-day '
        "calendar (with its overrides) is used."
    )
    # A solve reads no model and serves no page: skipping the system checks (which import every
    # URL and view) saves seconds of start-up (issue 17: a county month in seconds, start-up included).
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["solve", "province", "worker"])
        parser.add_argument(
            "problem", type=Path, nargs="?", help="solve: the problem JSON file, or - for standard input"
        )
        parser.add_argument("--month", help="province: the month, YYYY-MM")
        parser.add_argument("--regions", nargs="*", default=None, help="province: county codes (default: every county)")
        parser.add_argument("--under", help="province: every county under this region code (a province or city)")
        parser.add_argument(
            "--confirm-calendar",
            action="store_true",
            help="province: schedule Monday-Friday where no holidays are known",
        )
        parser.add_argument("--burst", action="store_true", help="worker: stop when the queue is empty")
        parser.add_argument("--name", help="worker: its name on the queue (default: host and process id)")
        parser.add_argument("--time-limit", type=float, default=10.0, help="seconds for the solver (default 10)")
        parser.add_argument("--method", choices=list(METHODS), default="auto")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "province":
            self._province(options)
            return
        if options["action"] == "worker":
            self._worker(options)
            return
        path: Path | None = options["problem"]
        if path is None:
            raise CommandError("请给出问题文件：fazhi coordinate solve PROBLEM.json", returncode=2)
        try:
            text = sys.stdin.read() if str(path) == "-" else path.read_text(encoding="utf-8")
            data = json.loads(text)
        except FileNotFoundError as exc:
            raise CommandError(f"找不到问题文件：{path}", returncode=2) from exc
        except json.JSONDecodeError as exc:
            raise CommandError(
                f"问题文件不是有效的 JSON：第 {exc.lineno} 行第 {exc.colno} 列：{exc.msg}", returncode=2
            ) from exc
        try:
            given = isinstance(data, dict) and data.get("workdays") is not None
            problem = parse_problem(data, default_workdays=None if given else _calendar(data))
        except ProblemError as exc:
            raise CommandError("问题无效：\n  " + "\n  ".join(exc.errors), returncode=2) from exc
        solution = solve(problem, time_limit=options["time_limit"], method=options["method"])
        self.stdout.write(json.dumps(solution.to_dict(), ensure_ascii=False, indent=1))

    def _province(self, options: dict[str, Any]) -> None:
        from fazhi.accounts.scopes import SystemUser
        from fazhi.core.errors import ApplicationError
        from fazhi.inspections.province import counties, province_coordinate

        try:
            month = dt.date.fromisoformat(f"{options['month'] or ''}-01")
        except ValueError as exc:
            raise CommandError("--month 应为 YYYY-MM，例如 --month 2027-01", returncode=2) from exc
        try:
            regions = counties(under=options["under"], codes=options["regions"])
            queued = province_coordinate(
                actor=SystemUser("coordinate province"),
                regions=regions,
                month=month,
                calendar_confirmed=options["confirm_calendar"],
            )
        except ApplicationError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        for q in queued:  # known once the fan-out is committed (always, outside a surrounding transaction)
            self.stdout.write(f"{q.region}\t{q.queue}\t{q.job}")
        self.stderr.write(
            f"已排队 {len(regions)} 个县的统筹协调（{month:%Y-%m}）：{'、'.join(r.code for r in regions)}"
        )

    def _worker(self, options: dict[str, Any]) -> None:
        from django.conf import settings

        from fazhi.inspections.province import rq_worker

        if not settings.FAZHI_TASK_BROKER:
            raise CommandError(
                "未设置 FAZHI_TASK_BROKER：各县的统筹协调在数据库队列上，由 fazhi worker 运行。", returncode=2
            )
        rq_worker(burst=options["burst"], name=options["name"])


def _calendar(data: Any) -> list[dt.date] | None:
    try:
        start = dt.date.fromisoformat(data["period"]["start"])
        end = dt.date.fromisoformat(data["period"]["end"])
    except (KeyError, TypeError, ValueError):
        return None
    if end < start or (end - start).days > 400:
        return None
    try:
        days = WorkCalendar(start, end).workdays()
        unknown = unknown_years(start, end)
    except DatabaseError:
        # No database yet (a bare checkout): the official calendar without local overrides.
        sys.stderr.write("提示：无法读取数据库中的日历调整，仅按国务院节假日安排和周一至周五计算工作日。\n")
        days = [d for d in _days(start, end) if rule_is_workday(d)]
        unknown = [y for y in range(start.year, end.year + 1) if not year_is_official(y)]
    if unknown:
        sys.stderr.write(f"提示：{unknown_year_message(unknown)}\n")
    return days


def _days(start: dt.date, end: dt.date) -> list[dt.date]:
    return [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]
