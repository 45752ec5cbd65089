"""Writes of the publicity app, split by sub-domain; import the services from here."""

from fazhi.publicity.services.activities import (
    ReachAbovePopulation,
    activity_photos_add,
    activity_record,
    activity_update,
    activity_withdraw,
)
from fazhi.publicity.services.network import (
    adviser_create,
    adviser_service_record,
    channel_create,
    channel_message_record,
    culture_site_create,
    culture_site_update,
    liaison_appoint,
    liaison_relieve,
    liaison_training_record,
    model_village_record,
    studio_create,
)
from fazhi.publicity.services.plan import target_set, village_setting_set

__all__ = [
    "ReachAbovePopulation",
    "activity_photos_add",
    "activity_record",
    "activity_update",
    "activity_withdraw",
    "adviser_create",
    "adviser_service_record",
    "channel_create",
    "channel_message_record",
    "culture_site_create",
    "culture_site_update",
    "liaison_appoint",
    "liaison_relieve",
    "liaison_training_record",
    "model_village_record",
    "studio_create",
    "target_set",
    "village_setting_set",
]
