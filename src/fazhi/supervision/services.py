"""Complaints: submitted by the inspected enterprise, answered by the justice bureau, audited."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.accounts.models import Region
from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import (
    can,
    is_body_member,
    is_own_enterprise,
    require,
    require_own_body,
    require_region,
    scope_of,
    user_or_none,
)
from fazhi.core.errors import PermissionDenied, ValidationError
from fazhi.core.ledger import actor_of, ledger_append
from fazhi.core.text import LINE, LONG, NAME, NOTE, text_limits
from fazhi.core.workdays import add_workdays
from fazhi.inspections.models import InspectionRecord
from fazhi.registry.models import EnforcementBody
from fazhi.supervision.models import RULE_PARAMS, Accountability, Complaint, RedLine, Warning, WarningRule


@text_limits(text=(gettext_lazy("Complaint"), LONG))
def complaint_submit(*, actor: Any, record: InspectionRecord, text: str) -> Complaint:
    """The inspected enterprise complains about an inspection (from its portal). The complaint goes
    to the justice bureau, due within FAZHI_COMPLAINT_ANSWER_WORKDAYS working days."""
    require(actor, Perm.COMPLAIN)
    if not is_own_enterprise(actor, record.enterprise):
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


@text_limits(
    text=(gettext_lazy("Complaint"), LONG),
    enterprise_name=(gettext_lazy("Enterprise named"), NAME),
    contact_name=(gettext_lazy("Contact name"), 50),
)
def complaint_receive(
    *,
    actor: Any,
    source: str,
    kind: str,
    body: EnforcementBody | None,
    region: Region,
    text: str,
    enterprise_name: str = "",
    contact_name: str = "",
    contact_phone: str = "",
) -> Complaint:
    """A complaint or report from the public form (no login: ``actor`` None) or entered by the
    justice bureau from the hotline. Routed by area: the justice office of the township, or the
    county bureau for county departments. Returns it with its receipt for the complainant."""
    if source == Complaint.Source.HOTLINE:
        require(actor, Perm.COMPLAINT_HANDLE)
    elif source != Complaint.Source.PUBLIC:
        raise ValidationError(_("Unknown source."))
    errors: dict[str, str] = {}
    if kind not in Complaint.Kind.values:
        errors["kind"] = _("Choose a complaint about enforcement or a report of a violation.")
    if len(text.strip()) < 10:
        errors["text"] = _("Describe what happened: when, where, who (at least 10 characters).")
    if kind == Complaint.Kind.REPORT and not enterprise_name.strip():
        errors["enterprise_name"] = _("Name the enterprise the report is about.")
    phone = "".join(ch for ch in contact_phone if ch.isdigit())
    if contact_phone.strip() and not (len(phone) == 11 and phone.startswith("1")):
        errors["contact_phone"] = _("A mobile number has 11 digits starting with 1 (or leave it empty).")
    if errors:
        raise ValidationError(" ".join(errors.values()), details=errors)
    with transaction.atomic():
        complaint = Complaint.objects.create(
            source=source,
            kind=kind,
            body=body,
            region=region,
            text=text.strip()[:5000],
            enterprise_name=enterprise_name.strip()[:200],
            contact_name=contact_name.strip()[:50],
            contact_phone=phone,
            due=add_workdays(timezone.localdate(), settings.FAZHI_COMPLAINT_ANSWER_WORKDAYS),
            created_by=user_or_none(actor),
        )
        ledger_append(
            actor=actor_of(actor),
            verb="complaint.receive",
            target=complaint,
            payload={"source": source, "kind": kind, "body": body.code if body else None},
        )
    return complaint


def complaint_receipt(complaint: Complaint) -> str:
    """The complainant's key to follow the complaint (signed: it cannot be guessed)."""
    from django.core import signing

    return signing.dumps(complaint.pk, salt="fazhi.supervision.complaint")


@text_limits(reason=(gettext_lazy("Reason"), LINE))
def complaint_contact_reveal(*, actor: Any, complaint: Complaint, reason: str) -> str:
    """The complainant's full phone number for whoever answers complaints in its area, to call
    back. Pages show it masked; this read is logged with the reason given (access log)."""
    from fazhi.core.access import log_read

    require(actor, Perm.COMPLAINT_HANDLE)
    require_region(actor, complaint.region)
    with transaction.atomic():
        log_read(user=actor, target=complaint, reason=reason, label=f"#{complaint.pk}")
    return str(complaint.contact_phone)


def complaint_to_lead(*, actor: Any, complaint: Complaint, body: EnforcementBody) -> Complaint:
    """线索核查: a report of a violation goes to the body that inspects that matter; its officers
    see the lead and plan a lead check (not capped: 有事必查)."""
    require(actor, Perm.COMPLAINT_HANDLE)
    require_region(actor, complaint.region)
    if complaint.kind != Complaint.Kind.REPORT:
        raise ValidationError(_("Only a report of an enterprise's violation becomes a lead check."))
    if complaint.status == Complaint.Status.ANSWERED:
        raise ValidationError(_("This complaint is already answered."))
    with transaction.atomic():
        complaint.lead_body = body
        complaint.status = Complaint.Status.LEAD_CHECK
        complaint.save(update_fields=["lead_body", "status", "updated_at"])
        ledger_append(actor=actor_of(actor), verb="complaint.lead", target=complaint, payload={"body": body.code})
    return complaint


@text_limits(answer=(gettext_lazy("Answer"), NOTE))
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
    """Only the responsible body's own people (its officers and head) submit its correction."""
    require(actor, Perm.WARNING_CORRECT)
    message = _("Only the responsible body submits the correction.")
    if warning.body is None:
        raise PermissionDenied(message)
    require_own_body(actor, warning.body, others="refuse", message=message)


def can_see_complaints(user: Any) -> bool:
    """For pages: the complaints page is for the enterprise (its own), whoever answers complaints,
    and the bodies (the reports sent to them for a lead check)."""
    return can(user, Perm.COMPLAIN) or can(user, Perm.COMPLAINT_HANDLE) or can(user, Perm.INSPECTION_VIEW)


def can_correct_warnings(user: Any) -> bool:
    """For pages: the user corrects warnings for their own body (an officer or head of one)."""
    return can(user, Perm.WARNING_CORRECT) and is_body_member(user)


@text_limits(text=(gettext_lazy("Correction"), NOTE))
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


@text_limits(note=(gettext_lazy("Note"), LINE))
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


@text_limits(reason=(gettext_lazy("Reason"), LINE))
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
            _("Thresholds are whole numbers of at least 1: %(names)s.")
            % {"names": "、".join(str(RULE_PARAMS[k][0]) if k in RULE_PARAMS else k for k in bad)},
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


# --- enforcement supervisors' opinions (执法监督员) ------------------------------------------------


@text_limits(text=(gettext_lazy("Opinion"), NOTE))
def opinion_give(*, actor: Any, text: str, record: InspectionRecord | None = None) -> Complaint:
    """An enforcement supervisor's opinion, about one inspection or in general; answered by the
    justice bureau with the same deadline as a complaint."""
    require(actor, Perm.OPINION_GIVE)
    scope = scope_of(actor)
    if scope.region_path is None:
        raise PermissionDenied()
    if len(text.strip()) < 5:
        raise ValidationError(_("Write the opinion (at least 5 characters)."), details={"text": "short"})
    from fazhi.accounts.models import Region as RegionModel

    region = record.enterprise.region if record else RegionModel.objects.get(path=scope.region_path)
    with transaction.atomic():
        opinion = Complaint.objects.create(
            source=Complaint.Source.SUPERVISOR,
            kind=Complaint.Kind.ENFORCEMENT,
            record=record,
            enterprise=record.enterprise if record else None,
            body=record.lead_body if record else None,
            region=region,
            text=text.strip()[:5000],
            due=add_workdays(timezone.localdate(), settings.FAZHI_COMPLAINT_ANSWER_WORKDAYS),
            created_by=user_or_none(actor),
        )
        ledger_append(
            actor=actor_of(actor),
            verb="opinion.give",
            target=opinion,
            payload={"record": record.pk if record else None},
        )
    return opinion


# --- red lines and dual accountability (一案双查) ---------------------------------------------------


@text_limits(facts=(gettext_lazy("Facts"), LONG))
def accountability_open(
    *, actor: Any, red_line: RedLine, facts: str, warning: Warning | None = None, complaint: Complaint | None = None
) -> Accountability:
    """A confirmed red-line violation opens the examination of the act and of its supervision."""
    require(actor, Perm.SUPERVISE)
    source = warning or complaint
    if source is None or source.body is None:
        raise ValidationError(_("Open it from a warning or complaint that names the body."))
    require_region(actor, source.region)
    if len(facts.strip()) < 5:
        raise ValidationError(_("State the confirmed facts."), details={"facts": "short"})
    with transaction.atomic():
        item = Accountability.objects.create(
            red_line=red_line,
            warning=warning,
            complaint=complaint,
            body=source.body,
            region=source.region,
            facts=facts.strip(),
            opened_by=actor,
        )
        ledger_append(
            actor=actor_of(actor),
            verb="accountability.open",
            target=item,
            payload={"red_line": str(red_line), "warning": warning.pk if warning else None},
        )
    return item


@text_limits(
    act_finding=(gettext_lazy("Finding on the act"), LONG),
    supervision_finding=(gettext_lazy("Finding on its supervision"), LONG),
)
def accountability_conclude(
    *, actor: Any, item: Accountability, act_finding: str, supervision_finding: str
) -> Accountability:
    """Both findings are required: that is what makes it 一案双查."""
    require(actor, Perm.SUPERVISE)
    require_region(actor, item.region)
    if item.status == Accountability.Status.CONCLUDED:
        raise ValidationError(_("Already concluded."))
    if not act_finding.strip() or not supervision_finding.strip():
        raise ValidationError(
            _("Record both findings: on the act and on its supervision (一案双查)."), details={"findings": "both"}
        )
    with transaction.atomic():
        item.act_finding, item.supervision_finding = act_finding.strip(), supervision_finding.strip()
        item.status = Accountability.Status.CONCLUDED
        item.concluded_at = timezone.now()
        item.save()
        ledger_append(actor=actor_of(actor), verb="accountability.conclude", target=item, payload={})
    return item
