"""Scan check-in under load: a county with 200,000 joint inspections, gunicorn as `fazhi serve` runs
it, 50 officers' phones scanning enterprise codes at once.

  FAZHI_VAR_DIR=$(mktemp -d) FAZHI_DATABASE_URL=postgres://127.0.0.1/fazhi_bench python bench/checkin.py

Phases, each with 50 concurrent clients:
  verdict         GET  /inspections/s/<enterprise code>/   the scan's answer (read), closed loop:
                  no think time, so latency = clients / throughput (the harshest case)
  verdict_paced   the same at a fixed offered rate (FAZHI_BENCH_RATES, default 50, 100, 150 a second)
  check-in        POST /inspections/s/<enterprise code>/   the check-in (write: record, checklist,
                  ledger), closed loop, every client checking in at its 20 visits
Prints one JSON line: throughput and p50/p95/p99 per phase. Target: p95 <= 100 ms.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import resource
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from http.client import HTTPConnection
from typing import Any

CLIENTS = int(os.environ.get("FAZHI_BENCH_CLIENTS", "50"))
VISITS = int(os.environ.get("FAZHI_BENCH_VISITS", "200000"))
ENTERPRISES = 5000
TODAY_PER_PAIR = 20
VERDICT_SECONDS = float(os.environ.get("FAZHI_BENCH_SECONDS", "20"))
PORT = int(os.environ.get("FAZHI_BENCH_PORT", "8765"))
WORKERS = int(os.environ.get("FAZHI_WEB_WORKERS", "3"))
RATES = [float(r) for r in os.environ.get("FAZHI_BENCH_RATES", "50,100,150").split(",") if r]


def fresh_database() -> None:
    url = os.environ.get("FAZHI_DATABASE_URL", "")
    if url.startswith("postgres"):
        import psycopg

        base, name = url.rsplit("/", 1)
        with psycopg.connect(f"{base}/postgres".replace("postgres://", "postgresql://"), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')


def build() -> list[tuple[str, list[str]]]:
    """The county; returns, per client, (session key, the enterprise codes it scans today)."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")
    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone
    from stdnum.cn import uscc

    from fazhi.accounts.models import OrgUnit, Region, RoleGrant, User
    from fazhi.core.workdays import WorkCalendar
    from fazhi.inspections import codes
    from fazhi.inspections.models import CoordinationRun, JointInspection, PlanItem
    from fazhi.registry.models import ChecklistItem, EnforcementBody, Enterprise, Matter, Officer

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    rng = random.Random(7)
    today = timezone.localdate()
    county = Region.objects.create(code="910001", name="基准县", level="county", path="/910001/")
    villages = [
        Region.objects.create(
            code=f"910001{n:03d}", name=f"村{n}", level="village", parent=county, path=f"/910001/910001{n:03d}/"
        )
        for n in range(50)
    ]
    bodies, matters, officers = [], [], []
    for d in range(30):
        org = OrgUnit.objects.create(name=f"部门{d}", kind=OrgUnit.Kind.DEPARTMENT, region=county)
        body = EnforcementBody.objects.create(
            code=f"CB{d:02d}", name=f"部门{d}", level="county", region=county, published=True, org_unit=org
        )
        matter = Matter.objects.create(code=f"CM{d:02d}", name=f"事项{d}", body=body, published=True)
        ChecklistItem.objects.bulk_create(ChecklistItem(matter=matter, seq=k, text=f"要点{d}-{k}") for k in range(1, 9))
        bodies.append(body)
        matters.append(matter)
        officers += Officer.objects.bulk_create(
            Officer(
                name=f"员{d}-{k}",
                body=body,
                certificate_no=f"CC{d:02d}{k:02d}",
                status="active",
                valid_until=dt.date(2030, 1, 1),
            )
            for k in range(12)
        )
    enterprises = Enterprise.objects.bulk_create(
        Enterprise(
            uscc="91500238" + (base := f"{n:09d}") + uscc.calc_check_digit("91500238" + base),
            name=f"企业{n}",
            region=villages[n % 50],
        )
        for n in range(ENTERPRISES)
    )
    year = WorkCalendar(dt.date(today.year, 1, 1), dt.date(today.year, 12, 31)).workdays()
    days = [d for d in year if d != today]
    runs = {
        m: CoordinationRun.objects.create(region=county, month=dt.date(today.year, m, 1), method="bench")
        for m in range(1, 13)
    }
    # 200,000 visits over the year, two officers of one body each
    Through = JointInspection.officers.through
    made = 0
    while made < VISITS:
        batch = []
        teams = []
        for _ in range(min(5000, VISITS - made)):
            body = rng.randrange(30)
            day = rng.choice(days)
            batch.append(
                JointInspection(
                    run=runs[day.month],
                    enterprise=enterprises[rng.randrange(ENTERPRISES)],
                    date=day,
                    lead_body=bodies[body],
                    status="approved",
                )
            )
            teams.append(rng.sample(officers[body * 12 : body * 12 + 12], 2))
        created = JointInspection.objects.bulk_create(batch)
        Through.objects.bulk_create(
            Through(jointinspection_id=v.pk, officer_id=o.pk)
            for v, team in zip(created, teams, strict=True)
            for o in team
        )
        made += len(batch)
    # today: each pair of client officers (one body) has TODAY_PER_PAIR visits at distinct enterprises
    clients: list[tuple[str, list[str]]] = []
    free = rng.sample(enterprises, CLIENTS // 2 * TODAY_PER_PAIR)
    for pair in range(CLIENTS // 2):
        body = pair % 30
        team = officers[body * 12 + 2 * (pair // 30) : body * 12 + 2 * (pair // 30) + 2]
        tokens = []
        for k in range(TODAY_PER_PAIR):
            ent = free[pair * TODAY_PER_PAIR + k]
            visit = JointInspection.objects.create(
                run=runs[today.month], enterprise=ent, date=today, lead_body=bodies[body], status="approved"
            )
            visit.officers.set(team)
            PlanItem.objects.create(
                body=bodies[body],
                month=today.replace(day=1),
                enterprise=ent,
                matter=matters[body],
                inspection_type="routine",
                earliest=today,
                latest=today,
                joint_inspection=visit,
            )
            tokens.append(codes.enterprise_token(ent.pk, ent.code_serial))
        for officer in team:
            user = User.objects.create_user(
                username=f"bench{officer.pk}", password=None, org_unit=bodies[body].org_unit
            )
            RoleGrant.objects.create(user=user, role="inspector")
            Officer.objects.filter(pk=officer.pk).update(user=user)
            session = SessionStore()
            session[SESSION_KEY] = str(user.pk)
            session[BACKEND_SESSION_KEY] = "fazhi.web.auth.Backend"
            session[HASH_SESSION_KEY] = user.get_session_auth_hash()
            session.create()
            clients.append((session.session_key or "", rng.sample(tokens, len(tokens))))
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("ANALYZE")
    else:
        with connection.cursor() as cur:
            cur.execute("ANALYZE")
    connection.close()
    return clients


def request(method: str, path: str, session: str, csrf: str) -> tuple[float, int]:
    start = time.perf_counter()
    conn = HTTPConnection("127.0.0.1", PORT, timeout=30)
    headers = {
        "Cookie": f"sessionid={session}; csrftoken={csrf}",
        "X-CSRFToken": csrf,
        "Referer": f"http://127.0.0.1:{PORT}/",
    }
    body = None
    if method == "POST":
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        body = "latitude=31.4&longitude=109.6"
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    response.read()
    conn.close()
    return time.perf_counter() - start, response.status


def phase(
    clients: list[tuple[str, list[str]]],
    method: str,
    seconds: float | None,
    rate: float | None = None,
    path: str = "/inspections/s/{}/",
) -> dict[str, Any]:
    """Closed loop (each client sends its next request when the last one is answered) or, with
    ``rate``, paced: the clients together offer ``rate`` requests a second on a fixed schedule, and
    latency is counted from the scheduled time (no coordinated omission)."""
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    lock = threading.Lock()
    stop = time.perf_counter() + seconds if seconds else None

    def run(session: str, tokens: list[str]) -> None:
        csrf = secrets.token_hex(16)
        mine: list[float] = []
        seen: dict[int, int] = {}
        i = 0
        interval = len(clients) / rate if rate else 0.0
        due = time.perf_counter() + random.random() * interval
        while True:
            if stop is not None and time.perf_counter() > stop:
                break
            if stop is None and i >= len(tokens):
                break
            if rate:
                pause = due - time.perf_counter()
                if pause > 0:
                    time.sleep(pause)
            took, status = request(method, path.format(tokens[i % len(tokens)]), session, csrf)
            if rate:
                took = time.perf_counter() - due
                due += interval
            mine.append(took)
            seen[status] = seen.get(status, 0) + 1
            i += 1
        with lock:
            latencies.extend(mine)
            for k, v in seen.items():
                statuses[k] = statuses.get(k, 0) + v

    threads = [threading.Thread(target=run, args=c) for c in clients]
    before = resource.getrusage(resource.RUSAGE_SELF)
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_SELF)
    client_cpu = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) / wall
    latencies.sort()

    def pct(p: float) -> float:
        return round(1000 * latencies[min(len(latencies) - 1, int(p * len(latencies)))], 1)

    return {
        "requests": len(latencies),
        "seconds": round(wall, 1),
        "per_second": round(len(latencies) / wall, 1),
        "p50_ms": pct(0.50),
        "p95_ms": pct(0.95),
        "p99_ms": pct(0.99),
        "mean_ms": round(1000 * statistics.fmean(latencies), 1),
        "statuses": statuses,
        "client_cpu_cores": round(client_cpu, 2),  # what the load generator itself took of the 2 cores
    }


def wait_for_port() -> None:
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", PORT), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start")


def main() -> None:
    fresh_database()
    t0 = time.perf_counter()
    clients = build()
    built = time.perf_counter() - t0
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "fazhi.wsgi:application",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            str(WORKERS),
            "--log-level",
            "warning",
        ],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "fazhi.settings"},
    )
    try:
        wait_for_port()
        phase(clients[:4], "GET", 2)  # warm the workers
        # the framework's own ceiling on this machine: the login page (no query but the session)
        baseline = phase(clients, "GET", VERDICT_SECONDS / 2, path="/accounts/login/")
        verdict = phase(clients, "GET", VERDICT_SECONDS)
        paced = {f"{r:g}/s": phase(clients, "GET", VERDICT_SECONDS, rate=r) for r in RATES}
        checkin = phase(clients, "POST", None)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    db = os.environ.get("FAZHI_DATABASE_URL", "sqlite").split(":", 1)[0]
    print(
        json.dumps(
            {
                "database": db,
                "visits": VISITS,
                "clients": len(clients),
                "workers": WORKERS,
                "build_seconds": round(built, 1),
                "login_page_baseline": baseline,
                "verdict": verdict,
                "verdict_paced": paced,
                "check_in": checkin,
            }
        )
    )


if __name__ == "__main__":
    main()
