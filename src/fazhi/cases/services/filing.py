"""Case sources and filing (行政处罚法 2021): registration (案源登记), 立案 by the body head
(art. 54: the 90-day decision deadline of art. 60 starts there), not pursuing a case, extending
the deadline."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import require, user_or_none
from fazhi.cases import rules
from fazhi.cases.models import Case, CaseExtension, Violation
from fazhi.cases.services.common import locked, next_number, not_future, record_step, require_body, require_text
from fazhi.cases.services.step_dates import step_date_check
from fazhi.core.errors import PermissionDenied, ValidationError
from fazhi.core.text import LINE, LONG, NAME, text_limits
from fazhi.core.validators import check_resident_id
from fazhi.inspections.models import InspectionRecord
from fazhi.registry.models import EnforcementBody, Enterprise
from fazhi.registry.selectors import own_body

S = Case.Status


def registering_body(actor: Any) -> EnforcementBody:
    """The body a case source is registered for: the actor's own (a case belongs to the body that
    answers for it); anyone not tied to a body is refused."""
    require(actor, Perm.CASE_HANDLE)
    body = own_body(user=actor)
    if body is None:
        raise PermissionDenied(_("Your account is not tied to an enforcement body."))
    return body


def _party(
    *, party_kind: str, enterprise: Enterprise | None, party_name: str, party_id_number: str
) -> tuple[str, str, dict[str, str], str]:
    """The party's name and ID number, the errors that refuse them, and a warning to record (an
    ID number whose area code the county list does not know: accepted, to be checked)."""
    errors: dict[str, str] = {}
    warning = ""
    if party_kind not in Case.PartyKind.values:
        errors["party_kind"] = _("Choose whether the party is an organisation or a natural person.")
    name = (enterprise.name if enterprise else party_name).strip()
    if not name:
        errors["party_name"] = _("Enter the party's name, or choose the enterprise.")
    id_number = ""
    if party_kind == Case.PartyKind.PERSON and party_id_number.strip():
        check = check_resident_id(party_id_number)
        if check.error:
            errors["party_id_number"] = check.error
        id_number, warning = check.value, check.warning
    return name, id_number, errors, warning


def _record_party_warning(*, actor: Any, case: Case, warning: str) -> None:
    """The warning of an accepted ID number, on the case's record for whoever checks the card."""
    if warning:
        record_step(actor=actor, case=case, kind="party_id_check", summary=warning)


@text_limits(
    facts=(gettext_lazy("Facts"), LONG),
    party_name=(gettext_lazy("Party name"), NAME),
    party_address=(gettext_lazy("Party address"), LINE),
    source_note=(gettext_lazy("Source details"), LINE),
)
def case_register(
    *,
    actor: Any,
    body: EnforcementBody,
    violation: Violation,
    source: str,
    party_kind: str,
    occurred_on: dt.date,
    facts: str,
    enterprise: Enterprise | None = None,
    party_name: str = "",
    party_id_number: str = "",
    party_address: str = "",
    source_record: InspectionRecord | None = None,
    source_note: str = "",
    major: bool = False,
) -> Case:
    """Register a case source (案源登记): an inspection finding, a complaint, a transfer."""
    require_body(actor, body, Perm.CASE_HANDLE)
    name, id_number, errors, id_warning = _party(
        party_kind=party_kind, enterprise=enterprise, party_name=party_name, party_id_number=party_id_number
    )
    if violation.body_id != body.pk or not violation.active:
        errors["violation"] = _("Choose a violation from your body's catalogue.")
    if source not in Case.Source.values:
        errors["source"] = _("Choose where the case came from.")
    if source == Case.Source.INSPECTION:
        if source_record is None:
            errors["source_record"] = _("Choose the inspection that found the violation.")
        elif not source_record.bodies.filter(pk=body.pk).exists():
            errors["source_record"] = _("Your body did not take part in that inspection.")
        elif enterprise is not None and source_record.enterprise_id != enterprise.pk:
            errors["source_record"] = _("That inspection was of another enterprise.")
    if occurred_on > timezone.localdate():
        errors["occurred_on"] = _("The date of the violation cannot be in the future.")
    elif rules.limitation_passed(occurred_on=occurred_on, today=timezone.localdate(), years=violation.limitation_years):
        errors["occurred_on"] = _(
            "More than %(n)d years have passed since the violation: it may no longer be penalised (处罚法 art. 36)."
        ) % {"n": violation.limitation_years}
    if len(facts.strip()) < 10:
        errors["facts"] = _("Describe the facts found: what, when, where (at least 10 characters).")
    if errors:
        raise ValidationError(" ".join(errors.values()), details=errors)
    if source_record is not None and enterprise is None:
        enterprise = source_record.enterprise
    region = enterprise.region if enterprise else body.region
    with transaction.atomic():
        case = Case.objects.create(
            body=body,
            region=region,
            source=source,
            source_record=source_record,
            source_note=source_note.strip()[:300],
            party_kind=party_kind,
            enterprise=enterprise,
            party_name=name[:200],
            party_id_number=id_number,
            party_address=(party_address or (enterprise.address if enterprise else "")).strip()[:300],
            violation=violation,
            occurred_on=occurred_on,
            facts=facts.strip(),
            major=major,
            created_by=user_or_none(actor),
        )
        record_step(actor=actor, case=case, kind="register", summary=_("Case source registered"))
        _record_party_warning(actor=actor, case=case, warning=id_warning)
    return case


def case_file(*, actor: Any, case: Case, filed_on: dt.date | None = None) -> Case:
    """立案 approved by the body head; the 90-day decision deadline (art. 60) starts here."""
    require_body(actor, case.body, Perm.CASE_APPROVE)
    filed_on = filed_on or timezone.localdate()
    not_future(filed_on, "filed_on")
    with transaction.atomic():
        case = locked(case, [S.REGISTERED], _("Filing"))
        step_date_check(case=case, kind="file", day=filed_on, field="filed_on")
        if rules.limitation_passed(occurred_on=case.occurred_on, today=filed_on, years=case.violation.limitation_years):
            raise ValidationError(_("The limitation period has passed (处罚法 art. 36): the case cannot be filed."))
        case.number = next_number(case.body, "case", filed_on.year)
        case.filed_on = filed_on
        case.decision_due = filed_on + dt.timedelta(days=settings.FAZHI_CASE_DECISION_DAYS)
        case.status = S.FILED
        case.save()
        record_step(
            actor=actor,
            case=case,
            kind="file",
            day=filed_on,
            summary=_("Filed as %(n)s; decide by %(due)s") % {"n": case.number, "due": case.decision_due},
        )
    return case


@text_limits(reason=(gettext_lazy("Reason"), LINE))
def case_drop(*, actor: Any, case: Case, reason: str) -> Case:
    """Not filed, or filing withdrawn (no violation, transferred, limitation): with the reason."""
    require_body(actor, case.body, Perm.CASE_APPROVE)
    require_text(reason, 4, _("State why the case is not pursued."), field="reason")
    with transaction.atomic():
        case = locked(case, [S.REGISTERED, S.FILED, S.PROPOSED], _("Withdrawing"))
        case.status = S.DROPPED
        case.drop_reason = reason.strip()[:300]
        case.save()
        record_step(actor=actor, case=case, kind="drop", summary=_("Not pursued: %(r)s") % {"r": case.drop_reason})
    return case


@text_limits(reason=(gettext_lazy("Reason"), LINE))
def case_extend(*, actor: Any, case: Case, days: int, reason: str) -> CaseExtension:
    """Extend the decision deadline (art. 60 "另有规定"): approved by the head before it passes."""
    require_body(actor, case.body, Perm.CASE_APPROVE)
    if not 1 <= days <= settings.FAZHI_CASE_EXTENSION_MAX_DAYS:
        raise ValidationError(
            _("An extension is 1 to %(n)d days.") % {"n": settings.FAZHI_CASE_EXTENSION_MAX_DAYS},
            details={"days": "range"},
        )
    require_text(reason, 4, _("State why the case needs more time."), field="reason")
    with transaction.atomic():
        case = locked(case, [S.FILED, S.PROPOSED, S.NOTIFIED, S.HEARING], _("Extending the deadline"))
        if case.decision_due is None:  # an invariant, kept under python -O
            raise RuntimeError("case.decision_due is missing")
        if timezone.localdate() > case.decision_due:
            raise ValidationError(
                _("The deadline %(due)s has already passed; an extension must be approved before it.")
                % {"due": case.decision_due}
            )
        ext = CaseExtension.objects.create(
            case=case,
            days=days,
            reason=reason.strip()[:300],
            new_due=case.decision_due + dt.timedelta(days=days),
            approved_by=actor,
        )
        case.decision_due = ext.new_due
        case.save()
        record_step(
            actor=actor,
            case=case,
            kind="extend",
            summary=_("Deadline extended by %(d)d days to %(due)s") % {"d": days, "due": ext.new_due},
            text=ext.reason,
        )
    return ext
