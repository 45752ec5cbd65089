"""What the reports pages may show: the county and township regions of the user's area."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from fazhi.accounts.models import Region
from fazhi.accounts.roles import Perm
from fazhi.accounts.selectors import region_in_scope
from fazhi.core.lookups import get_or_not_found


def report_regions(*, user: Any) -> QuerySet[Region]:
    """The regions a report can be made for: the county and townships of the user's area."""
    if not getattr(user, "is_authenticated", False) or not user.can(Perm.REPORT_VIEW):
        return Region.objects.none()
    levels = [Region.Level.COUNTY, Region.Level.TOWNSHIP]
    return region_in_scope(user=user).filter(level__in=levels)


def report_region_get(*, user: Any, code: str) -> Region:
    return get_or_not_found(report_regions(user=user), code=code)
