"""``fazhi report statistics``: the 行政执法统计年报 of a region's bodies, as the system reads it (a
:class:`RegionReader` of the region, like ``fazhi report figures``): the same .xlsx or .docx as the
page's download, or a summary on stdout."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, OutputWrapper
from django.utils import timezone, translation

from fazhi.accounts.models import Region
from fazhi.accounts.scopes import RegionReader
from fazhi.core.errors import ApplicationError
from fazhi.reports.figures import region_find
from fazhi.reports.statistics import TABLES, area_statistics, due_date, statistics_area_name
from fazhi.reports.statistics_documents import cell_text, statistics_docx, statistics_xlsx

FIRST_YEAR = 2000  # as the service: statistics are kept for years from 2000 up to this one


def _region(text: str | None) -> Region:
    if text:
        try:
            return region_find(text)
        except ApplicationError as exc:
            raise CommandError(exc.message, returncode=2) from exc
    counties = list(Region.objects.filter(level=Region.Level.COUNTY)[:2])
    if len(counties) != 1:
        raise CommandError("没有唯一的县级地区: 请用 --region 指定地区的名称或代码, 例如 --region 峰灵镇", returncode=2)
    return counties[0]


def statistics_command(stdout: OutputWrapper, options: dict[str, Any]) -> None:
    region = _region(options["region"])
    year: int = options["year"]
    this_year = timezone.localdate().year
    if not FIRST_YEAR <= year <= this_year:
        raise CommandError(
            f"没有 {year} 年的执法统计：统计按年保存，年份从 {FIRST_YEAR} 到今年（{this_year}），"
            f"例如 --year {this_year - 1}",
            returncode=2,
        )
    reader = RegionReader(region)
    out: Path | None = options["out"]
    with translation.override("zh-hans"):
        rows = area_statistics(user=reader, year=year)
        area = statistics_area_name(user=reader)
        if out is not None:
            suffix = out.suffix.lower()
            if suffix not in (".xlsx", ".docx"):
                raise CommandError("请用 --out 指定要写入的 .xlsx 或 .docx 文件, 例如 --out 统计.xlsx", returncode=2)
            writer = statistics_xlsx if suffix == ".xlsx" else statistics_docx
            data = writer(rows=rows, year=year, area=area)
            try:
                out.write_bytes(data)
            except OSError as exc:
                raise CommandError(f"无法写入 {out}: {exc}", returncode=2) from exc
            stdout.write(f"已写入 {out}（{len(rows)} 个执法主体，{len(data) // 1024} KB）")
            return
        if options["format"] == "json":
            stdout.write(
                json.dumps(
                    {
                        "region": region.code,
                        "year": year,
                        "bodies": [
                            {
                                "code": s.body.code,
                                "name": s.body.name,
                                "tables": {
                                    t.table.key: {
                                        "source": t.source,
                                        "values": {k: str(cell_text(v)) for k, v in t.values.items()},
                                        "notes": t.notes,
                                    }
                                    for t in s.tables
                                },
                            }
                            for s in rows
                        ],
                    },
                    ensure_ascii=False,
                    indent=1,
                )
            )
            return
        stdout.write(f"{area} {year} 年行政执法统计（{len(rows)} 个执法主体，{due_date(year):%Y年%-m月%-d日}前报送）")
        for index, table in enumerate(TABLES):
            stdout.write(str(table.title))
            for s in rows:
                result = s.tables[index]
                if result.values and result.source not in ("no_power", "not_filled"):
                    shown = " · ".join(
                        f"{line.label} {cell_text(v)}" for line, v in zip(table.lines, result.cells(), strict=True)
                    )
                else:
                    shown = ""
                stdout.write(f"  {s.body.code:<14} {s.body.name}  [{result.source_label}]  {shown}".rstrip())
                for note in result.notes:
                    stdout.write(f"    注：{note}")
