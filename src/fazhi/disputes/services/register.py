"""The mediation network's registers: committees, mediators, trainings, screening campaigns; risk
warnings acknowledged; a mass incident recorded (the figure says none happened only if none is)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.accounts.models import Region
from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import user_or_none
from fazhi.core.ledger import actor_of, ledger_append
from fazhi.core.text import LINE, NAME, refuse, text_limits
from fazhi.disputes.access import require_dispute, require_township
from fazhi.disputes.models import (
    Dispute,
    MediationCommittee,
    Mediator,
    MediatorTraining,
    RiskWarning,
    ScreeningCampaign,
)
from fazhi.disputes.services.common import not_future, record_step, update


def _township_of(region: Region) -> Region:
    node = region
    while node.level != Region.Level.TOWNSHIP and node.parent is not None:
        node = node.parent
    return node


@text_limits(name=(gettext_lazy("Name"), NAME))
def committee_create(*, actor: Any, region: Region, name: str) -> MediationCommittee:
    require_township(actor, _township_of(region), Perm.DISPUTE_COORDINATE)
    errors = {}
    if not name.strip():
        errors["name"] = _("Enter the committee's name.")
    if region.level not in (Region.Level.TOWNSHIP, Region.Level.VILLAGE):
        errors["region"] = _("A mediation committee belongs to a township or a village.")
    refuse(errors)
    with transaction.atomic():
        committee = MediationCommittee.objects.create(region=region, name=name.strip())
        ledger_append(
            actor=actor_of(actor), verb="dispute.committee_created", target=committee, payload={"region": region.pk}
        )
    return committee


@text_limits(name=(gettext_lazy("Name"), NAME), specialty=(gettext_lazy("Specialty"), NAME))
def mediator_create(
    *, actor: Any, committee: MediationCommittee, name: str, user: Any = None, specialty: str = ""
) -> Mediator:
    require_township(actor, _township_of(committee.region), Perm.DISPUTE_COORDINATE)
    if not name.strip():
        refuse({"name": _("Enter the mediator's name.")})
    with transaction.atomic():
        mediator = Mediator.objects.create(
            committee=committee, name=name.strip(), user=user, specialty=specialty.strip()
        )
        ledger_append(
            actor=actor_of(actor), verb="dispute.mediator_created", target=mediator, payload={"committee": committee.pk}
        )
    return mediator


@text_limits(title=(gettext_lazy("Title"), NAME))
def training_record(
    *,
    actor: Any,
    region: Region,
    held_on: dt.date,
    title: str,
    hours: Decimal = Decimal(0),
    mediators: Iterable[Mediator] = (),
) -> MediatorTraining:
    """A mediator training session (调解员培训): the figure counts sessions, never attendance targets."""
    require_township(actor, _township_of(region), Perm.DISPUTE_COORDINATE)
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = _("Enter what the training was about.")
    if not Decimal(0) <= hours <= Decimal(100):
        errors["hours"] = _("Hours are between 0 and 100.")
    not_future(held_on, "held_on", errors)
    refuse(errors)
    with transaction.atomic():
        training = MediatorTraining.objects.create(region=region, held_on=held_on, title=title.strip(), hours=hours)
        training.mediators.set(list(mediators))
        ledger_append(
            actor=actor_of(actor), verb="dispute.training_recorded", target=training, payload={"held_on": str(held_on)}
        )
    return training


@text_limits(title=(gettext_lazy("Title"), NAME))
def campaign_create(
    *, actor: Any, township: Region, title: str, starts_on: dt.date, ends_on: dt.date
) -> ScreeningCampaign:
    """A screening campaign: its counts per village are shown; it carries no target (§12)."""
    require_township(actor, township, Perm.DISPUTE_COORDINATE)
    errors = {}
    if not title.strip():
        errors["title"] = _("Enter the campaign's title.")
    if ends_on < starts_on:
        errors["ends_on"] = _("The campaign cannot end before it starts.")
    refuse(errors)
    with transaction.atomic():
        campaign = ScreeningCampaign.objects.create(
            township=township, title=title.strip(), starts_on=starts_on, ends_on=ends_on
        )
        ledger_append(actor=actor_of(actor), verb="dispute.campaign_created", target=campaign, payload={})
    return campaign


@text_limits(note=(gettext_lazy("Note"), LINE))
def risk_acknowledge(*, actor: Any, warning: RiskWarning, note: str) -> RiskWarning:
    """The governance officer takes the warning in hand, saying what is done about it."""
    require_dispute(actor, warning.dispute, Perm.DISPUTE_COORDINATE, lead=True)
    errors = {}
    if warning.acknowledged_on is not None:
        errors["warning"] = _("The warning was already taken in hand.")
    if not note.strip():
        errors["note"] = _("Say what is being done about the risk.")
    refuse(errors)
    with transaction.atomic():
        RiskWarning.objects.filter(pk=warning.pk).update(
            acknowledged_on=timezone.localdate(), acknowledged_by=user_or_none(actor), note=note.strip()
        )
        warning.refresh_from_db()
        record_step(
            actor=actor,
            dispute=warning.dispute,
            kind="risk_acknowledged",
            summary=_("Risk warning taken in hand: %(note)s") % {"note": note.strip()},
            payload={"warning": warning.pk},
        )
    return warning


@text_limits(note=(gettext_lazy("Note"), LINE))
def mass_incident_record(*, actor: Any, dispute: Dispute, day: dt.date, note: str) -> Dispute:
    """The dispute led to a mass incident (群体性事件): counted by ``disputes.mass_incidents``."""
    require_dispute(actor, dispute, Perm.DISPUTE_COORDINATE, lead=True)
    errors: dict[str, str] = {}
    not_future(day, "day", errors)
    if not note.strip():
        errors["note"] = _("Describe the incident in a line.")
    if dispute.mass_incident_on is not None:
        errors["day"] = _("A mass incident was already recorded for this dispute.")
    refuse(errors)
    with transaction.atomic():
        update(dispute, expected_version=None, mass_incident_on=day)
        record_step(actor=actor, dispute=dispute, kind="mass_incident", day=day, summary=note.strip())
    return dispute
