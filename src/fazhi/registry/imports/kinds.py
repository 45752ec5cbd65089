"""What each register's import does: its columns, how a row becomes a record, how records are written."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import IO, Any, ClassVar

from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.accounts.models import Region
from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import require, scope_of
from fazhi.accounts.selectors import region_in_scope
from fazhi.core.ledger import Event, actor_of, ledger_append, ledger_append_many
from fazhi.core.masking import mask_phone
from fazhi.registry.imports.base import (
    CellError,
    Column,
    FileRejected,
    ImportReport,
    RowError,
    error_workbook,
    export_workbook,
    parse_cell,
    read_rows,
    template_workbook,
)
from fazhi.registry.models import (
    ChecklistItem,
    EnforcementBody,
    Enterprise,
    EnterpriseContact,
    InspectionType,
    Matter,
    Officer,
)
from fazhi.registry.search import initials
from fazhi.registry.selectors import body_editable
from fazhi.registry.services import (
    EnterpriseInput,
    MatterInput,
    OfficerInput,
    enterprise_clean,
    enterprise_values,
    matter_clean,
    officer_clean,
)

CHUNK = 2000
ANALYZE_AFTER_ROWS = 1000


def analyze_tables(*models_: type[models.Model]) -> None:
    """Refresh the planner's statistics after a bulk write: without them SQLite sorts a whole
    register to show one page of it (measured: 50 ms instead of 2 ms at 50,000 enterprises)."""
    with connection.cursor() as cursor:
        for model in models_:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def _chunks(items: Sequence[Any], n: int = CHUNK) -> Iterator[Sequence[Any]]:
    for i in range(0, len(items), n):
        yield items[i : i + n]


@dataclass
class Row:
    number: int
    raw: dict[str, Any]
    key: str = ""
    values: dict[str, Any] = field(default_factory=dict)  # model field -> value (FKs as *_id)
    extra: dict[str, Any] = field(default_factory=dict)  # child rows (contacts, checklist)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)


class Importer:
    kind: ClassVar[str]
    model: ClassVar[type[models.Model]]
    key: ClassVar[str]
    columns: ClassVar[list[Column]]
    perm: ClassVar[Perm]
    sheet_title: ClassVar[Any]
    example: ClassVar[list[Any]] = []

    def __init__(self, actor: Any) -> None:
        self.actor = actor

    # -- to implement ----------------------------------------------------------------------------
    def build(self, row: Row, cells: dict[str, Any]) -> None:
        raise NotImplementedError

    def in_scope(self, existing: dict[str, Any]) -> bool:
        raise NotImplementedError

    def scope_fields(self) -> list[str]:
        raise NotImplementedError

    def write_children(self, rows: list[Row], objs: dict[str, Any], created: set[str]) -> set[str]:
        """Write child rows; return keys of existing records whose children changed."""
        return set()

    def export_rows(self, qs: models.QuerySet[Any]) -> Iterator[list[Any]]:
        raise NotImplementedError

    # -- shared ----------------------------------------------------------------------------------
    def col(self, attr: str) -> Column:
        return next(c for c in self.columns if c.attr == attr)

    def example_row(self) -> list[Any]:
        """The template's sample row; it passes this importer's own checks (tests/test_imports.py)."""
        return list(self.example)

    def template(self) -> bytes:
        return template_workbook(self.columns, str(self.sheet_title), self.example_row())

    def parse(self, number: int, raw: dict[str, Any]) -> Row:
        """Every error of the row at once: the cells that cannot be read, and — with those cells
        left empty — the record's own checks and the references (village, body) of the others."""
        row = Row(number=number, raw=raw)
        cells: dict[str, Any] = {}
        unreadable: set[str] = set()
        for col in self.columns:
            try:
                cells[col.attr] = parse_cell(col, raw.get(col.attr))
            except CellError as exc:
                row.errors.append(RowError(number, col.zh(), str(exc)))
                unreadable.add(col.zh())
                cells[col.attr] = None if col.kind in {"date", "int"} else (False if col.kind == "bool" else "")
        said = len(row.errors)
        self.build(row, cells)
        # a column already reported as unreadable is not reported again as missing
        row.errors[said:] = [e for e in row.errors[said:] if e.column not in unreadable]
        if row.errors:
            row.values, row.extra = {}, {}
        return row

    def field_error(self, row: Row, errors: dict[str, str], mapping: dict[str, str] | None = None) -> None:
        for name, message in errors.items():
            attr = (mapping or {}).get(name, name)
            col = next((c for c in self.columns if c.attr == attr), None)
            row.errors.append(RowError(row.number, col.zh() if col else "", message))

    def run(self, fh: IO[bytes], *, partial: bool) -> ImportReport:
        require(self.actor, Perm.IMPORT)
        require(self.actor, self.perm)
        report = ImportReport(kind=self.kind, file_sha256=_sha256(fh))
        try:
            rows = [self.parse(n, raw) for n, raw in read_rows(fh, self.columns)]
        except FileRejected as exc:
            report.errors.append(RowError(0, "", exc.message))
            return report
        report.rows = len(rows)
        self._check_duplicates(rows)
        self._check_scope(rows)
        good = [r for r in rows if not r.errors]
        bad = [r for r in rows if r.errors]
        for r in rows:
            report.errors.extend(r.errors)
            report.warnings.extend(r.warnings)
        report.rejected_rows = len(bad)
        if bad:
            report.error_workbook = error_workbook(
                self.columns,
                [
                    (
                        r.number,
                        r.raw,
                        [e.message if not e.column else f"{e.column}：{e.message}" for e in r.errors],
                    )
                    for r in bad
                ],
            )
        if bad and not partial:
            return report  # all-or-nothing: nothing written
        if good:
            self._write(good, report)
        return report

    def _check_duplicates(self, rows: list[Row]) -> None:
        first: dict[str, int] = {}
        key_col = self.col(self.key_column()).zh()
        for r in rows:
            if not r.key:
                continue
            if r.key in first:
                r.errors.append(
                    RowError(
                        r.number,
                        key_col,
                        _("%(key)s already appears in row %(row)d of this file; keep one row per record.")
                        % {"key": r.key, "row": first[r.key]},
                    )
                )
            else:
                first[r.key] = r.number

    def key_column(self) -> str:
        return self.key

    def _existing(self, keys: Sequence[str], fields: list[str]) -> dict[str, dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        for chunk in _chunks(list(keys)):
            for rec in self.model._default_manager.filter(**{f"{self.key}__in": chunk}).values(self.key, *fields):
                out[rec[self.key]] = rec
        return out

    def _check_scope(self, rows: list[Row]) -> None:
        keyed = [r for r in rows if r.key and not r.errors]
        existing = self._existing([r.key for r in keyed], self.scope_fields())
        key_col = self.col(self.key_column()).zh()
        for r in keyed:
            rec = existing.get(r.key)
            if rec is not None and not self.in_scope(rec):
                r.errors.append(
                    RowError(
                        r.number,
                        key_col,
                        _(
                            "%(key)s is registered outside the area or body you are "
                            "responsible for; ask the county justice bureau."
                        )
                        % {"key": r.key},
                    )
                )

    def _write(self, rows: list[Row], report: ImportReport) -> None:
        now = timezone.now()
        events: list[Event] = []
        label = self.model._meta.label_lower
        with transaction.atomic():
            objs: dict[str, Any] = {}
            for chunk in _chunks([r.key for r in rows]):
                for found in self.model._default_manager.filter(**{f"{self.key}__in": chunk}):
                    objs[getattr(found, self.key)] = found
            new: list[Any] = []
            changed: list[Any] = []
            diffs: dict[str, dict[str, list[Any]]] = {}
            for r in rows:
                obj: Any = objs.get(r.key)
                if obj is None:
                    obj = self.model(**r.values)
                    new.append(obj)
                    objs[r.key] = obj
                    continue
                diff = {f: [getattr(obj, f), v] for f, v in r.values.items() if getattr(obj, f) != v}
                if diff:
                    for f, (_, v) in diff.items():
                        setattr(obj, f, v)
                    obj.version += 1
                    obj.updated_at = now
                    changed.append(obj)
                    diffs[r.key] = diff
            self.model._default_manager.bulk_create(new, batch_size=1000)
            if changed:
                update_fields = sorted({f for d in diffs.values() for f in d} | {"version", "updated_at"})
                self.model._default_manager.bulk_update(changed, update_fields, batch_size=500)
            created_keys = {getattr(o, self.key) for o in new}
            child_changed = self.write_children(rows, objs, created_keys)
            for obj in new:
                events.append(
                    Event(
                        verb=f"{self.kind}.import_create",
                        target_type=label,
                        target_id=str(obj.pk),
                        target_label=str(obj),
                        payload={"key": getattr(obj, self.key)},
                    )
                )
            for key, diff in diffs.items():
                obj = objs[key]
                events.append(
                    Event(
                        verb=f"{self.kind}.import_update",
                        target_type=label,
                        target_id=str(obj.pk),
                        target_label=str(obj),
                        payload={"changes": _mask(diff)},
                    )
                )
            for key in sorted(child_changed - set(diffs) - created_keys):
                obj = objs[key]
                obj.version += 1
                self.model._default_manager.filter(pk=obj.pk).update(version=obj.version, updated_at=now)
                events.append(
                    Event(
                        verb=f"{self.kind}.import_update",
                        target_type=label,
                        target_id=str(obj.pk),
                        target_label=str(obj),
                        payload={"children": True},
                    )
                )
            report.created = len(new)
            report.updated = len(set(diffs) | (child_changed - created_keys))
            report.unchanged = len(rows) - report.created - report.updated
            if report.created or report.updated:
                events.append(
                    Event(
                        verb=f"{self.kind}.import",
                        target_type="import",
                        target_id=report.file_sha256[:16],
                        payload={
                            k: v
                            for k, v in report.summary().items()
                            if k in {"rows", "created", "updated", "unchanged", "rejected_rows", "file_sha256"}
                        },
                    )
                )
                ledger_append_many(actor=actor_of(self.actor), events=events)
            report.written = True
        if report.created + report.updated >= ANALYZE_AFTER_ROWS:
            analyze_tables(self.model)


def _mask(diff: dict[str, list[Any]]) -> dict[str, list[Any]]:
    return {f: ([mask_phone(o), mask_phone(n)] if f == "phone" else [o, n]) for f, (o, n) in diff.items()}


def _sha256(fh: IO[bytes]) -> str:
    h = hashlib.sha256()
    for block in iter(lambda: fh.read(1 << 20), b""):
        h.update(block)
    fh.seek(0)
    return h.hexdigest()


# --- enterprises ----------------------------------------------------------------------------------


class EnterpriseImporter(Importer):
    kind = "enterprises"
    model = Enterprise
    key = "uscc"
    perm = Perm.ENTERPRISE_EDIT
    sheet_title = gettext_lazy("Enterprises")
    columns: ClassVar[list[Column]] = [
        Column(
            gettext_lazy("Unified social credit code"),
            "uscc",
            required=True,
            width=24,
            help=gettext_lazy("18 characters, from the business licence."),
        ),
        Column(gettext_lazy("Enterprise name"), "name", required=True, width=30),
        Column(gettext_lazy("Legal representative"), "legal_representative"),
        Column(gettext_lazy("Address"), "address", width=36),
        Column(
            gettext_lazy("Village / community"),
            "region",
            required=True,
            width=22,
            help=gettext_lazy("The region code, the name, or township/village when a name repeats."),
        ),
        Column(gettext_lazy("Industry"), "industry"),
        Column(gettext_lazy("Risk grade"), "risk_grade", kind="choice", choices=Enterprise.RiskGrade),
        Column(gettext_lazy("Do-not-disturb"), "do_not_disturb", kind="bool"),
        Column(gettext_lazy("Do-not-disturb until"), "do_not_disturb_until", kind="date"),
        Column(gettext_lazy("Contact person"), "contact_name"),
        Column(gettext_lazy("Contact phone"), "contact_phone"),
    ]
    example: ClassVar[list[Any]] = [
        "91500238MA5U000009",  # the GB 32100 check character is right (python-stdnum's cn.uscc)
        "示例酒业有限公司",
        "张三",
        "峰灵镇谭家村3组",
        "谭家村",
        "酒类生产",
        "低风险",
        "否",
        None,
        "李四",
        "13800000000",
    ]

    def __init__(self, actor: Any) -> None:
        super().__init__(actor)
        self.regions = RegionResolver(region_in_scope(user=actor))
        self.scope = scope_of(actor)

    def build(self, row: Row, cells: dict[str, Any]) -> None:
        region, region_error = self.regions.resolve(cells["region"])
        if region_error:
            row.errors.append(RowError(row.number, self.col("region").zh(), region_error))
        data = EnterpriseInput(
            uscc=cells["uscc"],
            name=cells["name"],
            region=region,
            legal_representative=cells["legal_representative"],
            address=cells["address"],
            industry=cells["industry"],
            risk_grade=cells["risk_grade"] or Enterprise.RiskGrade.LOW,
            do_not_disturb=cells["do_not_disturb"],
            do_not_disturb_until=cells["do_not_disturb_until"],
        )
        errors = enterprise_clean(data)
        if region is None:
            errors.pop("region", None)  # already said, more precisely
        self.field_error(row, errors)
        row.key = data.uscc
        for w in data.warnings:
            row.warnings.append(RowError(row.number, self.col("uscc").zh(), w))
        phone = (cells["contact_phone"] or "").replace(" ", "").replace("-", "")
        if "*" in phone:  # a masked number from our own export: keep the contact as it is
            cells["contact_name"], phone = "", ""
        if phone and not phone.isdigit():
            row.errors.append(
                RowError(
                    row.number,
                    self.col("contact_phone").zh(),
                    _("Phone numbers may contain only digits: %(value)s") % {"value": phone},
                )
            )
        if row.errors:
            return
        values = enterprise_values(data)
        values["region_id"] = values.pop("region").pk
        row.values = values
        if cells["contact_name"]:
            row.extra["contact"] = (cells["contact_name"], phone)

    def scope_fields(self) -> list[str]:
        return ["region__path"]

    def in_scope(self, existing: dict[str, Any]) -> bool:
        return self.scope.covers(existing["region__path"]) and not self.scope.enterprise_only

    def write_children(self, rows: list[Row], objs: dict[str, Any], created: set[str]) -> set[str]:
        wanted = {r.key: r.extra["contact"] for r in rows if "contact" in r.extra}
        if not wanted:
            return set()
        ids = {objs[k].pk: k for k in wanted}
        have: set[tuple[int, str, str]] = set()
        for chunk in _chunks(list(ids)):
            have |= set(
                EnterpriseContact.objects.filter(enterprise_id__in=chunk).values_list("enterprise_id", "name", "phone")
            )
        add = [
            EnterpriseContact(enterprise_id=objs[k].pk, name=name, phone=phone)
            for k, (name, phone) in wanted.items()
            if (objs[k].pk, name, phone) not in have
        ]
        EnterpriseContact.objects.bulk_create(add, batch_size=1000)
        return {ids[c.enterprise_id] for c in add}

    def export_rows(self, qs: models.QuerySet[Any]) -> Iterator[list[Any]]:
        for e in qs.select_related("region").prefetch_related("contacts").iterator(chunk_size=2000):
            contact = next(iter(e.contacts.all()), None)
            yield [
                e.uscc,
                e.name,
                e.legal_representative,
                e.address,
                e.region.code,
                e.industry,
                e.get_risk_grade_display(),
                e.do_not_disturb,
                e.do_not_disturb_until,
                contact.name if contact else "",
                contact.phone_masked if contact else "",
            ]


class RegionResolver:
    """Find a region by code, by unique name, or by "township/village" path, inside the scope."""

    def __init__(self, regions: Iterable[Region]) -> None:
        self.by_code: dict[str, Region] = {}
        self.by_name: dict[str, list[Region]] = {}
        self.by_pair: dict[str, Region] = {}
        regions = list(regions)
        names = {r.pk: r.name for r in regions}
        for r in regions:
            self.by_code[r.code] = r
            self.by_name.setdefault(r.name, []).append(r)
            if r.parent_id in names:
                self.by_pair[f"{names[r.parent_id]}/{r.name}"] = r

    def resolve(self, text: str) -> tuple[Region | None, str]:
        text = (text or "").strip().replace("／", "/")
        if not text:
            return None, _("this column is required")
        if text in self.by_code:
            return self.by_code[text], ""
        if text in self.by_pair:
            return self.by_pair[text], ""
        found = self.by_name.get(text, [])
        if len(found) == 1:
            return found[0], ""
        if len(found) > 1:
            return None, _("%(name)s exists in several townships; write township/village or the region code.") % {
                "name": text
            }
        return None, _("%(name)s is not a region in your area; check the name or use the region code.") % {"name": text}


# --- officers -------------------------------------------------------------------------------------


class BodyResolver:
    def __init__(self, bodies: Iterable[EnforcementBody]) -> None:
        self.by_key: dict[str, EnforcementBody] = {}
        for b in bodies:
            for k in (b.code, b.name, b.short_name):
                if k:
                    self.by_key[k] = b

    def resolve(self, text: str) -> tuple[EnforcementBody | None, str]:
        body = self.by_key.get((text or "").strip())
        if body is None:
            return None, _("%(name)s is not an enforcement body you may manage; use its code or full name.") % {
                "name": text
            }
        return body, ""


BODY_COLUMN = Column(
    gettext_lazy("Enforcement body"),
    "body",
    required=True,
    width=30,
    help=gettext_lazy("Code or full name of the body."),
)


class BodyImporter(Importer):
    """Registers owned by an enforcement body: the importer may write to the bodies it manages."""

    def __init__(self, actor: Any) -> None:
        super().__init__(actor)
        bodies = list(body_editable(user=actor))
        self.bodies = BodyResolver(bodies)
        self.body_ids = {b.pk for b in bodies}

    def resolve_body(self, row: Row, cells: dict[str, Any]) -> EnforcementBody | None:
        body, error = self.bodies.resolve(cells["body"])
        if error:
            row.errors.append(RowError(row.number, self.col("body").zh(), error))
        return body

    def scope_fields(self) -> list[str]:
        return ["body_id"]

    def in_scope(self, existing: dict[str, Any]) -> bool:
        return existing["body_id"] in self.body_ids


class OfficerImporter(BodyImporter):
    kind = "officers"
    model = Officer
    key = "certificate_no"
    perm = Perm.OFFICER_EDIT
    sheet_title = gettext_lazy("Officers")
    columns: ClassVar[list[Column]] = [
        Column(gettext_lazy("Full name"), "name", required=True),
        Column(gettext_lazy("Certificate number"), "certificate_no", required=True, width=22),
        BODY_COLUMN,
        Column(gettext_lazy("Issuing authority"), "issuing_authority", width=24),
        Column(gettext_lazy("Mobile phone"), "phone"),
    ]
    # No status and no valid-until column: a new officer is pre-service, and both follow the
    # qualification record kept by the training app (registry.services.officer_qualification_follow).
    example: ClassVar[list[Any]] = ["王五", "50023800001", "峰灵镇人民政府", "重庆市人民政府", "13900000000"]

    def build(self, row: Row, cells: dict[str, Any]) -> None:
        body = self.resolve_body(row, cells)
        # a masked number from our own export keeps the stored one, as on the edit form (issue 15.9)
        masked = "*" in str(cells["phone"] or "")
        data = OfficerInput(
            name=cells["name"],
            certificate_no=cells["certificate_no"],
            body=body,
            issuing_authority=cells["issuing_authority"],
            phone="" if masked else cells["phone"],
        )
        errors = officer_clean(data)
        if body is None:
            errors.pop("body", None)
        self.field_error(row, errors)
        row.key = data.certificate_no
        if row.errors:
            return
        if body is None:  # an invariant, kept under python -O
            raise RuntimeError("body is missing")
        row.values = {
            "name": data.name,
            "certificate_no": data.certificate_no,
            "body_id": body.pk,
            "issuing_authority": data.issuing_authority,
            "phone": data.phone,
            "name_initials": initials(data.name),
        }
        if masked:
            del row.values["phone"]

    def export_rows(self, qs: models.QuerySet[Any]) -> Iterator[list[Any]]:
        for o in qs.select_related("body").iterator(chunk_size=2000):
            yield [
                o.name,
                o.certificate_no,
                o.body.code,
                o.issuing_authority,
                o.phone_masked,
            ]


# --- matters --------------------------------------------------------------------------------------


class MatterImporter(BodyImporter):
    kind = "matters"
    model = Matter
    key = "code"
    perm = Perm.MATTER_EDIT
    sheet_title = gettext_lazy("Inspection matters")
    columns: ClassVar[list[Column]] = [
        Column(gettext_lazy("Matter code"), "code", required=True),
        Column(gettext_lazy("Matter name"), "name", required=True, width=30),
        BODY_COLUMN,
        Column(gettext_lazy("Legal basis"), "legal_basis", width=40),
        Column(gettext_lazy("Inspection type"), "inspection_type", kind="choice", choices=InspectionType),
        Column(gettext_lazy("Published"), "published", kind="bool"),
        Column(
            gettext_lazy("Check points"),
            "checklist",
            width=60,
            help=gettext_lazy("One check point per line (or separated by ；)."),
        ),
        Column(
            gettext_lazy("Catalogue matter code"),
            "catalogue_code",
            help=gettext_lazy(
                "The published catalogue's code, the same for every body holding this matter (合并同类项)."
            ),
        ),
    ]
    example: ClassVar[list[Any]] = [
        "AJ-001",
        "安全生产主体责任落实情况检查",
        "峰灵镇人民政府",
        "《中华人民共和国安全生产法》第四条",
        "日常检查",
        "是",
        "安全生产责任制是否建立\n安全培训记录是否齐全",
        "YJ-001",
    ]

    def build(self, row: Row, cells: dict[str, Any]) -> None:
        body = self.resolve_body(row, cells)
        points = [
            p
            for line in (cells["checklist"] or "").replace("；", "\n").replace(";", "\n").splitlines()
            if (p := line.strip())
        ]
        data = MatterInput(
            code=cells["code"],
            name=cells["name"],
            body=body,
            legal_basis=cells["legal_basis"],
            inspection_type=cells["inspection_type"] or InspectionType.ROUTINE,
            published=cells["published"],
            checklist=points,
            catalogue_code=cells.get("catalogue_code") or "",
        )
        errors = matter_clean(data)
        if body is None:
            errors.pop("body", None)
        self.field_error(row, errors)
        row.key = data.code
        if row.errors:
            return
        if body is None:  # an invariant, kept under python -O
            raise RuntimeError("body is missing")
        row.values = {
            "code": data.code,
            "name": data.name,
            "body_id": body.pk,
            "legal_basis": data.legal_basis,
            "inspection_type": data.inspection_type,
            "published": data.published,
            "name_initials": initials(data.name),
            "catalogue_code": data.catalogue_code,
        }
        row.extra["checklist"] = data.checklist

    def write_children(self, rows: list[Row], objs: dict[str, Any], created: set[str]) -> set[str]:
        ids = {objs[r.key].pk: r for r in rows}
        have: dict[int, list[str]] = {}
        for chunk in _chunks(list(ids)):
            for mid, text in (
                ChecklistItem.objects.filter(matter_id__in=chunk).order_by("seq").values_list("matter_id", "text")
            ):
                have.setdefault(mid, []).append(text)
        changed = {mid for mid, r in ids.items() if have.get(mid, []) != r.extra["checklist"]}
        if changed:
            ChecklistItem.objects.filter(matter_id__in=changed).delete()
            ChecklistItem.objects.bulk_create(
                [
                    ChecklistItem(matter_id=mid, seq=i, text=t)
                    for mid in changed
                    for i, t in enumerate(ids[mid].extra["checklist"], start=1)
                ],
                batch_size=1000,
            )
        return {ids[mid].key for mid in changed}

    def export_rows(self, qs: models.QuerySet[Any]) -> Iterator[list[Any]]:
        for m in qs.select_related("body").prefetch_related("checklist_items"):
            yield [
                m.code,
                m.name,
                m.body.code,
                m.legal_basis,
                m.get_inspection_type_display(),
                m.published,
                "\n".join(i.text for i in m.checklist_items.all()),
            ]


IMPORTERS: dict[str, type[Importer]] = {
    "enterprises": EnterpriseImporter,
    "officers": OfficerImporter,
    "matters": MatterImporter,
}


def get_importer(kind: str, actor: Any) -> Importer:
    cls = IMPORTERS.get(kind)
    if cls is None:
        from fazhi.core.errors import ValidationError

        raise ValidationError(
            _("Unknown import kind %(kind)s; use one of: %(kinds)s") % {"kind": kind, "kinds": ", ".join(IMPORTERS)}
        )
    return cls(actor)


def run_import(*, actor: Any, kind: str, fh: IO[bytes], partial: bool = False) -> ImportReport:
    """Import a workbook of ``kind`` as ``actor``. All-or-nothing unless ``partial``."""
    return get_importer(kind, actor).run(fh, partial=partial)


def export(*, actor: Any, kind: str, qs: models.QuerySet[Any]) -> bytes:
    imp = get_importer(kind, actor)
    ledger_append(
        actor=actor_of(actor),
        verb=f"{kind}.export",
        target_type="export",
        target_id=kind,
        payload={"count": qs.count()},
    )
    return export_workbook(imp.columns, str(imp.sheet_title), imp.export_rows(qs))
