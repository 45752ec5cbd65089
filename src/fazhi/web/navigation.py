"""The navigation each role sees: one list, filtered by permission."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fazhi.accounts.roles import Perm

NAV: list[tuple[Any, str, Perm | None]] = [
    (_("Home"), "home", None),
    (_("Enterprises"), "registry:enterprise_list", Perm.ENTERPRISE_VIEW),
    (_("Officers"), "registry:officer_list", Perm.REGISTRY_VIEW),
    (_("Enforcement bodies"), "registry:body_list", Perm.REGISTRY_VIEW),
    (_("Inspection matters"), "registry:matter_list", Perm.REGISTRY_VIEW),
    (_("Regions"), "registry:region_list", Perm.REGISTRY_VIEW),
    (_("Excel import"), "registry:import", Perm.IMPORT),
    (_("Ledger"), "core:ledger", Perm.LEDGER_VIEW),
    (_("Working-day calendar"), "core:calendar", Perm.CALENDAR_EDIT),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": []}
    items = []
    for label, name, perm in NAV:
        if perm is None or user.can(perm):
            url = reverse(name)
            items.append(
                {
                    "label": label,
                    "url": url,
                    "active": (request.path.startswith(url) and url != "/") or request.path == url,
                }
            )
    if user.can(Perm.REGION_EDIT) and not user.can(Perm.REGISTRY_VIEW):
        items.insert(
            1,
            {
                "label": _("Regions"),
                "url": reverse("registry:region_list"),
                "active": request.path.startswith(reverse("registry:region_list")),
            },
        )
    return {"nav": items}
