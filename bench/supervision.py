"""Warning engine at county scale: a year of 200,000 inspections at 5,000 enterprises.

  FAZHI_VAR_DIR=$(mktemp -d) python bench/supervision.py                       # SQLite
  FAZHI_VAR_DIR=$(mktemp -d) FAZHI_DATABASE_URL=postgres://127.0.0.1/fazhi_bench_sup python bench/supervision.py

Measures the full rescan (`engine.scan` over the year, what `fazhi supervision scan` runs), the same
scan again (idempotent: nothing new), and the incremental check of one enterprise after an event
(median and p95 over 200 enterprises). Targets: rescan <= 20 s on PostgreSQL; incremental median
<= 20 ms. Prints one JSON line.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import resource
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from checkin import fresh_database

RECORDS = int(os.environ.get("FAZHI_BENCH_RECORDS", "200000"))
ENTERPRISES = 5000


def main() -> None:
    fresh_database()
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")
    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from stdnum.cn import uscc

    from fazhi.accounts.models import Region
    from fazhi.core.workdays import WorkCalendar
    from fazhi.inspections.models import CoordinationRun, InspectionRecord, JointInspection
    from fazhi.registry.models import EnforcementBody, Enterprise, Matter, Officer
    from fazhi.supervision import engine
    from fazhi.supervision.models import Warning

    call_command("migrate", verbosity=0)
    rng = random.Random(11)
    year = 2026
    county = Region.objects.create(code="920001", name="基准县", level="county", path="/920001/")
    towns = [
        Region.objects.create(
            code=f"920001{t:03d}", name=f"镇{t}", level="township", parent=county, path=f"/920001/920001{t:03d}/"
        )
        for t in range(10)
    ]
    villages = [
        Region.objects.create(
            code=f"{t.code}{v:03d}", name=f"村{v}", level="village", parent=t, path=f"{t.path}{t.code}{v:03d}/"
        )
        for t in towns
        for v in range(5)
    ]
    bodies = [
        EnforcementBody.objects.create(
            code=f"SB{d:02d}", name=f"部门{d}", level="county", region=county, published=True
        )
        for d in range(30)
    ]
    matters = [
        Matter.objects.create(code=f"SM{d:02d}{k}", name=f"事项{d}-{k}", body=b, published=True)
        for d, b in enumerate(bodies)
        for k in range(3)
    ]
    officers = Officer.objects.bulk_create(
        Officer(
            name=f"员{d}-{k}",
            body=b,
            certificate_no=f"SC{d:02d}{k:02d}",
            status="active",
            valid_until=dt.date(2030, 1, 1) if k else dt.date(year, 6, 30),  # one per body expires mid-year
        )
        for d, b in enumerate(bodies)
        for k in range(12)
    )
    enterprises = Enterprise.objects.bulk_create(
        Enterprise(
            uscc="91500238" + (base := f"{n:09d}") + uscc.calc_check_digit("91500238" + base),
            name=f"企业{n}",
            region=villages[n % len(villages)],
            do_not_disturb=n % 50 == 0,
        )
        for n in range(ENTERPRISES)
    )

    def noon(day: dt.date) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)

    days = WorkCalendar(dt.date(year, 1, 1), dt.date(year, 12, 31)).workdays()
    run = CoordinationRun.objects.create(region=county, month=dt.date(year, 1, 1), method="bench")
    made = 0
    tb, tm, to = InspectionRecord.bodies.through, InspectionRecord.matters.through, InspectionRecord.officers.through
    while made < RECORDS:
        n = min(5000, RECORDS - made)
        plans = JointInspection.objects.bulk_create(
            JointInspection(run=run, enterprise=enterprises[0], date=days[0], lead_body=bodies[0], status="approved")
            for _ in range(n)
        )
        rows, links = [], []
        for i in range(n):
            d = rng.randrange(30)
            mode = rng.choices(["on_site", "no_code", "remote"], [70, 5, 25])[0]
            day = rng.choice(days)
            sent = day if rng.random() > 0.02 else day + dt.timedelta(days=12)  # 2 % late feedback
            rows.append(
                InspectionRecord(
                    joint_inspection=plans[i] if mode == "on_site" else None,
                    enterprise=enterprises[rng.randrange(ENTERPRISES)],
                    lead_body=bodies[d],
                    inspection_type="routine"
                    if mode == "on_site"
                    else rng.choices(["lead", "immediate", "routine"], [80, 15, 5])[0],
                    date=day,
                    mode=mode,
                    status="finished",
                    outcome=rng.choices(["no_issue", "rectify", "case"], [80, 17, 3])[0],
                    filing_due=day + dt.timedelta(days=5) if mode == "no_code" else None,
                    filed_at=noon(day + dt.timedelta(days=rng.choice([1, 2, 3, 9]))) if mode == "no_code" else None,
                    result_due=day + dt.timedelta(days=7),
                    result_sent_at=noon(sent),
                )
            )
            team = rng.sample(officers[d * 12 : d * 12 + 12], 1 if rng.random() < 0.01 else 2)
            links.append((d, team))
        created = InspectionRecord.objects.bulk_create(rows, batch_size=2000)
        tb.objects.bulk_create(
            (
                tb(inspectionrecord_id=r.pk, enforcementbody_id=bodies[d].pk)
                for r, (d, _) in zip(created, links, strict=True)
            ),
            batch_size=5000,
        )
        tm.objects.bulk_create(
            (
                tm(inspectionrecord_id=r.pk, matter_id=matters[d * 3 + rng.randrange(3)].pk)
                for r, (d, _) in zip(created, links, strict=True)
            ),
            batch_size=5000,
        )
        to.objects.bulk_create(
            (
                to(inspectionrecord_id=r.pk, officer_id=o.pk)
                for r, (_, team) in zip(created, links, strict=True)
                for o in team
            ),
            batch_size=5000,
        )
        made += n
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    today = dt.date(year, 12, 31)
    t0 = time.perf_counter()
    first = engine.scan(start=dt.date(year, 1, 1), end=dt.date(year, 12, 31), today=today)
    rescan = time.perf_counter() - t0
    t0 = time.perf_counter()
    again = engine.scan(start=dt.date(year, 1, 1), end=dt.date(year, 12, 31), today=today)
    rescan_again = time.perf_counter() - t0
    sample = rng.sample(enterprises, 200)
    times = []
    for ent in sample:
        t0 = time.perf_counter()
        engine.check_enterprise(ent.pk, today=today)
        times.append(time.perf_counter() - t0)
    times.sort()
    by_rule = {}
    for code in engine.RULES:
        by_rule[code] = Warning.objects.filter(rule__code=code).count()
    print(
        json.dumps(
            {
                "database": connection.vendor,
                "records": RECORDS,
                "enterprises": ENTERPRISES,
                "rescan_seconds": round(rescan, 1),
                "rescan": first,
                "rescan_again_seconds": round(rescan_again, 1),
                "rescan_again_created": again["created"],
                "incremental_median_ms": round(1000 * statistics.median(times), 1),
                "incremental_p95_ms": round(1000 * times[int(0.95 * len(times))], 1),
                "peak_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
                "warnings_by_rule": by_rule,
            }
        )
    )


if __name__ == "__main__":
    main()
