"""The warning engine (自动预警): rules as data evaluated over inspections as carried out.

Every rule is a pure function of plain rows (``Rec``) and its parameters, so the same code serves
the incremental check of one enterprise after each inspection event and the full rescan of a year
(``fazhi supervision scan``). A warning's ``key`` names the rule and the fact; storing is an
insert of the keys not yet present, so any number of scans never duplicates a warning.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from fazhi.core.ledger import SYSTEM, Event, ledger_append_many
from fazhi.core.workdays import add_workdays
from fazhi.inspections.models import FrequencyCap, InspectionRecord, Publication
from fazhi.registry.models import Enterprise, Matter, Officer
from fazhi.supervision import rules_burden, rules_procedure
from fazhi.supervision.facts import ON_SITE, Context, Fact, Rec
from fazhi.supervision.models import Warning, WarningRule

__all__ = ["ON_SITE", "RULES", "Context", "Fact", "Rec", "check_enterprise", "enabled_rules", "scan", "store"]


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
        "approved_at",
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


# --- the rules (one module per family) -------------------------------------------------------------

RULES: dict[str, Callable[[list[Rec], dict[str, Any], Context], Iterable[Fact]]] = {
    "multi_agency": rules_burden.multi_agency,
    "high_frequency": rules_burden.high_frequency,
    "repeat_matter": rules_burden.repeat_matter,
    "over_cap": rules_burden.over_cap,
    "no_plan": rules_procedure.no_plan,
    "single_officer": rules_procedure.single_officer,
    "uncertified": rules_procedure.uncertified,
    "no_code_unfiled": rules_procedure.no_code_unfiled,
    "inefficient": rules_procedure.inefficient,
    "late_feedback": rules_procedure.late_feedback,
    "late_publication": rules_procedure.late_publication,
    "do_not_disturb": rules_burden.do_not_disturb,
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


# Rules whose fact a later lawful act ends: ``no_plan`` when the check is approved afterwards (事后补批).
CLEARS = {"no_plan"}


def clear(recs: list[Rec], facts: list[Fact], rules: list[WarningRule]) -> int:
    """Close the open warnings of the ``CLEARS`` rules whose fact no longer holds for these records
    (the rule, run again over them, no longer finds it): corrected, closed by no one, the reason
    said, in the ledger. Returns how many."""
    codes = {r.code for r in rules if r.enabled and r.code in CLEARS}
    if not codes or not recs:
        return 0
    ids = {r.id for r in recs}
    alive = {f.key for f in facts}
    gone = [
        (pk, key)
        for pk, key in Warning.objects.filter(
            rule__code__in=codes, status__in=[Warning.Status.OPEN, Warning.Status.SUBMITTED]
        ).values_list("pk", "key")
        if key not in alive and key.split(":")[-1].isdigit() and int(key.split(":")[-1]) in ids
    ]
    if not gone:
        return 0
    from django.utils.translation import gettext as _

    reason = _("Cleared: the inspection was approved afterwards (事后补批).")
    with transaction.atomic():
        Warning.objects.filter(pk__in=[pk for pk, _key in gone]).update(
            status=Warning.Status.CORRECTED, closed_at=timezone.now(), closed_by=None, close_reason=reason
        )
        ledger_append_many(
            actor=SYSTEM,
            events=[
                Event(
                    verb="warning.cleared",
                    target_type="supervision.warning",
                    target_id=str(pk),
                    target_label=key[:200],
                    payload={"key": key, "reason": reason},
                )
                for pk, key in gone
            ],
        )
    return len(gone)


def enabled_rules() -> list[WarningRule]:
    return list(WarningRule.objects.filter(enabled=True))


def check_enterprise(enterprise_id: int, *, today: dt.date | None = None) -> list[Warning]:
    """Incremental: after an event on one of the enterprise's inspections, its last year again."""
    today = today or timezone.localdate()
    recs = load(start=today - dt.timedelta(days=400), end=today + dt.timedelta(days=31), enterprise_ids=[enterprise_id])
    rules = enabled_rules()
    facts = evaluate(recs, rules, context(today, recs))
    clear(recs, facts, rules)
    return store(facts, rules, today)


def scan(*, start: dt.date, end: dt.date, today: dt.date | None = None) -> dict[str, int]:
    """Full rescan of [start, end] (windows reach back a month before ``start``), then escalate
    warnings past their correction deadline. Idempotent."""
    today = today or timezone.localdate()
    recs = load(start=start - dt.timedelta(days=31), end=end)
    rules = enabled_rules()
    found = evaluate(recs, rules, context(today, recs))
    cleared = clear(recs, found, rules)
    facts = [f for f in found if f.day >= start]
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
        "cleared": cleared,
    }
