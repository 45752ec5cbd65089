"""The leaders' view of the figures (issue 23): the demo county (`fazhi demo`: this year and 峰灵镇's
last year), then the figures page (`/reports/`, this year beside last) for the county and each
township as the county supervisor, first computed and then from the cache.

  FAZHI_VAR_DIR=$(mktemp -d) python bench/reports.py                                   # SQLite
  FAZHI_VAR_DIR=$(mktemp -d) FAZHI_DATABASE_URL=postgres://postgres@127.0.0.1/bench_reports python bench/reports.py

Target (issue 23): a view from cached figures <= 300 ms. The first, computed view is measured too;
at the demo's size, not at the issue's county scale (a county year of 200,000 inspections is not
built here). Prints one JSON line.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))

from checkin import fresh_database

os.environ["FAZHI_2FA_ROLES"] = ""
os.environ.setdefault("FAZHI_MANIFEST_STATIC", "0")


def main() -> None:
    fresh_database()
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")
    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from fazhi.accounts.models import Region, User

    call_command("migrate", verbosity=0)
    t = time.perf_counter()
    call_command("demo", verbosity=0)
    demo_s = time.perf_counter() - t
    client = Client()
    client.force_login(User.objects.get(username="county_supervisor"))
    year = timezone.localdate().year - 1
    regions = list(Region.objects.filter(level__in=["county", "township"]).order_by("path"))
    first, cached = [], []
    queries = {}
    for region in regions:
        args = {"region": region.code, "year": year}
        t = time.perf_counter()
        assert client.get("/reports/", args).status_code == 200
        first.append((time.perf_counter() - t) * 1000)
        for _ in range(15):
            with CaptureQueriesContext(connection) as q:
                t = time.perf_counter()
                assert client.get("/reports/", args).status_code == 200
                cached.append((time.perf_counter() - t) * 1000)
            queries[region.name] = len(q)
    cached.sort()
    print(
        json.dumps(
            {
                "bench": "reports",
                "database": connection.vendor,
                "demo_s": round(demo_s, 1),
                "regions": len(regions),
                "computed_view_ms": {"median": round(statistics.median(first), 1), "max": round(max(first), 1)},
                "cached_view_ms": {
                    "median": round(statistics.median(cached), 1),
                    "p95": round(cached[int(len(cached) * 0.95) - 1], 1),
                },
                "cached_view_queries": queries,
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
