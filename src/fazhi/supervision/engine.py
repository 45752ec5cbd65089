"""The warning engine (自动预警): rules as data evaluated over inspections as carried out.

Every rule is a pure function of plain rows (``Rec``) and its parameters, so the same code serves
the incremental check of one enterprise after each inspection event and the full rescan of a year
(``fazhi supervision scan``). A warning's ``key`` names the rule and the fact; storing is an
insert of the keys not yet present, so any number of scans never duplicates a warning.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core.ledger import SYSTEM, Event, ledger_append_many
from fazhi.core.workdays import add_workdays
from fazhi.inspections.models import FrequencyCap, InspectionRecord, Publication
from fazhi.registry.models import Enterprise, Matter, Officer
from fazhi.supervision.models import Warning, WarningRule

ON_SITE = {InspectionRecord.Mode.ON_SITE, InspectionRecord.Mode.NO_CODE}


@dataclass
class Rec:
    id: int
    enterprise_id: int
    date: dt.date
    mode: str
    inspection_type: str
    status: str
    outcome: str
    lead_body_id: int
    joint_inspection_id: int | None
    filing_due: dt.date | None
    filed_at: dt.datetime | None
    result_due: dt.date | None
    result_sent_at: dt.datetime | None
    bodies: set[int] = field(default_factory=set)
    matters: set[int] = field(default_factory=set)
    officers: set[int] = field(default_factory=set)
    publication: tuple[str, dt.date, dt.datetime | None] | None = None


@dataclass
class Fact:
    rule: str
    key: str
    enterprise_id: int | None
    body_id: int | None
    day: dt.date
    summary: str
    records: list[int]
    evidence: dict[str, Any] = field(default_factory=dict)
    region_id: int | None = None  # facts without an enterprise (cases of persons) say where
    case_id: int | None = None


@dataclass
class Context:
    """What rules read besides the records: officers, enterprises, matters, caps, today."""

    today: dt.date
    officers: dict[int, tuple[int, str, dt.date | None, str]]  # id: (body, status, valid_until, name)
    enterprises: dict[int, tuple[int, bool, dt.date | None, str]]  # id: (region, dnd, dnd_until, name)
    matter_body: dict[int, int]
    caps: dict[tuple[int, int | None], int]


def _local(value: dt.datetime | None) -> dt.date | None:
    return timezone.localdate(value) if value else None


# --- loading ------------------------------------------------------------------------------------


def load(*, start: dt.date, end: dt.date, enterprise_ids: Iterable[int] | None = None) -> list[Rec]:
    """The records in [start, end], with their departments, matters, team and notice, in five
    queries whatever their number."""
    qs = InspectionRecord.objects.filter(date__gte=start, date__lte=end).exclude(
        status=InspectionRecord.Status.CANCELLED
    )
    if enterprise_ids is not None:
        qs = qs.filter(enterprise_id__in=list(enterprise_ids))
    fields = [
        "id",
        "enterprise_id",
        "date",
        "mode",
        "inspection_type",
        "status",
        "outcome",
        "lead_body_id",
        "joint_inspection_id",
        "filing_due",
        "filed_at",
        "result_due",
        "result_sent_at",
    ]
    recs = {row[0]: Rec(*row) for row in qs.values_list(*fields)}
    if not recs:
        return []
    ids = qs.values("id")
    for name, attr, column in (
        ("bodies", "bodies", "enforcementbody_id"),
        ("matters", "matters", "matter_id"),
        ("officers", "officers", "officer_id"),
    ):
        through = getattr(InspectionRecord, name).through
        for rid, other in through.objects.filter(inspectionrecord_id__in=ids).values_list(
            "inspectionrecord_id", column
        ):
            getattr(recs[rid], attr).add(other)
    for rid, status, due, published in Publication.objects.filter(record_id__in=ids).values_list(
        "record_id", "status", "due", "published_at"
    ):
        recs[rid].publication = (status, due, published)
    return sorted(recs.values(), key=lambda r: (r.date, r.id))


def context(today: dt.date, recs: list[Rec]) -> Context:
    officer_ids = {o for r in recs for o in r.officers}
    enterprise_ids = {r.enterprise_id for r in recs}
    return Context(
        today=today,
        officers={
            pk: (body, status, until, name)
            for pk, body, status, until, name in Officer.objects.filter(pk__in=officer_ids).values_list(
                "pk", "body_id", "status", "valid_until", "name"
            )
        },
        enterprises={
            pk: (region, dnd, until, name)
            for pk, region, dnd, until, name in Enterprise.objects.filter(pk__in=enterprise_ids).values_list(
                "pk", "region_id", "do_not_disturb", "do_not_disturb_until", "name"
            )
        },
        matter_body=dict(Matter.objects.values_list("pk", "body_id")),
        caps={(b, m): n for b, m, n in FrequencyCap.objects.values_list("body_id", "matter_id", "max_per_year")},
    )


# --- the rules ----------------------------------------------------------------------------------


def _by_enterprise(recs: list[Rec]) -> dict[int, list[Rec]]:
    out: dict[int, list[Rec]] = defaultdict(list)
    for r in recs:
        out[r.enterprise_id].append(r)
    return out


def multi_agency(recs: list[Rec], p: dict[str, Any], ctx: Context) -> Iterable[Fact]:
    """多头检查: a department visits separately within ``window_days`` of another department's
    visit to the same enterprise (they should have joined)."""
    window = dt.timedelta(days=int(p.get("window_days", 30)))
    for ent, visits in _by_enterprise([r for r in recs if r.mode in ON_SITE]).items():
        for i, later in enumerate(visits):
            earlier = [e for e in visits[:i] if later.date - e.date <= window and not (e.bodies & later.bodies)]
            if earlier:
                first = earlier[-1]
                yield Fact(
                    "multi_agency",
                    f"multi_agency:{later.id}",
                    ent,
                    later.lead_body_id,
                    later.date,
                    _("%(ent)s: different departments visited separately within %(days)d days")
                    % {"ent": ctx.enterprises[ent][3], "days": (later.date - first.date).days},
                    [first.id, later.id],
                    {"window_days": window.days},
                )


def high_frequency(recs: list[Rec], p: dict[str, Any], ctx: Context) -> Iterable[Fact]:
    """高频检查: more on-site visits to one enterprise than ``per_day`` / ``per_week`` / ``per_month``."""
    limits = (
        ("day", int(p.get("per_day", 1)), lambda d: d.isoformat(), _("day")),
        ("week", int(p.get("per_week", 2)), lambda d: f"{d.isocalendar()[0]}-W{d.isocalendar()[1]:02d}", _("week")),
        ("month", int(p.get("per_month", 3)), lambda d: f"{d:%Y-%m}", _("month")),
    )
    for ent, visits in _by_enterprise([r for r in recs if r.mode in ON_SITE]).items():
        for unit, limit, bucket, label in limits:
            groups: dict[str, list[Rec]] = defaultdict(list)
            for r in visits:
                groups[bucket(r.date)].append(r)
            for name, group in groups.items():
                if len(group) > limit:
                    last = group[-1]
                    yield Fact(
                        "high_frequency",
                        f"high_frequency:{unit}:{ent}:{name}",
                        ent,
                        last.lead_body_id,
                        last.date,
                        _("%(ent)s: %(n)d on-site inspections in %(period)s (at most %(limit)d a %(unit)s)")
                        % {
                            "ent": ctx.enterprises[ent][3],
                            "n": len(group),
                            "period": name,
                            "limit": limit,
                            "unit": label,
                        },
                        [r.id for r in group],
                        {"unit": unit, "limit": limit, "count": len(group)},
                    )


def repeat_matter(recs: list[Rec], p: dict[str, Any], ctx: Context) -> Iterable[Fact]:
    """重复检查: the same matter at the same enterprise again within ``window_days``."""
    window = dt.timedelta(days=int(p.get("window_days", 90)))
    for ent, visits in _by_enterprise(recs).items():
        last_seen: dict[int, Rec] = {}
        for r in visits:
            for m in sorted(r.matters):
                before = last_seen.get(m)
                if before is not None and r.date - before.date <= window:
                    yield Fact(
                        "repeat_matter",
                        f"repeat_matter:{r.id}:{m}",
                        ent,
                        ctx.matter_body.get(m, r.lead_body_id),
                        r.date,
                        _("%(ent)s: the same matter inspected again within %(days)d days")
                        % {"ent": ctx.enterprises[ent][3], "days": (r.date - before.date).days},
                        [before.id, r.id],
                        {"matter": m, "window_days": window.days},
                    )
                last_seen[m] = r


def over_cap(recs: list[Rec], p: dict[str, Any], ctx: Context) -> Iterable[Fact]:
    """超过年度频次上限: a department's routine checks of one enterprise in a year over its cap."""
    counts: dict[tuple[int, int, int], list[Rec]] = defaultdict(list)
    for r in recs:
        if r.inspection_type == "routine":
            for b in r.bodies:
                counts[b, r.enterprise_id, r.date.year].append(r)
    default = int(p.get("default_cap", settings.FAZHI_ROUTINE_CAP_PER_YEAR))
    for (body, ent, year), group in counts.items():
        cap = ctx.caps.get((body, None), default)
        for r in group[cap:]:
            yield Fact(
                "over_cap",
                f"over_cap:{body}:{r.id}",
                ent,
                body,
                r.date,
                _("%(ent)s: routine checks in %(year)d over the yearly cap of %(cap)d")
                % {"ent": ctx.enterprises[ent][3], "year": year, "cap": cap},
                [x.id for x in group],
                {"cap": cap, "count": len(group)},
            )


def no_plan(recs: list[Rec], p: dict[str, Any], ctx: Context) -> Iterable[Fact]:
    """无计划检查: a routine check not made from an approved plan."""
    for r in recs:
        if r.inspection_type == "routine" and r.joint_inspection_id is None:
            yield Fact(
                "no_plan",
                f"no_plan:{r.id}",
                r.enterprise_id,
                r.lead_body_id,
                r.date,
                _("%(ent)s: a routine check outside an approved plan") % {"ent": ctx.enterprises[r.enterprise_id][3]},
                [r.id],
            )


def single_officer(recs: list[Rec], p: dict[str, Any], ctx: Context) -> Iterable[Fact]:
    """单人执法: fewer than ``min_officers`` on the team."""
    minimum = int(p.get("min_officers", 2))
    for r in recs:
        if len(r.officers) < minimum:
            yield Fact(
                "single_officer",
                f"single_officer:{r.id}",
                r.enterprise_id,
                r.lead_body_id,
                r.date,
                _("%(ent)s: fewer than %(n)d officers") % {"ent": ctx.enterprises[r.enterprise_id][3], "n": minimum},
                [r.id],
                {"officers": len(r.officers)},
            )


def uncertified(recs: list[Rec], p: dict[str, Any], ctx: Context) -> Iterable[Fact]:
    """无证/过期证执法: an officer on the team without a certificate valid on the day."""
    for r in recs:
        for o in sorted(r.officers):
            body, _status, until, name = ctx.officers[o]
            if until is None or until < r.date:
                yield Fact(
                    "uncertified",
                    f"uncertified:{r.id}:{o}",
                    r.enterprise_id,
                    body,
                    r.date,
                    _("%(name)s had no valid certificate on %(day)s") % {"name": name, "day": r.date},
                    [r.id],
                    {"officer": o},
                )


def no_code_unfiled(recs: list[Rec], p: dict[str, Any], ctx: Context) -> Iterable[Fact]:
    """无码检查未按期报备."""
    for r in recs:
        if r.mode != InspectionRecord.Mode.NO_CODE or r.filing_due is None:
            continue
        filed = _local(r.filed_at)
        if (filed is None and ctx.today > r.filing_due) or (filed is not None and filed > r.filing_due):
            yield Fact(
                "no_code_unfiled",
                f"no_code_unfiled:{r.id}",
                r.enterprise_id,
                r.lead_body_id,
                r.filing_due,
                _("%(ent)s: inspection without a code not filed by %(day)s")
                % {"ent": ctx.enterprises[r.enterprise_id][3], "day": r.filing_due},
                [r.id],
            )


def inefficient(recs: list[Rec], p: dict[str, Any], ctx: Context) -> Iterable[Fact]:
    """低效检查: the same officer, the same enterprise, ``consecutive`` no-finding checks in a year."""
    n = int(p.get("consecutive", 3))
    runs: dict[tuple[int, int, int], list[Rec]] = defaultdict(list)
    for r in recs:
        if r.status != InspectionRecord.Status.FINISHED:
            continue
        for o in r.officers:
            run = runs[o, r.enterprise_id, r.date.year]
            if r.outcome == InspectionRecord.Outcome.NO_ISSUE:
                run.append(r)
                if len(run) >= n:
                    yield Fact(
                        "inefficient",
                        f"inefficient:{o}:{r.id}",
                        r.enterprise_id,
                        ctx.officers[o][0],
                        r.date,
                        _("%(name)s: %(n)d checks of %(ent)s in a row without a finding")
                        % {"name": ctx.officers[o][3], "n": len(run), "ent": ctx.enterprises[r.enterprise_id][3]},
                        [x.id for x in run],
                        {"officer": o},
                    )
            else:
                run.clear()


def late_feedback(recs: list[Rec], p: dict[str, Any], ctx: Context) -> Iterable[Fact]:
    for r in recs:
        if r.result_due is None:
            continue
        sent = _local(r.result_sent_at)
        if (sent is None and ctx.today > r.result_due) or (sent is not None and sent > r.result_due):
            yield Fact(
                "late_feedback",
                f"late_feedback:{r.id}",
                r.enterprise_id,
                r.lead_body_id,
                r.result_due,
                _("%(ent)s: result not sent to the enterprise by %(day)s")
                % {"ent": ctx.enterprises[r.enterprise_id][3], "day": r.result_due},
                [r.id],
            )


def late_publication(recs: list[Rec], p: dict[str, Any], ctx: Context) -> Iterable[Fact]:
    for r in recs:
        if r.publication is None:
            continue
        status, due, published = r.publication
        day = _local(published)
        if (status == Publication.Status.PENDING and ctx.today > due) or (day is not None and day > due):
            yield Fact(
                "late_publication",
                f"late_publication:{r.id}",
                r.enterprise_id,
                r.lead_body_id,
                due,
                _("%(ent)s: result not published by %(day)s")
                % {"ent": ctx.enterprises[r.enterprise_id][3], "day": due},
                [r.id],
            )


def do_not_disturb(recs: list[Rec], p: dict[str, Any], ctx: Context) -> Iterable[Fact]:
    """无事不扰: a routine on-site check of an enterprise on the do-not-disturb list."""
    for r in recs:
        _region, dnd, until, name = ctx.enterprises[r.enterprise_id]
        if r.inspection_type == "routine" and r.mode in ON_SITE and dnd and (until is None or until >= r.date):
            yield Fact(
                "do_not_disturb",
                f"do_not_disturb:{r.id}",
                r.enterprise_id,
                r.lead_body_id,
                r.date,
                _("%(ent)s is on the do-not-disturb list but had a routine check") % {"ent": name},
                [r.id],
            )


RULES: dict[str, Callable[[list[Rec], dict[str, Any], Context], Iterable[Fact]]] = {
    "multi_agency": multi_agency,
    "high_frequency": high_frequency,
    "repeat_matter": repeat_matter,
    "over_cap": over_cap,
    "no_plan": no_plan,
    "single_officer": single_officer,
    "uncertified": uncertified,
    "no_code_unfiled": no_code_unfiled,
    "inefficient": inefficient,
    "late_feedback": late_feedback,
    "late_publication": late_publication,
    "do_not_disturb": do_not_disturb,
}


# --- running and storing ---------------------------------------------------------------------------


def evaluate(recs: list[Rec], rules: list[WarningRule], ctx: Context) -> list[Fact]:
    facts: list[Fact] = []
    for rule in rules:
        if rule.enabled and rule.code in RULES:
            facts.extend(RULES[rule.code](recs, rule.params, ctx))
    return facts


def store(facts: list[Fact], rules: list[WarningRule], today: dt.date) -> list[Warning]:
    """Insert the warnings whose key is new; return them. Runs in one transaction."""
    if not facts:
        return []
    by_code = {r.code: r for r in rules}
    unique = {f.key: f for f in facts}
    existing: set[str] = set()
    keys = list(unique)
    for i in range(0, len(keys), 2000):
        existing |= set(Warning.objects.filter(key__in=keys[i : i + 2000]).values_list("key", flat=True))
    new = [f for k, f in unique.items() if k not in existing]
    if not new:
        return []
    enterprises = dict(
        Enterprise.objects.filter(pk__in={f.enterprise_id for f in new if f.region_id is None}).values_list(
            "pk", "region_id"
        )
    )
    due = add_workdays(today, settings.FAZHI_CORRECTION_WORKDAYS)
    with transaction.atomic():
        created = Warning.objects.bulk_create(
            [
                Warning(
                    rule=by_code[f.rule],
                    rule_version=by_code[f.rule].version,
                    key=f.key,
                    severity=by_code[f.rule].severity,
                    enterprise_id=f.enterprise_id,
                    body_id=f.body_id,
                    region_id=f.region_id or enterprises[f.enterprise_id or 0],
                    case_id=f.case_id,
                    day=f.day,
                    summary=f.summary[:300],
                    evidence={**f.evidence, "records": f.records, "rule_params": by_code[f.rule].params},
                    due=due,
                )
                for f in new
            ],
            batch_size=1000,
        )
        if not all(w.pk for w in created):  # backends that do not return ids on bulk insert
            ids = dict(Warning.objects.filter(key__in=[w.key for w in created]).values_list("key", "pk"))
            for w in created:
                w.pk = ids[w.key]
        Through = Warning.records.through
        Through.objects.bulk_create(
            [
                Through(warning_id=w.pk, inspectionrecord_id=rid)
                for w, f in zip(created, new, strict=True)
                for rid in set(f.records)
            ],
            batch_size=2000,
            ignore_conflicts=True,
        )
        ledger_append_many(
            actor=SYSTEM,
            events=[
                Event(
                    verb="warning.raised",
                    target_type="supervision.warning",
                    target_id=str(w.pk),
                    target_label=w.summary[:200],
                    payload={"rule": f.rule, "key": f.key, "records": f.records},
                )
                for w, f in zip(created, new, strict=True)
            ],
        )
    return created


def enabled_rules() -> list[WarningRule]:
    return list(WarningRule.objects.filter(enabled=True))


def check_enterprise(enterprise_id: int, *, today: dt.date | None = None) -> list[Warning]:
    """Incremental: after an event on one of the enterprise's inspections, its last year again."""
    today = today or timezone.localdate()
    recs = load(start=today - dt.timedelta(days=400), end=today + dt.timedelta(days=31), enterprise_ids=[enterprise_id])
    rules = enabled_rules()
    return store(evaluate(recs, rules, context(today, recs)), rules, today)


def scan(*, start: dt.date, end: dt.date, today: dt.date | None = None) -> dict[str, int]:
    """Full rescan of [start, end] (windows reach back a month before ``start``), then escalate
    warnings past their correction deadline. Idempotent."""
    today = today or timezone.localdate()
    recs = load(start=start - dt.timedelta(days=31), end=end)
    rules = enabled_rules()
    facts = [f for f in evaluate(recs, rules, context(today, recs)) if f.day >= start]
    created = store(facts, rules, today)
    from fazhi.supervision.case_rules import scan_cases

    case_created = scan_cases(today=today, since=start)
    escalated = Warning.objects.filter(
        status__in=[Warning.Status.OPEN, Warning.Status.SUBMITTED], due__lt=today, escalated_at__isnull=True
    ).update(escalated_at=timezone.now())
    return {
        "records": len(recs),
        "facts": len(facts),
        "created": len(created) + case_created,
        "escalated": escalated,
    }
