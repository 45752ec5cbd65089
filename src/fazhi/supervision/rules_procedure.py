"""Warning rules on how an inspection was carried out (程序): without a plan, a single officer,
an uncertified officer, a no-code inspection not filed, inefficiency, late feedback and late
publication of results."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from fazhi.inspections.models import InspectionRecord, Publication
from fazhi.supervision.facts import Context, Fact, Rec, local_day


def no_plan(recs: list[Rec], p: dict[str, Any], ctx: Context) -> Iterable[Fact]:
    """无计划检查: an inspection without approval — neither made from an approved visit (on site or
    remote) nor approved afterwards (事后补批, for a check that could not wait: not routine). The
    fact ends when the check is approved afterwards (``engine.clear``)."""
    for r in recs:
        if r.joint_inspection_id is not None or r.approved_at is not None:
            continue
        name = ctx.enterprises[r.enterprise_id][3]
        if r.inspection_type == "routine":
            summary = _("%(ent)s: a routine check outside an approved plan") % {"ent": name}
        else:
            summary = _("%(ent)s: an inspection without an approved plan, not yet approved afterwards") % {"ent": name}
        yield Fact("no_plan", f"no_plan:{r.id}", r.enterprise_id, r.lead_body_id, r.date, summary, [r.id])


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
        filed = local_day(r.filed_at)
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
        sent = local_day(r.result_sent_at)
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
        day = local_day(published)
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
