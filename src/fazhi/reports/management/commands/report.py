from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fazhi.accounts.models import Region
from fazhi.core.errors import ApplicationError
from fazhi.core.figures import load_all
from fazhi.core.pdf import docx_to_pdf
from fazhi.reports.document import annual_report_docx
from fazhi.reports.figures import SEED_FIGURES, figures_for, region_find
from fazhi.reports.numbers import exact
from fazhi.reports.selectors import report_source
from fazhi.reports.statistics_command import statistics_command
from fazhi.reports.text import template_check


class Command(BaseCommand):
    help = (
        "`fazhi report figures --region NAME|CODE --year YYYY [--format json|table]`: the annual report's "
        "figures for a region and year, each with how it is counted and where its records are; the figures "
        "that cannot be computed are listed under missing with the reason."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["figures", "annual", "statistics"])
        parser.add_argument(
            "--region", help="a region's name or code (e.g. 峰灵镇 or 500238117); statistics: default the county"
        )
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--format", choices=["json", "table"], default="json")
        parser.add_argument(
            "--out", type=Path, help="annual: the .docx or .pdf to write; statistics: the .xlsx or .docx to write"
        )
        parser.add_argument(
            "--template", type=Path, help="annual: a text template instead of the region's saved words (or the default)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "statistics":
            statistics_command(self.stdout, options)
            return
        if not options["region"]:
            raise CommandError("请用 --region 指定地区的名称或代码, 例如 --region 峰灵镇", returncode=2)
        try:
            region = region_find(options["region"])
        except ApplicationError as exc:
            raise CommandError(exc.message, returncode=2) from exc
        year = options["year"]
        if not 1949 < year < 3000:
            raise CommandError(f"年份 {year} 不可用: 请写四位数的年份, 例如 --year 2025", returncode=2)
        if options["action"] == "annual":
            self._annual(region, year, options)
            return
        result = figures_for(region=region, year=year)
        if options["format"] == "json":
            self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False, indent=1))
            return
        self.stdout.write(f"{region.name} ({region.code}) {year} 年")
        for fid, fig in result.figures.items():
            shown = exact(fig["value"]) + ("%" if fig["unit"] == "%" else "")
            unit = "" if fig["unit"] == "%" else fig["unit"]
            self.stdout.write(f"{fid:<40} {shown:>10} {unit:<4} {fig['label']}")
        if result.missing:
            self.stdout.write("无法计算：")
            for m in result.missing:
                self.stdout.write(f"{m['id']:<40} {m['why']}")

    def _annual(self, region: Region, year: int, options: dict[str, Any]) -> None:
        out: Path | None = options["out"]
        if out is None or out.suffix.lower() not in (".docx", ".pdf"):
            raise CommandError(
                "请用 --out 指定要写入的 .docx 或 .pdf 文件, 例如 --out 报告.docx 或 --out 报告.pdf", returncode=2
            )
        template = report_source(region=region, year=year)  # the words saved on the page, else the default
        if options["template"] is not None:
            try:
                template = options["template"].read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise CommandError(f"无法读取模板 {options['template']}: {exc}", returncode=2) from exc
            try:
                template_check(template, set(load_all()) | set(SEED_FIGURES))
            except ApplicationError as exc:
                raise CommandError(f"模板有误：{exc.message}", returncode=2) from exc
        data = annual_report_docx(region=region, year=year, template=template)
        if out.suffix.lower() == ".pdf":
            try:
                data = docx_to_pdf(data)
            except ApplicationError as exc:
                raise CommandError(exc.message, returncode=2) from exc
        out.write_bytes(data)
        self.stdout.write(f"已写入 {out} ({len(data) // 1024} KB)")
