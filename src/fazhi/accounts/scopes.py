"""The one permission layer: what a user may do (perms) and over which records (scope).

Selectors call :func:`scope_of` and filter with it; services call :func:`require` and
:func:`require_region`. Views, the API and commands never filter by scope themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, Protocol

from fazhi.accounts.models import Region, User
from fazhi.accounts.roles import Perm
from fazhi.core.errors import PermissionDenied


@dataclass(frozen=True)
class Scope:
    region_path: str | None  # the subtree the user may see; None: nothing region-bound
    org_unit_id: int | None
    body_bound: bool  # inspectors and body heads: own body's records only
    enterprise_only: bool  # an enterprise account: itself only

    def covers(self, area: Region | str, *, or_above: bool = False) -> bool:
        """The one area predicate: is ``area`` (a region or its path) inside this scope's subtree?

        ``or_above`` also accepts the regions above it: a county department's records (its region is
        the county) reach down into a township's view.
        """
        if self.region_path is None:
            return False
        path = area if isinstance(area, str) else area.path
        return path.startswith(self.region_path) or (or_above and self.region_path.startswith(path))


NO_SCOPE = Scope(region_path=None, org_unit_id=None, body_bound=False, enterprise_only=False)


def scope_of(user: Any) -> Scope:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return NO_SCOPE
    if isinstance(user, SystemUser):
        return ROOT_SCOPE
    if isinstance(user, RegionReader):
        return user.scope
    if not isinstance(user, User) or user.org_unit_id is None:
        return NO_SCOPE
    if user.is_admin_role and not (
        user.perms - {Perm.REGION_EDIT, Perm.CALENDAR_EDIT, Perm.USER_MANAGE, Perm.ROLE_GRANT, Perm.LEDGER_VIEW}
    ):
        return NO_SCOPE  # administrators read no business data (三权分立)
    org = user.org_unit
    if org is None:  # an invariant, kept under python -O
        raise RuntimeError("org is missing")
    from fazhi.accounts.models import OrgUnit

    return Scope(
        region_path=org.region.path,
        org_unit_id=org.pk,
        body_bound=user.is_body_bound,
        enterprise_only=org.kind == OrgUnit.Kind.ENTERPRISE,
    )


def require(user: Any, perm: Perm) -> None:
    """Refuse unless the user's roles grant ``perm``. A :class:`RegionReader` only reads."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.can(perm):
        raise PermissionDenied()
    if isinstance(user, RegionReader):
        raise PermissionDenied()


def require_region(user: Any, region: Region, *, or_above: bool = False, message: str | None = None) -> None:
    """Refuse a write on a record whose region lies outside the user's subtree (see Scope.covers)."""
    if isinstance(user, SystemUser):
        return
    scope = scope_of(user)
    if scope.enterprise_only or not scope.covers(region, or_above=or_above):
        raise PermissionDenied(message or _outside_scope_message(region))


class _HasOrgUnit(Protocol):
    """An enforcement body as this layer sees it (registry sits above accounts)."""

    @property
    def org_unit_id(self) -> int | None: ...

    @property
    def region(self) -> Region: ...


def is_own_body(user: Any, body: _HasOrgUnit) -> bool:
    """The user works for this enforcement body (its officers and its head)."""
    if isinstance(user, SystemUser):
        return True
    scope = scope_of(user)
    return scope.body_bound and scope.org_unit_id is not None and scope.org_unit_id == body.org_unit_id


def require_own_body(
    user: Any,
    body: _HasOrgUnit,
    *,
    others: Literal["area", "area_or_above", "refuse"] = "area",
    message: str | None = None,
) -> None:
    """The one "own body" rule, used by services, views and the API alike.

    A body-bound user (an inspector, a body head) acts only for their own body. Anyone else acts on
    a body in their area (``others="area"``, e.g. the county supervisor), also on a body above it
    (``"area_or_above"``: a county department seen from a township), or never (``"refuse"``: the
    body answers for its own cases). Commands (``SystemUser``) act everywhere.
    """
    if isinstance(user, SystemUser):
        return
    scope = scope_of(user)
    if scope.body_bound:
        if not is_own_body(user, body):
            raise PermissionDenied(message or _not_own_body_message(body))
        return
    if others == "refuse":
        raise PermissionDenied(message or _not_own_body_message(body))
    require_region(user, body.region, or_above=others == "area_or_above")


def _not_own_body_message(body: Any) -> str:
    from django.utils.translation import gettext as _

    name = getattr(body, "name", "")
    return _("Only the people of %(body)s may do this for it.") % {"body": name}


def _outside_scope_message(region: Region) -> str:
    from django.utils.translation import gettext as _

    return _("%(region)s is outside the area you are responsible for.") % {"region": region.name}


class SystemUser:
    """The actor of commands run from the server's shell (``fazhi import``, ``fazhi demo``).

    Shell access to the server already means full power over the database; the ledger records
    these changes as ``system:<command>`` so they are never anonymous.
    """

    is_authenticated = True
    is_active = True
    pk = None
    id = None
    org_unit = None
    org_unit_id = None
    is_admin_role = False
    is_body_bound = False
    roles: frozenset[str] = frozenset()

    def __init__(self, name: str = "system") -> None:
        self.name = name

    def get_username(self) -> str:
        return self.name

    def can(self, perm: Perm) -> bool:
        return True

    def __str__(self) -> str:
        return self.name


ROOT_SCOPE = Scope(region_path="/", org_unit_id=None, body_bound=False, enterprise_only=False)


class RegionReader:
    """Reads everything of one region's subtree, and writes nothing: the figures of a township,
    the county or any region of the tree (``fazhi report figures``, the annual report) are the
    apps' own scoped selectors asked as this reader, so a figure is counted one way everywhere.
    Services refuse it (:func:`require`)."""

    is_authenticated = True
    is_active = True
    pk = None
    id = None
    org_unit = None
    org_unit_id = None
    is_admin_role = False
    is_body_bound = False
    roles: frozenset[str] = frozenset()

    def __init__(self, region: Region) -> None:
        self.region = region
        self.scope = Scope(region_path=region.path, org_unit_id=None, body_bound=False, enterprise_only=False)

    def get_username(self) -> str:
        return f"region:{self.region.code}"

    def can(self, perm: Perm) -> bool:
        return True

    def __str__(self) -> str:
        return self.get_username()


def user_or_none(actor: Any) -> User | None:
    """The account to store as a record's author; None for commands (``SystemUser``)."""
    return actor if isinstance(actor, User) else None


def can(user: Any, perm: Perm) -> bool:
    """For templates and views deciding what to offer; services still check with :func:`require`."""
    return bool(getattr(user, "is_authenticated", False) and user.can(perm))
