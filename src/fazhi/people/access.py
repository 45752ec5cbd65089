"""Who opens which special-population file (need-to-know, issue 22; domain-rules §7).

A file is opened by: the officials assigned to it (包抓责任人); the township's
comprehensive-governance officer (PEOPLE_VIEW_AREA, an organisation at township level or below),
except a minor's file (社区矫正法 art. 54: sealed to the responsible body and the assigned); and
the users of the file's responsible body who hold one of FAZHI_PEOPLE_BODY_ROLES. Nobody above the
township opens a file: the county and the leaders read aggregates (PEOPLE_FIGURES). Selectors
filter with :func:`visible_q`; services check one file with :func:`require_file`.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext as _

from fazhi.accounts.models import Region
from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import SystemUser, require, scope_of
from fazhi.core.errors import PermissionDenied

NAMED_LEVELS = frozenset({Region.Level.TOWNSHIP, Region.Level.VILLAGE, Region.Level.GROUP, Region.Level.GRID})


def _org_level_ok(user: Any) -> bool:
    org = getattr(user, "org_unit", None)
    return org is not None and org.region.level in NAMED_LEVELS


def sees_area(user: Any) -> bool:
    """The township's governance officer: every (adult's) file of their area."""
    if isinstance(user, SystemUser):
        return True
    if not getattr(user, "is_authenticated", False) or not user.can(Perm.PEOPLE_VIEW_AREA):
        return False
    return _org_level_ok(user) and scope_of(user).region_path is not None


def body_member(user: Any) -> bool:
    """The user holds one of the responsible body's named roles (司法所 for corrections)."""
    return bool(set(settings.FAZHI_PEOPLE_BODY_ROLES) & set(user.roles))


def visible_q(user: Any) -> Q:
    """The files ``user`` may open, as one filter (no rows when none)."""
    if isinstance(user, SystemUser):
        return Q()
    if not getattr(user, "is_authenticated", False) or not user.can(Perm.PEOPLE_VIEW):
        return Q(pk__in=[])
    scope = scope_of(user)
    if scope.region_path is None or scope.enterprise_only or not _org_level_ok(user):
        return Q(pk__in=[])
    from fazhi.people.models import PersonFile

    # a subquery on the assignment table, not a join: no duplicates, and the area's rows stay on
    # their index (an OR across a join made the governance officer's list scan every file)
    assigned = PersonFile.responsible.through.objects.filter(user_id=user.pk).values("personfile_id")
    q = Q(pk__in=assigned)
    if scope.org_unit_id is not None and body_member(user):
        q |= Q(responsible_org=scope.org_unit_id)
    if sees_area(user):
        q |= Q(area_path__startswith=scope.region_path, minor=False)
    return q


def may_open(user: Any, file: Any) -> bool:
    if isinstance(user, SystemUser):
        return True
    from fazhi.people.models import PersonFile

    return PersonFile.objects.filter(visible_q(user), pk=file.pk).exists()


def require_file(user: Any, file: Any, perm: Perm) -> None:
    require(user, perm)
    if not may_open(user, file):
        raise PermissionDenied(_("This file is not assigned to you."))


def require_township(user: Any, township: Region, perm: Perm) -> None:
    """Writes on a township's register (files, meetings, incidents, screenings): the user works there."""
    require(user, perm)
    if isinstance(user, SystemUser):
        return
    if not _org_level_ok(user) or not scope_of(user).covers(township, or_above=True):
        raise PermissionDenied(_("%(region)s is outside the area you are responsible for.") % {"region": township.name})


def require_township_itself(user: Any, township: Region, perm: Perm) -> None:
    """Sharing a township's register with a county body is the township's own act: the user works at
    the township itself, not in one of its villages (a village officer may not hand the township's
    files to anyone)."""
    require(user, perm)
    if isinstance(user, SystemUser):
        return
    org = getattr(user, "org_unit", None)
    if org is None or org.region_id != township.pk or not _org_level_ok(user):
        raise PermissionDenied(
            _("Only the township's own governance office may share or stop sharing %(region)s's files.")
            % {"region": township.name}
        )
