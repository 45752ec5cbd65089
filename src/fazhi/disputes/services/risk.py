"""Risk warnings (人民调解法 art. 25): a dispute likely to escalate is reported to the township's
comprehensive-governance officer — flags, many parties, parties who came before."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from fazhi.core import hooks
from fazhi.core.ledger import actor_of, ledger_append
from fazhi.disputes.models import Dispute, DisputeParty, RiskWarning


def risk_reasons(dispute: Dispute) -> list[str]:
    reasons: list[str] = []
    if dispute.mass_risk:
        reasons.append(_("many parties or escalation risk flagged"))
    if dispute.petition_related:
        reasons.append(_("petition-related"))
    parties = list(dispute.parties.all())
    if len(parties) >= settings.FAZHI_DISPUTE_RISK_PARTIES:
        reasons.append(_("%(n)d parties") % {"n": len(parties)})
    indexes = [p.id_index for p in parties if p.id_index]
    if indexes:
        earlier = (
            DisputeParty.objects.filter(id_index__in=indexes, dispute__township=dispute.township)
            .exclude(dispute=dispute)
            .exclude(dispute__status=Dispute.Status.MERGED)
            .values("dispute_id")
            .distinct()
            .count()
        )
        if earlier >= settings.FAZHI_DISPUTE_RISK_REPEAT:
            reasons.append(_("parties with %(n)d earlier disputes") % {"n": earlier})
    return reasons


def raise_risk_if_needed(*, actor: Any, dispute: Dispute) -> RiskWarning | None:
    """Inside the caller's transaction: one open warning per dispute, raised when reasons appear."""
    reasons = risk_reasons(dispute)
    if not reasons or dispute.risk_warnings.filter(acknowledged_on__isnull=True).exists():
        return None
    warning = RiskWarning.objects.create(dispute=dispute, township=dispute.township, reasons="；".join(reasons)[:300])
    ledger_append(
        actor=actor_of(actor),
        verb="dispute.risk_raised",
        target=dispute,
        payload={"warning": warning.pk, "reasons": warning.reasons},
    )
    hooks.emit("dispute.risk_raised", warning_id=warning.pk, township_id=dispute.township_id)
    return warning
