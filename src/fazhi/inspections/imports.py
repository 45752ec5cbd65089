"""Plan items from Excel: every row goes through ``plan_item_add``, so the rules are the page's.

All-or-nothing by default (one bad row and nothing is written, every error listed); ``partial``
writes the good rows. The rows use codes a department has at hand: body code or name, the
enterprise's USCC, the matter code.
"""

from __future__ import annotations

from typing import IO, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core.errors import ApplicationError
from fazhi.inspections.services import month_end, next_month, plan_item_add
from fazhi.registry import selectors as registry
from fazhi.registry.imports.base import (
    CellError,
    Column,
    FileRejected,
    ImportReport,
    RowError,
    parse_cell,
    read_rows,
    template_workbook,
)
from fazhi.registry.models import InspectionType

COLUMNS = [
    Column(
        gettext_lazy("Enforcement body"),
        "body",
        required=True,
        width=28,
        help=gettext_lazy("Code or full name of the body."),
    ),
    Column(gettext_lazy("Unified social credit code"), "uscc", required=True, width=24),
    Column(gettext_lazy("Matter code"), "matter", required=True),
    Column(gettext_lazy("Inspection type"), "inspection_type", kind="choice", choices=InspectionType),
    Column(gettext_lazy("Earliest date"), "earliest", kind="date", required=True),
    Column(gettext_lazy("Latest date"), "latest", kind="date", required=True),
    Column(gettext_lazy("Note"), "note", width=30),
    Column(
        gettext_lazy("Remote"),
        "remote",
        kind="bool",
        help=gettext_lazy("是: a remote check (非现场: documents, data or video), no trip; empty: on site."),
    ),
]


def plan_example() -> list[Any]:
    """The template's sample row: the demo's 峰灵镇 body, enterprise and matter, next month (its
    credit code passes the GB 32100 check; tests/test_imports.py imports it)."""
    month = next_month(timezone.localdate())
    return [
        "ZF-500238117",
        "91500238MA5U000009",
        "ZF-500238117-001",
        "日常检查",
        month.isoformat(),
        month_end(month).isoformat(),
        "",
        "否",
    ]


def plan_template() -> bytes:
    return template_workbook(COLUMNS, str(gettext_lazy("Plan items")), plan_example())


class _Rollback(Exception):
    pass


def plan_items_import(*, actor: Any, fh: IO[bytes], partial: bool = False) -> ImportReport:
    report = ImportReport(kind="plans")
    bodies = list(registry.body_editable(user=actor))
    by_body = {k: b for b in bodies for k in (b.code, b.name, b.short_name) if k}
    try:
        rows = list(read_rows(fh, COLUMNS))
    except FileRejected as exc:
        report.errors.append(RowError(0, "", exc.message))
        return report
    report.rows = len(rows)
    try:
        with transaction.atomic():
            for number, raw in rows:
                errors = _row(actor, number, raw, by_body, partial)
                if errors:
                    report.errors.extend(errors)
                    report.rejected_rows += 1
                else:
                    report.created += 1
            if report.errors and not partial:
                raise _Rollback
    except _Rollback:
        report.created = 0
        return report
    report.written = True
    return report


def _row(actor: Any, number: int, raw: dict[str, Any], by_body: dict[str, Any], partial: bool) -> list[RowError]:
    cells: dict[str, Any] = {}
    errors: list[RowError] = []
    for col in COLUMNS:
        try:
            cells[col.attr] = parse_cell(col, raw.get(col.attr))
        except CellError as exc:
            errors.append(RowError(number, col.zh(), str(exc)))
            cells[col.attr] = None
    # every error of the row at once: the references of the readable cells are looked up too
    body = by_body.get(cells["body"]) if cells["body"] else None
    enterprise = (
        registry.enterprise_list(user=actor).filter(uscc=str(cells["uscc"]).strip().upper()).first()
        if cells["uscc"]
        else None
    )
    matter = (
        registry.matter_list(user=actor).filter(code=str(cells["matter"]).strip().upper()).first()
        if cells["matter"]
        else None
    )
    for col, value, message in (
        (COLUMNS[0], body, _("not an enforcement body you plan for")),
        (COLUMNS[1], enterprise, _("no enterprise with this code in your area")),
        (COLUMNS[2], matter, _("no matter with this code")),
    ):
        if value is None and cells[col.attr] is not None:
            errors.append(RowError(number, col.zh(), message))
    if errors or body is None or enterprise is None or matter is None:
        return errors
    try:
        with transaction.atomic():  # a savepoint: a refused row leaves nothing behind
            plan_item_add(
                actor=actor,
                body=body,
                enterprise=enterprise,
                matter=matter,
                inspection_type=cells["inspection_type"] or InspectionType.ROUTINE,
                earliest=cells["earliest"],
                latest=cells["latest"],
                note=cells["note"],
                remote=bool(cells["remote"]),
            )
    except ApplicationError as exc:
        by_attr = {c.attr: c.zh() for c in COLUMNS}
        fields = [by_attr[k] for k in (exc.details or {}) if k in by_attr]
        return [RowError(number, fields[0] if len(fields) == 1 else "", exc.message)]
    return []
