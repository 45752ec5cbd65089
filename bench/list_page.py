"""Time the enterprise list page in-process (server time, no network) and count its queries."""

from __future__ import annotations

import json
import os
import statistics
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")
django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django_otp import DEVICE_ID_SESSION_KEY  # noqa: E402

from fazhi.accounts.models import User  # noqa: E402
from fazhi.accounts.twofactor import confirmed_totp  # noqa: E402
from fazhi.registry.models import Enterprise  # noqa: E402

REQUESTS = [
    {},
    {"risk_grade": "high"},
    {"risk_grade": "low", "page": "40"},
    {"q": "jxx"},  # pinyin initials
    {"q": "酒业"},
    {"industry": "加油站", "page": "3"},
    {"region_id": "{village}"},
    {"do_not_disturb": "0", "page": "200"},
]


def main() -> None:
    total = Enterprise.objects.count()
    results = {}
    for username in ("county_supervisor", "fl_inspector"):
        user = User.objects.get(username=username)
        c = Client()
        c.force_login(user)
        device = confirmed_totp(user)
        if device is not None:  # the supervisor's role requires two-factor: a session verified with it
            session = c.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()
        village = str(
            user.org_unit.region.children.order_by("pk").first().pk
            if user.org_unit.region.children.exists()
            else user.org_unit.region.pk
        )
        times, queries = [], set()
        c.get("/registry/enterprises/")  # warm
        for _ in range(15):
            for params in REQUESTS:
                p = {k: v.format(village=village) for k, v in params.items()}
                with CaptureQueriesContext(connection) as ctx:
                    start = time.perf_counter()
                    response = c.get("/registry/enterprises/", p)
                    times.append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200
                queries.add(len(ctx))
        times.sort()
        results[username] = {
            "requests": len(times),
            "median_ms": round(statistics.median(times), 1),
            "p95_ms": round(times[int(len(times) * 0.95) - 1], 1),
            "max_ms": round(times[-1], 1),
            "queries_per_page": sorted(queries),
        }
    print(json.dumps({"enterprises": total, **results}))


if __name__ == "__main__":
    main()
