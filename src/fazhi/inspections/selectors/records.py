"""Scoped reads of inspections as carried out: records, evidence, publications, figures and ratings,
and who an enterprise account acts for."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet

from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import scope_of
from fazhi.core.lookups import filter_if, get_or_not_found
from fazhi.inspections.models import (
    Evidence,
    InspectionRecord,
    PlanItem,
    Publication,
    RatingScore,
)
from fazhi.registry.models import Enterprise, Officer
from fazhi.registry.selectors import in_subtree


def record_list(
    *, user: Any, mode: str = "", status: str = "", outcome: str = "", enterprise_id: int | None = None
) -> QuerySet[InspectionRecord]:
    """Inspection records in the user's scope. 一次录入、多部门共用: a department sees the records of
    every enterprise it inspects, whoever made them; township and county roles those of the
    enterprises in their area; an enterprise its own."""
    qs = InspectionRecord.objects.select_related("enterprise", "lead_body")
    scope = scope_of(user)
    if scope.enterprise_only and getattr(user, "can", lambda p: False)(Perm.OWN_SCHEDULE):
        qs = qs.filter(enterprise__org_unit_id=scope.org_unit_id)
    elif (
        not getattr(user, "is_authenticated", False)
        or not user.can(Perm.INSPECTION_VIEW)
        or scope.region_path is None
        or scope.enterprise_only
    ):
        return qs.none()
    elif scope.body_bound:
        planned = PlanItem.objects.filter(body__org_unit_id=scope.org_unit_id).values("enterprise_id")
        inspected = InspectionRecord.objects.filter(bodies__org_unit_id=scope.org_unit_id).values("enterprise_id")
        qs = qs.filter(Q(enterprise_id__in=planned) | Q(enterprise_id__in=inspected))
    else:
        qs = qs.filter(in_subtree(scope.region_path, "enterprise__region"))
    qs = filter_if(qs, mode=mode, status=status, outcome=outcome, enterprise_id=enterprise_id)
    return qs.order_by("-date", "-pk")


def inspections_this_year(*, enterprise_ids: list[int]) -> dict[int, int]:
    """ "This enterprise's inspections this year", the one count the verify page (/v/…), the portal
    and 我的检查 show: inspection records at the premises (on site by code, or without a code) of
    the enterprise, started or finished (checking in alone, a cancelled or a remote inspection does
    not count), dated in the current local year. {enterprise id: count}, 0 for none."""
    from django.db.models import Count
    from django.utils import timezone

    rows = (
        InspectionRecord.objects.filter(
            enterprise_id__in=enterprise_ids,
            mode__in=[InspectionRecord.Mode.ON_SITE, InspectionRecord.Mode.NO_CODE],
            status__in=[InspectionRecord.Status.IN_PROGRESS, InspectionRecord.Status.FINISHED],
            date__year=timezone.localdate().year,
        )
        .values("enterprise_id")
        .annotate(n=Count("pk"))
    )
    out = dict.fromkeys(enterprise_ids, 0)
    out.update({row["enterprise_id"]: row["n"] for row in rows})
    return out


def record_get(*, user: Any, pk: int) -> InspectionRecord:
    return get_or_not_found(record_list(user=user), pk=pk)


def my_team_records(*, user: Any, since: dt.date) -> QuerySet[InspectionRecord]:
    """The officer's own records (open ones first)."""
    officer = getattr(user, "officer", None) if getattr(user, "is_authenticated", False) else None
    if officer is None:
        return InspectionRecord.objects.none()
    return (
        InspectionRecord.objects.filter(officers=officer, date__gte=since)
        .select_related("enterprise", "lead_body")
        .order_by("status", "-date")
    )


def filings_waiting(*, user: Any) -> QuerySet[InspectionRecord]:
    """No-code inspections waiting for the justice office's filing, oldest deadline first."""
    if not getattr(user, "is_authenticated", False) or not user.can(Perm.INSPECTION_FILE):
        return InspectionRecord.objects.none()
    return (
        record_list(user=user, mode=InspectionRecord.Mode.NO_CODE).filter(filed_at__isnull=True).order_by("filing_due")
    )


def approvals_afterwards_waiting(*, user: Any, late: bool = False) -> QuerySet[InspectionRecord]:
    """事后补批: checks made without an approved plan (no code; a remote lead, immediate or special
    check) waiting for this head's approval afterwards — the lead body's own — by deadline; with
    ``late`` also those whose deadline has passed (they can no longer be approved)."""
    from django.utils import timezone

    from fazhi.registry.models import InspectionType

    if not getattr(user, "is_authenticated", False) or not user.can(Perm.PLAN_APPROVE):
        return InspectionRecord.objects.none()
    scope = scope_of(user)
    if not scope.body_bound or scope.org_unit_id is None:
        return InspectionRecord.objects.none()
    qs = (
        InspectionRecord.objects.filter(
            lead_body__org_unit_id=scope.org_unit_id,
            joint_inspection__isnull=True,
            approved_at__isnull=True,
        )
        .exclude(inspection_type=InspectionType.ROUTINE)
        .exclude(status=InspectionRecord.Status.CANCELLED)
        .select_related("enterprise", "lead_body")
    )
    if not late:
        qs = qs.filter(approval_due__gte=timezone.localdate())
    return qs.order_by("approval_due", "pk")


def rectifications_waiting(*, user: Any) -> QuerySet[InspectionRecord]:
    """Rectification orders not yet re-checked, by deadline."""
    return (
        record_list(user=user, outcome=InspectionRecord.Outcome.RECTIFY)
        .filter(rechecked_at__isnull=True)
        .order_by("rectification_due")
    )


def rectifications_due(*, user: Any) -> QuerySet[InspectionRecord]:
    """Rectification deadlines the user follows: a body those of its own inspections, township and
    county roles those of their area; the earliest first."""
    qs = rectifications_waiting(user=user)
    scope = scope_of(user)
    if scope.body_bound:
        qs = qs.filter(bodies__org_unit_id=scope.org_unit_id).distinct()
    return qs


def publications_managed(*, user: Any, status: str = "") -> QuerySet[Publication]:
    """Notices the user publishes or withdraws: a body its own, the justice office and the county
    those of their area."""
    if not getattr(user, "is_authenticated", False) or not user.can(Perm.PUBLICATION_MANAGE):
        return Publication.objects.none()
    scope = scope_of(user)
    qs = filter_if(Publication.objects.select_related("record__enterprise", "body"), status=status)
    if scope.body_bound:
        return qs.filter(body__org_unit_id=scope.org_unit_id)
    if scope.region_path is None:
        return qs.none()
    return qs.filter(in_subtree(scope.region_path))


def publications_waiting(*, user: Any) -> QuerySet[Publication]:
    return publications_managed(user=user, status=Publication.Status.PENDING).order_by("due")


def publication_managed_get(*, user: Any, pk: int) -> Publication:
    return get_or_not_found(publications_managed(user=user), pk=pk)


def evidence_get(*, user: Any, pk: int) -> Evidence:
    """An evidence file, if its inspection record is in the user's scope."""
    return get_or_not_found(Evidence.objects.filter(record__in=record_list(user=user).values("pk")), pk=pk)


def checklist_of(record: InspectionRecord) -> list[dict[str, Any]]:
    """The record's checklist in sections: the shared lines first (signed by the lead department),
    then each department's own, each with its signature if given."""
    answers = list(record.answers.select_related("body").prefetch_related("evidence"))
    signoffs = {s.body_id: s for s in record.signoffs.select_related("officer", "body")}
    sections: dict[int | None, dict[str, Any]] = {}
    for line in answers:
        key = line.body_id
        if key not in sections:
            owner_id = key or record.lead_body_id
            sections[key] = {
                "body_id": owner_id,
                "title": line.body.name if line.body else "",
                "shared": key is None,
                "lines": [],
                "signoff": signoffs.get(owner_id),
            }
        sections[key]["lines"].append(line)
    out = list(sections.values())
    # the lead department signs its own lines and the shared ones at once: one form, at its last section
    last = {s["body_id"]: i for i, s in enumerate(out)}
    for i, section in enumerate(out):
        section["sign_here"] = last[section["body_id"]] == i
    return out


def inspection_figures(*, user: Any, year: int) -> dict[str, int]:
    """Finished inspections of the year in scope: on site (by code / without), remote, results."""
    from django.db.models import Count

    rows = (
        record_list(user=user, status=InspectionRecord.Status.FINISHED)
        .filter(date__year=year)
        .values("mode", "outcome")
        .annotate(n=Count("pk"))
    )
    figures = {"on_site": 0, "no_code": 0, "remote": 0, "no_issue": 0, "rectify": 0, "case": 0, "total": 0}
    for row in rows:
        figures[row["mode"]] += row["n"]
        figures[row["outcome"]] += row["n"]
        figures["total"] += row["n"]
    return figures


def rating_summary(*, user: Any, today: dt.date, quarters: int = 4) -> list[dict[str, Any]]:
    """Ratings per department and CLOSED quarter (the last ``quarters`` closed ones), released
    only where at least FAZHI_RATING_MIN_GROUP were given (issue 15.6). The open quarter is never
    shown, so a new score cannot be read by comparing figures before and after it; a closed
    quarter never changes again. No totals across departments or quarters (a total minus the
    shown groups would reveal a withheld one)."""
    from django.conf import settings
    from django.db.models import Avg, Count

    from fazhi.inspections.onsite.rating import quarter_of

    if not getattr(user, "is_authenticated", False) or not user.can(Perm.RATING_VIEW):
        return []
    current = quarter_of(today)
    periods = []
    period = current
    for _n in range(quarters):  # each ended before the current quarter began: closed
        period = quarter_of(period - dt.timedelta(days=1))
        periods.append(period)
    scope = scope_of(user)
    scores = RatingScore.objects.filter(period__in=periods)
    if scope.body_bound:
        scores = scores.filter(body__org_unit_id=scope.org_unit_id)
    else:
        scores = scores.filter(body_id__in=record_list(user=user).values("lead_body_id"))
    rows = (
        scores.values("body__name", "period")
        .annotate(n=Count("pk"), avg=Avg("score"))
        .order_by("-period", "body__name")
    )
    minimum = settings.FAZHI_RATING_MIN_GROUP
    return [
        {
            "body": r["body__name"],
            "period": r["period"],
            "quarter": (r["period"].month - 1) // 3 + 1,
            "n": r["n"] if r["n"] >= minimum else None,
            "avg": round(r["avg"], 1) if r["n"] >= minimum else None,
        }
        for r in rows
    ]


def is_enterprise_account(user: Any) -> bool:
    """The user signs in for an enterprise (its portal, never the departments' pages)."""
    return scope_of(user).enterprise_only


def own_enterprise(*, user: Any) -> Enterprise | None:
    """The enterprise an enterprise account acts for; None for everyone else."""
    from fazhi.registry.selectors import enterprise_list

    if not is_enterprise_account(user):
        return None
    return enterprise_list(user=user).first()


def push_officers(*, user: Any, certificates: list[str]) -> dict[str, Officer]:
    """The officers a department system names in a pushed inspection, by certificate number, among
    those it may name: a body's system (an inspector's or a body head's token) its own body's
    officers only, a township's or the county's those of the bodies of its area
    (``registry.selectors.officer_list``). A certificate of an officer outside is refused (403)
    with the numbers; an unknown one is simply absent from the answer (the caller's 422)."""
    from django.utils.translation import gettext as _

    from fazhi.core.errors import PermissionDenied
    from fazhi.registry.selectors import officer_list

    wanted = set(certificates)
    named = {o.certificate_no: o for o in officer_list(user=user).filter(certificate_no__in=wanted)}
    outside = sorted(
        Officer.objects.filter(certificate_no__in=wanted - set(named)).values_list("certificate_no", flat=True)
    )
    if outside:
        raise PermissionDenied(
            _(
                "A department system names only officers of its own enforcement body (a township or the county: "
                "of the bodies of its area). Not yours to name: %(certs)s."
            )
            % {"certs": "、".join(outside)}
        )
    return named
