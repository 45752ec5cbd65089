"""Complaints: submitted by the inspected enterprise, answered by the justice bureau, audited."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import require, require_region, scope_of, user_or_none
from fazhi.core.errors import PermissionDenied, ValidationError
from fazhi.core.ledger import actor_of, ledger_append
from fazhi.core.workdays import add_workdays
from fazhi.inspections.models import InspectionRecord
from fazhi.supervision.models import Complaint, Warning, WarningRule


def complaint_submit(*, actor: Any, record: InspectionRecord, text: str) -> Complaint:
    """The inspected enterprise complains about an inspection (from its portal). The complaint goes
    to the justice bureau, due within FAZHI_COMPLAINT_ANSWER_WORKDAYS working days."""
    require(actor, Perm.COMPLAIN)
    scope = scope_of(actor)
    if not scope.enterprise_only or record.enterprise.org_unit_id != scope.org_unit_id:
        raise PermissionDenied(_("Only the inspected enterprise complains about this inspection here."))
    text = text.strip()
    if len(text) < 5:
        raise ValidationError(_("Describe what happened (at least 5 characters)."), details={"text": "short"})
    with transaction.atomic():
        complaint = Complaint.objects.create(
            enterprise=record.enterprise,
            record=record,
            body=record.lead_body,
            region=record.enterprise.region,
            text=text[:5000],
            due=add_workdays(timezone.localdate(), settings.FAZHI_COMPLAINT_ANSWER_WORKDAYS),
            created_by=user_or_none(actor),
        )
        ledger_append(actor=actor_of(actor), verb="complaint.submit", target=complaint, payload={"record": record.pk})
    return complaint


def complaint_answer(*, actor: Any, complaint: Complaint, answer: str) -> Complaint:
    require(actor, Perm.COMPLAINT_HANDLE)
    require_region(actor, complaint.region)
    if complaint.status == Complaint.Status.ANSWERED:
        raise ValidationError(_("This complaint is already answered."))
    if len(answer.strip()) < 5:
        raise ValidationError(_("Write the answer the complainant will read."), details={"answer": "short"})
    with transaction.atomic():
        complaint.answer = answer.strip()
        complaint.status = Complaint.Status.ANSWERED
        complaint.answered_at = timezone.now()
        complaint.answered_by = user_or_none(actor)
        complaint.save()
        ledger_append(
            actor=actor_of(actor),
            verb="complaint.answer",
            target=complaint,
            payload={"late": timezone.localdate() > complaint.due},
        )
    return complaint


# --- warnings: correction workflow (纠正) -----------------------------------------------------


def _require_body_member(actor: Any, warning: Warning) -> None:
    require(actor, Perm.WARNING_CORRECT)
    scope = scope_of(actor)
    if warning.body is None or warning.body.org_unit_id != scope.org_unit_id:
        raise PermissionDenied(_("Only the responsible body submits the correction."))


def warning_correct(*, actor: Any, warning: Warning, text: str) -> Warning:
    """The responsible body says what it corrected (or why the fact was right)."""
    _require_body_member(actor, warning)
    if warning.status != Warning.Status.OPEN:
        raise ValidationError(_("This warning is not waiting for a correction."))
    if len(text.strip()) < 5:
        raise ValidationError(_("Describe the correction (at least 5 characters)."), details={"text": "short"})
    with transaction.atomic():
        warning.correction = text.strip()
        warning.corrected_by = user_or_none(actor)
        warning.status = Warning.Status.SUBMITTED
        warning.save(update_fields=["correction", "corrected_by", "status", "updated_at"])
        ledger_append(
            actor=actor_of(actor), verb="warning.correction", target=warning, payload={"text": warning.correction}
        )
    return warning


def _require_supervisor(actor: Any, warning: Warning) -> None:
    require(actor, Perm.SUPERVISE)
    require_region(actor, warning.region)


def warning_verify(*, actor: Any, warning: Warning, accept: bool, note: str = "") -> Warning:
    """The supervisor accepts the correction (纠正 counted) or returns it with a note."""
    _require_supervisor(actor, warning)
    if warning.status != Warning.Status.SUBMITTED:
        raise ValidationError(_("No correction is waiting for verification."))
    if not accept and not note.strip():
        raise ValidationError(_("Say why the correction is not enough."), details={"note": "required"})
    with transaction.atomic():
        if accept:
            warning.status = Warning.Status.CORRECTED
            warning.closed_by, warning.closed_at = user_or_none(actor), timezone.now()
        else:
            warning.status = Warning.Status.OPEN
        warning.close_reason = note.strip()[:300]
        warning.save()
        ledger_append(
            actor=actor_of(actor),
            verb="warning.verified" if accept else "warning.returned",
            target=warning,
            payload={"note": warning.close_reason},
        )
    return warning


def warning_dismiss(*, actor: Any, warning: Warning, reason: str) -> Warning:
    """Not an irregularity after all (e.g. a lawful emergency): closed with the reason."""
    _require_supervisor(actor, warning)
    if warning.status in (Warning.Status.CORRECTED, Warning.Status.DISMISSED):
        raise ValidationError(_("This warning is already closed."))
    if len(reason.strip()) < 2:
        raise ValidationError(_("Say why the warning is dismissed."), details={"reason": "required"})
    with transaction.atomic():
        warning.status = Warning.Status.DISMISSED
        warning.closed_by, warning.closed_at = user_or_none(actor), timezone.now()
        warning.close_reason = reason.strip()[:300]
        warning.save()
        ledger_append(actor=actor_of(actor), verb="warning.dismissed", target=warning, payload={"reason": reason})
    return warning


def rule_update(*, actor: Any, rule: WarningRule, enabled: bool, severity: str, params: dict[str, Any]) -> WarningRule:
    """Change a rule's switch, severity or thresholds; its version goes up, so every warning says
    which version raised it."""
    require(actor, Perm.WARNING_RULE_EDIT)
    if severity not in WarningRule.Severity.values:
        raise ValidationError(_("Choose a severity."), details={"severity": "choice"})
    bad = [k for k, v in params.items() if k not in rule.params or not isinstance(v, int) or v < 1]
    if bad:
        raise ValidationError(
            _("Thresholds are whole numbers of at least 1: %(names)s.") % {"names": ", ".join(bad)},
            details={"params": bad},
        )
    with transaction.atomic():
        before = {"enabled": rule.enabled, "severity": rule.severity, "params": rule.params}
        rule.enabled, rule.severity = enabled, severity
        rule.params = {**rule.params, **params}
        rule.version += 1
        rule.save()
        ledger_append(
            actor=actor_of(actor),
            verb="warning_rule.update",
            target=rule,
            payload={"before": before, "after": {"enabled": enabled, "severity": severity, "params": rule.params}},
        )
    return rule
