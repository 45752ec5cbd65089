"""Training at county scale (issue 19): the online platform's year for a county imported, and an
officer's year page.

  FAZHI_VAR_DIR=$(mktemp -d) python bench/training.py                                  # SQLite
  FAZHI_VAR_DIR=$(mktemp -d) FAZHI_DATABASE_URL=postgres://127.0.0.1/fazhi_bench_training python bench/training.py

20,000 learners (ID numbers encrypted, blind-indexed) × 10 courses = 200,000 rows in one workbook.
The import runs in a child process so its peak memory (max RSS) is its own; then the same file
again (nothing may change). Targets: import <= 60 s and <= 1 GiB; the same file again changes
nothing; an officer's year page median <= 50 ms. Prints one JSON line.
"""

from __future__ import annotations

import importlib
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, os.path.dirname(__file__))
from checkin import fresh_database

LEARNERS = int(os.environ.get("FAZHI_BENCH_LEARNERS", "20000"))
COURSES = int(os.environ.get("FAZHI_BENCH_COURSES", "10"))
os.environ["FAZHI_2FA_ROLES"] = ""
os.environ.setdefault("FAZHI_MANIFEST_STATIC", "0")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")


def _id_number(n: int) -> str:
    from fazhi.core.validators import resident_id_check_character

    first17 = f"500238{1970 + n % 30}{(n % 12) + 1:02d}{(n % 28) + 1:02d}{n % 1000:03d}"
    return first17 + resident_id_check_character(first17)


def build() -> tuple[Path, int, int]:
    """The county and its learners; returns (workbook path, the officer trainee's id, user id)."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone
    from openpyxl import Workbook

    from fazhi.accounts.models import OrgUnit, Region, RoleGrant, User
    from fazhi.accounts.roles import Role
    from fazhi.accounts.scopes import SystemUser
    from fazhi.registry.models import EnforcementBody, Officer
    from fazhi.training import services
    from fazhi.training.models import Trainee
    from fazhi.training.services.people import id_index_of

    call_command("migrate", verbosity=0)
    rng = random.Random(19)
    year = timezone.localdate().year
    county = Region.objects.create(code="930001", name="基准县", level="county", path="/930001/")
    towns = [
        Region.objects.create(
            code=f"930001{t:03d}", name=f"镇{t}", level="township", parent=county, path=f"/930001/930001{t:03d}/"
        )
        for t in range(20)
    ]
    justice = OrgUnit.objects.create(name="县司法局", kind="justice_bureau", region=county)
    org = OrgUnit.objects.create(name="镇0人民政府", kind="township", region=towns[0])
    body = EnforcementBody.objects.create(
        code="B0", name="镇0人民政府", level="township", region=towns[0], org_unit=org
    )
    officer = Officer.objects.create(name="基准执法员", body=body, certificate_no="CB000001", status="active")
    user = User.objects.create(username="county_supervisor", org_unit=justice)
    RoleGrant.objects.create(user=user, role=Role.COUNTY_SUPERVISOR)
    people = [
        Trainee(
            name=f"学员{n}",
            category="official",
            region=towns[n % len(towns)],
            id_number=_id_number(n),
            id_index=id_index_of(_id_number(n)),
        )
        for n in range(LEARNERS)
    ]
    Trainee.objects.bulk_create(people, batch_size=2000)
    actor = SystemUser("bench")
    me = services.trainee_for_officer(actor=actor, officer=officer, id_number=_id_number(LEARNERS + 1))
    # the officer's year: 10 offline sessions, 3 exams, online hours (the page's data)
    for s in range(10):
        session = services.session_create(
            actor=actor,
            region=towns[0],
            topic=f"培训{s}",
            day=timezone.localdate().replace(month=1 + s % 12, day=10),
            hours="4",
            place="会议室",
        )
        services.attendance_add(actor=actor, session=session, trainees=[me])
    for e in range(3):
        exam = services.law_exam_create(
            actor=actor, region=towns[0], title=f"考试{e}", day=timezone.localdate().replace(month=2 + e, day=5)
        )
        services.law_exam_candidates_add(actor=actor, exam=exam, trainees=[me])
        services.law_exam_scores_record(actor=actor, exam=exam, scores={me.pk: "91"})
    path = Path(tempfile.mkdtemp()) / "online.xlsx"
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("学时")
    ws.append(["姓名", "身份证号", "执法证号", "课程名称", "学时", "完成日期"])
    for n in range(LEARNERS):
        for c in range(COURSES):
            ws.append([f"学员{n}", _id_number(n), "", f"课程{c}", rng.choice([1, 1.5, 2, 3]), None])
    ws.append(["基准执法员", "", "CB000001", "课程0", 20, None])
    wb.save(path)
    del year
    return path, me.pk, user.pk


def run_import(path: str) -> None:
    """The child: one import, its report as JSON."""
    import django

    django.setup()
    from django.utils import timezone

    from fazhi.accounts.scopes import SystemUser
    from fazhi.training import services

    start = time.perf_counter()
    profile = os.environ.get("FAZHI_BENCH_PROFILE_TO")
    if profile:
        import cProfile

        prof = cProfile.Profile()
        prof.enable()
    with open(path, "rb") as fh:
        module = os.environ.get("FAZHI_BENCH_IMPORT_MODULE")  # another version of the import, for an A/B
        run = importlib.import_module(module).online_hours_import if module else services.online_hours_import
        report = run(actor=SystemUser("bench"), fh=fh, year=timezone.localdate().year)
    seconds = time.perf_counter() - start
    if profile:
        prof.disable()
        prof.dump_stats(profile)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    peak = usage.ru_maxrss / 1024  # KiB on Linux
    cpu = usage.ru_utime + usage.ru_stime  # the whole child, start-up included: less load-bound than wall time
    print(
        json.dumps(
            {
                "seconds": round(seconds, 1),
                "cpu_s": round(cpu, 1),
                "max_rss_mib": round(peak),
                "rows": report.rows,
                "created": report.created,
                "updated": report.updated,
                "unchanged": report.unchanged,
                "errors": len(report.errors),
                "written": report.written,
            }
        )
    )


def _child(path: Path) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, __file__, "import", str(path)], check=True, capture_output=True, text=True, env=os.environ
    )
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def page_times(trainee_id: int, user_id: int) -> dict[str, float]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from fazhi.accounts.models import User

    c = Client()
    c.force_login(User.objects.get(pk=user_id))
    url = f"/training/people/{trainee_id}/"
    assert c.get(url).status_code == 200
    times = []
    for _ in range(100):
        start = time.perf_counter()
        response = c.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as q:
        c.get(url)
    if os.environ.get("FAZHI_BENCH_PROFILE"):
        import cProfile
        import pstats

        prof = cProfile.Profile()
        prof.enable()
        for _ in range(20):
            c.get(url)
        prof.disable()
        pstats.Stats(prof, stream=sys.stderr).sort_stats("cumulative").print_stats(40)
        for other in ("/", "/registry/officers/"):
            t0 = time.perf_counter()
            for _ in range(20):
                c.get(other)
            print(other, round((time.perf_counter() - t0) * 50, 1), "ms", file=sys.stderr)
    times.sort()
    return {
        "median_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[int(len(times) * 0.95) - 1], 1),
        "queries": len(q.captured_queries),
    }


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "import":
        run_import(sys.argv[2])
        return
    fresh_database()
    started = time.perf_counter()
    path, trainee_id, user_id = build()
    build_s = time.perf_counter() - started
    from fazhi.core.models import LedgerEntry
    from fazhi.training.models import OnlineHours

    first = _child(path)
    ledger = LedgerEntry.objects.count()
    rows = OnlineHours.objects.count()
    again = _child(path)
    unchanged = LedgerEntry.objects.count() == ledger and OnlineHours.objects.count() == rows
    result = {
        "database": os.environ.get("FAZHI_DATABASE_URL", "sqlite").split(":")[0],
        "learners": LEARNERS,
        "rows": LEARNERS * COURSES + 1,
        "file_mib": round(path.stat().st_size / 2**20, 1),
        "build_s": round(build_s, 1),
        "import_first": first,
        "import_again": again,
        "again_changed_nothing": unchanged and again["created"] == 0 and again["updated"] == 0,
        "year_page": page_times(trainee_id, user_id),
    }
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
