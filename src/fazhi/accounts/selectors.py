"""Reads of accounts data, scoped."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from fazhi.accounts.models import ApiToken, Region, User
from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import scope_of


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


def user_list(*, user: Any) -> QuerySet[User]:
    if not (user.can(Perm.USER_MANAGE) or user.can(Perm.ROLE_GRANT)):
        return User.objects.none()
    return User.objects.select_related("org_unit").prefetch_related("role_grants").order_by("username")


def api_token_list(*, user: Any) -> QuerySet[ApiToken]:
    """The tokens of the user's own organisation (who may manage them)."""
    if not getattr(user, "is_authenticated", False) or not user.can(Perm.API_TOKEN_MANAGE) or not user.org_unit_id:
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user__org_unit_id=user.org_unit_id).select_related("user").order_by("-created_at")
