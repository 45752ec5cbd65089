"""The navigation each role sees: task groups, each shown only when the role has something in it.

``NAV`` is a list of groups (今日, 检查, 监督, 案件, 决策, 学法, 普法, 调解, 重点人群, 报告, 登记, 系统). A group
shows as a dropdown on a wide screen; a group with one visible entry shows as a plain link; an empty
group is not shown. An entry whose URL name does not resolve (an app not merged yet) is skipped, so
a navigation entry can never break a page. An entry appended to ``NAV`` outside any group (the
old flat form, ``(label, URL name, perms)``) goes to the group of its URL namespace
(``NAMESPACE_GROUP``), or to 系统 when none is known.

``BOTTOM_BARS``: on a phone, a fixed bar with the two or three things the role does on site; the
first bar whose permission the user holds is shown.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from fazhi.accounts.roles import Perm

# (label, URL name, shown when the user has any of these permissions; empty: everyone)
Entry = tuple[Any, str, tuple[Perm, ...]]


@dataclasses.dataclass(frozen=True)
class NavGroup:
    key: str
    label: Any
    entries: tuple[Entry, ...] = ()


NAV: list[NavGroup | Entry] = [
    NavGroup("today", _("To-do"), ((_("My to-do"), "home", ()),)),
    NavGroup(
        "inspections",
        _("Inspections"),
        (
            (_("My inspections"), "inspections:mine", (Perm.INSPECT, Perm.PLAN_SUBMIT)),
            (_("Awaiting my approval"), "inspections:approvals", (Perm.PLAN_APPROVE,)),
            (_("Inspection plans"), "inspections:plan", (Perm.PLAN_VIEW,)),
            (_("Coordination"), "inspections:run_list", (Perm.PLAN_COORDINATE, Perm.PLAN_APPROVE)),
            (_("Inspection records"), "inspections:records", (Perm.INSPECTION_VIEW,)),
            (_("Result publication"), "inspections:publications", (Perm.PUBLICATION_MANAGE,)),
            (_("Enterprise portal"), "inspections:portal", (Perm.RATE,)),
        ),
    ),
    NavGroup(
        "supervision",
        _("Supervision"),
        (
            (_("Supervision dashboard"), "supervision:dashboard", (Perm.SUPERVISE,)),
            (_("Warnings"), "supervision:warnings", (Perm.WARNING_VIEW,)),
            (
                _("Complaints"),
                "supervision:complaints",
                (Perm.COMPLAINT_HANDLE, Perm.COMPLAIN, Perm.INSPECT, Perm.OPINION_GIVE),
            ),
            (_("Dual accountability"), "supervision:accountability", (Perm.SUPERVISE,)),
        ),
    ),
    NavGroup(
        "cases",
        _("Cases"),
        (
            (_("Enforcement cases"), "cases:list", (Perm.CASE_VIEW,)),
            (_("Compliance guidance"), "cases:guidance", (Perm.GUIDANCE_RECORD,)),
        ),
    ),
    NavGroup(
        "decisions",
        _("Decisions"),
        (
            (_("Major decisions"), "decisions:list", (Perm.DECISION_VIEW,)),
            (_("Decision catalogue"), "decisions:catalogue", (Perm.DECISION_VIEW,)),
            (_("Normative documents"), "decisions:documents", (Perm.DECISION_VIEW,)),
            (_("Drafts open for comment"), "decisions_public:list", (Perm.RATE,)),
            (_("My comments"), "decisions:my_comments", (Perm.RATE,)),
        ),
    ),
    NavGroup(
        "training",
        _("Law study"),
        ((_("Training and law study"), "training:home", (Perm.TRAINING_VIEW,)),),
    ),
    NavGroup(
        "publicity",
        _("Law publicity"),
        (
            (_("Law publicity"), "publicity:home", (Perm.PUBLICITY_VIEW,)),
            (_("Record an activity"), "publicity:activity_new", (Perm.PUBLICITY_RECORD,)),
            (_("Coverage"), "publicity:coverage", (Perm.PUBLICITY_VIEW,)),
        ),
    ),
    NavGroup(
        "disputes",
        _("Mediation"),
        ((_("Disputes"), "disputes:list", (Perm.DISPUTE_VIEW, Perm.DISPUTE_FIGURES)),),
    ),
    NavGroup(
        "groups",
        _("Key groups"),
        ((_("Special populations"), "people:list", (Perm.PEOPLE_VIEW, Perm.PEOPLE_FIGURES)),),
    ),
    NavGroup(
        "reports",
        _("Reports"),
        (
            (_("Figures and report"), "reports:figures", (Perm.REPORT_VIEW,)),
            (_("Annual report"), "reports:annual", (Perm.REPORT_EDIT, Perm.REPORT_APPROVE)),
            (_("Enforcement statistics"), "reports:statistics", (Perm.STATS_VIEW,)),
        ),
    ),
    NavGroup(
        "registers",
        _("Registers"),
        (
            (_("Enterprises"), "registry:enterprise_list", (Perm.ENTERPRISE_VIEW,)),
            (_("Officers"), "registry:officer_list", (Perm.REGISTRY_VIEW,)),
            (_("Enforcement bodies"), "registry:body_list", (Perm.REGISTRY_VIEW,)),
            (_("Inspection matters"), "registry:matter_list", (Perm.REGISTRY_VIEW,)),
            (_("Regions"), "registry:region_list", (Perm.REGISTRY_VIEW, Perm.REGION_EDIT)),
            (_("Excel import"), "registry:import", (Perm.IMPORT,)),
        ),
    ),
    NavGroup(
        "system",
        _("System"),
        (
            (_("Accounts"), "core:user_list", (Perm.USER_MANAGE, Perm.ROLE_GRANT)),
            (_("API tokens"), "core:token_list", (Perm.API_TOKEN_MANAGE,)),
            (_("Ledger"), "core:ledger", (Perm.LEDGER_VIEW,)),
            (_("Access log"), "core:access_log", (Perm.LEDGER_VIEW,)),
            (_("Working-day calendar"), "core:calendar", (Perm.CALENDAR_EDIT,)),
            (_("Background jobs"), "core:tasks", (Perm.TASKS_MANAGE,)),
        ),
    ),
]

# Where an entry added in the flat form goes, by the namespace of its URL name.
NAMESPACE_GROUP = {
    "inspections": "inspections",
    "supervision": "supervision",
    "cases": "cases",
    "decisions": "decisions",
    "training": "training",
    "publicity": "publicity",
    "disputes": "disputes",
    "groups": "groups",
    "people": "groups",  # 重点人群 (issue 22): the app's namespace
    "reports": "reports",
    "registry": "registers",
    "core": "system",
}

# An enterprise's account is its portal (企业服务): its menu holds only what it uses there.
ENTERPRISE_NAV = frozenset(
    {"inspections:portal", "supervision:complaints", "decisions_public:list", "decisions:my_comments"}
)
# Entries for enterprise accounts only (officials reach the same records through their own pages).
ENTERPRISE_ONLY = frozenset({"decisions_public:list", "decisions:my_comments"})

# On a phone: the first bar whose permission the user holds (an enterprise: ENTERPRISE_BAR).
BOTTOM_BARS: list[tuple[Perm, tuple[tuple[Any, str], ...]]] = [
    (
        Perm.INSPECT,
        (
            (_("My inspections"), "inspections:mine"),
            (_("Find"), "search"),
            (_("Inspection records"), "inspections:records"),
        ),
    ),
    (
        Perm.PLAN_APPROVE,
        (
            (_("Awaiting my approval"), "inspections:approvals"),
            (_("Figures and report"), "reports:figures"),
        ),
    ),
    (
        Perm.SUPERVISE,
        (
            (_("Warnings"), "supervision:warnings"),
            (_("Complaints"), "supervision:complaints"),
            (_("Find"), "search"),
        ),
    ),
    (
        Perm.DISPUTE_INTAKE,
        (
            (_("Register a dispute"), "disputes:new"),
            (_("Disputes"), "disputes:list"),
        ),
    ),
]
ENTERPRISE_BAR: tuple[tuple[Any, str], ...] = (
    (_("Enterprise services"), "inspections:portal"),
    (_("Complaints"), "supervision:complaints"),
    (_("Drafts open for comment"), "decisions_public:list"),
)


@functools.cache
def _url(name: str) -> str | None:
    """The path of a URL name, or None when no app provides it (yet)."""
    try:
        return reverse(name)  # the URLconf does not change while the process runs
    except NoReverseMatch:
        return None


def _active(path: str, url: str) -> bool:
    return path == url or (url != "/" and path.startswith(url))


def _groups() -> list[NavGroup]:
    """NAV with any flat entry moved into the group of its namespace."""
    groups = [g for g in NAV if isinstance(g, NavGroup)]
    by_key = {g.key: i for i, g in enumerate(groups)}
    for item in NAV:
        if isinstance(item, NavGroup):
            continue
        key = NAMESPACE_GROUP.get(item[1].partition(":")[0], "system")
        i = by_key[key]
        groups[i] = dataclasses.replace(groups[i], entries=(*groups[i].entries, item))
    return groups


def nav_for(user: Any, path: str = "") -> list[dict[str, Any]]:
    """The groups this user sees, each with its visible entries (resolving URLs only)."""
    from fazhi.accounts.scopes import is_enterprise_account

    enterprise = is_enterprise_account(user)
    out = []
    for group in _groups():
        items = []
        for label, name, perms in group.entries:
            if enterprise and name not in ENTERPRISE_NAV:
                continue
            if not enterprise and name in ENTERPRISE_ONLY:
                continue
            if perms and not any(user.can(p) for p in perms):
                continue
            url = _url(name)
            if url is None:
                continue
            items.append({"label": label, "url": url, "name": name, "active": _active(path, url)})
        if items:
            out.append(
                {
                    "key": group.key,
                    "label": group.label,
                    "items": items,
                    "single": len(items) == 1,
                    "active": any(i["active"] for i in items),
                }
            )
    return out


def group_landing(user: Any, key: str) -> str | None:
    """Where a section's bare address (``/inspections/``) takes this user: the first entry of that
    group in the user's own menu (an inspector's 我的检查, a leader's 待我审批, the county's
    检查计划, an enterprise's portal), or None when the menu has nothing of the group."""
    for group in nav_for(user):
        if group["key"] == key:
            return str(group["items"][0]["url"])
    return None


def bottom_bar_for(user: Any, path: str = "") -> list[dict[str, Any]]:
    """The phone's bottom bar: two or three links for what this role does on site."""
    from fazhi.accounts.scopes import is_enterprise_account

    if is_enterprise_account(user):
        entries: tuple[tuple[Any, str], ...] = ENTERPRISE_BAR
    else:
        entries = next((e for perm, e in BOTTOM_BARS if user.can(perm)), ())
    out = []
    for label, name in entries:
        url = _url(name)
        if url is not None:
            out.append({"label": label, "url": url, "name": name, "active": _active(path, url)})
    return out


def navigation(request: HttpRequest) -> dict[str, Any]:
    """``nav`` and ``bottom_bar``; ``signin_pending``: the password is in but the sign-in is not done
    (the second factor, an expired password), so the page shows no menu at all, only 退出."""
    from fazhi.accounts.middleware import signin_pending

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": [], "bottom_bar": [], "signin_pending": False}
    if signin_pending(user):
        return {"nav": [], "bottom_bar": [], "signin_pending": True}
    return {
        "nav": nav_for(user, request.path),
        "bottom_bar": bottom_bar_for(user, request.path),
        "signin_pending": False,
    }


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
