"""Writes to the registry. Each service checks permission and scope (``accounts.scopes``),
validates, writes in one transaction and appends to the ledger in that same transaction.

Split by sub-domain; this package re-exports every service so callers keep
``from fazhi.registry import services`` / ``services.officer_create``.
"""

from __future__ import annotations

from fazhi.registry.services.bodies import body_create, body_update
from fazhi.registry.services.common import can_change_body_records
from fazhi.registry.services.enterprises import (
    ContactInput,
    EnterpriseInput,
    enterprise_clean,
    enterprise_contacts_replace,
    enterprise_create,
    enterprise_email_set,
    enterprise_save,
    enterprise_update,
    enterprise_values,
)
from fazhi.registry.services.matters import MatterInput, matter_clean, matter_create, matter_update
from fazhi.registry.services.officers import (
    OfficerInput,
    officer_absence_add,
    officer_absence_delete,
    officer_clean,
    officer_create,
    officer_photo_set,
    officer_qualification_follow,
    officer_update,
)

__all__ = [
    "ContactInput",
    "EnterpriseInput",
    "MatterInput",
    "OfficerInput",
    "body_create",
    "body_update",
    "can_change_body_records",
    "enterprise_clean",
    "enterprise_contacts_replace",
    "enterprise_create",
    "enterprise_email_set",
    "enterprise_save",
    "enterprise_update",
    "enterprise_values",
    "matter_clean",
    "matter_create",
    "matter_update",
    "officer_absence_add",
    "officer_absence_delete",
    "officer_clean",
    "officer_create",
    "officer_photo_set",
    "officer_qualification_follow",
    "officer_update",
]
