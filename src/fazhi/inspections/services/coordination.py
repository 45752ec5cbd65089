"""统筹协调: a region's month of plan items solved into joint visits, and a change after approval
re-planned alone."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.accounts.models import Region
from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import require, require_region, user_or_none
from fazhi.core.clock import month_end, month_start
from fazhi.core.errors import ValidationError
from fazhi.core.ledger import actor_of, ledger_append
from fazhi.core.text import LINE, text_limits
from fazhi.core.workdays import WorkCalendar, unknown_year_message, unknown_years
from fazhi.inspections.caps import Scope, cap_table, capped, routine_use
from fazhi.inspections.coordination_quality import quality_fields
from fazhi.inspections.models import CoordinationRun, JointInspection, PlanItem
from fazhi.inspections.services.approval import _require_coordinator, cancel_visit
from fazhi.inspections.services.plans import CAPPED
from fazhi.registry.models import EnforcementBody, Officer
from fazhi.scheduling.model import Unscheduled, parse_problem


def _over_cap(items: list[PlanItem], year: int) -> tuple[list[PlanItem], list[tuple[PlanItem, str, str]]]:
    """The caps again, at coordination: a cap lowered after items were added holds back the
    latest-added routine items over it (their reason is shown on the run). Each item counts in its
    own scope (``inspections.caps``: the matter's own cap, else the body's)."""
    table = cap_table()
    keep: list[PlanItem] = []
    held: list[tuple[PlanItem, str, str]] = []
    by_scope: dict[tuple[Scope, int], list[PlanItem]] = {}
    for item in items:
        if capped(item.inspection_type, item.remote):
            by_scope.setdefault((table.scope(item.body_id, item.matter_id), item.enterprise_id), []).append(item)
        else:
            keep.append(item)
    for (scope, ent), group in by_scope.items():
        use = routine_use(body_id=scope[0], matter_id=scope[1], enterprise_id=ent, year=year, table=table)
        month_ids = {i.pk for i in group}
        before = len([k for k in use.keys if k not in month_ids])
        allowed = max(0, use.cap - before)
        group.sort(key=lambda i: (i.created_at, i.pk))
        keep.extend(group[:allowed])
        for i in group[allowed:]:
            if scope[1] is None:
                reason = _("over the yearly cap of %(cap)d routine checks by this body") % {"cap": use.cap}
            else:
                reason = _("over the yearly cap of %(cap)d routine checks of %(matter)s") % {
                    "cap": use.cap,
                    "matter": i.matter,
                }
            held.append((i, reason, "yearly_cap"))
    return keep, held


def _do_not_disturb(items: list[PlanItem]) -> tuple[list[PlanItem], list[tuple[PlanItem, str, str]]]:
    """无事不扰 at the run: routine items of an enterprise put on the do-not-disturb list after they
    were added are held back, with the reason for their department (lead and immediate checks go on)."""
    keep: list[PlanItem] = []
    held: list[tuple[PlanItem, str, str]] = []
    for item in items:
        if item.inspection_type in CAPPED and item.enterprise.is_do_not_disturb_on(item.earliest):
            held.append(
                (
                    item,
                    _("%(ent)s is on the do-not-disturb list: routine checks are held back (无事不扰)")
                    % {"ent": item.enterprise},
                    "do_not_disturb",
                )
            )
        else:
            keep.append(item)
    return keep, held


def build_problem(*, region: Region, month: dt.date) -> tuple[dict[str, Any], list[PlanItem]]:
    """The coordination problem of a region's month, from the plans, officers and calendar."""
    items = list(
        PlanItem.objects.filter(
            month=month,
            enterprise__region__path__startswith=region.path,
            status__in=[PlanItem.Status.SUBMITTED, PlanItem.Status.LATE_ACCEPTED],
        ).select_related("enterprise", "matter", "body")
    )
    items, quiet = _do_not_disturb(items)
    items, held = _over_cap(items, month.year)
    officers = Officer.objects.filter(body_id__in={i.body_id for i in items}).order_by("pk")
    data = _problem(month, items, officers, busy={})
    return {
        **data,
        "held": [
            {"item": str(i.pk), "reason": reason, "constraint": constraint} for i, reason, constraint in quiet + held
        ],
    }, items


def _problem(
    month: dt.date, items: list[PlanItem], officers: Any, *, busy: dict[tuple[int, dt.date], bool]
) -> dict[str, Any]:
    """The solver's JSON problem for these items and officers in the month. An officer is
    unavailable on days of absence, after the certificate expires, and on ``busy`` days."""
    end = month_end(month)
    workdays = WorkCalendar(month, end).workdays()
    absent = _absences(officers, month, end)
    return {
        "period": {"start": month.isoformat(), "end": end.isoformat()},
        "workdays": [d.isoformat() for d in workdays],
        "rules": {
            "min_officers_per_visit": settings.FAZHI_MIN_OFFICERS_PER_VISIT,
            "max_visits_per_officer_per_day": settings.FAZHI_MAX_VISITS_PER_OFFICER_PER_DAY,
        },
        "items": [
            {
                "id": str(i.pk),
                "department": str(i.body_id),
                "enterprise": str(i.enterprise_id),
                "matter": i.matter.catalogue_key,  # 合并同类项 across bodies holding the same matter
                "earliest": i.earliest.isoformat(),
                "latest": i.latest.isoformat(),
                "remote": i.remote,
            }
            for i in items
        ],
        "officers": [
            {
                "id": str(o.pk),
                "department": str(o.body_id),
                # pre-service, suspended or expired officers are never used
                "certified": o.may_inspect_on(month),
                "unavailable": [
                    d.isoformat()
                    for d in workdays
                    if (o.valid_until and d > o.valid_until) or d in absent[o.pk] or busy.get((o.pk, d), False)
                ],
            }
            for o in officers
        ],
    }


def _absences(officers: Any, start: dt.date, end: dt.date) -> dict[int, set[dt.date]]:
    from fazhi.registry.models import OfficerAbsence

    out: dict[int, set[dt.date]] = {o.pk: set() for o in officers}
    for a in OfficerAbsence.objects.filter(officer__in=officers, start__lte=end, end__gte=start):
        day = max(a.start, start)
        while day <= min(a.end, end):
            out[a.officer_id].add(day)
            day += dt.timedelta(days=1)
    return out


def coordination_run_create(
    *, actor: Any, region: Region, month: dt.date, calendar_confirmed: bool = False
) -> CoordinationRun:
    """Run the coordination (统筹协调) for a region's month and keep its inputs, result and figures.

    Draft joint inspections of earlier runs of the same region and month are replaced; approved
    ones are kept (changes after approval re-run the affected part: approval arrives next).

    A month of a year whose State Council holiday arrangement is neither bundled nor entered is
    scheduled on Monday–Friday only after the coordinator confirms it (``calendar_confirmed``);
    the run keeps that it was (``problem["calendar"]``) so its page can say so.
    """
    require(actor, Perm.PLAN_COORDINATE)
    require_region(actor, region)
    month = month_start(month)
    unknown = unknown_years(month, month_end(month))
    if unknown and not calendar_confirmed:
        raise ValidationError(
            unknown_year_message(unknown)
            + " "
            + _("To schedule this month on Monday to Friday anyway, confirm it and run again."),
            details={"calendar_confirmed": "required", "years": unknown},
        )
    data, items = build_problem(region=region, month=month)
    problem = parse_problem(data)
    data["calendar"] = {"estimated_years": unknown, "confirmed": bool(unknown)}
    names = {
        str(b.pk): b.short_name or b.name for b in EnforcementBody.objects.filter(pk__in={i.body_id for i in items})
    }
    from fazhi.scheduling.solver import solve  # ortools (and pandas): seconds to import, only here

    solution = solve(problem, time_limit=settings.FAZHI_COORDINATION_SECONDS, names=names)
    solution.unscheduled[:0] = [Unscheduled(h["item"], h["reason"], h["constraint"]) for h in data["held"]]
    stats = solution.stats
    if stats is None:  # an invariant, kept under python -O
        raise RuntimeError("stats is missing")
    with transaction.atomic():
        JointInspection.objects.filter(
            run__region=region, run__month=month, status=JointInspection.Status.DRAFT
        ).delete()
        run = CoordinationRun.objects.create(
            region=region,
            month=month,
            created_by=user_or_none(actor),
            problem=data,
            solution=solution.to_dict(),
            items=stats.items + len(data["held"]),
            separate_visits=stats.separate_visits,
            visits=stats.visits,
            lower_bound=stats.lower_bound,
            unscheduled=len(solution.unscheduled),
            seconds=stats.seconds,
            method=stats.method,
            merged_items=stats.merged_items,
            **quality_fields(solution),
        )
        _store_visits(run, solution.visits)
        _store_visits(run, solution.remote_visits, remote=True)  # 非现场: approved like visits, no trip
        ledger_append(
            actor=actor_of(actor),
            verb="coordination.run",
            target=run,
            payload={
                "region": region.code,
                "month": month.isoformat(),
                "items": stats.items + len(data["held"]),
                "separate_visits": stats.separate_visits,
                "visits": stats.visits,
                "lower_bound": stats.lower_bound,
                "unscheduled": len(solution.unscheduled),
                "proof": stats.proof,
                "merged_items": stats.merged_items,
                "calendar_estimated": unknown,
                "remote_visits": len(solution.remote_visits),
            },
        )
    return run


def _store_visits(run: CoordinationRun, visits: list[Any], *, remote: bool = False) -> list[JointInspection]:
    """Create the run's visits, their teams and their items' links in three bulk writes (a county
    month has ~9,000 visits: one query per row would take minutes)."""
    rows = [
        JointInspection(
            run=run,
            enterprise_id=int(v.enterprise),
            date=v.date,
            lead_body_id=int(v.lead_department),
            explanation=v.explanation,
            merged=[[int(i) for i in group] for group in v.merged],
            remote=remote,
        )
        for v in visits
    ]
    JointInspection.objects.bulk_create(rows, batch_size=500)
    team = JointInspection.officers.through
    team.objects.bulk_create(
        [
            team(jointinspection_id=ji.pk, officer_id=int(o))
            for ji, v in zip(rows, visits, strict=True)
            for o in v.officers
        ],
        batch_size=1000,
    )
    links = [
        PlanItem(pk=int(i), joint_inspection_id=ji.pk) for ji, v in zip(rows, visits, strict=True) for i in v.items
    ]
    PlanItem.objects.bulk_update(links, ["joint_inspection"], batch_size=500)
    return rows


@text_limits(reason=(gettext_lazy("Reason"), LINE))
def joint_inspection_replan(
    *,
    actor: Any,
    inspection: JointInspection,
    reason: str,
    officer: Officer | None = None,
    enterprise_closed: bool = False,
) -> list[JointInspection]:
    """A change after approval (an officer falls ill, the enterprise closes): only this visit is
    re-planned; every other visit of the month stays as approved.

    The visit is cancelled. If the enterprise closed, its items leave the schedule. Otherwise its
    items are solved again alone, with the officer unavailable on the visit's day and every
    officer's capacity already taken by the month's other visits; the result is new draft visits
    that need approval again. The ledger records the old visit, the reason and the new ones.
    """
    _require_coordinator(actor, inspection)
    if inspection.status == JointInspection.Status.CANCELLED:
        raise ValidationError(_("This inspection was cancelled."))
    if not reason.strip():
        raise ValidationError(_("State the reason for the change."), details={"reason": "required"})
    run = inspection.run
    items = list(inspection.plan_items.select_related("enterprise", "matter", "body"))
    created: list[JointInspection] = []
    with transaction.atomic():
        cancel_visit(inspection)
        if not enterprise_closed and items:
            created = _replan_items(run, items, inspection, officer)
        ledger_append(
            actor=actor_of(actor),
            verb="joint_inspection.replan",
            target=inspection,
            payload={
                "reason": reason.strip(),
                "officer": officer.pk if officer else None,
                "enterprise_closed": enterprise_closed,
                "new": [c.pk for c in created],
                "items": [i.pk for i in items],
            },
        )
    return created


def _replan_items(
    run: CoordinationRun, items: list[PlanItem], old: JointInspection, officer: Officer | None
) -> list[JointInspection]:
    month = run.month
    max_per_day = settings.FAZHI_MAX_VISITS_PER_OFFICER_PER_DAY
    load: dict[tuple[int, dt.date], int] = {}
    active = (
        JointInspection.objects.filter(run__month=month, run__region=run.region)
        .exclude(status=JointInspection.Status.CANCELLED)
        .exclude(pk=old.pk)
        .exclude(remote=True)  # remote visits take no day's capacity
    )
    for visit in active.prefetch_related("officers"):
        for o in visit.officers.all():
            load[o.pk, visit.date] = load.get((o.pk, visit.date), 0) + 1
    bodies = {i.body_id for i in items} | set(
        Officer.objects.filter(pk__in=[o.pk for o in old.officers.all()]).values_list("body_id", flat=True)
    )
    officers = Officer.objects.filter(body_id__in=bodies).order_by("pk")
    busy = {(o, d) for (o, d), n in load.items() if n >= max_per_day}
    if officer is not None:
        busy.add((officer.pk, old.date))
    data = _problem(month, items, officers, busy=dict.fromkeys(busy, True))
    names = {str(b.pk): b.short_name or b.name for b in EnforcementBody.objects.filter(pk__in=bodies)}
    from fazhi.scheduling.solver import solve  # ortools (and pandas): seconds to import, only here

    solution = solve(parse_problem(data), time_limit=settings.FAZHI_COORDINATION_SECONDS, names=names)
    created = _store_visits(run, solution.visits)
    return created + _store_visits(run, solution.remote_visits, remote=True)
