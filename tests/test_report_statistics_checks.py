"""Issue 23.4: the 行政执法统计年报's impossible numbers refused (on the page and in an import, nothing
written, typed values kept), unusual ones noted beside the table, ``fazhi report statistics``, and
the demo's last year."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from fazhi.core.errors import ValidationError
from fazhi.reports import statistics_services as services
from fazhi.reports.models import StatisticsEntry
from fazhi.reports.statistics import ENTERED_TABLES, Line, TableDef, body_statistics
from fazhi.reports.statistics_checks import refusals
from tests.dbutil import assert_nothing_changed
from tests.factories import CaseWorld
from tests.test_onsite_pages import client_for
from tests.test_report_statistics import _row, _workbook, decided_penalty, legal_office

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def save(actor: Any, body: Any, table: str, **values: str) -> StatisticsEntry:
    return services.statistics_save(
        actor=actor, body=body, year=TODAY().year, table=table, no_power=False, values=values
    )


def test_money_levied_without_a_levy_is_refused_and_nothing_is_written(world: Any) -> None:
    legal = legal_office(world)
    with assert_nothing_changed(), pytest.raises(ValidationError) as refused:
        save(legal, world.body_a, "levy", count="0", amount="1200")
    message = refused.value.message
    assert message.startswith("行政征收：") and "征收金额（元）为 1200.00" in message and "征收件数为 0" in message
    assert "本表未保存" in message
    # over an existing table: the refusal leaves it as it was
    save(legal, world.body_a, "levy", count="2", amount="800")
    with assert_nothing_changed(), pytest.raises(ValidationError):
        services.statistics_save(
            actor=legal,
            body=world.body_a,
            year=TODAY().year,
            table="levy",
            no_power=False,
            values={"count": "0", "amount": "800"},
            expected_version=1,
        )
    assert StatisticsEntry.objects.get(body=world.body_a, table="levy").values == {"count": 2, "amount": "800.00"}


def test_the_page_refuses_it_and_keeps_what_was_typed(world: Any) -> None:
    client = client_for(world["head_a"])
    url = f"/reports/statistics/?body={world.body_a.pk}&year={TODAY().year}"
    with assert_nothing_changed():
        page = client.post(url, {"table": "levy", "version": "0", "count": "0", "amount": "350.5"})
    assert page.status_code == 422
    html = page.content.decode()
    assert "行政征收：征收金额（元）为 350.50，而征收件数为 0" in html
    assert 'name="count" inputmode="decimal" class="form-control form-control-sm text-end" value="0"' in html
    assert 'value="350.5"' in html


def test_an_import_with_money_levied_without_a_levy_writes_nothing_and_names_row_and_column(world: Any) -> None:
    legal = legal_office(world, "legal_c", region=world.county)
    good = _row("YJ", licensing__applications=5, licensing__granted=4, licensing__refused=1)
    bad = _row(
        "ZF-A", levy__count=0, levy__amount="99.90", coercion__measures=1, coercion__enforcement=0, coercion__court=0
    )
    with assert_nothing_changed(), pytest.raises(ValidationError) as refused:
        services.statistics_import(actor=legal, year=TODAY().year, fh=_workbook([good, bad]))
    errors = refused.value.details["errors"]
    assert len(errors) == 1
    assert errors[0].startswith("第 3 行「行政征收：征收金额（元）」") and "征收件数为 0" in errors[0]


def test_a_part_larger_than_its_total_is_refused() -> None:
    # No entered line is a "其中" of another today (准予/不予 are not parts of 申请: carried-over
    # applications; 申请法院强制执行 is not a part of the body's own 强制执行: 行政强制法 art. 34 and 53),
    # so the rule is shown on a table of its own.
    table = TableDef("t", "检查", (Line("total", "实施检查"), Line("site", "其中现场", part_of="total")), kept=False)
    found = refusals(table, {"total": 3, "site": 4})
    assert [key for key, _reason in found] == ["site"]
    assert "其中现场（4）大于其所属的实施检查（3）" in found[0][1]
    assert refusals(table, {"total": 4, "site": 4}) == []
    assert all(not line.part_of for t in ENTERED_TABLES.values() for line in t.lines)


@pytest.mark.parametrize(
    ("table", "values", "note"),
    [
        (
            "licensing",
            {"applications": "10", "granted": "9", "refused": "3"},
            "准予和不予许可共 12 件，多于本年受理的申请 10 件",
        ),
        ("levy", {"count": "2", "amount": "0"}, "征收 2 件而征收金额为 0"),
        ("requisition", {"count": "0", "compensation": "5000"}, "本年没有征用，却支付补偿 5000.00 元"),
    ],
)
def test_unusual_numbers_are_saved_and_noted_beside_the_table(
    world: Any, table: str, values: dict[str, str], note: str
) -> None:
    legal = legal_office(world)
    save(legal, world.body_a, table, **values)
    result = {t.table.key: t for t in body_statistics(body=world.body_a, year=TODAY().year).tables}[table]
    assert result.source == "entered" and len(result.notes) == 1 and note in result.notes[0]
    html = client_for(legal).get(f"/reports/statistics/?body={world.body_a.pk}&year={TODAY().year}").content.decode()
    section = html[html.index(f'data-table="{table}"') :]
    section = section[: section.index("</section>")]
    assert "data-note" in section and note in section


def test_ordinary_numbers_have_no_note(world: Any) -> None:
    legal = legal_office(world)
    save(legal, world.body_a, "licensing", applications="10", granted="8", refused="2")
    save(legal, world.body_a, "levy", count="0", amount="0")
    save(legal, world.body_a, "requisition", count="1", compensation="0")  # compensation not paid yet
    assert all(not t.notes for t in body_statistics(body=world.body_a, year=TODAY().year).tables)


# --- fazhi report statistics ------------------------------------------------------------------


def small_year(world: Any) -> None:
    """峰灵镇: one decision (fine 30000 and confiscation), licensing 5/4/1, no levies; the county
    department: coercion 2/1/0; 城厢镇 nothing."""
    cw = CaseWorld(world)
    decided_penalty(cw, fine="30000", other="没收违法所得")
    save(cw.legal, world.body_a, "licensing", applications="5", granted="4", refused="1")
    services.statistics_save(
        actor=cw.legal, body=world.body_a, year=TODAY().year, table="levy", no_power=True, values={}
    )
    county_legal = legal_office(world, "legal_c", region=world.county)
    save(county_legal, world.dept_body, "coercion", measures="2", enforcement="1", court="0")


def rows_of(path: Path, sheet: str) -> list[list[Any]]:
    return [list(r) for r in load_workbook(path)[sheet].iter_rows(values_only=True)]


def test_the_command_writes_the_countys_workbook(world: Any, tmp_path: Path, capsys: Any) -> None:
    small_year(world)
    out = tmp_path / "统计.xlsx"
    call_command("report", "statistics", "--year", str(TODAY().year), "--out", str(out))
    assert "已写入" in capsys.readouterr().out
    licensing = rows_of(out, "行政许可")
    assert licensing[0] == ["执法主体编码", "执法主体", "数据来源", "许可申请件数", "准予许可", "不予许可"]
    assert licensing[1:] == [
        ["YJ", "巫溪县应急管理局", "未填报", "未填报", "未填报", "未填报"],
        ["ZF-A", "峰灵镇人民政府", "录入", 5, 4, 1],
        ["ZF-B", "城厢镇人民政府", "未填报", "未填报", "未填报", "未填报"],
    ]
    assert rows_of(out, "行政强制")[1] == ["YJ", "巫溪县应急管理局", "录入", 2, 1, 0]
    assert rows_of(out, "行政征收")[2] == ["ZF-A", "峰灵镇人民政府", "无此职能", "无此职能", "无此职能"]
    assert rows_of(out, "行政处罚")[2][:8] == ["ZF-A", "峰灵镇人民政府", "系统记录", 1, 0, 0, 30000, 1]
    assert rows_of(out, "行政处罚")[3][3] == 0
    assert "巫溪县" in rows_of(out, "说明")[0][0]


def test_the_command_writes_a_townships_document_and_a_table(world: Any, tmp_path: Path, capsys: Any) -> None:
    small_year(world)
    year = str(TODAY().year)
    out = tmp_path / "统计.docx"
    call_command("report", "statistics", "--year", year, "--region", "峰灵镇", "--out", str(out))
    texts = [[c.text for c in row.cells] for table in Document(str(out)).tables for row in table.rows]
    assert ["峰灵镇人民政府", "录入", "5", "4", "1"] in texts
    assert not any("城厢镇人民政府" in row for row in texts)  # the township's bodies only
    capsys.readouterr()
    call_command("report", "statistics", "--year", year, "--region", "500238117", "--format", "table")
    printed = capsys.readouterr().out
    assert re.search(r"ZF-A\s+峰灵镇人民政府  \[录入\]  许可申请件数 5 · 准予许可 4 · 不予许可 1", printed)
    assert "[无此职能]" in printed and "[未填报]" in printed and "罚款金额（元） 30000.00" in printed


@pytest.mark.parametrize(
    ("args", "years_on", "reason"),
    [
        (["--region", "无此镇", "--format", "table"], 0, "无此镇"),
        (["--format", "table"], 1, "没有"),  # next year's statistics do not exist yet
        (["--out", "统计.pdf"], 0, ".xlsx 或 .docx"),
    ],
)
def test_the_command_refuses_an_unknown_region_or_year_with_exit_2(
    world: Any, args: list[str], years_on: int, reason: str
) -> None:
    with assert_nothing_changed(), pytest.raises(CommandError) as refused:
        call_command("report", "statistics", "--year", str(TODAY().year + years_on), *args)
    assert refused.value.returncode == 2 and reason in str(refused.value)
