"""Intake (排查, walk-in, hotline, transfers): one registration per fact, parties sealed.

ID numbers and phones are encrypted (core.crypto) and indexed blind, so the same parties are found
without decrypting: a dispute with the same parties and category within FAZHI_DISPUTE_DUPLICATE_DAYS
is offered for merging instead of being counted twice (domain-rules §12: 最多报一次).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.accounts.models import Region
from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import scope_of, user_or_none
from fazhi.core import crypto
from fazhi.core.access import log_read
from fazhi.core.errors import PermissionDenied, ValidationError
from fazhi.core.text import LINE, LONG, NAME, refuse, text_limits
from fazhi.core.validators import check_resident_id, check_uscc
from fazhi.disputes.access import require_dispute, require_township
from fazhi.disputes.models import Dispute, DisputeCategory, DisputeParty, ScreeningCampaign
from fazhi.disputes.services.common import not_future, record_step, update
from fazhi.disputes.services.risk import raise_risk_if_needed

ID_PURPOSE = "dispute.id"
PHONE_PURPOSE = "dispute.phone"
AMOUNT_MAX = Decimal("9999999999.99")


@dataclass(frozen=True)
class PartyInput:
    name: str
    kind: str = DisputeParty.Kind.PERSON
    side: str = DisputeParty.Side.APPLICANT
    id_number: str = ""
    phone: str = ""


class DuplicateSuggested(ValidationError):
    """The same parties and category were registered recently: offer merging (details: the ids)."""

    code = "duplicate"


def id_index(value: str) -> str:
    return crypto.blind_index(value, purpose=ID_PURPOSE) if value.strip() else ""


def phone_index(value: str) -> str:
    return crypto.blind_index(value, purpose=PHONE_PURPOSE) if value.strip() else ""


def _clean_parties(parties: Sequence[PartyInput], errors: dict[str, str]) -> list[dict[str, Any]]:
    cleaned: list[dict[str, Any]] = []
    if not [p for p in parties if p.name.strip()]:
        errors["parties"] = _("Enter at least one party's name.")
    for n, p in enumerate(parties, start=1):
        name = p.name.strip()
        if not name and not p.id_number.strip() and not p.phone.strip():
            continue
        label = _("Party %(n)d") % {"n": n}
        if not name:
            errors[f"party_{n}_name"] = _("%(party)s: enter the name.") % {"party": label}
        if len(name) > NAME:
            errors[f"party_{n}_name"] = _("%(party)s: the name has at most %(n)d characters.") % {
                "party": label,
                "n": NAME,
            }
        if p.kind not in DisputeParty.Kind.values:
            errors[f"party_{n}_kind"] = _("%(party)s: choose a person or an organisation.") % {"party": label}
        if p.side not in DisputeParty.Side.values:
            errors[f"party_{n}_side"] = _("%(party)s: choose applicant or respondent.") % {"party": label}
        number = "".join(p.id_number.split()).upper()
        if number:
            check = check_resident_id(number) if p.kind == DisputeParty.Kind.PERSON else check_uscc(number)
            if check.error:
                errors[f"party_{n}_id_number"] = f"{label}: {check.error}"
            number = check.value
        phone = "".join(ch for ch in p.phone if ch.isdigit())
        if p.phone.strip() and not 7 <= len(phone) <= 12:
            errors[f"party_{n}_phone"] = _("%(party)s: a phone number has 7 to 12 digits (or leave it empty).") % {
                "party": label
            }
        cleaned.append({"name": name, "kind": p.kind, "side": p.side, "id_number": number, "phone": phone})
    return cleaned


def duplicate_candidates(
    *, township: Region, category: DisputeCategory, parties: Sequence[PartyInput], day: dt.date | None = None
) -> list[Dispute]:
    """Disputes of the township, same category, within the duplicate window, that include every
    party of the new intake that can be identified (by ID number, else phone) — by blind index."""
    day = day or timezone.localdate()
    keys: list[tuple[str, str]] = []
    for p in parties:
        if p.id_number.strip():
            keys.append(("id_index", id_index(p.id_number)))
        elif p.phone.strip():
            keys.append(("phone_index", phone_index("".join(ch for ch in p.phone if ch.isdigit()))))
    if not keys:
        return []
    since = day - dt.timedelta(days=settings.FAZHI_DISPUTE_DUPLICATE_DAYS)
    base = DisputeParty.objects.filter(
        dispute__township=township,
        dispute__category=category,
        dispute__received_on__gte=since,
        dispute__received_on__lte=day,
    ).exclude(dispute__status=Dispute.Status.MERGED)
    found: set[int] | None = None
    for field, value in keys:
        ids = set(base.filter(**{field: value}).values_list("dispute_id", flat=True))
        found = ids if found is None else found & ids
        if not found:
            return []
    return list(Dispute.objects.filter(pk__in=found or []).select_related("category", "village").order_by("-pk"))


def _number(township: Region, day: dt.date) -> str:
    prefix = f"JF{township.code}-{day.year}-"
    last = (
        Dispute.objects.filter(number__startswith=prefix).order_by("-number").values_list("number", flat=True).first()
    )
    seq = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{seq:05d}"


@text_limits(
    description=(gettext_lazy("Description"), LONG),
    group_name=(gettext_lazy("Group"), 50),
)
def dispute_intake(
    *,
    actor: Any,
    township: Region,
    source: str,
    category: DisputeCategory | None,
    parties: Sequence[PartyInput],
    description: str,
    village: Region | None = None,
    group_name: str = "",
    police_related: bool = False,
    petition_related: bool = False,
    mass_risk: bool = False,
    amount: Decimal | None = None,
    received_on: dt.date | None = None,
    campaign: ScreeningCampaign | None = None,
    not_a_duplicate: bool = False,
) -> Dispute:
    """Register a dispute (人民调解法 art. 27: register). Every error of the form at once; a likely
    duplicate is refused with :class:`DuplicateSuggested` unless the user confirmed it is another."""
    require_township(actor, township, Perm.DISPUTE_INTAKE)
    day = received_on or timezone.localdate()
    errors: dict[str, str] = {}
    if township.level != Region.Level.TOWNSHIP:
        errors["township"] = _("Choose a township.")
    if village is not None:
        if village.parent_id != township.pk:
            errors["village"] = _("The village must belong to %(t)s.") % {"t": township.name}
        elif not _covers_village(actor, village):
            raise PermissionDenied(
                _("%(region)s is outside the area you are responsible for.") % {"region": village.name}
            )
    if source not in Dispute.Source.values:
        errors["source"] = _("Choose where the dispute came from.")
    if category is None or not category.active:
        errors["category"] = _("Choose the category.")
    if not description.strip():
        errors["description"] = _("Describe the dispute in a few words.")
    if amount is not None and not Decimal(0) <= amount <= AMOUNT_MAX:
        errors["amount"] = _("The amount must be between 0 and 9,999,999,999.99 yuan.")
    if campaign is not None and campaign.township_id != township.pk:
        errors["campaign"] = _("The campaign belongs to another township.")
    not_future(day, "received_on", errors)
    cleaned = _clean_parties(parties, errors)
    refuse(errors)
    if category is None:  # refused above; narrows the type
        raise ValidationError(_("Choose the category."))
    if not not_a_duplicate:
        dupes = duplicate_candidates(township=township, category=category, parties=parties, day=day)
        if dupes:
            raise DuplicateSuggested(
                _(
                    "The same parties registered a %(category)s dispute on %(day)s (%(number)s). "
                    "Add this report to it, or confirm that it is a different dispute."
                )
                % {"category": category.name, "day": dupes[0].received_on, "number": dupes[0].number},
                details={"duplicates": [d.pk for d in dupes]},
            )
    with transaction.atomic():
        dispute = Dispute.objects.create(
            number=_number(township, day),
            township=township,
            village=village,
            group_name=group_name.strip(),
            area_path=(village or township).path,
            source=source,
            category=category,
            police_related=police_related,
            petition_related=petition_related,
            police_flag_at_intake=police_related,
            petition_flag_at_intake=petition_related,
            mass_risk=mass_risk,
            amount=amount,
            description=description.strip(),
            received_on=day,
            campaign=campaign,
            level=Dispute.Level.VILLAGE if village is not None else Dispute.Level.TOWNSHIP,
            created_by=user_or_none(actor),
        )
        DisputeParty.objects.bulk_create(
            [
                DisputeParty(
                    dispute=dispute,
                    kind=p["kind"],
                    side=p["side"],
                    name=p["name"],
                    id_number=p["id_number"],
                    id_index=id_index(p["id_number"]),
                    phone=p["phone"],
                    phone_index=phone_index(p["phone"]),
                )
                for p in cleaned
            ]
        )
        record_step(
            actor=actor,
            dispute=dispute,
            kind="registered",
            summary=_("Registered (%(source)s)") % {"source": dispute.get_source_display()},
            day=day,
            payload={
                "source": source,
                "category": category.code,
                "parties": len(cleaned),
                "duplicate_confirmed": not_a_duplicate,
            },
        )
        raise_risk_if_needed(actor=actor, dispute=dispute)
    return dispute


def _covers_village(actor: Any, village: Region) -> bool:
    from fazhi.accounts.scopes import SystemUser

    if isinstance(actor, SystemUser):
        return True
    return scope_of(actor).covers(village, or_above=True)


@text_limits(note=(gettext_lazy("Note"), LINE))
def dispute_report_again(*, actor: Any, dispute: Dispute, note: str) -> Dispute:
    """A second report of a registered dispute: recorded on it, not counted as a new one."""
    require_township(actor, dispute.township, Perm.DISPUTE_INTAKE)
    if dispute.status == Dispute.Status.MERGED:
        raise ValidationError(_("This dispute was merged into another; add the report there."))
    with transaction.atomic():
        record_step(
            actor=actor,
            dispute=dispute,
            kind="reported_again",
            summary=_("Reported again: %(note)s") % {"note": note.strip() or "-"},
        )
    return dispute


def dispute_merge(*, actor: Any, dispute: Dispute, into: Dispute, expected_version: int | None = None) -> Dispute:
    """Merge a dispute registered twice into the first (it is no longer counted)."""
    require_dispute(actor, dispute, Perm.DISPUTE_COORDINATE, lead=True)
    require_dispute(actor, into, Perm.DISPUTE_COORDINATE, lead=True)
    errors = {}
    if into.pk == dispute.pk or into.status == Dispute.Status.MERGED:
        errors["into"] = _("Choose another dispute that is not itself merged.")
    if dispute.status not in {Dispute.Status.REGISTERED, Dispute.Status.MEDIATING}:
        errors["dispute"] = _("Only a dispute still open can be merged.")
    refuse(errors)
    with transaction.atomic():
        update(dispute, expected_version=expected_version, status=Dispute.Status.MERGED, merged_into=into)
        record_step(
            actor=actor,
            dispute=dispute,
            kind="merged",
            summary=_("Merged into %(n)s") % {"n": into.number},
            payload={"into": into.pk},
        )
        record_step(
            actor=actor,
            dispute=into,
            kind="merged_in",
            summary=_("%(n)s merged into this dispute") % {"n": dispute.number},
            payload={"from": dispute.pk},
        )
    return dispute


@text_limits(reason=(gettext_lazy("Reason"), LINE))
def party_reveal(*, actor: Any, party: DisputeParty, reason: str) -> tuple[str, str]:
    """A party's full ID number and phone, for someone who may act on the dispute, with a logged reason."""
    require_dispute(actor, party.dispute, Perm.DISPUTE_REVEAL)
    log_read(user=actor, target=party, reason=reason, label=f"{party.dispute.number} {party.name}")
    return party.id_number, party.phone


def party_lookup(*, actor: Any, id_number: str = "", phone: str = "") -> list[DisputeParty]:
    """The parties with this ID number (or phone) in the disputes ``actor`` sees, by blind index."""
    from fazhi.disputes.access import visible_q

    if not (actor.can(Perm.DISPUTE_VIEW) or actor.can(Perm.DISPUTE_VIEW_AREA)):
        raise PermissionDenied()
    if id_number.strip():
        qs = DisputeParty.objects.filter(id_index=id_index(id_number))
    elif phone.strip():
        qs = DisputeParty.objects.filter(phone_index=phone_index("".join(ch for ch in phone if ch.isdigit())))
    else:
        raise ValidationError(_("Enter an ID number or a phone number to look up."), details={"id_number": "required"})
    visible = Dispute.objects.filter(visible_q(actor)).values("pk")
    return list(qs.filter(dispute__in=visible).select_related("dispute", "dispute__category")[:100])
