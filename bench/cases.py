"""Enforcement cases at county scale: 100,000 cases across 11 bodies, 300,000 step rows.

  FAZHI_VAR_DIR=$(mktemp -d) python bench/cases.py                                  # SQLite
  FAZHI_VAR_DIR=$(mktemp -d) FAZHI_DATABASE_URL=postgres://127.0.0.1/fazhi_bench_cases python bench/cases.py

Measures, in-process (server time, no network), the case list page (county supervisor and a
township body's inspector, several filters and deep pages) and the case page of fully worked
cases (documents, evidence, timeline), with the number of queries each costs; and the time to
generate the six case documents of one case together. Targets: constant queries; list and
detail median <= 50 ms; six documents <= 2 s. Prints one JSON line.
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

CASES = int(os.environ.get("FAZHI_BENCH_CASES", "100000"))
os.environ["FAZHI_2FA_ROLES"] = ""  # the page's cost, not the second factor's
os.environ.setdefault("FAZHI_MANIFEST_STATIC", "0")


def _stats(times: list[float]) -> dict[str, float]:
    times = sorted(times)
    return {
        "median_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[max(0, int(len(times) * 0.95) - 1)], 1),
        "max_ms": round(times[-1], 1),
    }


def main() -> None:
    fresh_database()
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")
    django.setup()
    from decimal import Decimal

    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone
    from stdnum.cn import uscc

    from fazhi.accounts.models import OrgUnit, Region, RoleGrant, User
    from fazhi.accounts.roles import Role
    from fazhi.accounts.scopes import SystemUser
    from fazhi.cases import services
    from fazhi.cases.models import Case, CaseStep, DiscretionBenchmark, DocumentKind, Violation
    from fazhi.cases.services.documents import document_generate
    from fazhi.registry.models import EnforcementBody, Enterprise, Officer

    call_command("migrate", verbosity=0)
    rng = random.Random(17)
    today = timezone.localdate()
    county = Region.objects.create(code="930001", name="基准县", level="county", path="/930001/")
    towns = [
        Region.objects.create(
            code=f"930001{t:03d}", name=f"镇{t}", level="township", parent=county, path=f"/930001/930001{t:03d}/"
        )
        for t in range(10)
    ]
    justice = OrgUnit.objects.create(name="县司法局", kind="justice_bureau", region=county)
    bodies, users = [], {}
    for i, region in enumerate([county, *towns]):
        org = OrgUnit.objects.create(name=f"执法主体{i}", kind="department" if i == 0 else "township", region=region)
        body = EnforcementBody.objects.create(
            code=f"B{i}",
            name=f"执法主体{i}",
            short_name=f"执法{i}",
            level="county" if i == 0 else "township",
            region=region,
            org_unit=org,
        )
        bodies.append(body)
        for n in range(4):
            Officer.objects.create(
                name=f"执法员{i}-{n}",
                body=body,
                certificate_no=f"CB{i:02d}{n:03d}",
                valid_until=dt.date(2035, 1, 1),
                status="active",
            )
        if i == 1:
            u = User.objects.create(username="town_inspector", org_unit=org)
            RoleGrant.objects.create(user=u, role=Role.INSPECTOR)
            head = User.objects.create(username="town_head", org_unit=org)
            RoleGrant.objects.create(user=head, role=Role.BODY_HEAD)
            users["town_inspector"], users["town_head"] = u, head
    sup = User.objects.create(username="county_supervisor", org_unit=justice)
    RoleGrant.objects.create(user=sup, role=Role.COUNTY_SUPERVISOR)
    users["county_supervisor"] = sup
    violations = []
    for body in bodies:
        for n in range(5):
            v = Violation.objects.create(
                body=body,
                code=f"V{body.code}-{n}",
                name=f"违法行为{body.code}-{n}",
                violated_provision="某法第一条",
                penalty_provision="某法第二条",
            )
            DiscretionBenchmark.objects.create(
                violation=v, circumstance="ordinary", description="一般", fine_min=1000, fine_max=50000
            )
            violations.append(v)
    enterprises = []
    for n in range(5000):
        town = towns[n % 10]
        base = f"91{town.code[:6]}{n:09d}"
        enterprises.append(Enterprise(uscc=base + uscc.calc_check_digit(base), name=f"基准企业{n}", region=town))
    Enterprise.objects.bulk_create(enterprises, batch_size=2000)
    enterprises = list(Enterprise.objects.all())
    town_of = {t.pk: i for i, t in enumerate(towns)}
    statuses = [
        "registered",
        "filed",
        "proposed",
        "notified",
        "decided",
        "served",
        "executed",
        "closed",
        "closed",
        "closed",
    ]
    built = time.perf_counter()
    batch: list[Case] = []
    for n in range(CASES):
        ent = enterprises[rng.randrange(len(enterprises))]
        town_index = town_of[ent.region_id]
        body = bodies[0] if n % 5 == 0 else bodies[town_index + 1]
        v = violations[bodies.index(body) * 5 + n % 5]
        status = statuses[n % len(statuses)]
        filed = today - dt.timedelta(days=rng.randrange(1, 700))
        batch.append(
            Case(
                number=f"{body.short_name}立〔{filed.year}〕{n}号",
                body=body,
                region_id=ent.region_id,
                source="inspection",
                party_kind="organisation",
                enterprise=ent,
                party_name=ent.name,
                violation=v,
                occurred_on=filed - dt.timedelta(days=3),
                facts="基准案件事实",
                status=status,
                filed_on=None if status == "registered" else filed,
                decision_due=None if status == "registered" else filed + dt.timedelta(days=90),
                decided_on=filed + dt.timedelta(days=30)
                if status in {"decided", "served", "executed", "closed"}
                else None,
                service_due=filed + dt.timedelta(days=40)
                if status in {"decided", "served", "executed", "closed"}
                else None,
                outcome="penalty" if status not in {"registered", "filed"} else "",
                fine=Decimal(rng.randrange(1, 50) * 1000),
            )
        )
        if len(batch) == 5000:
            Case.objects.bulk_create(batch)
            batch = []
    if batch:
        Case.objects.bulk_create(batch)
    steps = [
        CaseStep(case_id=cid, kind=k, day=today, summary=k)
        for cid in Case.objects.values_list("id", flat=True).iterator()
        for k in ("register", "file", "investigate")
    ]
    CaseStep.objects.bulk_create(steps, batch_size=5000)
    load_s = time.perf_counter() - built
    # A live table has statistics and a visibility map (autovacuum); a freshly bulk-loaded one has
    # neither, and PostgreSQL then sorts all 100,000 rows for one page. Measure the live table.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")

    # fully worked cases of one township body, through the services (documents, evidence, steps)
    inspector, head = users["town_inspector"], users["town_head"]
    body = bodies[1]
    team = list(Officer.objects.filter(body=body)[:2])
    worked = []
    for n in range(10):
        ent = [e for e in enterprises if e.region_id == towns[0].pk][n]
        case = services.case_register(
            actor=inspector,
            body=body,
            violation=violations[5],
            source="other",
            party_kind="organisation",
            enterprise=ent,
            occurred_on=today - dt.timedelta(days=30),
            facts="仓库未设置安全警示标志，现场检查发现。",
        )
        case = services.case_file(actor=head, case=case, filed_on=today - dt.timedelta(days=25))
        case = services.case_investigate(
            actor=inspector,
            case=case,
            officers=team,
            day=today - dt.timedelta(days=25),
            record="执法人员出示证件后检查，发现问题。",
            certificate_shown=True,
        )
        for k in range(3):
            services.case_evidence_add(actor=inspector, case=case, kind="document", description=f"证据{k}")
        services.case_propose(
            actor=inspector,
            case=case,
            outcome="penalty",
            circumstance="ordinary",
            harm="slight",
            fine=Decimal(20000),
            discretion_note="按一般情节裁量。",
        )
        services.case_notify(actor=inspector, case=case, notified_on=today - dt.timedelta(days=20))
        services.case_decide(actor=head, case=case, decided_on=today - dt.timedelta(days=10))
        services.case_serve(
            actor=inspector, case=case, served_on=today - dt.timedelta(days=9), method="direct", recipient="负责人"
        )
        worked.append(case.pk)

    # six documents of one case, together
    doc_times = []
    case = Case.objects.select_related("body", "violation", "enterprise", "waiver").get(pk=worked[0])
    system = SystemUser("bench")
    from django.db import transaction

    for _ in range(10):
        start = time.perf_counter()
        with transaction.atomic():
            for kind in DocumentKind.values:
                document_generate(actor=system, case=case, kind=kind)
        doc_times.append((time.perf_counter() - start) * 1000)

    results: dict[str, object] = {
        "cases": Case.objects.count(),
        "steps": CaseStep.objects.count(),
        "load_s": round(load_s, 1),
    }
    list_params = [
        {},
        {"status": "open"},
        {"q": "基准企业12"},
        {"overdue": "1"},
        {"page": "200"},
        {"status": "closed", "page": "50"},
    ]
    for username in ("county_supervisor", "town_inspector"):
        c = Client()
        c.force_login(users[username])
        c.get("/cases/")
        times, queries = [], set()
        for _ in range(10):
            for p in list_params:
                with CaptureQueriesContext(connection) as ctx:
                    start = time.perf_counter()
                    r = c.get("/cases/", p)
                    times.append((time.perf_counter() - start) * 1000)
                assert r.status_code == 200, r.status_code
                queries.add(len(ctx))
        results[f"list_{username}"] = {**_stats(times), "requests": len(times), "queries": sorted(queries)}
        times, queries = [], set()
        for _ in range(5):
            for pk in worked:
                with CaptureQueriesContext(connection) as ctx:
                    start = time.perf_counter()
                    r = c.get(f"/cases/{pk}/")
                    times.append((time.perf_counter() - start) * 1000)
                assert r.status_code == 200, r.status_code
                queries.add(len(ctx))
        results[f"detail_{username}"] = {**_stats(times), "requests": len(times), "queries": sorted(queries)}
    results["six_documents"] = {**_stats(doc_times), "runs": len(doc_times)}
    results["database"] = connection.vendor
    print(json.dumps(results, ensure_ascii=False))


if __name__ == "__main__":
    main()
