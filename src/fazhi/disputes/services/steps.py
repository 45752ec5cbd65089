"""What a user may do next on a dispute: the page offers these steps and no others (the services
still check each one). Reads only; no writes here."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import SystemUser, scope_of
from fazhi.disputes.access import may_see, sees_area
from fazhi.disputes.models import Agreement, Dispute
from fazhi.disputes.services.routing import LADDER

OPEN = (Dispute.Status.REGISTERED, Dispute.Status.MEDIATING)


def is_lead(user: Any, dispute: Dispute) -> bool:
    """The township's coordinator for this dispute (综治专干 or 司法所)."""
    if isinstance(user, SystemUser):
        return True
    return bool(user.can(Perm.DISPUTE_COORDINATE) and sees_area(user) and scope_of(user).covers(dispute.area_path))


def next_steps(user: Any, dispute: Dispute) -> set[str]:
    """The lawful next steps for ``user``, by the dispute's status (人民调解法 and 司法部令第75号)."""
    if not may_see(user, dispute):
        return set()
    steps: set[str] = set()
    status = dispute.status
    lead = is_lead(user, dispute)
    mediate = user.can(Perm.DISPUTE_MEDIATE)
    if user.can(Perm.DISPUTE_REVEAL):
        steps.add("reveal")
    if lead and status != Dispute.Status.MERGED:
        steps.add("flags")
        if dispute.mass_incident_on is None:
            steps.add("mass_incident")
    if lead and status in OPEN:
        steps |= {"route", "assign", "merge"}
    if mediate and status in OPEN:
        steps.add("refuse")
        if dispute.level in LADDER[:-1]:
            steps.add("escalate")
    if mediate and status == Dispute.Status.REGISTERED:
        steps |= {"accept", "refer"}
    if mediate and status == Dispute.Status.MEDIATING:
        steps |= {"session", "terminate"}
        if not dispute.extension_reason:
            steps.add("extend")
        if dispute.sessions.exists():
            steps.add("agreement")
    if mediate and status == Dispute.Status.TERMINATED:
        steps.add("refer")
    if mediate and status == Dispute.Status.AGREED:
        steps.add("follow_up")
    if mediate and any(
        a.form == Agreement.Form.WRITTEN and a.confirmation_requested_on is None for a in dispute.agreements.all()
    ):
        steps.add("confirmation")
    return steps


def overdue(dispute: Dispute) -> bool:
    return bool(
        dispute.status == Dispute.Status.MEDIATING and dispute.deadline and dispute.deadline < timezone.localdate()
    )
