"""回头看: follow-up visits after an agreement (人民调解法 art. 31). An agreement not performed
reopens the dispute; the last visit that finds it performed closes it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import user_or_none
from fazhi.core.text import NOTE, refuse, text_limits
from fazhi.disputes.access import require_dispute
from fazhi.disputes.models import Agreement, Dispute, FollowUp
from fazhi.disputes.services.common import add_months, not_future, record_step, update


@text_limits(note=(gettext_lazy("Note"), NOTE))
def follow_up_record(
    *, actor: Any, follow_up: FollowUp, performed: bool | None, note: str, visited_on: dt.date | None = None
) -> FollowUp:
    dispute = follow_up.dispute
    require_dispute(actor, dispute, Perm.DISPUTE_MEDIATE)
    visited_on = visited_on or timezone.localdate()
    errors: dict[str, str] = {}
    if follow_up.visited_on is not None:
        errors["follow_up"] = _("This visit was already recorded.")
    if dispute.status != Dispute.Status.AGREED:
        errors["follow_up"] = _("The dispute is no longer waiting for follow-up visits.")
    if performed is None:
        errors["performed"] = _("Say whether the agreement is being performed.")
    if not note.strip():
        errors["note"] = _("Write what the parties said at the visit.")
    not_future(visited_on, "visited_on", errors)
    if visited_on < follow_up.agreement.made_on:
        errors["visited_on"] = _("The visit cannot be before the agreement.")
    refuse(errors)
    agreement = follow_up.agreement
    with transaction.atomic():
        FollowUp.objects.filter(pk=follow_up.pk).update(
            visited_on=visited_on, performed=performed, note=note.strip(), visited_by=user_or_none(actor)
        )
        follow_up.visited_on, follow_up.performed, follow_up.note = visited_on, performed, note.strip()
        if not performed:
            Agreement.objects.filter(pk=agreement.pk).update(performance=Agreement.Performance.NOT_PERFORMED)
            dropped = FollowUp.objects.filter(agreement=agreement, visited_on__isnull=True).delete()[0]
            update(
                dispute,
                expected_version=None,
                status=Dispute.Status.MEDIATING,
                outcome="",
                closed_on=None,
                accepted_on=visited_on,
                deadline=add_months(visited_on, settings.FAZHI_DISPUTE_TIME_LIMIT_MONTHS),
                extension_reason="",
                reopened=dispute.reopened + 1,
            )
            record_step(
                actor=actor,
                dispute=dispute,
                kind="reopened",
                day=visited_on,
                summary=_("Agreement not performed: the dispute is reopened for mediation"),
                payload={"follow_up": follow_up.pk, "agreement": agreement.pk, "visits_dropped": dropped},
            )
            return follow_up
        Agreement.objects.filter(pk=agreement.pk).update(performance=Agreement.Performance.PERFORMED)
        last = not FollowUp.objects.filter(agreement=agreement, visited_on__isnull=True).exists()
        if last:
            update(dispute, expected_version=None, status=Dispute.Status.CLOSED)
        record_step(
            actor=actor,
            dispute=dispute,
            kind="follow_up",
            day=visited_on,
            summary=_("Follow-up visit: agreement performed") + (_("; closed") if last else ""),
            payload={"follow_up": follow_up.pk, "on_time": visited_on <= follow_up.due_on},
        )
    return follow_up
