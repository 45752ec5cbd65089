"""Who sees and acts on which decision — the decisions app's use of the one permission layer.

A decision belongs to its region (the township or the county). The people of that region (and of
the county above it) who hold ``Perm.DECISION_VIEW`` read its drafts; another township does not,
until it is published. Selectors filter with :func:`visible_q`; services check a record with
:func:`require_area`.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from fazhi.accounts.models import Region
from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import SystemUser, require, require_region, scope_of


def visible_q(user: Any, field: str = "region") -> Q:
    """The records of ``user``'s area, as one filter (no rows when none)."""
    if isinstance(user, SystemUser):
        return Q()
    if not getattr(user, "is_authenticated", False) or not user.can(Perm.DECISION_VIEW):
        return Q(pk__in=[])
    scope = scope_of(user)
    if scope.region_path is None or scope.enterprise_only:
        return Q(pk__in=[])
    return Q(**{f"{field}__path__startswith": scope.region_path})


def require_area(user: Any, region: Region, perm: Perm) -> None:
    """Refuse unless ``user`` holds ``perm`` and ``region`` is in their area."""
    require(user, perm)
    require_region(user, region)


def drafts_in(user: Any, region: Region) -> bool:
    """Whether ``user`` is the drafting office's staff for ``region`` (holds decision.draft there)."""
    return bool(
        getattr(user, "is_authenticated", False) and user.can(Perm.DECISION_DRAFT) and scope_of(user).covers(region)
    )
