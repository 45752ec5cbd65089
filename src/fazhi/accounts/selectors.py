"""Reads of accounts data, scoped."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from fazhi.accounts.models import ApiToken, OrgUnit, Region, User
from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import scope_of
from fazhi.core.lookups import filter_if, get_or_not_found
from fazhi.core.models import AccessLog, CalendarOverride, CalendarYear, LedgerEntry


def region_list(*, user: Any, q: str = "", level: str = "") -> QuerySet[Region]:
    """Regions in the user's subtree plus its ancestors (a township sees its county's name).
    System administrators, who maintain the tree, see all of it."""
    qs = Region.objects.select_related("parent")
    if getattr(user, "is_authenticated", False) and user.can(Perm.REGION_EDIT):
        pass
    else:
        scope = scope_of(user)
        if scope.region_path is None or scope.enterprise_only:
            return qs.none()
        ancestors = [c for c in scope.region_path.split("/") if c]
        qs = qs.filter(path__startswith=scope.region_path) | qs.filter(code__in=ancestors)
    if q:
        qs = qs.filter(name__icontains=q) | qs.filter(code__startswith=q)
    if level:
        qs = qs.filter(level=level)
    return qs.order_by("path")


def region_in_scope(*, user: Any) -> QuerySet[Region]:
    """Regions the user may file records under (their subtree)."""
    scope = scope_of(user)
    if scope.region_path is None or scope.enterprise_only:
        return Region.objects.none()
    return Region.objects.filter(path__startswith=scope.region_path).order_by("path")


def region_in_scope_find(*, user: Any, pk: int | None) -> Region | None:
    """The region ``pk`` names if the user may file records under it (None when not, or no ``pk``)."""
    return region_in_scope(user=user).filter(pk=pk).first() if pk else None


def user_list(*, user: Any, q: str = "", people_only: bool = False) -> QuerySet[User]:
    """Accounts, for who creates accounts or grants roles; ``people_only`` leaves out the service
    accounts of API tokens; ``q`` matches the username or the full name."""
    if not (user.can(Perm.USER_MANAGE) or user.can(Perm.ROLE_GRANT)):
        return User.objects.none()
    qs = User.objects.select_related("org_unit").prefetch_related("role_grants").order_by("username")
    if people_only:
        qs = qs.filter(is_service_account=False)
    if q:
        qs = qs.filter(Q(username__icontains=q) | Q(full_name__icontains=q))
    return qs


def user_get(*, user: Any, pk: int) -> User:
    return get_or_not_found(user_list(user=user), pk=pk)


def user_roles(target: User) -> list[str]:
    """The roles granted to ``target``, sorted (for the roles form)."""
    return sorted(target.roles)


def org_unit_choices() -> QuerySet[OrgUnit]:
    """Every organisation, by name: where the system administrator may place a new account."""
    return OrgUnit.objects.order_by("name")


def api_token_list(*, user: Any) -> QuerySet[ApiToken]:
    """The tokens of the user's own organisation (who may manage them)."""
    if not getattr(user, "is_authenticated", False) or not user.can(Perm.API_TOKEN_MANAGE) or not user.org_unit_id:
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user__org_unit_id=user.org_unit_id).select_related("user").order_by("-created_at")


def api_token_get(*, user: Any, pk: int) -> ApiToken:
    """One token of the user's organisation that is still valid (a revoked one is "not found")."""
    return get_or_not_found(api_token_list(user=user), pk=pk, revoked_at=None)


# --- the audit administrator's reads (三权分立: nobody else reads them) ---------------------------


def ledger_entries(*, user: Any, verb: str = "", actor: str = "", target: str = "") -> QuerySet[LedgerEntry]:
    """The ledger, newest first: ``verb`` a prefix, ``actor`` a name, ``target`` part of a label."""
    if not getattr(user, "is_authenticated", False) or not user.can(Perm.LEDGER_VIEW):
        return LedgerEntry.objects.none()
    return filter_if(
        LedgerEntry.objects.order_by("-seq"),
        verb__startswith=verb,
        actor_name=actor,
        target_label__icontains=target,
    )


def access_log_entries(*, user: Any, username: str = "") -> QuerySet[AccessLog]:
    """Who read which sensitive record, when and why."""
    if not getattr(user, "is_authenticated", False) or not user.can(Perm.LEDGER_VIEW):
        return AccessLog.objects.none()
    return filter_if(AccessLog.objects.all(), username=username)


# --- the working-day calendar (county-wide data) -------------------------------------------------


def calendar_arrangement(year: int) -> CalendarYear | None:
    """The State Council's arrangement entered for ``year``, if any."""
    return CalendarYear.objects.filter(year=year).first()


def calendar_overrides(year: int) -> QuerySet[CalendarOverride]:
    return CalendarOverride.objects.filter(date__year=year)


def workday_count(year: int) -> int:
    """The calendar page's figure: working days in ``year`` (bundled arrangement and overrides)."""
    import datetime as dt

    from fazhi.core.workdays import WorkCalendar

    return len(WorkCalendar(dt.date(year, 1, 1), dt.date(year, 12, 31)).workdays())
