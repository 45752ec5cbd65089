"""Excel import of a township's past dispute register (台账): all or nothing, every row's error at
once (the file side is the registry's: header mapping, cell parsing, templates).

Each row is one dispute: parties separated by "；" (names, and in the same order their ID numbers
and phones), the flags as 是/否, the outcome if it was concluded. Identification flags of a past
register count as reviewed on import (the register is the township's reviewed record).
"""

from __future__ import annotations

import datetime as dt
from typing import IO, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.accounts.models import Region
from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import user_or_none
from fazhi.core.errors import ValidationError
from fazhi.core.ledger import Event, actor_of, ledger_append_many
from fazhi.disputes.access import require_township
from fazhi.disputes.models import Agreement, Dispute, DisputeCategory, DisputeParty, DisputeStep
from fazhi.disputes.services.intake import PartyInput, _clean_parties, _number, id_index, phone_index
from fazhi.registry.imports.base import CellError, Column, RowError, parse_cell, read_rows, template_workbook

COLUMNS = [
    Column(gettext_lazy("Received on"), "received_on", required=True, kind="date"),
    Column(gettext_lazy("Village"), "village"),
    Column(gettext_lazy("Category"), "category", required=True),
    Column(gettext_lazy("Source"), "source", kind="choice", choices=Dispute.Source),
    Column(gettext_lazy("Parties"), "names", required=True, help=gettext_lazy("names separated by ；")),
    Column(gettext_lazy("ID numbers"), "id_numbers", help=gettext_lazy("in the order of the names, separated by ；")),
    Column(gettext_lazy("Phones"), "phones", help=gettext_lazy("in the order of the names, separated by ；")),
    Column(gettext_lazy("Police-related"), "police_related", kind="bool"),
    Column(gettext_lazy("Petition-related"), "petition_related", kind="bool"),
    Column(gettext_lazy("Description"), "description", required=True, width=40),
    Column(gettext_lazy("Outcome"), "outcome", kind="choice", choices=Dispute.Outcome),
    Column(gettext_lazy("Agreement date"), "made_on", kind="date"),
    Column(gettext_lazy("Agreement form"), "form", kind="choice", choices=Agreement.Form),
    Column(gettext_lazy("Agreement terms"), "terms", width=40),
]


def template() -> bytes:
    return template_workbook(COLUMNS, "纠纷台账")


def _split(value: str) -> list[str]:
    return [p.strip() for p in value.replace(";", "；").split("；")] if value else []


def register_import(*, actor: Any, township: Region, fh: IO[bytes]) -> int:
    """Import the file: every row valid, or nothing written and every error listed."""
    require_township(actor, township, Perm.DISPUTE_COORDINATE)
    categories = {c.name: c for c in DisputeCategory.objects.all()} | {c.code: c for c in DisputeCategory.objects.all()}
    villages = {v.name: v for v in Region.objects.filter(parent=township)}
    today = timezone.localdate()
    errors: list[RowError] = []
    rows: list[dict[str, Any]] = []
    for number, raw in read_rows(fh, COLUMNS):
        cells: dict[str, Any] = {}
        for col in COLUMNS:
            try:
                cells[col.attr] = parse_cell(col, raw.get(col.attr))
            except CellError as exc:
                errors.append(RowError(number, col.zh(), str(exc)))
        if cells.get("category") and cells["category"] not in categories:
            errors.append(RowError(number, COLUMNS[2].zh(), _("%(v)s is not a category") % {"v": cells["category"]}))
        if cells.get("village") and cells["village"] not in villages:
            errors.append(
                RowError(
                    number,
                    COLUMNS[1].zh(),
                    _("%(v)s is not a village of %(t)s") % {"v": cells["village"], "t": township.name},
                )
            )
        day = cells.get("received_on")
        if isinstance(day, dt.date) and day > today:
            errors.append(RowError(number, COLUMNS[0].zh(), _("The date cannot be in the future.")))
        made_on = cells.get("made_on")
        if cells.get("outcome") in (Dispute.Outcome.RESOLVED, Dispute.Outcome.PARTLY) and not (
            made_on and cells.get("form")
        ):
            errors.append(
                RowError(number, COLUMNS[11].zh(), _("a resolved dispute needs the agreement's date and form"))
            )
        names, ids, phones = (
            _split(cells.get("names", "")),
            _split(cells.get("id_numbers", "")),
            _split(cells.get("phones", "")),
        )
        parties = [
            PartyInput(
                name=name,
                side="applicant" if i == 0 else "respondent",
                id_number=ids[i] if i < len(ids) else "",
                phone=phones[i] if i < len(phones) else "",
            )
            for i, name in enumerate(names)
        ]
        party_errors: dict[str, str] = {}
        cleaned = _clean_parties(parties, party_errors)
        errors.extend(RowError(number, COLUMNS[4].zh(), str(m)) for m in party_errors.values())
        rows.append({**cells, "parties": cleaned, "row": number})
    if errors:
        raise ValidationError(
            _("Nothing was imported: %(n)d errors. %(first)s")
            % {"n": len(errors), "first": " ".join(str(e) for e in errors[:20])},
            details={"errors": [str(e) for e in errors]},
        )
    with transaction.atomic():
        events = []
        for r in rows:
            village = villages.get(r["village"]) if r.get("village") else None
            outcome = r.get("outcome") or ""
            status = (
                Dispute.Status.CLOSED
                if outcome in (Dispute.Outcome.RESOLVED, Dispute.Outcome.PARTLY)
                else (Dispute.Status.TERMINATED if outcome else Dispute.Status.REGISTERED)
            )
            d = Dispute.objects.create(
                number=_number(township, r["received_on"]),
                township=township,
                village=village,
                area_path=(village or township).path,
                source=r.get("source") or Dispute.Source.SCREENING,
                category=categories[r["category"]],
                police_related=r["police_related"],
                petition_related=r["petition_related"],
                police_flag_at_intake=r["police_related"],
                petition_flag_at_intake=r["petition_related"],
                flags_reviewed_on=today,
                description=r["description"],
                received_on=r["received_on"],
                status=status,
                outcome=outcome,
                closed_on=r.get("made_on") or (r["received_on"] if outcome else None),
                created_by=user_or_none(actor),
            )
            DisputeParty.objects.bulk_create(
                [
                    DisputeParty(
                        dispute=d,
                        name=p["name"],
                        side=p["side"],
                        kind=p["kind"],
                        id_number=p["id_number"],
                        id_index=id_index(p["id_number"]),
                        phone=p["phone"],
                        phone_index=phone_index(p["phone"]),
                    )
                    for p in r["parties"]
                ]
            )
            if r.get("made_on") and r.get("form"):
                Agreement.objects.create(
                    dispute=d,
                    form=r["form"],
                    made_on=r["made_on"],
                    terms=r.get("terms") or "-",
                    performance=Agreement.Performance.PERFORMED
                    if status == Dispute.Status.CLOSED
                    else Agreement.Performance.PENDING,
                )
            DisputeStep.objects.create(
                dispute=d,
                kind="imported",
                day=today,
                summary=_("Imported from the past register"),
                created_by=user_or_none(actor),
            )
            events.append(
                Event(
                    verb="dispute.imported",
                    target_type="disputes.dispute",
                    target_id=str(d.pk),
                    target_label=d.number,
                    payload={"row": r["row"]},
                )
            )
        ledger_append_many(actor=actor_of(actor), events=events)
    return len(rows)
