from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fazhi.core.errors import ApplicationError
from fazhi.reports.figures import figures_for, region_find


class Command(BaseCommand):
    help = (
        "`fazhi report figures --region NAME|CODE --year YYYY [--format json|table]`: the annual report's "
        "figures for a region and year, each with how it is counted and where its records are; the figures "
        "that cannot be computed are listed under missing with the reason."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["figures"])
        parser.add_argument("--region", required=True, help="a region's name or code (e.g. 峰灵镇 or 500238117)")
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--format", choices=["json", "table"], default="json")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            region = region_find(options["region"])
        except ApplicationError as exc:
            raise CommandError(exc.message, returncode=2) from exc
        year = options["year"]
        if not 1949 < year < 3000:
            raise CommandError(f"年份 {year} 不可用: 请写四位数的年份, 例如 --year 2025", returncode=2)
        result = figures_for(region=region, year=year)
        if options["format"] == "json":
            self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False, indent=1))
            return
        self.stdout.write(f"{region.name} ({region.code}) {year} 年")
        for fid, fig in result.figures.items():
            self.stdout.write(f"{fid:<40} {fig['value']!s:>10} {fig['unit']:<6} {fig['label']}")
        if result.missing:
            self.stdout.write("无法计算:")
            for m in result.missing:
                self.stdout.write(f"{m['id']:<40} {m['why']}")
