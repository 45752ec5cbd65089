"""The file side of imports: open, check the header, parse cells, report errors, write workbooks."""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import IO, Any

from django.conf import settings
from django.db.models import TextChoices
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from fazhi.core.errors import ValidationError


@dataclass(frozen=True)
class Column:
    header: Promise | str  # translatable: the Chinese header in the template
    attr: str
    required: bool = False
    kind: str = "text"  # text | date | bool | choice | int
    choices: type[TextChoices] | None = None
    help: Promise | str = ""
    width: int = 18

    def zh(self) -> str:
        with translation.override("zh-hans"):
            return str(self.header)

    def names(self) -> set[str]:
        """Header texts accepted for this column: the Chinese one and the English id."""
        with translation.override("en"):
            en = str(self.header)
        zh = self.zh().strip()
        # a workbook filled from an older template, whose titles had half-width brackets: 村(社区)
        half = zh.translate(str.maketrans("（）：，", "():,"))
        return {zh, half, en.strip(), en.strip().lower()}


@dataclass
class RowError:
    row: int  # 1-based sheet row number, as Excel shows it (0: the file or header as a whole)
    column: str
    message: str

    def __str__(self) -> str:
        if self.row == 0:
            return self.message
        if self.column:
            return _("Row %(row)d, column %(col)s: %(msg)s") % {
                "row": self.row,
                "col": self.column,
                "msg": self.message,
            }
        return _("Row %(row)d: %(msg)s") % {"row": self.row, "msg": self.message}


@dataclass
class ImportReport:
    kind: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected_rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    written: bool = False
    error_workbook: bytes | None = None
    file_sha256: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected_rows": self.rejected_rows,
            "written": self.written,
            "errors": [str(e) for e in self.errors[:500]],
            "error_count": len(self.errors),
            "warnings": [str(w) for w in self.warnings[:200]],
            "warning_count": len(self.warnings),
            "file_sha256": self.file_sha256,
        }


class FileRejected(ValidationError):
    """The file as a whole cannot be read: wrong type, empty, bad header."""

    code = "import_file_rejected"


def detect_type(fh: IO[bytes]) -> str:
    """What the uploaded file is, from its bytes: "xlsx", or the name of another format
    (.ods, .xls, .csv …) that a person can act on ("save as .xlsx")."""
    head = fh.read(8)
    fh.seek(0)
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(fh) as archive:
                names = set(archive.namelist())
                mimetype = archive.read("mimetype").decode("ascii", "replace").strip() if "mimetype" in names else ""
        except (zipfile.BadZipFile, OSError, KeyError):
            return "xlsx"  # a damaged zip: let the workbook reader say so
        finally:
            fh.seek(0)
        if mimetype == "application/vnd.oasis.opendocument.spreadsheet":
            return "ods"
        if mimetype.startswith("application/vnd.oasis.opendocument"):
            return "odf"
        if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
            return "xlsb" if "xl/workbook.bin" in names else "xlsx"
        if "word/document.xml" in names:
            return "docx"
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "xls"  # the old binary Excel (and WPS .et) format
    sample = fh.read(4096)
    fh.seek(0)
    if sample.lstrip().lower().startswith((b"<html", b"<!doctype", b"<table", b"<?xml")):
        return "html"
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError:
        try:
            sample.decode("gb18030")
        except UnicodeDecodeError:
            return "unknown"
    return "csv" if sample.strip() else "empty"


def _type_name(kind: str) -> str:
    names = {
        "ods": _("an OpenDocument spreadsheet (.ods, e.g. from LibreOffice or WPS)"),
        "odf": _("an OpenDocument file (not a spreadsheet)"),
        "xls": _("an Excel 97–2003 workbook (.xls) or a WPS table (.et)"),
        "xlsb": _("an Excel binary workbook (.xlsb)"),
        "docx": _("a Word document (.docx)"),
        "zip": _("a zip archive"),
        "html": _("a web page (HTML) saved with an .xls name"),
        "csv": _("a text file (.csv or .txt)"),
        "empty": _("an empty file"),
    }
    return names.get(kind, _("not a spreadsheet"))


def check_xlsx(fh: IO[bytes]) -> None:
    """Refuse, in Chinese, a file that is not an .xlsx workbook (a .xls, a CSV, a PDF…)."""
    kind = detect_type(fh)
    if kind != "xlsx":
        raise FileRejected(
            _(
                "This file is %(type)s, not an Excel workbook (.xlsx). Please save it as .xlsx format and import "
                'it again (in Excel, WPS or LibreOffice: "Save as", type "Excel workbook (*.xlsx)").'
            )
            % {"type": _type_name(kind)},
            details={"file": kind},
        )


def damaged_workbook() -> FileRejected:
    return FileRejected(
        _(
            "The workbook cannot be opened; it may be damaged or protected by a password. "
            "Open it in Excel, save it again as .xlsx and retry."
        )
    )


def _open(fh: IO[bytes]) -> Any:
    check_xlsx(fh)
    try:
        return load_workbook(fh, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise damaged_workbook() from exc


def read_rows(fh: IO[bytes], columns: Sequence[Column]) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield (sheet row number, {attr: raw cell value}) for the first sheet's data rows.

    Raises :class:`FileRejected` for problems with the file or its header row.
    """
    wb = _open(fh)
    try:
        ws = wb.worksheets[0]
        rows = ws.iter_rows(values_only=True)
        header = next(rows, None)
        if header is None or all(v is None or str(v).strip() == "" for v in header):
            raise FileRejected(
                _(
                    "The first sheet is empty. Put the column titles in row 1 and the data from row 2 "
                    "on; download the template to see the layout."
                )
            )
        index = _map_header(header, columns)
        max_rows = settings.FAZHI_IMPORT_MAX_ROWS
        seen = 0
        for number, values in enumerate(rows, start=2):
            if values is None or all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                continue
            seen += 1
            if seen > max_rows:
                raise FileRejected(
                    _("The file has more than %(n)d data rows. Split it into several files.") % {"n": max_rows}
                )
            yield number, {attr: (values[i] if i < len(values) else None) for attr, i in index.items()}
        if seen == 0:
            raise FileRejected(_("The sheet has column titles but no data rows. Fill in rows from row 2 on."))
    finally:
        wb.close()


def _map_header(header: Sequence[Any], columns: Sequence[Column]) -> dict[str, int]:
    titles = [str(v).strip() if v is not None else "" for v in header]
    last = max(i for i, t in enumerate(titles) if t)
    gaps = [i for i, t in enumerate(titles[: last + 1]) if not t]
    if gaps:
        raise FileRejected(
            _(
                "The title row has empty cells at column(s) %(cols)s. Merged or blank title cells are not allowed: "
                "unmerge them and give every column its own title in row 1."
            )
            % {"cols": ", ".join(get_column_letter(i + 1) for i in gaps)}
        )
    lookup: dict[str, Column] = {c_name: c for c in columns for c_name in c.names()}
    index: dict[str, int] = {}
    unknown: list[str] = []
    for i, title in enumerate(titles[: last + 1]):
        found = lookup.get(title) or lookup.get(title.lower())
        if found is None:
            unknown.append(title)
        elif found.attr in index:
            raise FileRejected(_("The column %(col)s appears twice in the title row; keep one.") % {"col": title})
        else:
            index[found.attr] = i
    missing = [c.zh() for c in columns if c.required and c.attr not in index]
    problems = []
    if missing:
        problems.append(_("Required columns are missing: %(cols)s.") % {"cols": "、".join(missing)})
    if unknown:
        problems.append(_("Unknown columns: %(cols)s.") % {"cols": "、".join(unknown)})
    if problems:
        problems.append(_("Use the titles of the template (download it from the import page)."))
        raise FileRejected(" ".join(problems))
    return index


# --- cell parsing ---------------------------------------------------------------------------------


class CellError(Exception):
    pass


def parse_cell(col: Column, raw: Any) -> Any:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        if col.required:
            raise CellError(_("this column is required"))
        return None if col.kind in {"date", "int"} else (False if col.kind == "bool" else "")
    if col.kind == "text":
        if isinstance(raw, float) and raw.is_integer():
            raw = int(raw)  # a code typed as a number
        return str(raw).strip()
    if col.kind == "int":
        try:
            return int(str(raw).strip())
        except ValueError as exc:
            raise CellError(_("%(value)s is not a whole number") % {"value": raw}) from exc
    if col.kind == "date":
        if isinstance(raw, dt.datetime):
            return raw.date()  # naive: an Excel cell carries no zone; its date is the one typed
        if isinstance(raw, dt.date):
            return raw
        text = str(raw).strip().replace("/", "-").replace(".", "-").replace("年", "-").replace("月", "-").rstrip("日")
        try:
            return dt.date.fromisoformat("-".join(p.zfill(2) for p in text.split("-")))
        except ValueError as exc:
            raise CellError(_("%(value)s is not a date; write it as 2026-12-31") % {"value": raw}) from exc
    if col.kind == "bool":
        text = str(raw).strip().lower()
        if text in {"是", "y", "yes", "true", "1", "√"}:
            return True
        if text in {"否", "n", "no", "false", "0", "×"}:
            return False
        raise CellError(_("write 是 or 否, not %(value)s") % {"value": raw})
    if col.kind == "choice":
        if col.choices is None:  # an invariant, kept under python -O
            raise RuntimeError("col.choices is missing")
        text = str(raw).strip()
        for choice in col.choices:
            with translation.override("zh-hans"):
                zh = str(choice.label)
            if text in {choice.value, zh, str(choice.label)}:
                return choice.value
        with translation.override("zh-hans"):
            options = "、".join(str(c.label) for c in col.choices)
        raise CellError(_("%(value)s is not one of: %(choices)s") % {"value": raw, "choices": options})
    raise AssertionError(col.kind)


# --- workbooks ------------------------------------------------------------------------------------

_HEAD_FONT = Font(bold=True)
_REQ_FILL = PatternFill("solid", fgColor="FFF2CC")


def template_workbook(columns: Sequence[Column], sheet_title: str, example: Sequence[Any] = ()) -> bytes:
    """The downloadable template: titles (required ones shaded), an example row, and a sheet of rules."""
    with translation.override("zh-hans"):
        wb = Workbook()
        ws = wb.active
        if ws is None:  # an invariant, kept under python -O
            raise RuntimeError("ws is missing")
        ws.title = sheet_title
        ws.append([c.zh() for c in columns])
        for i, col in enumerate(columns, start=1):
            cell = ws.cell(row=1, column=i)
            cell.font = _HEAD_FONT
            if col.required:
                cell.fill = _REQ_FILL
        if example:
            ws.append(list(example))
        widths = column_widths([[c.zh() for c in columns], list(example)], [c.width for c in columns])
        for i, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = width
        ws.freeze_panes = "A2"
        rules = wb.create_sheet(_("Instructions"))
        rules.append([_("Column"), _("Required"), _("How to fill it in")])
        for col in columns:
            how = str(col.help)
            if col.kind == "choice" and col.choices is not None:
                how = (how + " " if how else "") + _("One of: %(c)s") % {
                    "c": "、".join(str(c.label) for c in col.choices)
                }
            elif col.kind == "date":
                how = (how + " " if how else "") + _("A date such as 2026-12-31.")
            elif col.kind == "bool":
                how = (how + " " if how else "") + _("是 or 否.")
            rules.append([col.zh(), _("yes") if col.required else "", how])
        rules.append([])
        rules.append(
            [
                _(
                    "Row 1 holds the titles; data start in row 2. Do not merge cells. The example row may be "
                    "overwritten. Importing the same file again changes nothing."
                )
            ]
        )
        rules.column_dimensions["A"].width = max(22, *column_widths([[r[0].value] for r in rules.iter_rows(max_col=1)]))
        rules.column_dimensions["B"].width = 8
        rules.column_dimensions["C"].width = 80
        return _save(wb)


def error_workbook(columns: Sequence[Column], rows: Sequence[tuple[int, dict[str, Any], list[str]]]) -> bytes:
    """The rejected rows with their original values and what to fix, ready to correct and re-import."""
    with translation.override("zh-hans"):
        header = [c.zh() for c in columns] + [_("Original row"), _("What to fix")]
        body = [
            [_cell_out(raw.get(c.attr)) for c in columns] + [number, "；".join(messages)]
            for number, raw, messages in rows
        ]
        return _write_sheet(_("Rejected rows"), header, body)


def export_workbook(
    columns: Sequence[Column], sheet_title: str, rows: Sequence[Sequence[Any]] | Iterator[Sequence[Any]]
) -> bytes:
    with translation.override("zh-hans"):
        return _write_sheet(sheet_title, [c.zh() for c in columns], [[_cell_out(v) for v in row] for row in rows])


MAX_WIDTH = 60


def display_width(value: Any) -> int:
    """How many character cells a value takes in a spreadsheet column: a CJK (full-width) character
    counts two; a date is written 2026-12-31; a multi-line text counts its longest line."""
    if value is None:
        return 0
    if isinstance(value, dt.datetime):
        return 19
    if isinstance(value, dt.date):
        return 10
    text = str(value)
    return max(
        (sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line) for line in text.splitlines()),
        default=0,
    )


def column_widths(rows: Iterable[Sequence[Any]], minimum: Sequence[int] = ()) -> list[int]:
    """The width of each column from its content (the title row included), between the column's
    minimum and MAX_WIDTH, with a little room so nothing shows as ###."""
    widths = list(minimum)
    for row in rows:
        for i, value in enumerate(row):
            need = min(display_width(value) + 2, MAX_WIDTH)
            if i >= len(widths):
                widths.append(need)
            elif need > widths[i]:
                widths[i] = need
    return [max(w, 6) for w in widths]


def _write_sheet(title: str, header: list[Any], body: list[list[Any]]) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title)
    for i, width in enumerate(column_widths([header, *body]), start=1):
        ws.column_dimensions[get_column_letter(i)].width = width  # before the rows: write-only sheet
    ws.freeze_panes = "A2"
    head = []
    for value in header:
        cell = WriteOnlyCell(ws, value=value)
        cell.font = _HEAD_FONT
        head.append(cell)
    ws.append(head)
    for row in body:
        ws.append(row)  # a date gets the yyyy-mm-dd format from openpyxl
    return _save(wb)


def _cell_out(value: Any) -> Any:
    if isinstance(value, bool):
        return "是" if value else "否"
    return value


def _save(wb: Workbook) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
