"""Who sees and acts on which dispute — the disputes app's use of the one permission layer.

Scope (issue 21, "Security"): the township's coordinators (综治专干, 司法所) see every dispute of their
township; a grid worker or mediator sees the disputes they entered or are assigned to; the bodies a
dispute was routed to or joined see it; the county (an organisation above the township) sees the
figures, never the names. Selectors filter with :func:`visible_q`; services check one record with
:func:`require_dispute`.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from fazhi.accounts.models import Region
from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import SystemUser, require, scope_of
from fazhi.core.errors import PermissionDenied

# Organisations at these levels work on named disputes; above them, figures only.
NAMED_LEVELS = frozenset({Region.Level.TOWNSHIP, Region.Level.VILLAGE, Region.Level.GROUP, Region.Level.GRID})


def sees_area(user: Any) -> bool:
    """The user coordinates the disputes of their area, and that area is a township or below."""
    if isinstance(user, SystemUser):
        return True
    if not getattr(user, "is_authenticated", False) or not user.can(Perm.DISPUTE_VIEW_AREA):
        return False
    org = getattr(user, "org_unit", None)
    return org is not None and org.region.level in NAMED_LEVELS and scope_of(user).region_path is not None


def visible_q(user: Any) -> Q:
    """The disputes ``user`` may see by name, as one filter (no rows when none)."""
    if isinstance(user, SystemUser):
        return Q()
    if not getattr(user, "is_authenticated", False) or not (
        user.can(Perm.DISPUTE_VIEW) or user.can(Perm.DISPUTE_VIEW_AREA)
    ):
        return Q(pk__in=[])
    scope = scope_of(user)
    if scope.region_path is None or scope.enterprise_only:
        return Q(pk__in=[])
    q = Q(created_by=user.pk) | Q(mediators__user=user.pk)
    if scope.org_unit_id is not None:
        q |= Q(lead_org=scope.org_unit_id) | Q(joined_orgs=scope.org_unit_id)
    if sees_area(user):
        q |= Q(area_path__startswith=scope.region_path)
    return q


def may_see(user: Any, dispute: Any) -> bool:
    if isinstance(user, SystemUser):
        return True
    from fazhi.disputes.models import Dispute

    return Dispute.objects.filter(visible_q(user), pk=dispute.pk).exists()


def require_dispute(user: Any, dispute: Any, perm: Perm, *, lead: bool = False) -> None:
    """Refuse unless ``user`` holds ``perm`` and sees ``dispute``; ``lead``: only the township's
    coordinators (the area view), not an assigned mediator."""
    require(user, perm)
    if isinstance(user, SystemUser):
        return
    if lead:
        if not (sees_area(user) and scope_of(user).covers(dispute.area_path)):
            raise PermissionDenied(
                _("Only the township's comprehensive-governance officer or justice office may do this.")
            )
        return
    if not may_see(user, dispute):
        raise PermissionDenied(_("This dispute is neither in your area nor assigned to you."))


def require_township(user: Any, township: Region, perm: Perm) -> None:
    """Writes on a township's register (intake, mediators, campaigns): the user works there."""
    require(user, perm)
    if isinstance(user, SystemUser):
        return
    scope = scope_of(user)
    org = getattr(user, "org_unit", None)
    if (
        org is None
        or org.region.level not in NAMED_LEVELS
        or not (scope.covers(township) or scope.covers(township, or_above=True))
    ):
        raise PermissionDenied(_("%(region)s is outside the area you are responsible for.") % {"region": township.name})
