"""Writes for plans and coordination: checked against the law's rules (domain-rules §1), audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.accounts.models import Region
from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import require, require_region, scope_of, user_or_none
from fazhi.core.clock import month_end, month_start, next_month
from fazhi.core.errors import PermissionDenied, ValidationError
from fazhi.core.ledger import actor_of, ledger_append
from fazhi.core.text import LINE, text_limits
from fazhi.core.workdays import WorkCalendar, unknown_year_message, unknown_years
from fazhi.inspections.coordination_quality import quality_fields
from fazhi.inspections.models import CoordinationRun, FrequencyCap, JointInspection, PlanItem
from fazhi.registry.models import EnforcementBody, Enterprise, InspectionType, Matter, Officer
from fazhi.scheduling.model import Unscheduled, parse_problem

CAPPED = {InspectionType.ROUTINE}
DEAD_ITEMS = (PlanItem.Status.WITHDRAWN, PlanItem.Status.LATE_REFUSED)  # lines that plan nothing


def parse_month(text: str) -> dt.date:
    """ "2027-01" (or a full date) to the month's first day; ValidationError when it is not one."""
    try:
        return dt.date.fromisoformat(text.strip()[:7] + "-01")
    except ValueError as exc:
        raise ValidationError(_("The month must look like 2027-01."), details={"month": "format"}) from exc


def _require_own_body(actor: Any, body: EnforcementBody) -> None:
    scope = scope_of(actor)
    if scope.body_bound and body.org_unit_id != scope.org_unit_id:
        raise PermissionDenied(_("You can only plan for your own enforcement body."))
    if not scope.body_bound:
        require_region(actor, body.region)


def routine_count(*, body: EnforcementBody, enterprise: Enterprise, year: int, exclude: int | None = None) -> int:
    """Routine checks of this body at this enterprise planned in the year (withdrawn and refused
    items do not count)."""
    qs = PlanItem.objects.filter(
        body=body, enterprise=enterprise, inspection_type=InspectionType.ROUTINE, month__year=year
    ).exclude(status__in=[PlanItem.Status.WITHDRAWN, PlanItem.Status.LATE_REFUSED])
    if exclude:
        qs = qs.exclude(pk=exclude)
    return qs.count()


def routine_cap(*, body: EnforcementBody, matter: Matter | None = None) -> int:
    """The yearly routine-check cap per enterprise: the matter's own, else the body's, else the
    county default (FAZHI_ROUTINE_CAP_PER_YEAR)."""
    caps = {c.matter_id: c.max_per_year for c in FrequencyCap.objects.filter(body=body)}
    if matter is not None and matter.pk in caps:
        return caps[matter.pk]
    return caps.get(None, settings.FAZHI_ROUTINE_CAP_PER_YEAR)


@text_limits(note=(gettext_lazy("Note"), LINE))
def plan_item_add(
    *,
    actor: Any,
    body: EnforcementBody,
    enterprise: Enterprise,
    matter: Matter,
    inspection_type: str,
    earliest: dt.date,
    latest: dt.date,
    note: str = "",
    today: dt.date | None = None,
) -> PlanItem:
    """Add a line to next month's plan (检查计划).

    Refused, with the reason: a matter that is not published or not the body's own (only
    published matters may be inspected); an enterprise outside the body's area; a routine check of
    an enterprise on the do-not-disturb list (无事不扰); a routine check over the yearly cap per
    body and enterprise (lead and immediate checks are not capped, but counted); a window outside
    one month. Items for next month added after the deadline day wait for the coordinator.
    """
    require(actor, Perm.PLAN_SUBMIT)
    _require_own_body(actor, body)
    today = today or timezone.localdate()
    errors: dict[str, str] = {}
    if inspection_type not in InspectionType.values:
        errors["inspection_type"] = _("Unknown inspection type %(value)s.") % {"value": inspection_type}
    if matter.body_id != body.pk:
        errors["matter"] = _("%(matter)s belongs to another body; plan only your own body's matters.") % {
            "matter": matter
        }
    elif not matter.published:
        errors["matter"] = _("%(matter)s is not published: an unpublished matter may not be inspected.") % {
            "matter": matter
        }
    if not enterprise.region.path.startswith(body.region.path):
        errors["enterprise"] = _("%(ent)s is outside %(body)s's area.") % {"ent": enterprise, "body": body}
    if latest < earliest:
        errors["latest"] = _("The latest date is before the earliest date.")
    elif month_start(earliest) != month_start(latest):
        errors["latest"] = _("Earliest and latest dates must fall in the same month.")
    elif month_start(earliest) < next_month(today) and inspection_type in CAPPED:
        errors["earliest"] = _("Routine checks are planned for next month or later.")
    if inspection_type in CAPPED and enterprise.is_do_not_disturb_on(earliest):
        errors["enterprise"] = _(
            "%(ent)s is on the do-not-disturb list: no routine checks (lead and immediate checks remain possible)."
        ) % {"ent": enterprise}
    if not errors:
        same = (
            PlanItem.objects.filter(body=body, enterprise=enterprise, matter=matter, month=month_start(earliest))
            .exclude(status__in=DEAD_ITEMS)
            .first()
        )
        if same is not None:
            errors["matter"] = _(
                "%(body)s already plans %(matter)s at %(ent)s in %(month)s (item %(pk)d, %(type)s, "
                "%(earliest)s to %(latest)s): change or withdraw that item instead of adding another."
            ) % {
                "body": body,
                "matter": matter,
                "ent": enterprise,
                "month": f"{same.month:%Y-%m}",
                "pk": same.pk,
                "type": same.get_inspection_type_display(),
                "earliest": same.earliest,
                "latest": same.latest,
            }
    if inspection_type in CAPPED and not errors:
        used = routine_count(body=body, enterprise=enterprise, year=earliest.year)
        cap = routine_cap(body=body, matter=matter)
        if used >= cap:
            errors["enterprise"] = _(
                "%(body)s already plans %(n)d routine checks of %(ent)s in %(year)d; the "
                "yearly cap is %(cap)d. Merge with a planned check or use a lead check "
                "if there is a lead."
            ) % {"body": body, "n": used, "ent": enterprise, "year": earliest.year, "cap": cap}
    if errors:
        raise ValidationError(" ".join(errors.values()), details=errors)
    month = month_start(earliest)
    deadline = (month - dt.timedelta(days=1)).replace(day=settings.FAZHI_PLAN_DEADLINE_DAY)
    late = today > deadline and inspection_type not in (InspectionType.LEAD, InspectionType.IMMEDIATE)
    try:
        with transaction.atomic():
            item = _plan_item_create(
                actor=actor,
                body=body,
                month=month,
                enterprise=enterprise,
                matter=matter,
                inspection_type=inspection_type,
                earliest=earliest,
                latest=latest,
                note=note,
                late=late,
            )
    except IntegrityError as exc:  # the same line, added at the same moment by someone else
        raise ValidationError(
            _("%(body)s already plans %(matter)s at %(ent)s in that month.")
            % {"body": body, "matter": matter, "ent": enterprise},
            details={"matter": "duplicate"},
        ) from exc
    return item


def _plan_item_create(
    *,
    actor: Any,
    body: EnforcementBody,
    month: dt.date,
    enterprise: Enterprise,
    matter: Matter,
    inspection_type: str,
    earliest: dt.date,
    latest: dt.date,
    note: str,
    late: bool,
) -> PlanItem:
    with transaction.atomic():
        item = PlanItem.objects.create(
            body=body,
            month=month,
            enterprise=enterprise,
            matter=matter,
            inspection_type=inspection_type,
            earliest=earliest,
            latest=latest,
            note=note.strip()[:300],
            created_by=user_or_none(actor),
            status=PlanItem.Status.LATE_PENDING if late else PlanItem.Status.SUBMITTED,
        )
        ledger_append(
            actor=actor_of(actor),
            verb="plan_item.add",
            target=item,
            payload={
                "body": body.code,
                "enterprise": enterprise.uscc,
                "matter": matter.code,
                "type": inspection_type,
                "earliest": earliest,
                "latest": latest,
                "late": late,
            },
        )
    return item


def plan_item_withdraw(*, actor: Any, item: PlanItem) -> None:
    require(actor, Perm.PLAN_SUBMIT)
    _require_own_body(actor, item.body)
    if item.joint_inspection_id and item.joint_inspection and item.joint_inspection.status == "approved":
        raise ValidationError(_("The item is in an approved joint inspection; ask the coordinator to change it."))
    with transaction.atomic():
        PlanItem.objects.filter(pk=item.pk).update(status=PlanItem.Status.WITHDRAWN, joint_inspection=None)
        ledger_append(actor=actor_of(actor), verb="plan_item.withdraw", target=item)


def plan_item_late_decide(*, actor: Any, item: PlanItem, accept: bool) -> None:
    """The coordinator accepts or refuses an item that came after the deadline."""
    require(actor, Perm.PLAN_COORDINATE)
    require_region(actor, item.enterprise.region)
    if item.status != PlanItem.Status.LATE_PENDING:
        raise ValidationError(_("Only late items awaiting a decision can be accepted or refused."))
    status = PlanItem.Status.LATE_ACCEPTED if accept else PlanItem.Status.LATE_REFUSED
    with transaction.atomic():
        PlanItem.objects.filter(pk=item.pk).update(status=status)
        ledger_append(actor=actor_of(actor), verb="plan_item.late_" + ("accept" if accept else "refuse"), target=item)


def _over_cap(items: list[PlanItem], year: int) -> tuple[list[PlanItem], list[tuple[PlanItem, str]]]:
    """The caps again, at coordination: a cap lowered after items were added holds back the
    latest-added routine items over it (their reason is shown on the run)."""
    keep: list[PlanItem] = []
    held: list[tuple[PlanItem, str]] = []
    by_pair: dict[tuple[int, int], list[PlanItem]] = {}
    for item in items:
        if item.inspection_type in CAPPED:
            by_pair.setdefault((item.body_id, item.enterprise_id), []).append(item)
        else:
            keep.append(item)
    for group in by_pair.values():
        body, ent = group[0].body, group[0].enterprise
        cap = routine_cap(body=body, matter=group[0].matter)
        month_ids = {i.pk for i in group}
        before = routine_count(body=body, enterprise=ent, year=year) - len(month_ids)
        allowed = max(0, cap - before)
        group.sort(key=lambda i: (i.created_at, i.pk))
        keep.extend(group[:allowed])
        held.extend(
            (i, _("over the yearly cap of %(cap)d routine checks by this body") % {"cap": cap}) for i in group[allowed:]
        )
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
    items, held = _over_cap(items, month.year)
    officers = Officer.objects.filter(body_id__in={i.body_id for i in items}).order_by("pk")
    data = _problem(month, items, officers, busy={})
    return {
        **data,
        "held": [{"item": str(i.pk), "reason": reason} for i, reason in held],
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
                "matter": i.matter.code,
                "earliest": i.earliest.isoformat(),
                "latest": i.latest.isoformat(),
            }
            for i in items
        ],
        "officers": [
            {
                "id": str(o.pk),
                "department": str(o.body_id),
                # pre-service, suspended or expired officers are never used
                "certified": o.status == Officer.Status.ACTIVE and o.valid_until is not None and o.valid_until >= month,
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
    solution.unscheduled[:0] = [Unscheduled(h["item"], h["reason"], "yearly_cap") for h in data["held"]]
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
            **quality_fields(solution),
        )
        _store_visits(run, solution.visits)
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
                "calendar_estimated": unknown,
            },
        )
    return run


def _approver_roles(actor: Any, inspection: JointInspection) -> tuple[bool, bool]:
    """(as the lead body's head, as the township leader) for this visit."""
    from fazhi.accounts.roles import Role

    roles: frozenset[str] = getattr(actor, "roles", frozenset())
    scope = scope_of(actor)
    as_head = Role.BODY_HEAD in roles and inspection.lead_body.org_unit_id == scope.org_unit_id
    as_leader = Role.TOWNSHIP_LEADER in roles and scope.covers(inspection.enterprise.region)
    return as_head, as_leader


def joint_inspection_approve(*, actor: Any, inspection: JointInspection) -> JointInspection:
    """检查前有方案审批 (Chongqing art. 17): the lead body's head and the township leader of the
    enterprise's township each approve; with both, the inspection is approved and published to the
    departments, the team and the enterprise."""
    as_head, as_leader = _approver_roles(actor, inspection)
    if not (as_head or as_leader):
        raise PermissionDenied(_("Only the lead body's head and the township leader approve this inspection."))
    if inspection.status == JointInspection.Status.CANCELLED:
        raise ValidationError(_("This inspection was cancelled."))
    if inspection.status == JointInspection.Status.RETURNED:
        raise ValidationError(_("This inspection was returned to the coordinator; it waits for their change."))
    now = timezone.now()
    fields: dict[str, Any] = {}
    if as_head and inspection.head_approved_at is None:
        fields.update(head_approved_by=actor, head_approved_at=now)
    if as_leader and inspection.leader_approved_at is None:
        fields.update(leader_approved_by=actor, leader_approved_at=now)
    if not fields:
        return inspection
    with transaction.atomic():
        for name, value in fields.items():
            setattr(inspection, name, value)
        if inspection.head_approved_at and inspection.leader_approved_at:
            inspection.status = JointInspection.Status.APPROVED
            fields["status"] = inspection.status
        JointInspection.objects.filter(pk=inspection.pk).update(**fields)
        ledger_append(
            actor=actor_of(actor),
            verb="joint_inspection.approve",
            target=inspection,
            payload={
                "as": [r for r, ok in (("body_head", as_head), ("township_leader", as_leader)) if ok],
                "status": inspection.status,
            },
        )
    return inspection


def approvals_approve_all(*, actor: Any, expected: int, run: CoordinationRun | None = None) -> int:
    """Approve every visit waiting for the actor (in one run, or all of them) — only if they are
    as many as the page the actor confirmed showed: a stale page never approves more (or other)
    visits than the person saw. Returns how many were approved."""
    from fazhi.inspections.selectors import approvals_waiting

    waiting = list(approvals_waiting(user=actor, run=run))
    if not waiting:
        raise ValidationError(_("Nothing is waiting for your approval."), details={"count": 0})
    if expected != len(waiting):
        raise ValidationError(
            _(
                "The list has changed: %(now)d visits wait for your approval now, not %(shown)d. "
                "Check the list again before approving."
            )
            % {"now": len(waiting), "shown": expected},
            details={"count": len(waiting)},
        )
    with transaction.atomic():
        for inspection in waiting:
            joint_inspection_approve(actor=actor, inspection=inspection)
    return len(waiting)


def _set_fields(inspection: JointInspection, fields: dict[str, Any]) -> None:
    """Write these fields of the visit (one UPDATE, no other column touched) and keep the object in step."""
    JointInspection.objects.filter(pk=inspection.pk).update(**fields)
    for name, value in fields.items():
        setattr(inspection, name, value)


@text_limits(reason=(gettext_lazy("Reason for returning"), 500))
def joint_inspection_return(*, actor: Any, inspection: JointInspection, reason: str) -> JointInspection:
    """An approver (the lead body's head or the township leader) sends a draft visit back to the
    coordinator with a reason instead of approving it. Both approvals are cleared: the coordinator
    re-submits it (with an answer), re-plans it or cancels it, and it is approved afresh."""
    as_head, as_leader = _approver_roles(actor, inspection)
    if not (as_head or as_leader):
        raise PermissionDenied(_("Only the lead body's head and the township leader return this inspection."))
    if inspection.status != JointInspection.Status.DRAFT:
        raise ValidationError(_("Only a visit waiting for approval can be returned."), details={"status": "not_draft"})
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            _("Say why the visit is returned: the coordinator reads it."), details={"reason": "required"}
        )
    if len(reason) > 500:
        raise ValidationError(_("Keep the reason under 500 characters."), details={"reason": "too_long"})
    with transaction.atomic():
        fields: dict[str, Any] = {
            "status": JointInspection.Status.RETURNED,
            "return_reason": reason,
            "returned_by": actor,
            "returned_at": timezone.now(),
            "head_approved_by": None,
            "head_approved_at": None,
            "leader_approved_by": None,
            "leader_approved_at": None,
        }
        _set_fields(inspection, fields)
        ledger_append(
            actor=actor_of(actor),
            verb="joint_inspection.return",
            target=inspection,
            payload={
                "as": [r for r, ok in (("body_head", as_head), ("township_leader", as_leader)) if ok],
                "reason": reason,
            },
        )
    return inspection


def _require_coordinator(actor: Any, inspection: JointInspection) -> None:
    require(actor, Perm.PLAN_COORDINATE)
    require_region(actor, inspection.enterprise.region)


@text_limits(answer=(gettext_lazy("Answer to the return"), 500))
def joint_inspection_resubmit(*, actor: Any, inspection: JointInspection, answer: str) -> JointInspection:
    """The coordinator answers a returned visit and submits it unchanged for approval again (to
    change its day or team, re-plan it instead; to drop it, cancel it)."""
    _require_coordinator(actor, inspection)
    if inspection.status != JointInspection.Status.RETURNED:
        raise ValidationError(_("Only a returned visit is re-submitted."), details={"status": "not_returned"})
    answer = answer.strip()
    if not answer:
        raise ValidationError(
            _("Answer the reason it was returned (what you checked or changed)."), details={"answer": "required"}
        )
    with transaction.atomic():
        reason = inspection.return_reason
        fields: dict[str, Any] = {
            "status": JointInspection.Status.DRAFT,
            "return_reason": "",
            "returned_by": None,
            "returned_at": None,
        }
        _set_fields(inspection, fields)
        ledger_append(
            actor=actor_of(actor),
            verb="joint_inspection.resubmit",
            target=inspection,
            payload={"returned_because": reason, "answer": answer[:500]},
        )
    return inspection


@text_limits(reason=(gettext_lazy("Reason for cancelling"), 500))
def joint_inspection_cancel(*, actor: Any, inspection: JointInspection, reason: str) -> JointInspection:
    """The coordinator cancels a visit not yet approved (draft or returned); its plan items leave
    the schedule and wait for the next run. An approved visit is changed by re-planning instead."""
    _require_coordinator(actor, inspection)
    if inspection.status not in (JointInspection.Status.DRAFT, JointInspection.Status.RETURNED):
        raise ValidationError(
            _("Only a visit not yet approved is cancelled here; re-plan an approved one."),
            details={"status": inspection.status},
        )
    if not reason.strip():
        raise ValidationError(_("State the reason for the change."), details={"reason": "required"})
    with transaction.atomic():
        items = list(inspection.plan_items.values_list("pk", flat=True))
        JointInspection.objects.filter(pk=inspection.pk).update(status=JointInspection.Status.CANCELLED)
        PlanItem.objects.filter(joint_inspection=inspection).update(joint_inspection=None)
        inspection.status = JointInspection.Status.CANCELLED
        ledger_append(
            actor=actor_of(actor),
            verb="joint_inspection.cancel",
            target=inspection,
            payload={"reason": reason.strip()[:500], "returned_because": inspection.return_reason, "items": items},
        )
    return inspection


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
    require(actor, Perm.PLAN_COORDINATE)
    require_region(actor, inspection.enterprise.region)
    if inspection.status == JointInspection.Status.CANCELLED:
        raise ValidationError(_("This inspection was cancelled."))
    if not reason.strip():
        raise ValidationError(_("State the reason for the change."), details={"reason": "required"})
    run = inspection.run
    items = list(inspection.plan_items.select_related("enterprise", "matter", "body"))
    created: list[JointInspection] = []
    with transaction.atomic():
        JointInspection.objects.filter(pk=inspection.pk).update(status=JointInspection.Status.CANCELLED)
        PlanItem.objects.filter(joint_inspection=inspection).update(joint_inspection=None)
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


def _store_visits(run: CoordinationRun, visits: list[Any]) -> list[JointInspection]:
    """Create the run's visits, their teams and their items' links in three bulk writes (a county
    month has ~9,000 visits: one query per row would take minutes)."""
    rows = [
        JointInspection(
            run=run,
            enterprise_id=int(v.enterprise),
            date=v.date,
            lead_body_id=int(v.lead_department),
            explanation=v.explanation,
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
    return created


def frequency_cap_set(*, actor: Any, body: EnforcementBody, matter: Matter | None, max_per_year: int | None) -> None:
    """Set (or with ``None`` remove) a body's yearly routine cap, for all its matters or for one."""
    require(actor, Perm.MATTER_EDIT)
    _require_own_body(actor, body)
    if matter is not None and matter.body_id != body.pk:
        raise ValidationError(
            _("%(matter)s belongs to another body; plan only your own body's matters.") % {"matter": matter}
        )
    if max_per_year is not None and not 0 < max_per_year <= 52:
        raise ValidationError(
            _("A cap is a number of checks a year between 1 and 52."), details={"max_per_year": "range"}
        )
    with transaction.atomic():
        if max_per_year is None:
            FrequencyCap.objects.filter(body=body, matter=matter).delete()
        else:
            FrequencyCap.objects.update_or_create(body=body, matter=matter, defaults={"max_per_year": max_per_year})
        ledger_append(
            actor=actor_of(actor),
            verb="frequency_cap.set",
            target=body,
            payload={"matter": matter.code if matter else None, "max_per_year": max_per_year},
        )
