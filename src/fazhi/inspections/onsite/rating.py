"""The enterprise rates its inspection, anonymously (domain-rules §2)."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import require, scope_of
from fazhi.core.errors import PermissionDenied, ValidationError
from fazhi.core.ledger import Event, actor_of, ledger_append_many
from fazhi.core.text import text_limits
from fazhi.inspections.models import (
    InspectionRecord,
    Rating,
)

Status = InspectionRecord.Status


@text_limits(comment=(gettext_lazy("Comment"), 500))
def rating_add(*, actor: Any, record: InspectionRecord, score: int, comment: str = "") -> None:
    """The enterprise rates its inspection, once. Stored by month without the rater; departments
    see only groups of at least FAZHI_RATING_MIN_GROUP (the ledger names no one either)."""
    require(actor, Perm.RATE)
    scope = scope_of(actor)
    if not scope.enterprise_only or record.enterprise.org_unit_id != scope.org_unit_id:
        raise PermissionDenied(_("Only the inspected enterprise rates this inspection."))
    if record.status != Status.FINISHED:
        raise ValidationError(_("The inspection can be rated once it is finished."))
    if not 1 <= score <= 5:
        raise ValidationError(_("Give one to five stars."), details={"score": "range"})
    with transaction.atomic():
        try:
            with transaction.atomic():
                Rating.objects.create(
                    record=record, score=score, comment=comment.strip()[:500], month=record.date.replace(day=1)
                )
        except IntegrityError as exc:
            raise ValidationError(_("You have already rated this inspection.")) from exc
        ledger_append_many(actor=actor_of(None), events=[Event(verb="inspection.rated")])
