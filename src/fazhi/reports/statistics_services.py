"""Entering and importing the statistics tables fazhi keeps no register for (许可, 强制, 征收, 征用).

The legal office / justice office enters them for the bodies of its area, a body's head for its own
body. Each change is versioned (optimistic locking) and written to the ledger; an import is all rows
valid or nothing written, every row's error listed in Chinese."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import can, require, require_own_body, scope_of, user_or_none
from fazhi.core.errors import ConflictError, PermissionDenied, ValidationError
from fazhi.core.ledger import Event, actor_of, ledger_append, ledger_append_many
from fazhi.core.versioning import versioned_update
from fazhi.registry.imports.base import CellError, Column, RowError, parse_cell, read_rows, template_workbook
from fazhi.registry.models import EnforcementBody
from fazhi.reports.models import StatisticsEntry
from fazhi.reports.statistics import ENTERED_TABLES, TableDef
from fazhi.reports.statistics_checks import refusals

MAX_AMOUNT = Decimal("1000000000000")


def _check_year(year: int) -> None:
    if year < 2000 or year > timezone.localdate().year:
        raise ValidationError(
            _("Statistics are kept for years up to this one; %(year)s is not such a year.") % {"year": year},
            details={"year": "invalid"},
        )


def parse_value(table: TableDef, key: str, raw: Any) -> int | Decimal:
    """One value as typed: a whole count ≥ 0, or an amount in yuan ≥ 0 with at most two decimals."""
    line = next(line for line in table.lines if line.key == key)
    text = "" if raw is None else str(raw).strip().replace(",", "").replace("，", "")
    if not text:
        raise CellError(_("write a number (0 where nothing happened)"))
    if line.amount:
        try:
            amount = Decimal(text)
        except InvalidOperation as exc:
            raise CellError(_("%(value)s is not an amount in yuan") % {"value": raw}) from exc
        if not amount.is_finite() or amount < 0 or amount >= MAX_AMOUNT or amount != amount.quantize(Decimal("0.01")):
            raise CellError(_("%(value)s is not an amount in yuan ≥ 0 with at most two decimals") % {"value": raw})
        return amount.quantize(Decimal("0.01"))
    try:
        number = Decimal(text)
    except InvalidOperation as exc:
        raise CellError(_("%(value)s is not a whole number") % {"value": raw}) from exc
    if not number.is_finite() or number != number.to_integral_value() or number < 0:
        raise CellError(_("%(value)s is not a whole number ≥ 0") % {"value": raw})
    return int(number)


def _stored(values: dict[str, int | Decimal]) -> dict[str, Any]:
    return {k: (str(v) if isinstance(v, Decimal) else v) for k, v in values.items()}


def require_body_edit(actor: Any, body: EnforcementBody) -> None:
    """The legal office of the body's area, or the body's own head."""
    require(actor, Perm.STATS_EDIT)
    require_own_body(actor, body, others="area")


def can_edit_body(user: Any, body: EnforcementBody) -> bool:
    if not can(user, Perm.STATS_EDIT):
        return False
    try:
        require_own_body(user, body, others="area")
    except PermissionDenied:
        return False
    return not scope_of(user).enterprise_only


def _write(
    *,
    actor: Any,
    body: EnforcementBody,
    year: int,
    table: str,
    no_power: bool,
    values: dict[str, Any],
    source: str,
    expected_version: int | None,
) -> tuple[StatisticsEntry, dict[str, Any]]:
    fields = {
        "no_power": no_power,
        "values": {} if no_power else _stored(values),
        "source": source,
        "entered_by": user_or_none(actor),
        "entered_at": timezone.now(),
    }
    entry = StatisticsEntry.objects.select_for_update().filter(body=body, year=year, table=table).first()
    if entry is None:
        if expected_version not in (None, 0):
            raise ConflictError()
        try:
            with transaction.atomic():
                entry = StatisticsEntry.objects.create(body=body, year=year, table=table, **fields)
        except IntegrityError as exc:  # two first saves at once
            raise ConflictError() from exc
        return entry, {"no_power": no_power, "values": fields["values"]}
    changes = versioned_update(entry, expected_version=expected_version, fields=fields)
    return entry, {k: v[1] for k, v in changes.items() if k in ("no_power", "values")}


def statistics_save(
    *,
    actor: Any,
    body: EnforcementBody,
    year: int,
    table: str,
    no_power: bool,
    values: dict[str, Any],
    expected_version: int | None = None,
) -> StatisticsEntry:
    """Enter one table of a body's year: every value (0 where nothing happened), or 无此职能."""
    require_body_edit(actor, body)
    if table not in ENTERED_TABLES:
        raise ValidationError(_("This table is counted from the records and cannot be entered."))
    _check_year(year)
    definition = ENTERED_TABLES[table]
    parsed: dict[str, Any] = {}
    if not no_power:
        errors = []
        for line in definition.lines:
            try:
                parsed[line.key] = parse_value(definition, line.key, values.get(line.key))
            except CellError as exc:
                errors.append(f"{line.label}：{exc}")
        if errors:
            raise ValidationError(
                _("%(table)s: %(errors)s; or tick “no such power” if the body has none.")
                % {"table": definition.title, "errors": "；".join(errors)},
                details={"values": "invalid"},
            )
        impossible = refusals(definition, parsed)
        if impossible:
            raise ValidationError(
                _("%(table)s: %(errors)s. Nothing was saved.")
                % {"table": definition.title, "errors": "；".join(reason for _key, reason in impossible)},
                details={"values": "impossible", "lines": [key for key, _reason in impossible]},
            )
    with transaction.atomic():
        entry, changed = _write(
            actor=actor,
            body=body,
            year=year,
            table=table,
            no_power=no_power,
            values=parsed,
            source=StatisticsEntry.Source.ENTERED,
            expected_version=expected_version,
        )
        ledger_append(
            actor=actor_of(actor),
            verb="report.statistics_save",
            target=entry,
            payload={"body": body.code, "year": year, "table": table, **changed},
        )
    return entry


# --- Excel import -------------------------------------------------------------------------------

BODY_CODE = Column(gettext_lazy("Enforcement body code"), "body_code", required=True, width=16)
BODY_NAME = Column(gettext_lazy("Enforcement body"), "body_name", width=30)


def _header(table: TableDef, line: Any = None) -> Any:
    """A column title in the language of the moment it is read (the template is written in Chinese,
    an English title is accepted too)."""

    def text() -> str:
        if line is None:
            return _("%(table)s: no such power") % {"table": table.title}
        return _("%(table)s: %(line)s") % {"table": table.title, "line": line.label}

    return lazy(text, str)()


def _no_power_column(table: TableDef) -> Column:
    return Column(
        _header(table),
        f"{table.key}__no_power",
        kind="bool",
        help=gettext_lazy("是 when the body has no such power; leave the numbers of this table empty."),
    )


def _value_column(table: TableDef, key: str) -> Column:
    line = next(line for line in table.lines if line.key == key)
    return Column(
        _header(table, line),
        f"{table.key}__{key}",
        help=gettext_lazy("0 where nothing happened."),
    )


def import_columns() -> list[Column]:
    columns = [BODY_CODE, BODY_NAME]
    for table in ENTERED_TABLES.values():
        columns.append(_no_power_column(table))
        columns += [_value_column(table, line.key) for line in table.lines]
    return columns


def import_template(*, user: Any, year: int) -> bytes:
    """The template, one row per body of the user's area (code and name filled in)."""
    from fazhi.reports.statistics import statistics_bodies

    columns = import_columns()
    data = template_workbook(columns, f"执法统计{year}")
    bodies = [b for b in statistics_bodies(user=user) if can_edit_body(user, b)]
    if not bodies:
        return data
    import io

    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(data))
    ws = wb.worksheets[0]
    for i, body in enumerate(bodies, start=2):
        ws.cell(row=i, column=1, value=body.code)
        ws.cell(row=i, column=2, value=body.name)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def statistics_import(*, actor: Any, year: int, fh: IO[bytes]) -> int:
    """Import a year's tables for the bodies in the file: every row valid, or nothing written and
    every row's error listed. A table whose cells are all empty (and not 无此职能) is left as it is."""
    require(actor, Perm.STATS_EDIT)
    _check_year(year)
    columns = import_columns()
    errors: list[RowError] = []
    planned: list[tuple[int, EnforcementBody, str, bool, dict[str, Any]]] = []
    seen: dict[str, int] = {}
    code_col = BODY_CODE.zh()
    for number, raw in read_rows(fh, columns):
        code = str(raw.get("body_code") or "").strip()
        if isinstance(raw.get("body_code"), float) and float(raw["body_code"]).is_integer():
            code = str(int(raw["body_code"]))
        body = EnforcementBody.objects.select_related("region").filter(code=code).first() if code else None
        if not code:
            errors.append(RowError(number, code_col, _("this column is required")))
            continue
        if body is None:
            errors.append(RowError(number, code_col, _("no enforcement body has the code %(code)s") % {"code": code}))
            continue
        if code in seen:
            errors.append(
                RowError(number, code_col, _("%(code)s is already on row %(row)d") % {"code": code, "row": seen[code]})
            )
            continue
        seen[code] = number
        try:
            require_body_edit(actor, body)
        except PermissionDenied as exc:
            errors.append(RowError(number, code_col, str(exc.message)))
            continue
        for table in ENTERED_TABLES.values():
            flag_col = _no_power_column(table)
            try:
                no_power = bool(parse_cell(flag_col, raw.get(flag_col.attr)))
            except CellError as exc:
                errors.append(RowError(number, flag_col.zh(), str(exc)))
                continue
            cells = {line.key: raw.get(f"{table.key}__{line.key}") for line in table.lines}
            filled = {k: v for k, v in cells.items() if v is not None and str(v).strip()}
            if no_power:
                if filled:
                    errors.append(
                        RowError(
                            number,
                            flag_col.zh(),
                            _("the body has no such power, so leave the numbers of this table empty"),
                        )
                    )
                    continue
                planned.append((number, body, table.key, True, {}))
                continue
            if not filled:
                continue
            values: dict[str, Any] = {}
            for line in table.lines:
                try:
                    values[line.key] = parse_value(table, line.key, cells[line.key])
                except CellError as exc:
                    errors.append(RowError(number, _value_column(table, line.key).zh(), str(exc)))
            if len(values) != len(table.lines):
                continue
            impossible = refusals(table, values)
            for key, reason in impossible:
                errors.append(RowError(number, _value_column(table, key).zh(), reason))
            if not impossible:
                planned.append((number, body, table.key, False, values))
    if errors:
        raise ValidationError(
            _("Nothing was imported: %(n)d errors. %(first)s")
            % {"n": len(errors), "first": " ".join(str(e) for e in errors[:20])},
            details={"errors": [str(e) for e in errors]},
        )
    if not planned:
        raise ValidationError(_("The file has no values to import: fill in the numbers or 无此职能."))
    events = []
    with transaction.atomic():
        for number, body, table_key, no_power, values in planned:
            entry, changed = _write(
                actor=actor,
                body=body,
                year=year,
                table=table_key,
                no_power=no_power,
                values=values,
                source=StatisticsEntry.Source.IMPORTED,
                expected_version=None,
            )
            events.append(
                Event(
                    verb="report.statistics_import",
                    target_type="reports.statisticsentry",
                    target_id=str(entry.pk),
                    target_label=str(entry),
                    payload={"body": body.code, "year": year, "table": table_key, "row": number, **changed},
                )
            )
        ledger_append_many(actor=actor_of(actor), events=events)
    return len(planned)
