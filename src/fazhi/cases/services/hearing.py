"""The notice of the proposed penalty (art. 44–45, 62), the party's statement and defence, and
the hearing (art. 63–64). Its 3/5/7-day periods are working days (art. 85)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.accounts.roles import Perm
from fazhi.cases.models import Case, DocumentKind
from fazhi.cases.services.common import locked, not_future, record_step, require_body, require_text
from fazhi.cases.services.documents import document_generate
from fazhi.cases.services.step_dates import step_date_check
from fazhi.core.errors import ValidationError
from fazhi.core.text import LONG, text_limits
from fazhi.core.workdays import add_workdays

S = Case.Status


def case_notify(*, actor: Any, case: Case, notified_on: dt.date | None = None) -> Case:
    """行政处罚事先告知 (art. 44–45, 62–64): facts, grounds, proposed penalty, the right to state
    and defend within 3 working days and, where the hearing right applies, to request a hearing
    within 5 working days."""
    require_body(actor, case.body, Perm.CASE_HANDLE)
    notified_on = notified_on or timezone.localdate()
    not_future(notified_on, "notified_on")
    with transaction.atomic():
        case = locked(case, [S.PROPOSED], _("The notice of the proposed penalty"))
        step_date_check(case=case, kind="notify", day=notified_on, field="notified_on")
        if case.outcome != Case.Outcome.PENALTY:
            raise ValidationError(_("Only a proposed penalty is notified; a waiver or no penalty goes to decision."))
        case.notified_on = notified_on
        case.notified_fine = case.fine
        case.statement_until = add_workdays(notified_on, settings.FAZHI_CASE_STATEMENT_WORKDAYS)
        case.hearing_request_until = (
            add_workdays(notified_on, settings.FAZHI_CASE_HEARING_REQUEST_WORKDAYS) if case.hearing_eligible else None
        )
        case.status = S.NOTIFIED
        case.save()
        step = record_step(
            actor=actor,
            case=case,
            kind="notify",
            day=notified_on,
            summary=_("Party notified; statements until %(s)s") % {"s": case.statement_until},
        )
        document_generate(actor=actor, case=case, kind=DocumentKind.PENALTY_NOTICE, step=step)
    return case


@text_limits(statement=(gettext_lazy("Statement and defence"), LONG))
def case_statement_record(*, actor: Any, case: Case, statement: str = "", waived: bool = False) -> Case:
    """陈述申辩: what the party said (reviewed before deciding), or that it waived the right."""
    require_body(actor, case.body, Perm.CASE_HANDLE)
    if not waived and len(statement.strip()) < 2:
        raise ValidationError(_("Write down the party's statement, or record that it waived the right."))
    with transaction.atomic():
        case = locked(case, [S.NOTIFIED], _("Recording the statement"))
        if waived:
            case.statement_waived = True
        else:
            case.statement = (case.statement + "\n" + statement.strip()).strip()
        case.save()
        record_step(
            actor=actor,
            case=case,
            kind="statement",
            summary=_("The party waived statement and hearing") if waived else _("Statement and defence recorded"),
            text=statement.strip(),
        )
    return case


def case_hearing_request(*, actor: Any, case: Case, requested_on: dt.date) -> Case:
    """The party asks for a hearing: only with the hearing right, within 5 working days (art. 64)."""
    require_body(actor, case.body, Perm.CASE_HANDLE)
    not_future(requested_on, "requested_on")
    with transaction.atomic():
        case = locked(case, [S.NOTIFIED], _("A hearing request"))
        step_date_check(case=case, kind="hearing_request", day=requested_on, field="requested_on")
        if not case.hearing_eligible or case.hearing_request_until is None:
            raise ValidationError(_("This proposed penalty carries no hearing right (art. 63)."))
        if requested_on > case.hearing_request_until:
            raise ValidationError(
                _("The hearing had to be requested by %(d)s (5 working days after the notice, art. 64).")
                % {"d": case.hearing_request_until}
            )
        case.hearing_requested_on = requested_on
        case.status = S.HEARING
        case.save()
        record_step(actor=actor, case=case, kind="hearing_request", day=requested_on, summary=_("Hearing requested"))
    return case


def case_hearing_schedule(*, actor: Any, case: Case, hearing_on: dt.date) -> Case:
    """The party is told of the hearing at least 7 working days before it (art. 64)."""
    require_body(actor, case.body, Perm.CASE_HANDLE)
    earliest = add_workdays(timezone.localdate(), settings.FAZHI_CASE_HEARING_NOTICE_WORKDAYS)
    if hearing_on < earliest:
        raise ValidationError(
            _("The hearing must be at least 7 working days after the notice of it: %(d)s or later.") % {"d": earliest},
            details={"hearing_on": "too_soon"},
        )
    with transaction.atomic():
        case = locked(case, [S.HEARING], _("Scheduling the hearing"))
        case.hearing_on = hearing_on
        case.save()
        record_step(
            actor=actor, case=case, kind="hearing_schedule", summary=_("Hearing set for %(d)s") % {"d": hearing_on}
        )
    return case


@text_limits(record=(gettext_lazy("Hearing record"), LONG))
def case_hearing_hold(*, actor: Any, case: Case, record: str) -> Case:
    require_body(actor, case.body, Perm.CASE_HANDLE)
    require_text(record, 10, _("Write the hearing record (at least 10 characters)."), field="record", code="short")
    with transaction.atomic():
        case = locked(case, [S.HEARING], _("Recording the hearing"))
        if case.hearing_on is None or case.hearing_on > timezone.localdate():
            raise ValidationError(_("The hearing has not taken place yet."))
        case.hearing_held = True
        case.status = S.NOTIFIED
        case.save()
        record_step(actor=actor, case=case, kind="hearing", day=case.hearing_on, summary=_("Hearing held"), text=record)
    return case
