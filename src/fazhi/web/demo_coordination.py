"""峰灵镇's coordinated months of last year and its inspections of the year before (issue 23 item 6),
as the seed report tells them: "每月统筹各部门下月检查计划……全年整合重复检查11次，企业迎检频次同比下降40%".

Built through the inspections services as the demo users, every step dated the day it happened
(``inspections.dated``), so nothing reads as late:

- **last year** (``today.year - 1``), June to November: each month the township (``fl_inspector``)
  and 县应急局 (``yj_inspector``) file their plans by the 25th of the month before, the justice
  office (``fl_legal``) runs the coordination, the body head and the township leader approve the
  joint visits on the last working day before the month, and the teams make them on site on their
  day: check-in by code, the checklist, each department's signature, the result (no issue, the
  representative signing) and its notice published two working days later. 11 of the 30 enterprises
  were planned by both departments: 41 visits alone, 30 joint visits made — 11 saved;
- **the year before last**, January to October: the township's own 50 visits, one department per
  enterprise, so its runs merge nothing (0 saved): 50 on-site inspections against last year's 30,
  −40 %.

Officers of the two departments on duty without a login get one (``fl_inspector3``…), so each
officer on a team checks in and signs as themself. Idempotent: a year with a coordination run of
峰灵镇 is left alone.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from fazhi.accounts.models import Region, User
from fazhi.accounts.roles import Role
from fazhi.core.signature import sample_signature
from fazhi.core.workdays import WorkCalendar, add_workdays
from fazhi.inspections import codes, onsite, publication, services
from fazhi.inspections.models import CoordinationRun, InspectionRecord, JointInspection, Publication
from fazhi.registry.models import EnforcementBody, Enterprise, Matter, Officer

LAST_YEAR_MONTHS = (6, 7, 8, 9, 10, 11)
BOTH_PER_MONTH = (2, 2, 2, 2, 2, 1)  # enterprises planned by both departments: 11 visits saved
PER_MONTH = 5  # visits a month: 30 last year
BEFORE_MONTHS = tuple(range(1, 11))  # the year before last: 10 months of 5 visits, 50


@dataclass
class People:
    town_inspector: User
    yj_inspector: User
    coordinator: User
    head: User
    leader: User


def load(town: Region, town_body: EnforcementBody, yj: EnforcementBody | None, res: Any) -> None:
    users = {
        u.username: u
        for u in User.objects.filter(username__in=["fl_inspector", "yj_inspector", "fl_legal", "fl_head", "fl_leader"])
    }
    if yj is None or len(users) < 5:
        return
    people = People(
        users["fl_inspector"], users["yj_inspector"], users["fl_legal"], users["fl_head"], users["fl_leader"]
    )
    own = list(Matter.objects.filter(body=town_body, published=True).order_by("code")[:2])
    if len(own) < 2:
        return
    enterprises = list(
        Enterprise.objects.filter(region__parent=town, do_not_disturb=False, org_unit__isnull=True).order_by("pk")
    )
    year = timezone.localdate().year - 1
    if not _coordinated(town, year):
        _logins(town_body, yj, res)
        _last_year(town, town_body, yj, own, enterprises, year, people, res)
    if not _coordinated(town, year - 1):
        _year_before(town, own[0], enterprises, year - 1, people, res)


def _coordinated(town: Region, year: int) -> bool:
    return CoordinationRun.objects.filter(region=town, month__year=year).exists()


def _logins(town_body: EnforcementBody, yj: EnforcementBody, res: Any) -> None:
    """Officers on duty of the two departments get a login when they have none, so whoever the
    coordination puts on a team checks in and signs as themself."""
    from fazhi.web.demo import _user

    for body, prefix in ((town_body, "fl"), (yj, "yj")):
        officers = Officer.objects.filter(body=body, status=Officer.Status.ACTIVE).order_by("pk")
        for n, officer in enumerate(officers, start=1):
            if officer.user_id is None:
                _user(f"{prefix}_inspector{n}", officer.name, body.org_unit, [Role.INSPECTOR], res, officer)


def _yj_matter(enterprise: Enterprise, yj: EnforcementBody) -> Matter | None:
    from fazhi.web.demo_data import INDUSTRIES

    codes_of = {name: c for name, _suffix, c in INDUSTRIES}
    code = next((c for c in codes_of.get(enterprise.industry, []) if c.startswith("YJ-")), None)
    return Matter.objects.filter(body=yj, code=code, published=True).first() if code else None


def _last_year(
    town: Region,
    town_body: EnforcementBody,
    yj: EnforcementBody,
    own: list[Matter],
    enterprises: list[Enterprise],
    year: int,
    people: People,
    res: Any,
) -> None:
    both = [(e, m) for e in enterprises if (m := _yj_matter(e, yj)) is not None][: sum(BOTH_PER_MONTH)]
    taken = {e.pk for e, _m in both}
    alone = [e for e in enterprises if e.pk not in taken]
    if len(both) < sum(BOTH_PER_MONTH) or len(alone) < PER_MONTH * len(LAST_YEAR_MONTHS) - len(both):
        return
    for month_no, n_both in zip(LAST_YEAR_MONTHS, BOTH_PER_MONTH, strict=True):
        month = dt.date(year, month_no, 1)
        filed = month - dt.timedelta(days=10)  # by the 25th of the month before
        for slot in range(PER_MONTH):
            earliest, latest = _window(month, slot)
            if slot < n_both:
                ent, yj_matter = both.pop(0)
                _plan(people.yj_inspector, yj, ent, yj_matter, earliest, latest, filed)
                # the township's two matters there, so it leads the joint visit
                _plan(people.town_inspector, town_body, ent, own[1], earliest, latest, filed, "special")
                res.add("plan items", 2)
            else:
                ent = alone.pop(0)
            _plan(people.town_inspector, town_body, ent, own[0], earliest, latest, filed)
            res.add("plan items")
        _month(town, month, people, res)


def _year_before(
    town: Region, matter: Matter, enterprises: list[Enterprise], year: int, people: People, res: Any
) -> None:
    """The township inspecting alone: one department per enterprise, nothing to merge."""
    if len(enterprises) < PER_MONTH * len(BEFORE_MONTHS):
        return
    queue = list(enterprises)
    for month_no in BEFORE_MONTHS:
        month = dt.date(year, month_no, 1)
        filed = month - dt.timedelta(days=10)
        for slot in range(PER_MONTH):
            earliest, latest = _window(month, slot)
            _plan(people.town_inspector, matter.body, queue.pop(0), matter, earliest, latest, filed)
            res.add("plan items")
        _month(town, month, people, res)


def _window(month: dt.date, slot: int) -> tuple[dt.date, dt.date]:
    """Two weeks inside the month (never only holidays, even in the National Day week)."""
    first = 1 + 4 * min(slot, 3) + (2 if slot == 4 else 0)
    return month.replace(day=first), month.replace(day=first + 13)


def _plan(
    actor: User,
    body: EnforcementBody,
    enterprise: Enterprise,
    matter: Matter,
    earliest: dt.date,
    latest: dt.date,
    filed: dt.date,
    kind: str = "routine",
) -> None:
    services.plan_item_add(
        actor=actor,
        body=body,
        enterprise=enterprise,
        matter=matter,
        inspection_type=kind,
        earliest=earliest,
        latest=latest,
        today=filed,
    )


def _month(town: Region, month: dt.date, people: People, res: Any) -> None:
    """The month coordinated, its visits approved and made on site."""
    run = services.coordination_run_create(actor=people.coordinator, region=town, month=month, calendar_confirmed=True)
    res.add("coordination runs")
    before = month - dt.timedelta(days=1)
    approved_on = WorkCalendar(before.replace(day=1), before).workdays()[-1]
    visits = JointInspection.objects.filter(run=run, remote=False).order_by("date", "pk")
    for n, visit in enumerate(visits.select_related("enterprise")):
        for approver in (people.head, people.leader):
            services.joint_inspection_approve(actor=approver, inspection=visit, approved_on=approved_on)
        _on_site(visit, people, n)
        res.add("finished inspections")
        res.add("published results")


@functools.cache
def _drawn(n: int) -> str:
    """A few drawn signatures, made once (drawing one takes a while; 80 visits sign ~180 times)."""
    return sample_signature(n % 4)


def _on_site(visit: JointInspection, people: People, n: int) -> None:
    """Check-in by code, the checklist, each department's signature, the result, the notice."""
    team = sorted(visit.officers.select_related("user"), key=lambda o: (o.body_id != visit.lead_body_id, o.pk))
    by_body: dict[int, Officer] = {}
    for officer in team:
        by_body.setdefault(officer.body_id, officer)
    token = codes.enterprise_token(visit.enterprise_id, visit.enterprise.code_serial)
    for officer in team:
        onsite.check_in(actor=officer.user, token=token, today=visit.date)
    record = InspectionRecord.objects.get(joint_inspection=visit)
    for line in record.answers.order_by("seq"):
        signer = by_body[line.body_id or record.lead_body_id]
        onsite.answer_set(actor=signer.user, record=record, seq=line.seq, answer="pass")
    for body in onsite.sections_of(record):
        onsite.section_sign(actor=by_body[body.pk].user, record=record, body=body, signature=_drawn(n))
    onsite.record_finish(
        actor=by_body[record.lead_body_id].user,
        record=record,
        outcome=InspectionRecord.Outcome.NO_ISSUE,
        representative_name="企业现场负责人",
        representative_signature=_drawn(n + 1),
        finished_on=visit.date,
    )
    notice = Publication.objects.get(record=record)
    publication.publication_publish(actor=people.head, publication=notice, published_on=add_workdays(visit.date, 2))
