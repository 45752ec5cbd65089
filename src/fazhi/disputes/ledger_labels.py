"""How the disputes app's ledger verbs read to a person (merged into web.ledger_labels)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

VERB_LABELS: dict[str, Promise] = {
    "dispute.registered": _("Dispute registered"),
    "dispute.reported_again": _("Dispute reported again"),
    "dispute.merged": _("Dispute merged (registered twice)"),
    "dispute.merged_in": _("Duplicate merged into the dispute"),
    "dispute.routed": _("Dispute routed"),
    "dispute.escalated": _("Dispute escalated"),
    "dispute.assigned": _("Mediators assigned"),
    "dispute.flags_reviewed": _("Dispute flags reviewed"),
    "dispute.accepted": _("Accepted for mediation"),
    "dispute.session": _("Mediation session recorded"),
    "dispute.refused": _("A party refused mediation"),
    "dispute.extended": _("Mediation time limit extended"),
    "dispute.terminated": _("Mediation terminated"),
    "dispute.referred": _("Dispute referred"),
    "dispute.agreement": _("Mediation agreement recorded"),
    "dispute.confirmation": _("Judicial confirmation applied for"),
    "dispute.document": _("Mediation agreement document generated"),
    "dispute.follow_up": _("Follow-up visit recorded"),
    "dispute.reopened": _("Dispute reopened (agreement not performed)"),
    "dispute.risk_raised": _("Dispute risk warning raised"),
    "dispute.risk_acknowledged": _("Dispute risk warning taken in hand"),
    "dispute.mass_incident": _("Mass incident recorded"),
    "dispute.committee_created": _("Mediation committee added"),
    "dispute.mediator_created": _("Mediator added"),
    "dispute.training_recorded": _("Mediator training recorded"),
    "dispute.campaign_created": _("Screening campaign started"),
    "dispute.imported": _("Dispute imported from a past register"),
}
