"""一表通查 as answered: the team answers the unified checklist line by line while it is open."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import require, user_or_none
from fazhi.core.errors import PermissionDenied, ValidationError
from fazhi.core.ledger import actor_of, ledger_append
from fazhi.core.text import text_limits
from fazhi.inspections.models import (
    ChecklistAnswer,
    InspectionRecord,
)
from fazhi.inspections.onsite.checkin import min_officers, officer_of
from fazhi.registry.models import EnforcementBody, Officer

Status = InspectionRecord.Status


def _require_team(actor: Any, record: InspectionRecord) -> Officer:
    require(actor, Perm.INSPECT)
    officer = officer_of(actor)
    if not record.officers.filter(pk=officer.pk).exists():
        raise PermissionDenied(_("Only the inspection's team may record it."))
    return officer


def section_refusal(officer: Officer | None, record: InspectionRecord, body_id: int | None) -> str:
    """The one rule for who records a department's section (issue 15.4): an officer of THAT
    department (the lead department for the shared lines), on the team, who checked in at this
    inspection (a remote check has no visit: its team is present) and whose certificate is valid
    on the inspection's day. Returns why not, or "" when the officer may answer and sign.
    ``answer_set``, ``section_sign`` and the record page's offers all ask this."""
    if officer is None:
        return str(_("Your account is not linked to an enforcement officer, so it cannot inspect."))
    section = body_id or record.lead_body_id
    if not record.officers.filter(pk=officer.pk).exists():
        return str(_("Only the inspection's team may record it."))
    if officer.body_id != section:
        name = EnforcementBody.objects.filter(pk=section).values_list("name", flat=True).first() or ""
        return str(_("Only an officer of %(body)s answers and signs its section.") % {"body": name})
    if record.mode != InspectionRecord.Mode.REMOTE and not record.checkins.filter(officer_id=officer.pk).exists():
        return str(_("You have not checked in at this inspection: only officers present answer and sign."))
    if not officer.may_inspect_on(record.date):
        return str(
            _("%(name)s may not inspect: the officer is not active or the certificate is not valid on %(day)s.")
            % {"name": officer.name, "day": record.date}
        )
    return ""


def present_bodies(record: InspectionRecord) -> set[int]:
    """The departments with at least one officer who may record their section (``section_refusal``)."""
    team = list(record.officers.all())
    return {o.body_id for o in team if not section_refusal(o, record, o.body_id)}


def absent_bodies(record: InspectionRecord) -> set[int]:
    """The departments with a section on the checklist but no officer present to record it: their
    lines stay open and, at the finish, their plan items go back to their plans."""
    sections = set(record.answers.exclude(body__isnull=True).values_list("body_id", flat=True))
    if record.answers.filter(body__isnull=True).exists():
        sections.add(record.lead_body_id)
    return sections - present_bodies(record)


def can_record_section(user: Any, record: InspectionRecord, body_id: int | None) -> bool:
    """What the record page offers for a section: answering and signing it (``section_refusal``)."""
    officer = getattr(user, "officer", None) if getattr(user, "is_authenticated", False) else None
    return record.status == Status.IN_PROGRESS and not section_refusal(officer, record, body_id)


def _require_section(actor: Any, record: InspectionRecord, body_id: int | None) -> Officer:
    officer = _require_team(actor, record)
    refusal = section_refusal(officer, record, body_id)
    if refusal:
        raise PermissionDenied(refusal)
    return officer


def _require_open(record: InspectionRecord) -> None:
    if record.status == Status.CHECKING_IN:
        raise ValidationError(
            _("At least %(n)d team officers must check in before the inspection starts.") % {"n": min_officers()},
            details={"status": "checking_in"},
        )
    if record.status != Status.IN_PROGRESS:
        raise ValidationError(_("This inspection is finished; its record can no longer change."))


def _signed_bodies(record: InspectionRecord) -> set[int]:
    return set(record.signoffs.values_list("body_id", flat=True))


def is_on_team(user: Any, record: InspectionRecord) -> bool:
    """The user is an officer of this inspection's team."""
    officer = getattr(user, "officer", None) if getattr(user, "is_authenticated", False) else None
    return officer is not None and record.officers.filter(pk=officer.pk).exists()


def can_edit(user: Any, record: InspectionRecord) -> bool:
    """What the record page offers: a team officer answers, adds evidence and signs while it is open
    (``answer_set``, ``evidence_add`` and ``section_sign`` still refuse the rest)."""
    return record.status == Status.IN_PROGRESS and is_on_team(user, record)


def answer_checked(answer: str, note: str, line: str | None = None, *, blank: bool = False) -> str:
    """The checks every answer of a line passes, on the phone and in a department system's push:
    compliant, not compliant or not applicable (``blank``: or taken back), and a line not
    compliant says why. Returns the note as stored. ``line`` names the line in the refusal's
    details (a push answers every line at once)."""
    if answer not in ChecklistAnswer.Answer.values and not (blank and answer == ""):
        raise ValidationError(
            _("Answer compliant, not compliant or not applicable."),
            details={"answers": line} if line is not None else {"answer": "choice"},
        )
    note = note.strip()[:500]
    if answer == ChecklistAnswer.Answer.FAIL and not note:
        raise ValidationError(
            _("Say what is not compliant."), details={"answers": line} if line is not None else {"note": "required"}
        )
    return note


@text_limits(note=(gettext_lazy("Note"), 500))
def answer_set(*, actor: Any, record: InspectionRecord, seq: int, answer: str, note: str = "") -> ChecklistAnswer:
    """Answer one line (合格/不合格/不适用). Idempotent: the same answer twice changes nothing, so a
    phone may retry a save that timed out."""
    _require_team(actor, record)
    _require_open(record)
    line = record.answers.filter(seq=seq).first()
    if line is None:
        raise ValidationError(_("This line is not on the checklist."), details={"seq": "unknown"})
    _require_section(actor, record, line.body_id)
    note = answer_checked(answer, note, blank=True)
    section = line.body_id or record.lead_body_id
    if section in _signed_bodies(record):
        raise ValidationError(_("This section is signed; it can no longer change."), details={"seq": "signed"})
    if line.answer == answer and line.note == note:
        return line
    with transaction.atomic():
        line.answer, line.note = answer, note
        line.answered_by, line.answered_at = user_or_none(actor), timezone.now()
        line.save(update_fields=["answer", "note", "answered_by", "answered_at"])
        ledger_append(
            actor=actor_of(actor),
            verb="inspection.answer",
            target=record,
            payload={"seq": seq, "answer": answer, "note": note},
        )
    return line
