"""Disputes at county scale (issue 21): 50,000 disputes over five years in ten townships, two
sealed parties each (100,000 encrypted ID numbers and phones with blind indexes).

  FAZHI_VAR_DIR=$(mktemp -d) python bench/disputes.py                                  # SQLite
  FAZHI_VAR_DIR=$(mktemp -d) FAZHI_DATABASE_URL=postgres://postgres@127.0.0.1/bench_disputes \
      python bench/disputes.py

Measures, in-process (server time, no network): the township's dispute list page filtered and
paged (the governance officer; target median <= 50 ms), the lookup of a party by ID number through
the blind index (<= 20 ms) and the duplicate-intake suggestion (<= 100 ms), with the queries each
costs. Prints one JSON line.
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

DISPUTES = int(os.environ.get("FAZHI_BENCH_DISPUTES", "50000"))
os.environ["FAZHI_2FA_ROLES"] = ""
os.environ.setdefault("FAZHI_MANIFEST_STATIC", "0")


def _stats(times: list[float]) -> dict[str, float]:
    times = sorted(times)
    return {
        "median_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[max(0, int(len(times) * 0.95) - 1)], 1),
        "max_ms": round(times[-1], 1),
    }


def _timed(fn, n: int = 30) -> tuple[dict[str, float], int]:  # type: ignore[no-untyped-def]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    fn()  # warm
    times = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return _stats(times), len(ctx.captured_queries)


def main() -> None:
    fresh_database()
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")
    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from fazhi.accounts.models import OrgUnit, Region, RoleGrant, User
    from fazhi.accounts.roles import Role
    from fazhi.core.validators import resident_id_check_character
    from fazhi.disputes import selectors
    from fazhi.disputes.models import Dispute, DisputeCategory, DisputeParty
    from fazhi.disputes.services import PartyInput, duplicate_candidates
    from fazhi.disputes.services.intake import id_index, phone_index

    call_command("migrate", verbosity=0)
    rng = random.Random(21)
    today = timezone.localdate()
    county = Region.objects.create(code="930001", name="基准县", level="county", path="/930001/")
    towns, villages = [], {}
    for t in range(10):
        code = f"930001{t:03d}"
        town = Region.objects.create(code=code, name=f"镇{t}", level="township", parent=county, path=f"/930001/{code}/")
        towns.append(town)
        villages[town.pk] = [
            Region.objects.create(
                code=f"{code}{v:03d}",
                name=f"村{t}-{v}",
                level="village",
                parent=town,
                path=f"{town.path}{code}{v:03d}/",
            )
            for v in range(10)
        ]
    org = OrgUnit.objects.create(name="镇0人民政府", kind="township", region=towns[0])
    officer = User.objects.create(username="zongzhi", org_unit=org)
    RoleGrant.objects.create(user=officer, role=Role.GOVERNANCE_OFFICER)
    categories = list(DisputeCategory.objects.all())

    def person_id(n: int) -> str:
        first17 = f"500238{1950 + n % 50}{1 + n % 12:02d}{1 + n % 28:02d}{n % 1000:03d}"
        return first17 + resident_id_check_character(first17)

    built = time.perf_counter()
    statuses = ["closed", "closed", "closed", "agreed", "referred", "terminated", "mediating", "registered"]
    batch: list[Dispute] = []
    for n in range(DISPUTES):
        town = towns[n % 10]
        village = villages[town.pk][rng.randrange(10)]
        received = today - dt.timedelta(days=rng.randrange(5 * 365))
        status = statuses[n % len(statuses)]
        batch.append(
            Dispute(
                number=f"JF{town.code}-{received.year}-{n:06d}",
                township=town,
                village=village,
                area_path=village.path,
                source="screening",
                category=categories[n % len(categories)],
                police_related=n % 3 == 0,
                police_flag_at_intake=n % 3 == 0,
                description="基准纠纷",
                received_on=received,
                status=status,
                outcome="resolved"
                if status in {"closed", "agreed"}
                else ("not_resolved" if status in {"referred", "terminated"} else ""),
                deadline=received + dt.timedelta(days=30) if status == "mediating" else None,
            )
        )
        if len(batch) == 5000:
            Dispute.objects.bulk_create(batch)
            batch = []
    if batch:
        Dispute.objects.bulk_create(batch)
    parties = []
    for pk in Dispute.objects.values_list("pk", flat=True).iterator():
        for side in ("applicant", "respondent"):
            n = 2 * pk + (side == "respondent")
            number, phone = person_id(n % 200_000), f"13{n % 1_000_000_000:09d}"
            parties.append(
                DisputeParty(
                    dispute_id=pk,
                    side=side,
                    name=f"当事人{n}",
                    id_number=number,
                    id_index=id_index(number),
                    phone=phone,
                    phone_index=phone_index(phone),
                )
            )
        if len(parties) >= 5000:
            DisputeParty.objects.bulk_create(parties)
            parties = []
    if parties:
        DisputeParty.objects.bulk_create(parties)
    load_s = time.perf_counter() - built
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")

    client = Client()
    client.force_login(officer)
    url = "/disputes/"

    def list_page() -> None:
        r = client.get(url, {"status": "closed", "category": categories[1].code, "page": 3})
        assert r.status_code == 200, r.status_code

    def list_first() -> None:
        assert client.get(url).status_code == 200

    sample = Dispute.objects.filter(township=towns[0]).order_by("pk")[100]
    party = sample.parties.order_by("pk").first()
    assert party is not None
    wanted = party.id_number

    def lookup() -> None:
        found = list(selectors.dispute_list(user=officer, party_id_number=wanted)[:25])
        assert sample in found

    def duplicates() -> None:
        duplicate_candidates(
            township=sample.township,
            category=sample.category,
            parties=[PartyInput(name=p.name, id_number=p.id_number, phone=p.phone) for p in sample.parties.all()],
            day=sample.received_on,
        )

    if os.environ.get("FAZHI_BENCH_PROFILE"):
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            list_page()
        for q in ctx.captured_queries:
            print(q["time"], q["sql"][:400])
    lp, lq = _timed(list_page)
    lf, lfq = _timed(list_first)
    lk, lkq = _timed(lookup)
    dp, dq = _timed(duplicates)
    print(
        json.dumps(
            {
                "bench": "disputes",
                "database": connection.vendor,
                "disputes": Dispute.objects.count(),
                "parties": DisputeParty.objects.count(),
                "load_s": round(load_s, 1),
                "township_list_filtered_page3": {**lp, "queries": lq},
                "township_list_first_page": {**lf, "queries": lfq},
                "blind_index_lookup": {**lk, "queries": lkq},
                "duplicate_suggestion": {**dp, "queries": dq},
            }
        )
    )


if __name__ == "__main__":
    main()
