"""Writes of the disputes app, split by sub-domain; import the services from here."""

from fazhi.disputes.services.followup import follow_up_record
from fazhi.disputes.services.intake import (
    DuplicateSuggested,
    PartyInput,
    dispute_intake,
    dispute_merge,
    dispute_report_again,
    duplicate_candidates,
    party_lookup,
    party_reveal,
)
from fazhi.disputes.services.mediation import (
    agreement_confirmation_record,
    agreement_document,
    agreement_record,
    dispute_accept,
    dispute_extend,
    dispute_refer,
    dispute_terminate,
    party_refuse,
    session_record,
)
from fazhi.disputes.services.register import (
    campaign_create,
    committee_create,
    mass_incident_record,
    mediator_create,
    risk_acknowledge,
    training_record,
)
from fazhi.disputes.services.routing import dispute_assign, dispute_escalate, dispute_flags_review, dispute_route

__all__ = [
    "DuplicateSuggested",
    "PartyInput",
    "agreement_confirmation_record",
    "agreement_document",
    "agreement_record",
    "campaign_create",
    "committee_create",
    "dispute_accept",
    "dispute_assign",
    "dispute_escalate",
    "dispute_extend",
    "dispute_flags_review",
    "dispute_intake",
    "dispute_merge",
    "dispute_refer",
    "dispute_report_again",
    "dispute_route",
    "dispute_terminate",
    "duplicate_candidates",
    "follow_up_record",
    "mass_incident_record",
    "mediator_create",
    "party_lookup",
    "party_refuse",
    "party_reveal",
    "risk_acknowledge",
    "session_record",
    "training_record",
]
