"""The 行政执法统计年报 as the province takes it: an Excel workbook (one sheet per table, every body
of the area a row) and a Word document (the same tables)."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from fazhi.reports.statistics import TABLES, BodyStatistics, due_date


def cell_text(value: Any) -> Any:
    """A value as the documents print it: amounts with two decimals, words as they are."""
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return value


def _title(area: str, year: int) -> str:
    return _("%(area)s: administrative enforcement statistics %(year)s") % {"area": area, "year": year}


def statistics_xlsx(*, rows: list[BodyStatistics], year: int, area: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    from fazhi.registry.imports.base import column_widths

    with translation.override("zh-hans"):
        wb = Workbook()
        first = wb.active
        if first is not None:
            wb.remove(first)
        for index, table in enumerate(TABLES):
            ws = wb.create_sheet(str(table.title)[:31])
            header = [_("Body code"), _("Enforcement body"), pgettext("statistics", "Source")] + [
                str(line.label) for line in table.lines
            ]
            body_rows = []
            for stats in rows:
                result = stats.tables[index]
                numbers = [
                    float(v) if isinstance(v, Decimal) else v  # an amount stays a number in Excel
                    for v in result.cells()
                ]
                body_rows.append([stats.body.code, stats.body.name, result.source_label, *numbers])
            ws.append(header)
            for cell in ws[1]:
                cell.font = Font(bold=True)
            for r in body_rows:
                ws.append(r)
            for col, line in enumerate(table.lines, start=4):
                if line.amount:
                    for row in ws.iter_rows(min_row=2, min_col=col, max_col=col):
                        row[0].number_format = "0.00"
            for i, width in enumerate(column_widths([header, *body_rows]), start=1):
                ws.column_dimensions[get_column_letter(i)].width = width
            ws.freeze_panes = "D2"
        info = wb.create_sheet(pgettext("statistics", "Notes"))
        info.append([_title(area, year)])
        info.append([_("Due by %(date)s (国办发〔2018〕118号).") % {"date": f"{due_date(year):%Y年%-m月%-d日}"}])
        info.append(
            [
                _(
                    "行政处罚 and 行政检查 are counted from the system's records; a decision with several penalties "
                    "counts once, under the heaviest kind. The other tables were entered or imported, as the "
                    "source column says; 无此职能 where the body has no such power."
                )
            ]
        )
        for stats in rows:  # unusual but possible relations, as the page notes them beside the table
            for result in stats.tables:
                for note in result.notes:
                    info.append([f"{stats.body.name} · {result.table.title}：{note}"])
        info.column_dimensions["A"].width = 100
        buf = io.BytesIO()
        wb.save(buf)
        return buf.getvalue()


def statistics_docx(*, rows: list[BodyStatistics], year: int, area: str) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.oxml.ns import qn
    from docx.shared import Pt

    with translation.override("zh-hans"):
        doc = Document()
        section = doc.sections[0]
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
        style = doc.styles["Normal"]
        style.font.name = "仿宋"
        style.font.size = Pt(10.5)
        rpr = style.element.get_or_add_rPr()
        rpr.get_or_add_rFonts().set(qn("w:eastAsia"), "仿宋")
        doc.add_heading(_title(area, year), level=1)
        doc.add_paragraph(_("Due by %(date)s (国办发〔2018〕118号).") % {"date": f"{due_date(year):%Y年%-m月%-d日}"})
        for index, table in enumerate(TABLES):
            doc.add_heading(str(table.title), level=2)
            grid = doc.add_table(rows=1, cols=2 + len(table.lines))
            grid.style = "Table Grid"
            head = grid.rows[0].cells
            head[0].text = _("Enforcement body")
            head[1].text = pgettext("statistics", "Source")
            for i, line in enumerate(table.lines, start=2):
                head[i].text = str(line.label)
            for stats in rows:
                result = stats.tables[index]
                cells = grid.add_row().cells
                cells[0].text = stats.body.name
                cells[1].text = result.source_label
                for i, value in enumerate(result.cells(), start=2):
                    cells[i].text = str(cell_text(value))
        buf = io.BytesIO()
        doc.save(buf)
        return buf.getvalue()
