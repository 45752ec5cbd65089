"""Scoped reads of complaints: the complainant its own; the justice bureau those of its area.
The department complained about does not read them.

Complaints and enforcement supervisors' opinions share a table (both are answered by the justice
bureau within the same deadline) but not their readers: the enterprise reads only the complaints
it filed itself, never an opinion or a report about it; the enforcement supervisor reads only
their own opinions; the justice office and the county supervisor read both, labelled by source."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from fazhi.accounts.models import Region
from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import scope_of
from fazhi.core.lookups import filter_if, get_or_not_found
from fazhi.registry.models import EnforcementBody
from fazhi.registry.selectors import body_or_area, in_subtree
from fazhi.supervision.models import Accountability, Complaint, RedLine, Warning, WarningRule


def complaint_list(*, user: Any, status: str = "") -> QuerySet[Complaint]:
    qs = Complaint.objects.select_related("enterprise", "body", "record", "lead_body")
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    scope = scope_of(user)
    if scope.enterprise_only and user.can(Perm.COMPLAIN):
        # what the enterprise itself filed from its portal: not an opinion about its inspection,
        # not a hotline report of its own violation
        qs = qs.filter(enterprise__org_unit_id=scope.org_unit_id, source=Complaint.Source.PORTAL)
    elif user.can(Perm.COMPLAINT_HANDLE) and scope.region_path and not scope.body_bound:
        qs = qs.filter(in_subtree(scope.region_path))
    elif user.can(Perm.OPINION_GIVE):
        qs = qs.filter(created_by=user, source=Complaint.Source.SUPERVISOR)  # their own opinions
    elif scope.body_bound and user.can(Perm.INSPECTION_VIEW):
        # a body sees the reports sent to it for a lead check — never complaints about itself
        qs = qs.filter(lead_body__org_unit_id=scope.org_unit_id, kind=Complaint.Kind.REPORT)
    else:
        return qs.none()
    return filter_if(qs, status=status).order_by("status", "due", "-pk")


def complaint_get(*, user: Any, pk: int) -> Complaint:
    return get_or_not_found(complaint_list(user=user), pk=pk)


def complaints_to_answer(*, user: Any) -> QuerySet[Complaint]:
    """Complaints, reports and opinions the justice office / county supervisor still has to answer,
    the earliest deadline first (the home page's to-do)."""
    if not getattr(user, "is_authenticated", False) or not user.can(Perm.COMPLAINT_HANDLE):
        return Complaint.objects.none()
    return complaint_list(user=user).exclude(status=Complaint.Status.ANSWERED).order_by("due", "pk")


# --- warnings ------------------------------------------------------------------------------------


def warning_list(
    *, user: Any, status: str = "", rule: str = "", body_id: int | None = None, escalated: bool = False
) -> QuerySet[Warning]:
    """A body sees its own warnings; township and county roles those of their area."""
    qs = Warning.objects.select_related("rule", "enterprise", "body", "region")
    if not getattr(user, "is_authenticated", False) or not user.can(Perm.WARNING_VIEW):
        return qs.none()
    qs = filter_if(body_or_area(qs, user), status=status, rule__code=rule, body_id=body_id or None)
    if escalated:
        qs = qs.filter(escalated_at__isnull=False)
    return qs.order_by("status", "-day", "-pk")


def warning_get(*, user: Any, pk: int) -> Warning:
    return get_or_not_found(warning_list(user=user), pk=pk)


def warnings_to_correct(*, user: Any) -> QuerySet[Warning]:
    """Open warnings assigned to the user's own body, waiting for its correction."""
    scope = scope_of(user)
    if not getattr(user, "is_authenticated", False) or not user.can(Perm.WARNING_CORRECT) or not scope.body_bound:
        return Warning.objects.none()
    return (
        warning_list(user=user, status=Warning.Status.OPEN)
        .filter(body__org_unit_id=scope.org_unit_id)
        .order_by("due", "pk")
    )


def warnings_to_correct_count(*, user: Any) -> int:
    """The home page's figure: how many warnings wait for the user's body to correct them."""
    return warnings_to_correct(user=user).count()


def corrections_to_verify_count(*, user: Any) -> int:
    """The home page's figure: how many submitted corrections wait for this supervisor."""
    return corrections_to_verify(user=user).count()


def complaints_to_answer_count(*, user: Any) -> int:
    """The home page's figure: how many complaints, reports and opinions wait for an answer."""
    return complaints_to_answer(user=user).count()


def corrections_to_verify(*, user: Any) -> QuerySet[Warning]:
    """Corrections submitted in the supervisor's area, waiting to be verified or returned."""
    if not getattr(user, "is_authenticated", False) or not user.can(Perm.SUPERVISE):
        return Warning.objects.none()
    return warning_list(user=user, status=Warning.Status.SUBMITTED).order_by("due", "pk")


def dashboard(*, user: Any, year: int) -> dict[str, Any]:
    """The county supervisor's figures for a year: warnings by rule, body, township and month; the
    correction rate; enterprises by number of on-site inspections, this year against last."""
    from django.db.models import Count

    from fazhi.inspections.models import InspectionRecord
    from fazhi.inspections.selectors import record_list

    warnings = warning_list(user=user).filter(day__year=year)
    by = lambda *f: list(warnings.values(*f).annotate(n=Count("pk")).order_by("-n"))  # noqa: E731
    statuses = {row["status"]: row["n"] for row in by("status")}
    closed = statuses.get(Warning.Status.CORRECTED, 0)
    counted = sum(n for s, n in statuses.items() if s != Warning.Status.DISMISSED)
    months = {row["day__month"]: row["n"] for row in by("day__month")}

    township_paths = dict(Region.objects.filter(level=Region.Level.TOWNSHIP).values_list("path", "name"))
    townships: dict[str, int] = {}
    for row in warnings.values("region__path").annotate(n=Count("pk")):
        name = next((n for p, n in township_paths.items() if row["region__path"].startswith(p)), "—")
        townships[name] = townships.get(name, 0) + row["n"]

    def visits(y: int) -> dict[str, int]:
        counts = (
            record_list(user=user)
            .filter(date__year=y, mode__in=[InspectionRecord.Mode.ON_SITE, InspectionRecord.Mode.NO_CODE])
            .values("enterprise_id")
            .annotate(n=Count("pk"))
            .values_list("n", flat=True)
        )
        out = {"1": 0, "2": 0, "3": 0, "4+": 0}
        for n in counts:
            out["4+" if n >= 4 else str(n)] += 1
        return out

    return {
        "year": year,
        "total": sum(statuses.values()),
        "statuses": statuses,
        "corrected": closed,
        "correction_rate_pct": round(100 * closed / counted) if counted else None,
        "by_rule": [{"name": r["rule__name"], "n": r["n"]} for r in by("rule__name")],
        "by_body": [{"name": r["body__name"] or "—", "n": r["n"]} for r in by("body__name")],
        "by_township": sorted(({"name": k, "n": n} for k, n in townships.items()), key=lambda x: -x["n"]),
        "by_month": [months.get(m, 0) for m in range(1, 13)],
        "visits_this_year": visits(year),
        "visits_last_year": visits(year - 1),
        "escalated": warnings.filter(escalated_at__isnull=False).exclude(status__in=["corrected", "dismissed"]).count(),
    }


def accountability_list(*, user: Any) -> QuerySet[Accountability]:
    qs = Accountability.objects.select_related("red_line", "body", "warning")
    if not getattr(user, "is_authenticated", False) or not user.can(Perm.SUPERVISE):
        return qs.none()
    scope = scope_of(user)
    if scope.region_path is None:
        return qs.none()
    return qs.filter(in_subtree(scope.region_path))


def rule_list() -> QuerySet[WarningRule]:
    """The county's warning rules (county-wide data every supervision role reads)."""
    return WarningRule.objects.order_by("code")


def red_lines() -> QuerySet[RedLine]:
    return RedLine.objects.filter(active=True)


def red_lines_of(group: str) -> list[RedLine]:
    """A red-line list (county-wide data), retired lines included, in order."""
    return list(RedLine.objects.filter(group=group).order_by("-active", "seq"))


# --- the public complaint form (no login): published, county-wide data only --------------------


def public_complaint_regions() -> QuerySet[Region]:
    """Where a complaint can be addressed: the county and its townships."""
    return Region.objects.filter(level__in=[Region.Level.COUNTY, Region.Level.TOWNSHIP]).order_by("path")


def public_bodies() -> QuerySet[EnforcementBody]:
    """The enforcement bodies the public sees (published ones)."""
    return EnforcementBody.objects.filter(published=True).order_by("code")


def complaint_by_receipt(receipt: str) -> Complaint | None:
    """The complaint a receipt names (signed: it cannot be guessed); None for a forged one."""
    from django.core import signing

    try:
        pk = signing.loads(receipt, salt="fazhi.supervision.complaint")
    except signing.BadSignature:
        return None
    return Complaint.objects.filter(pk=pk).select_related("body").first() if isinstance(pk, int) else None
