"""How the decisions app's ledger verbs read to a person (merged into web.ledger_labels)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

VERB_LABELS: dict[str, Promise] = {
    "decision.catalogue_created": _("Decision catalogue drafted"),
    "decision.catalogue_approved": _("Decision catalogue approved and published"),
    "decision.created": _("Major decision started"),
    "decision.step_not_applicable": _("Decision step declared not applicable"),
    "decision.consultation_opened": _("Draft opened for public comment"),
    "decision.comment": _("Public comment received"),
    "decision.comments_published": _("Public comments published"),
    "decision.comment_hidden": _("Public comment hidden as abuse"),
    "decision.comments_grouped": _("Public comments grouped"),
    "decision.comments_answered": _("Comment group answered"),
    "decision.consultation_closed": _("Public participation closed"),
    "decision.hearing": _("Hearing recorded"),
    "decision.expert_session": _("Expert argumentation recorded"),
    "decision.risk_assessment": _("Risk assessment recorded"),
    "decision.reviewed": _("Legality review recorded"),
    "decision.discussed": _("Collective discussion recorded"),
    "decision.published": _("Decision published"),
    "decision.archived": _("Decision archived"),
    "decision.evaluated": _("Decision evaluated"),
    "decision.document": _("Decision document generated"),
    "decision.attached": _("File attached to a draft"),
    "decision.document_reviewed": _("Normative document legality review recorded"),
    "decision.document_registered": _("Normative document registered"),
    "decision.document_drafted": _("Normative document drafted"),
    "decision.document_revised": _("Normative document draft text revised"),
    "decision.document_published": _("Normative document published after its legality review"),
    "decision.document_filed": _("Normative document filed"),
    "decision.document_repealed": _("Normative document repealed"),
    "decision.document_imported": _("Normative document imported"),
}
