"""Who may write on a village's publicity records — the app's use of the one permission layer."""

from __future__ import annotations

from typing import Any

from fazhi.accounts.models import Region
from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import require, require_region


def require_area(user: Any, region: Region, perm: Perm) -> None:
    """Refuse unless ``user`` holds ``perm`` and ``region`` lies in their area."""
    require(user, perm)
    require_region(user, region)
