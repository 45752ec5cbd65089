"""The enterprise rates its inspection, anonymously (domain-rules §2, issue 15.6).

Finishing an inspection issues the enterprise a one-time right to rate it (``RatingRight``). Rating
consumes the right and writes a score that is detached from it (``RatingScore``: the department
and the quarter, a random id, no time, no record, no user). The ledger notes that a rating was
given, with neither the rater's account nor its address. Departments read a quarter's figures only
once the quarter is closed and holds at least FAZHI_RATING_MIN_GROUP scores (``selectors``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import require, scope_of
from fazhi.core.context import client_ip
from fazhi.core.errors import PermissionDenied, ValidationError
from fazhi.core.ledger import SYSTEM, Event, ledger_append_many
from fazhi.core.text import text_limits
from fazhi.inspections.models import InspectionRecord, RatingRight, RatingScore

Status = InspectionRecord.Status


def quarter_of(day: dt.date) -> dt.date:
    """The rating period: the first day of the quarter ``day`` falls in."""
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def quarter_after(period: dt.date) -> dt.date:
    """The first day of the quarter after ``period`` (the day its figures may be released)."""
    return dt.date(period.year + 1, 1, 1) if period.month == 10 else period.replace(month=period.month + 3)


def rating_right_issue(record: InspectionRecord) -> None:
    """At the finish: the enterprise may rate this inspection once (inside the caller's transaction)."""
    RatingRight.objects.get_or_create(record=record)


@text_limits(comment=(gettext_lazy("Comment"), 500))
def rating_add(*, actor: Any, record: InspectionRecord, score: int, comment: str = "") -> None:
    """The enterprise uses its right to rate an inspection: the right is consumed and an unlinked
    score is written for the inspection's lead department and the current quarter."""
    require(actor, Perm.RATE)
    scope = scope_of(actor)
    if not scope.enterprise_only or record.enterprise.org_unit_id != scope.org_unit_id:
        raise PermissionDenied(_("Only the inspected enterprise rates this inspection."))
    if record.status != Status.FINISHED:
        raise ValidationError(_("The inspection can be rated once it is finished."))
    if not 1 <= score <= 5:
        raise ValidationError(_("Give one to five stars."), details={"score": "range"})
    with transaction.atomic():
        if not RatingRight.objects.filter(record=record, used=False).update(used=True):
            raise ValidationError(_("You have already rated this inspection."))
        RatingScore.objects.create(
            body_id=record.lead_body_id,
            period=quarter_of(timezone.localdate()),
            score=score,
            comment=comment.strip()[:500],
        )
        # the ledger notes that a rating was given: not by whom, not from where, not which
        token = client_ip.set("")
        try:
            ledger_append_many(actor=SYSTEM, events=[Event(verb="inspection.rated")])
        finally:
            client_ip.reset(token)
