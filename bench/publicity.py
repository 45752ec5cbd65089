"""Publicity at county scale (issue 20): a county year of 30,000 activities over 400 villages, and the
coverage heat table (village × quarter, all target groups and one) for the county.

  FAZHI_VAR_DIR=$(mktemp -d) python bench/publicity.py                                   # SQLite
  FAZHI_VAR_DIR=$(mktemp -d) FAZHI_DATABASE_URL=postgres://postgres@127.0.0.1/fazhi_NAME python bench/publicity.py

Rows are bulk-created (the bench measures the page, not the entry form). Target: the heat table's
page median <= 300 ms, the same number of queries whatever the filter. Prints one JSON line.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from checkin import fresh_database

ACTIVITIES = int(os.environ.get("FAZHI_BENCH_ACTIVITIES", "30000"))
VILLAGES = int(os.environ.get("FAZHI_BENCH_VILLAGES", "400"))
os.environ["FAZHI_2FA_ROLES"] = ""
os.environ.setdefault("FAZHI_MANIFEST_STATIC", "0")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")


def build() -> int:
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from fazhi.accounts.models import OrgUnit, Region, RoleGrant, User
    from fazhi.accounts.roles import Role
    from fazhi.publicity.models import Activity, ActivityTarget, ActivityType, Target, TargetGroup, VillageSetting

    call_command("migrate", verbosity=0)
    rng = random.Random(20)
    today = timezone.localdate()
    year = today.year
    county = Region.objects.create(code="920001", name="基准县", level="county", path="/920001/")
    towns = [
        Region.objects.create(
            code=f"920001{t:03d}", name=f"镇{t}", level="township", parent=county, path=f"/920001/920001{t:03d}/"
        )
        for t in range(20)
    ]
    villages = [
        Region.objects.create(
            code=f"{towns[v % 20].code}{v:03d}",
            name=f"村{v}",
            level="village",
            parent=towns[v % 20],
            path=f"{towns[v % 20].path}{towns[v % 20].code}{v:03d}/",
        )
        for v in range(VILLAGES)
    ]
    VillageSetting.objects.bulk_create(
        [VillageSetting(village=v, population=2000, remote=n % 5 == 0) for n, v in enumerate(villages)]
    )
    for t in towns:
        for q in (1, 2, 3, 4):
            Target.objects.create(region=t, year=year, quarter=q, metric="remote_sessions", value=2)
    justice = OrgUnit.objects.create(name="县司法局", kind="justice_bureau", region=county)
    user = User.objects.create(username="county_supervisor", org_unit=justice)
    RoleGrant.objects.create(user=user, role=Role.COUNTY_SUPERVISOR)
    types = list(ActivityType.objects.all())
    span = max(1, (today - dt.date(year, 1, 1)).days)
    groups = TargetGroup.values
    rows = []
    for _n in range(ACTIVITIES):
        v = villages[rng.randrange(VILLAGES)]
        joint = rng.random() < 0.35
        rows.append(
            Activity(
                type=rng.choice(types),
                day=dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(span + 1)),
                village=v,
                area_path=v.path,
                target_groups=[],
                organisers=["甲", "乙"] if joint else ["甲"],
                joint=joint,
                participants=rng.randrange(10, 300),
                materials=rng.randrange(0, 200),
            )
        )
    created = Activity.objects.bulk_create(rows, batch_size=2000)
    targets = []
    for a in created:
        chosen = rng.sample(groups, rng.choice([1, 1, 2]))
        targets.extend(ActivityTarget.of(a, g) for g in chosen)
    ActivityTarget.objects.bulk_create(targets, batch_size=5000)
    from django.db import connection

    with connection.cursor() as cursor:  # what autovacuum does after a bulk load: the planner's statistics
        cursor.execute("ANALYZE")
    return user.pk


def page_times(user_id: int) -> dict[str, object]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from fazhi.accounts.models import User

    c = Client()
    c.force_login(User.objects.get(pk=user_id))
    out: dict[str, object] = {}
    queries = {}
    for label, url in (("all", "/publicity/coverage/"), ("youth", "/publicity/coverage/?group=youth")):
        r = c.get(url)
        assert r.status_code == 200 and "村399".encode() in r.content
        times = []
        for _ in range(15):
            start = time.perf_counter()
            c.get(url)
            times.append((time.perf_counter() - start) * 1000)
        with CaptureQueriesContext(connection) as q:
            c.get(url)
        queries[label] = len(q.captured_queries)
        out[f"heat_{label}_median_ms"] = round(statistics.median(times), 1)
        out[f"heat_{label}_max_ms"] = round(max(times), 1)
    out["queries"] = queries
    return out


def main() -> None:
    fresh_database()
    t0 = time.perf_counter()
    user_id = build()
    result: dict[str, object] = {
        "bench": "publicity",
        "activities": ACTIVITIES,
        "villages": VILLAGES,
        "build_s": round(time.perf_counter() - t0, 1),
        "database": "postgresql" if os.environ.get("FAZHI_DATABASE_URL", "").startswith("postgres") else "sqlite",
    }
    result.update(page_times(user_id))
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
