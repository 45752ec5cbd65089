"""The navigation each role sees: one list, filtered by permission."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fazhi.accounts.roles import Perm

# (label, URL name, shown when the user has any of these permissions; empty: everyone)
NAV: list[tuple[Any, str, tuple[Perm, ...]]] = [
    (_("Home"), "home", ()),
    (_("Enterprises"), "registry:enterprise_list", (Perm.ENTERPRISE_VIEW,)),
    (_("Officers"), "registry:officer_list", (Perm.REGISTRY_VIEW,)),
    (_("Enforcement bodies"), "registry:body_list", (Perm.REGISTRY_VIEW,)),
    (_("Inspection matters"), "registry:matter_list", (Perm.REGISTRY_VIEW,)),
    (_("Regions"), "registry:region_list", (Perm.REGISTRY_VIEW, Perm.REGION_EDIT)),
    (_("Inspection plans"), "inspections:plan", (Perm.PLAN_VIEW,)),
    (_("Awaiting my approval"), "inspections:approvals", (Perm.PLAN_APPROVE,)),
    (_("Coordination"), "inspections:run_list", (Perm.PLAN_COORDINATE, Perm.PLAN_APPROVE)),
    (_("My inspections"), "inspections:mine", (Perm.INSPECT, Perm.PLAN_SUBMIT)),
    (_("Enterprise portal"), "inspections:portal", (Perm.RATE,)),
    (_("Inspection records"), "inspections:records", (Perm.INSPECTION_VIEW,)),
    (_("Result publication"), "inspections:publications", (Perm.PUBLICATION_MANAGE,)),
    (_("Enforcement cases"), "cases:list", (Perm.CASE_VIEW,)),
    (_("Compliance guidance"), "cases:guidance", (Perm.GUIDANCE_RECORD,)),
    (_("Disputes"), "disputes:list", (Perm.DISPUTE_VIEW, Perm.DISPUTE_FIGURES)),
    (_("Supervision"), "supervision:dashboard", (Perm.SUPERVISE,)),
    (_("Warnings"), "supervision:warnings", (Perm.WARNING_VIEW,)),
    (
        _("Complaints"),
        "supervision:complaints",
        (Perm.COMPLAINT_HANDLE, Perm.COMPLAIN, Perm.INSPECT, Perm.OPINION_GIVE),
    ),
    (_("Dual accountability"), "supervision:accountability", (Perm.SUPERVISE,)),
    (_("Excel import"), "registry:import", (Perm.IMPORT,)),
    (_("Accounts"), "core:user_list", (Perm.USER_MANAGE, Perm.ROLE_GRANT)),
    (_("API tokens"), "core:token_list", (Perm.API_TOKEN_MANAGE,)),
    (_("Ledger"), "core:ledger", (Perm.LEDGER_VIEW,)),
    (_("Access log"), "core:access_log", (Perm.LEDGER_VIEW,)),
    (_("Working-day calendar"), "core:calendar", (Perm.CALENDAR_EDIT,)),
    (_("Background jobs"), "core:tasks", (Perm.TASKS_MANAGE,)),
]


# An enterprise's account is its portal (企业服务): its menu holds only what it uses there.
ENTERPRISE_NAV = frozenset({"inspections:portal", "supervision:complaints"})


@functools.cache
def _url(name: str) -> str:
    return reverse(name)  # the URLconf does not change while the process runs


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": []}
    from fazhi.accounts.scopes import scope_of

    enterprise = scope_of(user).enterprise_only
    items = []
    for label, name, perms in NAV:
        if enterprise and name not in ENTERPRISE_NAV:
            continue
        if not perms or any(user.can(p) for p in perms):
            url = _url(name)
            active = request.path == url or (url != "/" and request.path.startswith(url))
            items.append({"label": label, "url": url, "active": active})
    return {"nav": items}


NOTICE_DAYS = 60  # a year beyond the bundled holidays is announced this many days before it starts
NOTICE_PERMS = (Perm.PLAN_VIEW, Perm.CASE_VIEW, Perm.CALENDAR_EDIT, Perm.SUPERVISE, Perm.COMPLAINT_HANDLE)


def calendar_notice(request: HttpRequest) -> dict[str, Any]:
    """``calendar_notice``: the years of today and the coming NOTICE_DAYS whose State Council holiday
    arrangement is neither bundled nor entered (evaluated only by the pages that show it)."""
    from django.utils import timezone
    from django.utils.functional import SimpleLazyObject

    from fazhi.core.workdays import unknown_years

    def compute() -> dict[str, Any]:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not any(user.can(p) for p in NOTICE_PERMS):
            return {"years": []}
        today = timezone.localdate()
        years = unknown_years(today, today + dt.timedelta(days=NOTICE_DAYS))
        return {"years": years, "can_edit": user.can(Perm.CALENDAR_EDIT)}

    return {"calendar_notice": SimpleLazyObject(compute)}
