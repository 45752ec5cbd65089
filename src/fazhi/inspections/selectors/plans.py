"""Scoped reads of plans, coordination runs, joint inspections and their approval."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import NO_SCOPE, Scope, scope_of
from fazhi.core.errors import NotFound
from fazhi.core.lookups import filter_if, get_or_not_found
from fazhi.inspections.models import (
    CoordinationRun,
    JointInspection,
    PlanItem,
)
from fazhi.registry.selectors import in_subtree

DEAD_STATUSES = (PlanItem.Status.WITHDRAWN, PlanItem.Status.LATE_REFUSED)


def _scope(user: Any) -> Scope:
    if not getattr(user, "is_authenticated", False) or not user.can(Perm.PLAN_VIEW):
        return NO_SCOPE
    return scope_of(user)


def plan_item_list(
    *, user: Any, month: dt.date | None = None, body_id: int | None = None, status: str = ""
) -> QuerySet[PlanItem]:
    """A department sees its own plan items; township and county roles the items of every body
    for the enterprises in their area."""
    scope = _scope(user)
    qs = PlanItem.objects.select_related("body", "enterprise", "matter", "joint_inspection")
    if scope.region_path is None or scope.enterprise_only:
        return qs.none()
    if scope.body_bound:
        qs = qs.filter(body__org_unit_id=scope.org_unit_id)
    else:
        qs = qs.filter(in_subtree(scope.region_path, "enterprise__region"))
    qs = filter_if(qs, month=month, body_id=body_id, status=status)
    return qs.order_by("enterprise__name", "earliest", "pk")


def joint_visit_ids(*, items: list[PlanItem]) -> set[int]:
    """The visits of these items that two or more departments make together: only those are
    综合查一次; a visit of one department's items (one body, one or several matters) is not."""
    ids = {i.joint_inspection_id for i in items if i.joint_inspection_id}
    if not ids:
        return set()
    rows = (
        PlanItem.objects.filter(joint_inspection_id__in=ids)
        .values("joint_inspection_id")
        .annotate(departments=Count("body", distinct=True))
        .filter(departments__gte=2)
    )
    return {r["joint_inspection_id"] for r in rows}


def plan_item_notes(*, items: list[PlanItem]) -> dict[int, str]:
    """What a department reads beside its plan items: an item merged into another body's check of
    the same matter (合并同类项, 结果互认), or why the latest coordination run of its month left it
    out (held back by 无事不扰 or the yearly cap, or not schedulable)."""
    notes: dict[int, str] = {}
    visits = {i.joint_inspection_id: i.joint_inspection for i in items if i.joint_inspection_id}
    doers = {doer for v in visits.values() if v is not None for doer in absorbed_items(v.merged).values()}
    bodies = {p.pk: p.body for p in PlanItem.objects.filter(pk__in=doers).select_related("body")}
    for item in items:
        visit = visits.get(item.joint_inspection_id) if item.joint_inspection_id else None
        if visit is not None:
            doer = absorbed_items(visit.merged).get(item.pk)
            if doer is not None and doer in bodies:
                body = bodies[doer]
                notes[item.pk] = _(
                    "one check with %(body)s's item of the same matter: %(body)s checks it and the "
                    "result is shared (合并同类项, 结果互认)"
                ) % {"body": body.short_name or body.name}
    left = [i for i in items if not i.joint_inspection_id and i.status not in DEAD_STATUSES]
    if left:
        wanted = {str(i.pk) for i in left}
        for run in CoordinationRun.objects.filter(month__in={i.month for i in left}).order_by("created_at"):
            for u in run.solution.get("unscheduled", []):
                if str(u.get("item")) in wanted:
                    notes[int(u["item"])] = str(u.get("reason", ""))
    return notes


def plan_item_get(*, user: Any, pk: int) -> PlanItem:
    return get_or_not_found(plan_item_list(user=user), pk=pk)


def run_list(*, user: Any) -> QuerySet[CoordinationRun]:
    scope = _scope(user)
    if scope.region_path is None or scope.enterprise_only:
        return CoordinationRun.objects.none()
    codes = [c for c in scope.region_path.split("/") if c]
    ancestors = ["/" + "/".join(codes[: n + 1]) + "/" for n in range(len(codes))]
    # runs of the user's area, and runs of a wider area that include it (a county run for a township)
    return CoordinationRun.objects.filter(
        Q(region__path__startswith=scope.region_path) | Q(region__path__in=ancestors)
    ).select_related("region", "created_by")


def run_get(*, user: Any, pk: int) -> CoordinationRun:
    return get_or_not_found(run_list(user=user), pk=pk)


def run_unscheduled(*, run: CoordinationRun) -> list[tuple[PlanItem | None, str]]:
    """The run's plan items left unscheduled, each with the reason (the run is already in the
    user's scope; an item withdrawn since is None)."""
    unscheduled = run.solution.get("unscheduled", [])
    titles = {
        str(i.pk): i
        for i in PlanItem.objects.filter(pk__in=[int(u["item"]) for u in unscheduled]).select_related(
            "enterprise", "body", "matter"
        )
    }
    return [(titles.get(str(u["item"])), u["reason"]) for u in unscheduled]


def run_inspections(*, user: Any, run: CoordinationRun) -> QuerySet[JointInspection]:
    """The run's visits; a department sees the ones its items are in."""
    qs = run.inspections.select_related("enterprise", "lead_body").prefetch_related("officers", "plan_items__body")
    scope = _scope(user)
    if scope.region_path is None or scope.enterprise_only:
        return qs.none()
    if scope.body_bound:
        return qs.filter(plan_items__body__org_unit_id=scope.org_unit_id).distinct()
    return qs.filter(in_subtree(scope.region_path, "enterprise__region"))


def my_inspections(*, user: Any, start: dt.date) -> QuerySet[JointInspection]:
    """Published (approved) visits for the user: an officer's own calendar, an enterprise's own
    visits."""
    qs = (
        JointInspection.objects.filter(status=JointInspection.Status.APPROVED, date__gte=start)
        .select_related("enterprise", "lead_body")
        .prefetch_related("officers", "plan_items__matter", "plan_items__body")
    )
    scope = scope_of(user)
    if scope.enterprise_only:
        return qs.filter(enterprise__org_unit_id=scope.org_unit_id).order_by("date")
    officer = getattr(user, "officer", None) if getattr(user, "is_authenticated", False) else None
    if officer is None:
        return qs.none()
    return qs.filter(officers=officer).order_by("date")


def my_inspection_get(*, user: Any, pk: int) -> JointInspection:
    """One of the user's own published visits (an officer's remote check to start)."""
    return get_or_not_found(my_inspections(user=user, start=dt.date.min), pk=pk)


def approvals_waiting(*, user: Any, run: CoordinationRun | None = None) -> QuerySet[JointInspection]:
    """Draft visits waiting for this user's approval: as the lead body's head (its visits the
    head has not approved yet) and as the township leader (visits at enterprises of the township
    the leader has not approved yet). In date order, with what the approval page shows."""
    roles: frozenset[str] = (
        getattr(user, "roles", frozenset()) if getattr(user, "is_authenticated", False) else frozenset()
    )
    scope = _scope(user)
    qs = JointInspection.objects.filter(status=JointInspection.Status.DRAFT)
    if run is not None:
        qs = qs.filter(run=run)
    wanted = Q(pk__in=[])
    if scope.region_path is not None and not scope.enterprise_only:
        if "body_head" in roles and scope.org_unit_id is not None:
            wanted |= Q(lead_body__org_unit_id=scope.org_unit_id, head_approved_at__isnull=True)
        if "township_leader" in roles:
            wanted |= in_subtree(scope.region_path, "enterprise__region") & Q(leader_approved_at__isnull=True)
    return (
        qs.filter(wanted)
        .select_related("enterprise", "lead_body", "run")
        .prefetch_related("officers", "plan_items__matter", "plan_items__body")
        .order_by("date", "enterprise__name", "pk")
    )


def returned_visits(*, user: Any) -> QuerySet[JointInspection]:
    """Visits an approver returned, for the coordinator of their run: the legal office of the run's
    township (or the county supervisor for a county run), and whoever ran it."""
    qs = JointInspection.objects.filter(status=JointInspection.Status.RETURNED).select_related(
        "enterprise", "lead_body", "run", "returned_by"
    )
    if not getattr(user, "is_authenticated", False) or not user.can(Perm.PLAN_COORDINATE):
        return qs.none()
    scope = _scope(user)
    if scope.region_path is None or scope.enterprise_only:
        return qs.none()
    return qs.filter(
        Q(run__region__path=scope.region_path) | Q(run__created_by=user),
        in_subtree(scope.region_path, "enterprise__region"),
    ).order_by("date", "pk")


_TOTALS = ("items", "separate_visits", "visits", "lower_bound", "merged_items")


def coordination_run_totals(*, user: Any, year: int) -> dict[str, Any]:
    """The stored figures of the latest run of each region and month of the year in the user's scope,
    added up: plan items, visits the departments would have made separately, joint visits, the lower
    bound, items merged (合并同类项: checked by another body) and visits saved. One query on the runs'
    own columns (a run's problem and solution, megabytes for a county month, are not read)."""
    latest: dict[tuple[int, dt.date], dict[str, Any]] = {}
    rows = (
        run_list(user=user).filter(month__year=year).order_by("created_at").values("pk", "region_id", "month", *_TOTALS)
    )
    for row in rows:
        latest[row["region_id"], row["month"]] = row
    runs = list(latest.values())
    figures: dict[str, Any] = {"year": year, "runs": len(runs)}
    for name in _TOTALS:
        figures[name] = sum(r[name] for r in runs)
    figures["saved"] = figures["separate_visits"] - figures["visits"]
    figures["run_ids"] = [r["pk"] for r in runs]
    return figures


def coordination_year_figures(*, user: Any, year: int) -> dict[str, Any]:
    """The year's coordination figures in the user's scope, from the latest run of each region and
    month: plan items, visits departments would have made separately, joint visits, the lower
    bound, visits saved, and the joint-inspection rate (visits with two or more departments)."""
    figures = coordination_run_totals(user=user, year=year)
    runs = figures.pop("run_ids")
    figures["reduction_pct"] = (
        round(100 * figures["saved"] / figures["separate_visits"]) if figures["separate_visits"] else 0
    )
    visits = (
        JointInspection.objects.filter(run_id__in=runs)
        .exclude(status=JointInspection.Status.CANCELLED)
        .exclude(remote=True)  # 非现场: not a trip
    )
    # visits with two or more departments among their plan items, counted in the database
    total = visits.count()
    joint = visits.annotate(n=Count("plan_items__body", distinct=True)).filter(n__gte=2).count() if total else 0
    figures["joint_rate_pct"] = round(100 * joint / total) if total else 0
    # 迎检频次同比: visits per enterprise this year against last year's (scheduled, not cancelled)
    last = coordination_run_totals(user=user, year=year - 1) if year > 2000 else None
    if last is not None and not last["runs"]:
        last = None
    figures["last_year_visits"] = last["visits"] if last else None
    figures["vs_last_year_pct"] = (
        round(100 * (figures["visits"] - last["visits"]) / last["visits"]) if last and last["visits"] else None
    )
    return figures


def inspection_get(*, user: Any, pk: int) -> JointInspection:
    scope = _scope(user)
    qs = JointInspection.objects.select_related("run", "enterprise__region", "lead_body")
    if scope.region_path is None or scope.enterprise_only:
        raise NotFound()
    if scope.body_bound:
        qs = qs.filter(plan_items__body__org_unit_id=scope.org_unit_id).distinct()
    else:
        qs = qs.filter(in_subtree(scope.region_path, "enterprise__region"))
    return get_or_not_found(qs, pk=pk)


def absorbed_items(merged: list[list[int]]) -> dict[int, int]:
    """合并同类项: {item merged into another department's check: the item whose body does it}."""
    return {int(i): int(group[0]) for group in merged or [] for i in group[1:]}


def unified_checklists(*, inspections: list[JointInspection]) -> dict[int, list[dict[str, Any]]]:
    """一表通查 for each visit: the union of its matters' check points, each once (the same wording
    from two departments is one line naming both), in the matters' order. A check merged across
    departments (合并同类项) comes from the department doing it, its line naming the departments
    that share its result (``shared_with``, 结果互认). One query in all."""
    from fazhi.registry.models import ChecklistItem

    matters_of: dict[int, list[int]] = {}
    shared: dict[int, dict[int, list[str]]] = {}  # visit: {matter done: labels of the bodies sharing it}
    for v in inspections:
        absorbed = absorbed_items(v.merged)
        items = {p.pk: p for p in v.plan_items.all()}
        matters_of[v.pk] = sorted({p.matter_id for p in items.values() if p.pk not in absorbed})
        for other, doer in absorbed.items():
            if other in items and doer in items:
                body = items[other].body
                shared.setdefault(v.pk, {}).setdefault(items[doer].matter_id, []).append(body.short_name or body.name)
    points: dict[int, list[ChecklistItem]] = {}
    wanted = {m for ms in matters_of.values() for m in ms}
    for point in (
        ChecklistItem.objects.filter(matter_id__in=wanted)
        .select_related("matter__body")
        .order_by("matter__code", "seq")
    ):
        points.setdefault(point.matter_id, []).append(point)
    out: dict[int, list[dict[str, Any]]] = {}
    for pk, matters in matters_of.items():
        lines: dict[str, dict[str, Any]] = {}
        for matter_id in sorted(matters, key=lambda m: points[m][0].matter.code if points.get(m) else ""):
            for point in points.get(matter_id, []):
                line = lines.setdefault(
                    point.text.strip(), {"text": point.text.strip(), "bodies": [], "shared_with": []}
                )
                label = point.matter.body.short_name or point.matter.body.name
                if label not in line["bodies"]:
                    line["bodies"].append(label)
                for sharer in shared.get(pk, {}).get(matter_id, []):
                    if sharer not in line["shared_with"]:
                        line["shared_with"].append(sharer)
        out[pk] = list(lines.values())
    return out
