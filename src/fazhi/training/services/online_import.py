"""Online hours from the province's platform (e.g. 重庆市法治教育网): its Excel export imported.

A row is matched to a person by name and ID number, or by name and enforcement certificate
number. All or nothing: every unmatched, ambiguous or wrong row is named and nothing is written.
The same file twice changes nothing (rows are keyed by person, year and course)."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import IO, Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.utils.datetime import from_excel

from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import require, scope_of
from fazhi.core import crypto
from fazhi.core.errors import PermissionDenied
from fazhi.core.ledger import actor_of, ledger_append
from fazhi.core.masking import mask_id_number
from fazhi.core.validators import check_resident_id
from fazhi.registry.imports.base import (
    CellError,
    Column,
    FileRejected,
    ImportReport,
    RowError,
    _map_header,
    check_xlsx,
    damaged_workbook,
    parse_cell,
    template_workbook,
)
from fazhi.registry.models import Officer
from fazhi.training.models import OnlineHours, Trainee
from fazhi.training.services.common import hours_error
from fazhi.training.services.people import ID_PURPOSE

KIND = "online_hours"
COLUMNS = [
    Column(gettext_lazy("Learner's name"), "name", required=True, width=10),
    Column(gettext_lazy("Resident ID number"), "id_number", width=22, help=gettext_lazy("Or the certificate number.")),
    Column(gettext_lazy("Certificate number"), "certificate_no", width=16),
    Column(gettext_lazy("Course title"), "course", required=True, width=40),
    Column(gettext_lazy("Study hours"), "hours", required=True, width=8),
    Column(gettext_lazy("Completed on"), "completed_on", kind="date", width=12),
]
_COL = {c.attr: c for c in COLUMNS}
BATCH = 5000


def online_hours_template() -> bytes:
    return template_workbook(COLUMNS, _("Online hours"), ["张三", "500238198501010012", "", "行政处罚法解读", 2, ""])


@dataclass(slots=True)
class _Row:
    number: int
    key: tuple[Any, str]  # (trainee id, or ("officer", id) for an officer without a record; course)
    course: str
    hours: Decimal
    completed_on: dt.date | None


class _People:
    """The people in the importer's area, indexed for matching (no decryption: blind index)."""

    def __init__(self, actor: Any) -> None:
        scope = scope_of(actor)
        if scope.region_path is None or scope.enterprise_only or scope.body_bound:
            raise PermissionDenied()
        from fazhi.registry.selectors import in_subtree

        self.by_id: dict[str, list[tuple[int, str]]] = {}
        self._ids: dict[str, tuple[str, str, str]] = {}
        self._matches: dict[tuple[str, str, str], tuple[Any, str]] = {}
        self._hours: dict[Any, tuple[Any, str]] = {}
        self.trainee_of_officer: dict[int, int] = {}
        for pk, name, index, officer_id in Trainee.objects.filter(in_subtree(scope.region_path)).values_list(
            "pk", "name", "id_index", "officer_id"
        ):
            if index:
                self.by_id.setdefault(index, []).append((pk, name))
            if officer_id:
                self.trainee_of_officer[officer_id] = pk
        self.by_cert: dict[str, tuple[int, str]] = {
            no.upper(): (pk, name)
            for pk, name, no in Officer.objects.filter(in_subtree(scope.region_path, "body__region")).values_list(
                "pk", "name", "certificate_no"
            )
        }

    def _checked(self, id_number: str) -> tuple[str, str, str]:
        """(normalised value, error, blind index), once per ID number (a learner has many rows)."""
        found = self._ids.get(id_number)
        if found is None:
            check = check_resident_id(id_number)
            index = "" if check.error else crypto.blind_index(check.value, purpose=ID_PURPOSE)
            found = self._ids[id_number] = (check.value, check.error, index)
        return found

    def match(self, name: str, id_number: str, cert: str) -> tuple[Any, str]:
        """(key, "") or (None, why not); once per learner (a learner has a row per course)."""
        found = self._matches.get((name, id_number, cert))
        if found is None:
            found = self._matches[(name, id_number, cert)] = self._match(name, id_number, cert)
        return found

    def hours(self, raw: Any) -> tuple[Any, str]:
        """:func:`hours_error`, once per distinct cell value (an export has a handful)."""
        try:
            found = self._hours.get(raw)
        except TypeError:  # not hashable
            return hours_error(raw)
        if found is None:
            found = self._hours[raw] = hours_error(raw)
        return found

    def _match(self, name: str, id_number: str, cert: str) -> tuple[Any, str]:
        by_id: set[Any] = set()
        if id_number:
            value, error, index = self._checked(id_number)
            if error:
                return None, error
            by_id = {pk for pk, n in self.by_id.get(index, []) if n == name}
            if len(by_id) > 1:
                return None, _(
                    "%(name)s with ID number %(id)s matches %(n)d people; correct the duplicate records."
                ) % {
                    "name": name,
                    "id": mask_id_number(value),
                    "n": len(by_id),
                }
        by_cert: Any = None
        if cert:
            found = self.by_cert.get(cert.upper())
            if found is not None and found[1] == name:
                officer_id = found[0]
                by_cert = self.trainee_of_officer.get(officer_id, ("officer", officer_id))
        if by_id and by_cert is not None and by_cert not in by_id:
            return None, _("%(name)s: the ID number and the certificate number belong to two different people.") % {
                "name": name
            }
        if by_id:
            return next(iter(by_id)), ""
        if by_cert is not None:
            return by_cert, ""
        if not id_number and not cert:
            return None, _("Give the ID number or the certificate number to identify %(name)s.") % {"name": name}
        return None, _("No one named %(name)s with this ID number or certificate number is recorded in your area.") % {
            "name": name
        }


def _sheet_rows(fh: IO[bytes]) -> Iterator[tuple[int, list[Any]]]:
    """(row number, cell values) of the first sheet, read by calamine (Rust): openpyxl's cell
    objects and its dimension scan cost most of a 200,000-row import. Values as openpyxl gives them
    with ``data_only``: text, whole numbers as int, other numbers as float, a date cell as a date,
    an empty cell as None."""
    from python_calamine import CalamineError, CalamineWorkbook

    check_xlsx(fh)
    try:
        book = CalamineWorkbook.from_filelike(fh)
        rows = book.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except (CalamineError, ValueError, OSError, IndexError) as exc:
        raise damaged_workbook() from exc
    finally:
        fh.seek(0)
    for number, values in enumerate(rows, start=1):
        yield number, [_cell_value(v) for v in values]


def _cell_value(value: Any) -> Any:
    if value == "":
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _sha256(fh: IO[bytes]) -> str:
    h = hashlib.sha256()
    for block in iter(lambda: fh.read(1 << 20), b""):
        h.update(block)
    fh.seek(0)
    return h.hexdigest()


def _text(attr: str, raw: Any) -> str:
    return str(parse_cell(_COL[attr], raw) or "")


def online_hours_import(*, actor: Any, fh: IO[bytes], year: int, platform: str = "") -> ImportReport:
    """Import one export of the platform for ``year``. Returns the report; ``written`` False and
    ``errors`` listed when any row is wrong (nothing written then)."""
    require(actor, Perm.TRAINING_MANAGE)
    people = _People(actor)
    report = ImportReport(kind=KIND, file_sha256=_sha256(fh))
    rows: list[_Row] = []
    seen: dict[tuple[Any, str], int] = {}
    sheet_rows = _sheet_rows(fh)
    first = next(sheet_rows, None)
    header = first[1] if first is not None else None
    if header is None or all(v is None or str(v).strip() == "" for v in header):
        raise FileRejected(
            _(
                "The first sheet is empty. Put the column titles in row 1 and the data from row 2 "
                "on; download the template to see the layout."
            )
        )
    index = _map_header(header, COLUMNS)
    for number, values in sheet_rows:
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        report.rows += 1
        if report.rows > settings.FAZHI_TRAINING_IMPORT_MAX_ROWS:
            raise FileRejected(
                _("The file has more than %(n)d data rows. Split it into several files.")
                % {"n": settings.FAZHI_TRAINING_IMPORT_MAX_ROWS}
            )
        cells = {a: (values[i] if i < len(values) else None) for a, i in index.items()}
        serial = cells.get("completed_on")
        if isinstance(serial, int | float) and not isinstance(serial, bool):  # a date cell: its serial day
            try:
                cells["completed_on"] = from_excel(serial)
            except (ValueError, OverflowError):
                cells["completed_on"] = str(serial)  # named as "not a date" below
        row = _parse(number, cells, people, year, report)
        if row is None:
            continue
        first_row = seen.setdefault(row.key, number)
        if first_row != number:
            report.errors.append(
                RowError(number, "", _("The same person and course are already in row %(row)d.") % {"row": first_row})
            )
            continue
        rows.append(row)
    if report.rows == 0:
        raise FileRejected(_("The sheet has column titles but no data rows. Fill in rows from row 2 on."))
    if report.errors:
        report.rejected_rows = len({e.row for e in report.errors})
        return report
    _write(actor, rows, year, (platform or "").strip()[:100], report)
    return report


def _parse(number: int, cells: dict[str, Any], people: _People, year: int, report: ImportReport) -> _Row | None:
    errors: list[RowError] = []
    values: dict[str, Any] = {}
    for attr in ("name", "id_number", "certificate_no", "course", "completed_on"):
        try:
            values[attr] = parse_cell(_COL[attr], cells.get(attr))
        except CellError as exc:
            errors.append(RowError(number, _COL[attr].zh(), str(exc)))
    hours, message = people.hours(cells.get("hours"))
    if message:
        errors.append(RowError(number, _COL["hours"].zh(), message))
    completed = values.get("completed_on")
    if completed and completed.year != year:
        errors.append(
            RowError(
                number,
                _COL["completed_on"].zh(),
                _("completed in %(y)d, not in the year imported (%(year)d)") % {"y": completed.year, "year": year},
            )
        )
    course = str(values.get("course") or "")
    if len(course) > 200:
        errors.append(RowError(number, _COL["course"].zh(), _("at most 200 characters")))
    key = None
    if values.get("name"):
        key, why = people.match(
            str(values["name"]), str(values.get("id_number") or ""), str(values.get("certificate_no") or "")
        )
        if key is None:
            errors.append(RowError(number, "", why))
    if errors or key is None or hours is None:
        report.errors.extend(errors)
        return None
    return _Row(number, (key, course), course, hours, completed)


_NEW_COLUMNS = ("trainee", "year", "course", "hours", "completed_on", "platform", "source", "created_at", "updated_at")


def _insert(new: list[tuple[Any, ...]], now: dt.datetime) -> None:
    """The new rows without a model object each (200,000 of them in a county's year): PostgreSQL's
    COPY, or SQLite's executemany. Values are prepared by the model's own fields, once per distinct
    value (hours and dates repeat)."""
    meta = OnlineHours._meta
    fields: list[Any] = [meta.get_field(name) for name in _NEW_COLUMNS]  # concrete fields of the model
    prepared: dict[tuple[int, Any], Any] = {}

    def prep(i: int, value: Any) -> Any:
        key = (i, value)
        if key not in prepared:
            prepared[key] = fields[i].get_db_prep_save(value, connection)
        return prepared[key]

    stamp = prep(7, now)
    values = [
        (t, y, course, prep(3, h), prep(4, done), plat, src, stamp, stamp) for t, y, course, h, done, plat, src in new
    ]
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    columns = ", ".join(quote(f.column) for f in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in values:
                    copy.write_row(row)
            return
        marks = ", ".join(["%s"] * len(fields))
        sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608 (model's names) # nosec B608
        for start in range(0, len(values), BATCH):
            cursor.executemany(sql, values[start : start + BATCH])


def _write(actor: Any, rows: list[_Row], year: int, platform: str, report: ImportReport) -> None:
    now = timezone.now()
    with transaction.atomic():
        officer_ids = sorted({r.key[0][1] for r in rows if isinstance(r.key[0], tuple)})
        new_people: dict[int, int] = {}
        if officer_ids:
            for officer in Officer.objects.filter(pk__in=officer_ids).select_related("body__region"):
                trainee = Trainee.objects.create(
                    name=officer.name, category=Trainee.Category.OFFICER, region=officer.body.region, officer=officer
                )
                new_people[officer.pk] = trainee.pk
        existing: dict[tuple[int, str], tuple[int, Decimal, dt.date | None]] = {}
        ids = sorted({r.key[0] for r in rows if not isinstance(r.key[0], tuple)})
        for start in range(0, len(ids), BATCH):
            for pk, trainee_id, course, hours, completed_on in OnlineHours.objects.filter(
                trainee_id__in=ids[start : start + BATCH], year=year
            ).values_list("pk", "trainee_id", "course", "hours", "completed_on"):
                existing[(trainee_id, course)] = (pk, hours, completed_on)
        new: list[tuple[Any, ...]] = []
        changed: list[OnlineHours] = []
        for r in rows:
            who = r.key[0]
            trainee_id = new_people[who[1]] if isinstance(who, tuple) else who
            old = existing.get((trainee_id, r.course))
            if old is None:
                new.append((trainee_id, year, r.course, r.hours, r.completed_on, platform, report.file_sha256))
            elif old[1] != r.hours or old[2] != r.completed_on:
                changed.append(
                    OnlineHours(
                        pk=old[0], hours=r.hours, completed_on=r.completed_on, source=report.file_sha256, updated_at=now
                    )
                )
        report.created, report.updated = len(new), len(changed)
        report.unchanged = len(rows) - len(new) - len(changed)
        if not new and not changed and not new_people:
            return
        _insert(new, now)
        OnlineHours.objects.bulk_update(changed, ["hours", "completed_on", "source", "updated_at"], batch_size=BATCH)
        ledger_append(
            actor=actor_of(actor),
            verb="training.online_hours_import",
            target_type="import",
            target_id=report.file_sha256[:16],
            payload={
                "year": year,
                "platform": platform,
                "rows": report.rows,
                "created": report.created,
                "updated": report.updated,
                "unchanged": report.unchanged,
                "people_added": len(new_people),
                "file_sha256": report.file_sha256,
            },
        )
        report.written = True
