"""Warning rules on the burden inspections put on enterprises (扰企): several agencies or many
visits in a window, the same matter again, over the yearly cap, a do-not-disturb enterprise."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from fazhi.inspections.caps import CapTable, Check, tally
from fazhi.supervision.facts import ON_SITE, Context, Fact, Rec, by_enterprise


def multi_agency(recs: list[Rec], p: dict[str, Any], ctx: Context) -> Iterable[Fact]:
    """多头检查: a department visits separately within ``window_days`` of another department's
    visit to the same enterprise (they should have joined)."""
    window = dt.timedelta(days=int(p.get("window_days", 30)))
    for ent, visits in by_enterprise([r for r in recs if r.mode in ON_SITE]).items():
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
    for ent, visits in by_enterprise([r for r in recs if r.mode in ON_SITE]).items():
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
    for ent, visits in by_enterprise(recs).items():
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
    """超过年度频次上限: routine checks of one enterprise in a year over the cap of their scope —
    counted by ``inspections.caps.tally`` like plan intake and coordination: per body and matter
    where the matter has its own cap, else per body; remote checks never count."""
    table = CapTable(ctx.caps, int(p.get("default_cap", settings.FAZHI_ROUTINE_CAP_PER_YEAR)))
    checks = [
        Check(
            r.id,
            r.enterprise_id,
            r.date,
            r.inspection_type,
            r.mode not in ON_SITE,
            tuple((ctx.matter_body.get(m, r.lead_body_id), m) for m in sorted(r.matters))
            or tuple((b, None) for b in sorted(r.bodies)),
        )
        for r in recs
    ]
    for (scope, ent, year), group in tally(checks, table).items():
        body, matter = scope
        cap = table.cap(scope)
        for c in group[cap:]:
            yield Fact(
                "over_cap",
                f"over_cap:{body}:{c.key}" if matter is None else f"over_cap:{body}:{matter}:{c.key}",
                ent,
                body,
                c.day,
                _("%(ent)s: routine checks in %(year)d over the yearly cap of %(cap)d")
                % {"ent": ctx.enterprises[ent][3], "year": year, "cap": cap},
                [x.key for x in group],
                {"cap": cap, "count": len(group), "matter": matter},
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
