"""After the decision: service (送达, art. 61), payment and late fees (art. 67, 72), execution
of other penalties, and closing the case."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.accounts.roles import Perm
from fazhi.cases import rules
from fazhi.cases.models import Case, DocumentKind, ServiceMethod
from fazhi.cases.services.common import locked, not_future, record_step, require_body, require_text
from fazhi.cases.services.documents import document_generate
from fazhi.cases.services.step_dates import step_date_check
from fazhi.core.errors import ValidationError
from fazhi.core.text import LINE, NAME, text_limits

S = Case.Status


@text_limits(recipient=(gettext_lazy("Received by"), NAME))
def case_serve(*, actor: Any, case: Case, served_on: dt.date, method: str, recipient: str) -> Case:
    """送达 (art. 61) with its receipt; a fine is due within 15 days of service (art. 67)."""
    require_body(actor, case.body, Perm.CASE_HANDLE)
    not_future(served_on, "served_on")
    if method not in ServiceMethod.values:
        raise ValidationError(_("Choose how the decision was served."), details={"method": "required"})
    if method != "announcement" and len(recipient.strip()) < 2:
        raise ValidationError(_("Enter who received the decision."), details={"recipient": "required"})
    with transaction.atomic():
        case = locked(case, [S.DECIDED], _("Service"))
        if case.decided_on is None:  # an invariant, kept under python -O
            raise RuntimeError("case.decided_on is missing")
        step_date_check(case=case, kind="serve", day=served_on, field="served_on")
        case.served_on, case.service_method, case.service_recipient = served_on, method, recipient.strip()[:100]
        if case.fine > 0:
            case.payment_due = served_on + dt.timedelta(days=settings.FAZHI_CASE_PAYMENT_DAYS)
        case.status = S.SERVED
        case.save()
        late = case.service_due is not None and served_on > case.service_due
        step = record_step(
            actor=actor,
            case=case,
            kind="serve",
            day=served_on,
            summary=(_("Served late") if late else _("Served")) + f" ({ServiceMethod(method).label})",
            payload={"late": late},
        )
        document_generate(actor=actor, case=case, kind=DocumentKind.SERVICE_RECEIPT, step=step)
    return case


def case_payment_record(*, actor: Any, case: Case, paid_on: dt.date, amount: Decimal) -> Case:
    """The fine paid; after the 15 days a late fee of 3% a day, capped at the fine (art. 72)."""
    require_body(actor, case.body, Perm.CASE_HANDLE)
    not_future(paid_on, "paid_on")
    with transaction.atomic():
        case = locked(case, [S.SERVED], _("Recording the payment"))
        step_date_check(case=case, kind="payment", day=paid_on, field="paid_on")
        if case.fine <= 0 or case.payment_due is None:
            raise ValidationError(_("This decision imposes no fine; record its execution instead."))
        fee = rules.late_fee(fine=case.fine, payment_due=case.payment_due, paid_on=paid_on)
        owed = case.fine + fee
        if amount < owed:
            raise ValidationError(
                _("%(owed)s yuan is owed (fine %(fine)s + late fee %(fee)s); %(paid)s yuan was entered.")
                % {"owed": owed, "fine": case.fine, "fee": fee, "paid": amount},
                details={"amount": "short"},
            )
        case.paid_on, case.paid_amount, case.late_fee = paid_on, amount, fee
        case.status = S.EXECUTED
        case.save()
        record_step(
            actor=actor,
            case=case,
            kind="payment",
            day=paid_on,
            summary=_("Paid %(a)s yuan (late fee %(fee)s)") % {"a": amount, "fee": fee},
        )
    return case


@text_limits(note=(gettext_lazy("Note"), LINE))
def case_execute(*, actor: Any, case: Case, note: str, executed_on: dt.date | None = None) -> Case:
    """Execution of a penalty other than a fine (warning served, licence revoked, goods confiscated),
    on ``executed_on`` (today by default): never in the future, never before the decision or its
    service, and the closing is dated on or after it."""
    require_body(actor, case.body, Perm.CASE_HANDLE)
    executed_on = executed_on or timezone.localdate()
    not_future(executed_on, "executed_on")
    require_text(note, 2, _("Describe how the decision was carried out."), field="note")
    with transaction.atomic():
        case = locked(case, [S.SERVED], _("Recording execution"))
        if case.fine > 0:
            raise ValidationError(_("Record the payment of the fine."))
        step_date_check(case=case, kind="execute", day=executed_on, field="executed_on")
        case.executed_note, case.status = note.strip()[:300], S.EXECUTED
        case.save()
        record_step(
            actor=actor, case=case, kind="execute", day=executed_on, summary=_("Executed"), text=case.executed_note
        )
    return case


def close_blockers(case: Case) -> list[str]:
    out: list[str] = []
    needs_execution = case.fine > 0 or bool(case.other_penalties)
    if case.status == S.SERVED and needs_execution:
        out.append(_("The decision has not been executed yet."))
    elif case.status not in {S.SERVED, S.EXECUTED}:
        out.append(_("The decision must be served first."))
    if case.preservations.filter(decided_on__isnull=True).exists():
        out.append(_("A registered preservation has not been decided (art. 56)."))
    return out


def case_close(*, actor: Any, case: Case, closed_on: dt.date | None = None) -> Case:
    """结案, today unless ``closed_on`` says when (a file closed earlier and entered now): never in
    the future, never before the decision, its service, payment or execution (the step-date rule).
    The case-file review counts the file in the year it was closed."""
    require_body(actor, case.body, Perm.CASE_APPROVE)
    closed_on = closed_on or timezone.localdate()
    with transaction.atomic():
        case = locked(case, [S.SERVED, S.EXECUTED], _("Closing"))
        blockers = close_blockers(case)
        if blockers:
            raise ValidationError(" ".join(blockers), code="out_of_order")
        step_date_check(case=case, kind="close", day=closed_on, field="closed_on")
        case.closed_on, case.status = closed_on, S.CLOSED
        case.save()
        record_step(actor=actor, case=case, kind="close", day=closed_on, summary=_("Closed"))
    return case
