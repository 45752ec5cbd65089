"""Scoped reads of complaints: the complainant its own; the justice bureau those of its area.
The department complained about does not read them."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import scope_of
from fazhi.core.errors import NotFound
from fazhi.registry.selectors import in_subtree
from fazhi.supervision.models import Complaint


def complaint_list(*, user: Any, status: str = "") -> QuerySet[Complaint]:
    qs = Complaint.objects.select_related("enterprise", "body", "record")
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    scope = scope_of(user)
    if scope.enterprise_only and user.can(Perm.COMPLAIN):
        qs = qs.filter(enterprise__org_unit_id=scope.org_unit_id)
    elif user.can(Perm.COMPLAINT_HANDLE) and scope.region_path and not scope.body_bound:
        qs = qs.filter(in_subtree(scope.region_path))
    else:
        return qs.none()
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("status", "due", "-pk")


def complaint_get(*, user: Any, pk: int) -> Complaint:
    found = complaint_list(user=user).filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found
