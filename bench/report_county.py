"""A county year at scale, every figure of the annual report (issue 23 "Bench").

  FAZHI_VAR_DIR=$(mktemp -d) python bench/report_county.py                                   # SQLite
  FAZHI_VAR_DIR=$(mktemp -d) FAZHI_DATABASE_URL=postgres://postgres@127.0.0.1/fazhi_NAME python bench/report_county.py

The county (20 townships, 400 villages, 5,000 enterprises) and its 30,000 publicity activities
come from ``bench/publicity.py``'s ``build()``; on top of it, this year (up to today) and, smaller,
last year, every register the figures read:

  inspections  200,000 inspection records this year (on site at a joint visit, on site alone,
               without a code, remote), with their bodies, matters and officers; the joint visits
               with their plan items and one coordination run per township and month; a quarter
               of that last year (the year-on-year change)
  supervision  warnings (a third corrected), enterprise supervisors
  disputes     50,000 disputes (one party each, ID number and phone sealed and blind-indexed),
               agreements, follow-up visits, mediator trainings
  training     officers, trainees (ID numbers sealed), study-group and training sessions with their
               attendance, law exams with candidates and scores, qualification results
  cases        20,000 cases decided this year (penalties and waivers), remedies, file reviews,
               compliance-guidance visits
  decisions    decisions with legality reviews, published comments in answered groups, expert
               sessions, hearings, normative documents
  people       files (five sealed identity fields), screenings, risk meetings, incidents, visits
  publicity    liaisons, studios, broadcasts and messages, model villages, culture sites, advisers'
               service logs

The fillers are in ``county_year.py``, ``county_cases.py`` and ``county_people.py`` beside this file.
Rows are bulk-inserted (the services would take hours for a county year; each row is what the
service writes: the same fields, sealed values sealed, blind indexes set). The figures must count
them: the bench fails if a main figure of the county is zero or missing.

Then it measures (a) ``figures_for`` for the county and each township, with the time of every
figure (the slowest are printed); target <= 10 s per region; (b) the annual report .docx of the
county from an empty cache (this year and last computed); target <= 30 s; (c) the figures page
(``/reports/``) from cached figures; target <= 300 ms; then one audited write (a channel created
through its service) and the next view, which must compute again (the cache key moved).
Prints one JSON line. Smaller runs: FAZHI_BENCH_INSPECTIONS, FAZHI_BENCH_DISPUTES,
FAZHI_BENCH_ACTIVITIES. FAZHI_BENCH_REUSE=1 measures a county built by an earlier run again (same
FAZHI_DATABASE_URL / FAZHI_VAR_DIR), without building.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from typing import Any

sys.path.insert(0, os.path.dirname(__file__))

from checkin import fresh_database
from county_cases import fill_cases, fill_decisions, fill_training
from county_people import fill_disputes, fill_people, fill_publicity
from county_year import INSPECTIONS, County, fill_inspections, fill_registry, fill_supervision
from publicity import build as build_publicity

os.environ["FAZHI_2FA_ROLES"] = ""
os.environ.setdefault("FAZHI_MANIFEST_STATIC", "0")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")

# the figures that must be counted (non-zero) for the county, so the bench cannot pass on empty data
MUST_COUNT = (
    "coordination.merged_inspections",
    "coordination.frequency_change_pct",
    "supervision.corrected",
    "disputes.screened",
    "disputes.resolution_rate",
    "disputes.follow_ups_on_time",
    "publicity.grassroots_sessions",
    "publicity.youth_activities",
    "publicity.broadcast_reach",
    "advisers.consultations",
    "training.sessions",
    "training.attendance",
    "study.attendance",
    "exams.participation_rate",
    "exams.excellence_rate",
    "officers.total",
    "cases.waived_enterprises",
    "reviews.procedure_rate",
    "guidance.visits",
    "decisions.reviewed",
    "decisions.opinions",
    "decisions.comments_answered_on_time",
    "people.files",
    "people.visits_on_time",
    "people.mental_screenings",
)


def build() -> tuple[int, dict[str, float], dict[str, int]]:
    """The county year; returns the county supervisor's id, build seconds per register, row counts."""
    times: dict[str, float] = {}
    t = time.perf_counter()
    supervisor = build_publicity()
    times["publicity_activities"] = time.perf_counter() - t
    c = County()
    t = time.perf_counter()
    reg = fill_registry(c)
    times["registry"] = time.perf_counter() - t
    made = {}
    for name, fn in (
        ("inspections", lambda: made.__setitem__("inspections", fill_inspections(c, reg, c.year, INSPECTIONS))),
        ("inspections_last_year", lambda: fill_inspections(c, reg, c.year - 1, INSPECTIONS // 4)),
        ("supervision", lambda: fill_supervision(c, reg)),
        ("disputes", lambda: fill_disputes(c)),
        ("training", lambda: fill_training(c, reg)),
        ("cases", lambda: fill_cases(c, reg)),
        ("decisions", lambda: fill_decisions(c, reg)),
        ("people", lambda: fill_people(c)),
        ("publicity_registers", lambda: fill_publicity(c)),
    ):
        t = time.perf_counter()
        fn()
        times[name] = time.perf_counter() - t
    from django.db import connection

    t = time.perf_counter()
    with connection.cursor() as cursor:  # what autovacuum does after a bulk load
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    times["analyze"] = time.perf_counter() - t
    from fazhi.cases.models import Case
    from fazhi.disputes.models import Dispute
    from fazhi.inspections.models import InspectionRecord, JointInspection
    from fazhi.publicity.models import Activity

    counts = {
        "inspection_records": InspectionRecord.objects.count(),
        "joint_inspections": JointInspection.objects.count(),
        "disputes": Dispute.objects.count(),
        "activities": Activity.objects.count(),
        "cases": Case.objects.count(),
    }
    return supervisor, {k: round(v, 1) for k, v in times.items()}, counts


def measure(supervisor_id: int) -> dict[str, Any]:
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from fazhi.accounts.models import Region, User
    from fazhi.core.figures import load_all
    from fazhi.core.models import LedgerHead
    from fazhi.publicity.services.network import channel_create
    from fazhi.reports import figures as report_figures
    from fazhi.reports.document import annual_report_docx

    year = timezone.localdate().year
    county = Region.objects.get(code="920001")
    towns = list(Region.objects.filter(level="township").order_by("code"))
    registry = load_all()
    # a served process has its URL configuration loaded (fazhi.core.warm); the figures' source links
    # reverse URLs, and the first reverse imports every view: not a figure's cost
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018

    # per figure, every region (the slowest are printed)
    per_figure: dict[str, float] = {}
    for region in [county, *towns]:
        for fid, fig in registry.items():
            t = time.perf_counter()
            fig(region, year)
            per_figure[fid] = per_figure.get(fid, 0.0) + time.perf_counter() - t
    slowest = sorted(per_figure.items(), key=lambda kv: -kv[1])[:12]

    # (a) figures_for, as the reports app calls it
    per_region = {}
    county_set = None
    for region in [county, *towns]:
        t = time.perf_counter()
        fs = report_figures.figures_for(region=region, year=year)
        per_region[region.name] = time.perf_counter() - t
        if region == county:
            county_set = fs
    assert county_set is not None
    empty = [fid for fid in MUST_COUNT if fid not in county_set.figures or not county_set.figures[fid]["value"]]
    assert not empty, f"figures not counted on the bench's data: {empty}"
    missing_kept = [m["id"] for m in county_set.missing if m["id"] in registry]

    # (b) the annual report .docx of the county, from an empty cache (this year and last computed)
    cache.clear()
    t = time.perf_counter()
    docx = annual_report_docx(region=county, year=year)
    docx_cold = time.perf_counter() - t
    t = time.perf_counter()
    annual_report_docx(region=county, year=year)
    docx_warm = time.perf_counter() - t

    # (c) the figures page from cached figures, then one audited write and the next view
    calls = []
    real = report_figures.figures_for

    def counting(**kw: Any) -> Any:
        calls.append(kw["year"])
        return real(**kw)

    report_figures.figures_for = counting  # type: ignore[assignment]
    client = Client()
    client.force_login(User.objects.get(pk=supervisor_id))
    args = {"region": county.code, "year": year}
    assert client.get("/reports/", args).status_code == 200
    cached = []
    calls.clear()
    for _ in range(15):
        t = time.perf_counter()
        assert client.get("/reports/", args).status_code == 200
        cached.append((time.perf_counter() - t) * 1000)
    assert not calls, "a cached view computed figures"
    seq_before = LedgerHead.objects.get(pk=1).seq
    village = Region.objects.filter(level="village").order_by("code").first()
    channel_create(actor=User.objects.get(pk=supervisor_id), village=village, kind="wechat", name="基准群", reach=10)
    seq_after = LedgerHead.objects.get(pk=1).seq
    t = time.perf_counter()
    assert client.get("/reports/", args).status_code == 200
    after_write = (time.perf_counter() - t) * 1000
    recomputed = sorted(calls)
    report_figures.figures_for = real  # type: ignore[assignment]
    assert seq_after > seq_before and {year - 1, year} <= set(recomputed), (seq_before, seq_after, recomputed)
    cached.sort()
    county_figs = county_set.figures
    return {
        "figures_s": {
            "county": round(per_region[county.name], 2),
            "township_max": round(max(v for k, v in per_region.items() if k != county.name), 2),
            "townships_sum": round(sum(v for k, v in per_region.items() if k != county.name), 2),
            "county_and_townships_sum": round(sum(per_region.values()), 2),
            "regions": len(per_region),
        },
        "figures_kept": len(county_figs),
        "figures_not_kept_county": missing_kept,
        "slowest_figures_s_all_regions": {k: round(v, 3) for k, v in slowest},
        "docx_s": {"cold_cache": round(docx_cold, 2), "warm_cache": round(docx_warm, 2), "bytes": len(docx)},
        "cached_view_ms": {
            "median": round(statistics.median(cached), 1),
            "p95": round(cached[int(len(cached) * 0.95) - 1], 1),
        },
        "after_audited_write": {
            "ledger_seq": [seq_before, seq_after],
            "recomputed_years": recomputed,
            "view_ms": round(after_write, 1),
        },
        "database": connection.vendor,
        "sample": {
            k: county_figs[k]["value"]
            for k in ("disputes.screened", "coordination.merged_inspections", "publicity.grassroots_sessions")
            if k in county_figs
        },
    }


def main() -> None:
    if os.environ.get("FAZHI_BENCH_REUSE"):  # measure a county already built by an earlier run
        import django

        django.setup()
        from django.contrib.auth import get_user_model

        supervisor, times, counts = get_user_model().objects.get(username="county_supervisor").pk, {}, {}
        built = 0.0
    else:
        fresh_database()
        t = time.perf_counter()
        supervisor, times, counts = build()
        built = time.perf_counter() - t
    result = measure(supervisor)
    print(
        json.dumps(
            {
                "bench": "report_county",
                "build_s": round(built, 1),
                "build_steps_s": times,
                "rows": counts,
                **result,
                "load_average": [round(x, 2) for x in os.getloadavg()],
            },
            ensure_ascii=False,
            default=str,
        )
    )


if __name__ == "__main__":
    main()
