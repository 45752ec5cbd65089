"""How the publicity app's ledger verbs read to a person (merged into web.ledger_labels)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

VERB_LABELS: dict[str, Promise] = {
    "publicity.activity_recorded": _("Publicity activity recorded"),
    "publicity.activity_corrected": _("Publicity activity corrected"),
    "publicity.activity_withdrawn": _("Publicity activity withdrawn"),
    "publicity.photos_added": _("Publicity activity photos added"),
    "publicity.imported": _("Publicity activities imported"),
    "publicity.channel_created": _("Publicity channel added"),
    "publicity.message_sent": _("Publicity message sent"),
    "publicity.liaison_appointed": _("Legal liaison appointed"),
    "publicity.liaison_relieved": _("Legal liaison relieved"),
    "publicity.liaison_training": _("Legal liaison training recorded"),
    "publicity.studio_created": _("Legal liaison studio added"),
    "publicity.adviser_created": _("Legal adviser added"),
    "publicity.adviser_service": _("Legal adviser service recorded"),
    "publicity.model_village": _("Model village recorded"),
    "publicity.site_created": _("Culture site added"),
    "publicity.site_updated": _("Culture site content updated"),
    "publicity.target_set": _("Publicity target set"),
    "publicity.village_setting": _("Village publicity setting saved"),
}
