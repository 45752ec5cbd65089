"""Who may write on a village's publicity records — the app's use of the one permission layer."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from fazhi.accounts.models import Region
from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import require, require_region
from fazhi.core.errors import PermissionDenied


def require_area(user: Any, region: Region, perm: Perm) -> None:
    """Refuse unless ``user`` holds ``perm`` and ``region`` lies in their area."""
    require(user, perm)
    require_region(user, region)


def may_change_activity(user: Any, activity: Any) -> bool:
    """Whether ``user`` may correct or withdraw the activity (see :func:`require_activity_change`)."""
    try:
        require_activity_change(user, activity)
    except PermissionDenied:
        return False
    return True


def require_activity_change(user: Any, activity: Any) -> None:
    """An activity is corrected or withdrawn by the body that recorded it: its staff who may record
    (publicity.record) in the village's area. One recorded by a command or import with no body is
    corrected by the area's publicity managers."""
    if activity.org_unit_id is None:
        require_area(user, activity.village, Perm.PUBLICITY_MANAGE)
        return
    require_area(user, activity.village, Perm.PUBLICITY_RECORD)
    if getattr(user, "org_unit_id", None) != activity.org_unit_id:
        raise PermissionDenied(_("Only the body that recorded this activity may correct or withdraw it."))
