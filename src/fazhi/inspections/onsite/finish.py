"""检查后有结果反馈: the result, the representative's signature and statement, and the re-check."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import require
from fazhi.core.errors import PermissionDenied, ValidationError
from fazhi.core.ledger import actor_of, ledger_append
from fazhi.core.text import LINE, LONG, NOTE, text_limits
from fazhi.core.versioning import versioned_update
from fazhi.core.workdays import add_workdays
from fazhi.inspections.dated import day_check, local_day, moment_on
from fazhi.inspections.models import (
    ChecklistAnswer,
    InspectionRecord,
    PlanItem,
)
from fazhi.inspections.onsite.checkin import officer_of
from fazhi.inspections.onsite.checklist import (
    _require_open,
    _require_team,
    absent_bodies,
    is_on_team,
    section_refusal,
)
from fazhi.inspections.onsite.rating import rating_right_issue
from fazhi.inspections.onsite.signatures import _signature, _signature_png, signers_label, unsigned_sections
from fazhi.inspections.signals import announce
from fazhi.registry.models import EnforcementBody

Status = InspectionRecord.Status


@text_limits(
    findings=(gettext_lazy("Findings"), NOTE),
    representative_name=(gettext_lazy("Name of the enterprise representative"), 50),
    representative_refused=(gettext_lazy("Why the representative did not sign"), LINE),
    statement=(gettext_lazy("The enterprise's statement"), LONG),
)
def record_finish(
    *,
    actor: Any,
    record: InspectionRecord,
    outcome: str,
    findings: str = "",
    rectification_due: dt.date | None = None,
    representative_name: str = "",
    representative_signature: str = "",
    representative_refused: str = "",
    statement: str = "",
    finished_on: dt.date | None = None,
) -> InspectionRecord:
    """检查后有结果反馈: close the record with its result. On site, the enterprise's representative
    signs (or the refusal is recorded) and the enterprise's statement is kept. The result reaches
    the enterprise's portal at once (and its email); a redacted notice awaits publication.

    ``finished_on``: the day a visit made earlier was finished and its result given to the
    enterprise, entered now (``inspections.dated``): never in the future, never before the
    inspection's day or its start. The result counts as sent that day (``result_sent_at``) and the
    notice's publication is due counted from it; the ledger keeps the entry's time."""
    officer = _require_team(actor, record)
    refusal = section_refusal(officer, record, officer.body_id)
    if refusal:
        raise PermissionDenied(refusal)
    if finished_on is not None:
        day_check(
            day=finished_on,
            step=_("the finish of the inspection"),
            field="finished_on",
            after=[(_("the inspection's day"), record.date), (_("its start"), local_day(record.started_at))],
        )
    return _finish(
        actor,
        record,
        outcome=outcome,
        findings=findings,
        rectification_due=rectification_due,
        representative_name=representative_name,
        representative_signature=representative_signature,
        representative_refused=representative_refused,
        statement=statement,
        finished_on=finished_on,
    )


def _finish(
    actor: Any,
    record: InspectionRecord,
    *,
    outcome: str,
    findings: str,
    rectification_due: dt.date | None,
    representative_name: str,
    representative_signature: str,
    representative_refused: str,
    statement: str,
    finished_on: dt.date | None = None,
) -> InspectionRecord:
    _require_open(record)
    errors: dict[str, str] = {}
    # a department whose officer did not come leaves its lines open; its items go back to its plan
    absent = absent_bodies(record) if record.joint_inspection_id else set()
    open_lines = list(record.answers.filter(answer="").exclude(body_id__in=absent).values_list("seq", flat=True))
    if open_lines:
        errors["answers"] = _("Answer every line first (lines %(lines)s).") % {
            "lines": ", ".join(str(s) for s in open_lines)
        }
    unsigned = unsigned_sections(record)
    if unsigned:
        errors["sections"] = _("Sections not signed yet: %(names)s.") % {
            "names": "；".join(signers_label(body, officers) for body, officers in unsigned)
        }
    failed = record.answers.filter(answer=ChecklistAnswer.Answer.FAIL).exists()
    if outcome not in InspectionRecord.Outcome.values:
        errors["outcome"] = _("Choose the result.")
    elif outcome == InspectionRecord.Outcome.NO_ISSUE and failed:
        errors["outcome"] = _("A line is not compliant, so the result cannot be 'no issue found'.")
    elif outcome != InspectionRecord.Outcome.NO_ISSUE and not (failed or findings.strip()):
        errors["findings"] = _("Describe the findings that lead to this result.")
    if outcome == InspectionRecord.Outcome.RECTIFY and (rectification_due is None or rectification_due <= record.date):
        errors["rectification_due"] = _("Give a rectification deadline after the inspection day.")
    if record.on_site:
        if not representative_name.strip():
            errors["representative_name"] = _("Type the name of the enterprise's representative present.")
        if not representative_signature and not representative_refused.strip():
            errors["representative_signature"] = _(
                "The representative signs in the box, or you record why they did not sign."
            )
        elif representative_signature:
            try:
                representative_png = _signature_png(representative_signature, "representative_signature")
            except ValidationError as exc:
                errors["representative_signature"] = exc.message
    if errors:
        raise ValidationError(" ".join(errors.values()), details=errors)
    today, now = moment_on(finished_on)
    with transaction.atomic():
        if record.on_site and representative_signature:
            record.representative_signature = _signature(actor, record, representative_png, "representative")
        record.representative_name = representative_name.strip()[:50]
        record.representative_refused = representative_refused.strip()[:300] if not representative_signature else ""
        record.statement = statement.strip()
        record.outcome = outcome
        record.findings = findings.strip()
        record.rectification_due = rectification_due if outcome == InspectionRecord.Outcome.RECTIFY else None
        record.status = Status.FINISHED
        record.finished_at = now
        record.result_due = add_workdays(record.date, settings.FAZHI_RESULT_FEEDBACK_WORKDAYS)
        record.result_sent_at = now  # in the enterprise's portal from this moment
        record.save()
        from fazhi.inspections.publication import publication_prepare

        if absent:
            _return_items(actor, record, absent)
        rating_right_issue(record)
        publication_prepare(record=record, today=today)
        ledger_append(
            actor=actor_of(actor),
            verb="inspection.finished",
            target=record,
            payload={
                "outcome": outcome,
                "findings": record.findings,
                "rectification_due": record.rectification_due.isoformat() if record.rectification_due else None,
                "representative_signed": bool(record.representative_signature_id),
                "statement": bool(record.statement),
                **({"finished_on": today.isoformat()} if finished_on is not None else {}),
            },
        )
        announce(record.pk, record.enterprise_id)
        transaction.on_commit(lambda: _notify_enterprise(record.pk))
    return record


def _return_items(actor: Any, record: InspectionRecord, absent: set[int]) -> None:
    """The plan items of departments absent from the visit go back to their plans, unscheduled,
    with the reason on the plan page; the record no longer names those departments or matters."""
    on_visit = list(PlanItem.objects.filter(joint_inspection_id=record.joint_inspection_id))
    # 合并同类项: an item absorbed into another department's check (结果互认) was checked only if that
    # department was there; when it was not, the absorbed item goes back to its plan too
    merged = record.joint_inspection.merged if record.joint_inspection is not None else []
    doer_of = {int(i): int(group[0]) for group in merged for i in group[1:]}
    missed = {i.pk for i in on_visit if i.body_id in absent}
    shared = {pk for pk, doer in doer_of.items() if doer in missed} - missed
    items = [i for i in on_visit if i.pk in missed | shared]
    bodies = {b.pk: b for b in EnforcementBody.objects.filter(pk__in={i.body_id for i in on_visit} | absent)}
    by_pk = {i.pk: i for i in on_visit}
    for item in items:
        if item.pk in shared:
            doer = bodies[by_pk[doer_of[item.pk]].body_id]
            reason = _(
                "This check was to be made once by %(body)s for both departments (合并同类项), but no officer "
                "of %(body)s checked in at the visit of %(day)s; the item is back in the plan."
            ) % {"body": doer.name, "day": record.date.isoformat()}
        else:
            reason = _(
                "No officer of %(body)s checked in at the visit of %(day)s, so this check was not made; "
                "the item is back in the plan."
            ) % {"body": bodies[item.body_id].name, "day": record.date.isoformat()}
        versioned_update(item, expected_version=None, fields={"joint_inspection": None, "return_reason": reason})
    staying = {i.body_id for i in on_visit if i.pk not in missed | shared}
    gone = ({i.body_id for i in items} | absent) - staying - {record.lead_body_id}
    record.bodies.remove(*gone)
    record.matters.remove(*record.matters.filter(body_id__in=gone))
    record.matters.remove(*{i.matter_id for i in items})
    ledger_append(
        actor=actor_of(actor),
        verb="inspection.items_returned",
        target=record,
        payload={
            "bodies": sorted(bodies[b].code for b in absent),
            "items": sorted(i.pk for i in items),
            "merged_items": sorted(shared),
        },
    )


def _notify_enterprise(record_id: int) -> None:
    from fazhi.inspections.tasks import send_result_email

    try:
        send_result_email.enqueue(record_id)
    except Exception:
        import logging

        logging.getLogger(__name__).exception("could not queue the result email for record %s", record_id)


def can_recheck(user: Any, record: InspectionRecord) -> bool:
    """What the record page offers: the team re-checks a rectification order not yet re-checked."""
    return record.outcome == InspectionRecord.Outcome.RECTIFY and not record.rechecked_at and is_on_team(user, record)


@text_limits(note=(gettext_lazy("Re-check note"), 500))
def recheck(*, actor: Any, record: InspectionRecord, rectified: bool, note: str = "") -> InspectionRecord:
    """复查: after the deadline, a team officer (or the body's head) records whether the enterprise
    rectified. Not rectified: the result becomes 'case to be opened'."""
    require(actor, Perm.INSPECT)
    officer = officer_of(actor)
    if officer.body_id not in set(record.bodies.values_list("pk", flat=True)):
        raise PermissionDenied(_("Only the departments of this inspection re-check it."))
    if record.outcome != InspectionRecord.Outcome.RECTIFY or record.rechecked_at:
        raise ValidationError(_("There is no rectification waiting for a re-check."))
    if not rectified and not note.strip():
        raise ValidationError(_("Say what was not rectified."), details={"note": "required"})
    with transaction.atomic():
        record.rechecked_at = timezone.now()
        record.rectified = rectified
        record.recheck_note = note.strip()[:500]
        if not rectified:
            record.outcome = InspectionRecord.Outcome.CASE
        record.save(update_fields=["rechecked_at", "rectified", "recheck_note", "outcome", "updated_at"])
        ledger_append(
            actor=actor_of(actor),
            verb="inspection.rechecked",
            target=record,
            payload={"rectified": rectified, "note": record.recheck_note},
        )
        announce(record.pk, record.enterprise_id)
    return record
