"""Excel import of a past year's normative-document register (规范性文件台账): all or nothing,
every row's error at once (the file side is the registry's: header mapping, cell parsing)."""

from __future__ import annotations

import datetime as dt
from typing import IO, Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.accounts.models import Region
from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import user_or_none
from fazhi.core.errors import ValidationError
from fazhi.core.ledger import Event, actor_of, ledger_append_many
from fazhi.decisions.access import require_area
from fazhi.decisions.models import NormativeDocument
from fazhi.decisions.services.documents import check_document, filing_due, validity_end
from fazhi.registry.imports.base import CellError, Column, RowError, parse_cell, read_rows, template_workbook

COLUMNS = [
    Column(gettext_lazy("Title"), "title", required=True, width=40),
    Column(gettext_lazy("Number"), "number", required=True),
    Column(gettext_lazy("Kind"), "kind", kind="choice", choices=NormativeDocument.Kind),
    Column(gettext_lazy("Published on"), "published_on", required=True, kind="date"),
    Column(gettext_lazy("Filed on"), "filed_on", kind="date"),
]


def template() -> bytes:
    return template_workbook(COLUMNS, "规范性文件台账")


def register_import(*, actor: Any, region: Region, fh: IO[bytes]) -> int:
    """Import the file: every row valid, or nothing written and every error listed."""
    require_area(actor, region, Perm.DECISION_DRAFT)
    errors: list[RowError] = []
    rows: list[dict[str, Any]] = []
    labels = {c.attr: c.zh() for c in COLUMNS}
    for number, raw in read_rows(fh, COLUMNS):
        cells: dict[str, Any] = {}
        for col in COLUMNS:
            try:
                cells[col.attr] = parse_cell(col, raw.get(col.attr))
            except CellError as exc:
                errors.append(RowError(number, col.zh(), str(exc)))
        published = cells.get("published_on")
        filed = cells.get("filed_on")
        problems = check_document(
            title=cells.get("title") or "",
            number=cells.get("number") or "",
            kind=cells.get("kind") or NormativeDocument.Kind.NORMATIVE,
            published_on=published if isinstance(published, dt.date) else None,
            filed_on=filed if isinstance(filed, dt.date) else None,
        )
        for field, message in problems.items():
            if not any(e.row == number and e.column == labels.get(field, field) for e in errors):
                errors.append(RowError(number, labels.get(field, field), message))
        rows.append({**cells, "row": number})
    if not rows and not errors:
        raise ValidationError(_("The file has no rows."))
    if errors:
        raise ValidationError(
            _("Nothing was imported: %(n)d errors. %(first)s")
            % {"n": len(errors), "first": " ".join(str(e) for e in errors[:20])},
            details={"errors": [str(e) for e in errors]},
        )
    with transaction.atomic():
        docs = NormativeDocument.objects.bulk_create(
            [
                NormativeDocument(
                    region=region,
                    kind=r.get("kind") or NormativeDocument.Kind.NORMATIVE,
                    title=r["title"],
                    number=r["number"],
                    published_on=r["published_on"],
                    filing_due=filing_due(r["published_on"]),
                    filed_on=r.get("filed_on"),
                    valid_until=validity_end(r["published_on"]),
                    created_by=user_or_none(actor),
                )
                for r in rows
            ]
        )
        ledger_append_many(
            actor=actor_of(actor),
            events=[
                Event(
                    verb="decision.document_imported",
                    target_type="decisions.normativedocument",
                    target_id=str(d.pk),
                    target_label=str(d),
                    payload={"row": r["row"]},
                )
                for d, r in zip(docs, rows, strict=True)
            ],
        )
    return len(rows)
