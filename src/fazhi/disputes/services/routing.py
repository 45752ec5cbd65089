"""Routing by level (组 → 村 → 镇 → 司法所 / 派出所 / 法院 / 信访), escalation, joint handling
(综治牵头: a lead and the bodies joined), mediators assigned from the register, flags reviewed."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.accounts.models import OrgUnit
from fazhi.accounts.roles import Perm
from fazhi.core.errors import ValidationError
from fazhi.core.text import LINE, refuse, text_limits
from fazhi.disputes.access import require_dispute
from fazhi.disputes.models import Dispute, Mediator
from fazhi.disputes.services.common import record_step, require_status, update
from fazhi.disputes.services.risk import raise_risk_if_needed

OPEN = (Dispute.Status.REGISTERED, Dispute.Status.MEDIATING)
# The order of escalation: each level hands up to the next; the last four are outside the township.
LADDER = [
    Dispute.Level.GROUP,
    Dispute.Level.VILLAGE,
    Dispute.Level.TOWNSHIP,
    Dispute.Level.JUSTICE_OFFICE,
]


@text_limits(note=(gettext_lazy("Note"), LINE))
def dispute_route(
    *,
    actor: Any,
    dispute: Dispute,
    level: str,
    lead_org: OrgUnit | None = None,
    joined_orgs: Iterable[OrgUnit] = (),
    note: str = "",
    expected_version: int | None = None,
) -> Dispute:
    """Send the dispute to the level that handles it, with a lead and the bodies joined (综治牵头)."""
    require_dispute(actor, dispute, Perm.DISPUTE_COORDINATE, lead=True)
    require_status(dispute, OPEN, _("Routing"))
    joined = list({o.pk: o for o in joined_orgs}.values())
    errors = {}
    if level not in Dispute.Level.values:
        errors["level"] = _("Choose the level that handles the dispute.")
    if lead_org is not None and lead_org in joined:
        errors["joined_orgs"] = _("The lead body is not also a joined body.")
    if joined and lead_org is None:
        errors["lead_org"] = _("Joint handling needs a lead body (综治牵头).")
    refuse(errors)
    with transaction.atomic():
        update(dispute, expected_version=expected_version, level=level, lead_org=lead_org)
        dispute.joined_orgs.set(joined)
        record_step(
            actor=actor,
            dispute=dispute,
            kind="routed",
            summary=_("Routed to %(level)s%(lead)s%(note)s")
            % {
                "level": dispute.get_level_display(),
                "lead": f"（{_('lead')}: {lead_org.name}）" if lead_org else "",
                "note": f" {note.strip()}" if note.strip() else "",
            },
            payload={"level": level, "lead": lead_org.pk if lead_org else None, "joined": [o.pk for o in joined]},
        )
    return dispute


@text_limits(reason=(gettext_lazy("Reason"), LINE))
def dispute_escalate(*, actor: Any, dispute: Dispute, reason: str, expected_version: int | None = None) -> Dispute:
    """A mediator hands the dispute one level up (组 → 村 → 镇 → 司法所), saying why."""
    require_dispute(actor, dispute, Perm.DISPUTE_MEDIATE)
    require_status(dispute, OPEN, _("Escalation"))
    if not reason.strip():
        raise ValidationError(_("Say why the dispute goes up a level."), details={"reason": "required"})
    if dispute.level not in LADDER[:-1]:
        raise ValidationError(
            _("At %(level)s the dispute is routed by the comprehensive-governance officer, not escalated.")
            % {"level": dispute.get_level_display()},
            details={"level": "top"},
        )
    up = LADDER[LADDER.index(Dispute.Level(dispute.level)) + 1]
    with transaction.atomic():
        update(dispute, expected_version=expected_version, level=up)
        record_step(
            actor=actor,
            dispute=dispute,
            kind="escalated",
            summary=_("Escalated to %(level)s: %(reason)s")
            % {"level": dispute.get_level_display(), "reason": reason.strip()},
            payload={"level": up},
        )
    return dispute


def dispute_assign(*, actor: Any, dispute: Dispute, mediators: Iterable[Mediator]) -> Dispute:
    """Assign mediators of the register (active, of a committee in the dispute's township)."""
    require_dispute(actor, dispute, Perm.DISPUTE_COORDINATE, lead=True)
    require_status(dispute, OPEN, _("Assigning mediators"))
    chosen = list({m.pk: m for m in mediators}.values())
    bad = [m.name for m in chosen if not m.active or not m.committee.region.path.startswith(dispute.township.path)]
    errors = {}
    if not chosen:
        errors["mediators"] = _("Choose at least one mediator.")
    if bad:
        errors["mediators"] = _("Not an active mediator of this township: %(names)s.") % {"names": "、".join(bad)}
    refuse(errors)
    with transaction.atomic():
        dispute.mediators.set(chosen)
        record_step(
            actor=actor,
            dispute=dispute,
            kind="assigned",
            summary=_("Mediators: %(names)s") % {"names": "、".join(m.name for m in chosen)},
            payload={"mediators": [m.pk for m in chosen]},
        )
    return dispute


def dispute_flags_review(
    *,
    actor: Any,
    dispute: Dispute,
    police_related: bool,
    petition_related: bool,
    mass_risk: bool,
    expected_version: int | None = None,
) -> Dispute:
    """Confirm or correct the flags (the identification rate compares them with intake's)."""
    require_dispute(actor, dispute, Perm.DISPUTE_COORDINATE, lead=True)
    if dispute.status == Dispute.Status.MERGED:
        raise ValidationError(_("A merged dispute is reviewed as part of the one it was merged into."))
    with transaction.atomic():
        update(
            dispute,
            expected_version=expected_version,
            police_related=police_related,
            petition_related=petition_related,
            mass_risk=mass_risk,
            flags_reviewed_on=timezone.localdate(),
        )
        record_step(
            actor=actor,
            dispute=dispute,
            kind="flags_reviewed",
            summary=_("Flags reviewed"),
            payload={"police": police_related, "petition": petition_related, "mass_risk": mass_risk},
        )
        raise_risk_if_needed(actor=actor, dispute=dispute)
    return dispute
