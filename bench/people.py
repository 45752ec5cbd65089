"""Special-population files at county scale (issue 22): 50,000 files in ten townships, five sealed
identity fields each (250,000 encrypted values, a blind index on the ID number), 100 包抓 grid
workers per township, and 1,000,000 access-log rows.

  FAZHI_VAR_DIR=$(mktemp -d) FAZHI_DATABASE_URL=postgres://postgres@127.0.0.1/bench_people \\
      python bench/people.py
  (FAZHI_BENCH_FILES, FAZHI_BENCH_ACCESS_ROWS: a smaller scale)

Measures, in-process (server time, no network): a responsible official's list page (target
median <= 50 ms), the governance officer's list page (5,000 files), the audit administrator's
access-log page (<= 100 ms), and `fazhi keys rotate` to a new key and cipher (<= 5 minutes),
verified by decrypting every identity afterwards and comparing it with what was written. Prints
one JSON line.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import time
from typing import Any

sys.path.insert(0, os.path.dirname(__file__))
from checkin import fresh_database
from disputes import _timed

FILES = int(os.environ.get("FAZHI_BENCH_FILES", "50000"))
ACCESS_ROWS = int(os.environ.get("FAZHI_BENCH_ACCESS_ROWS", "1000000"))
os.environ["FAZHI_2FA_ROLES"] = ""
os.environ.setdefault("FAZHI_MANIFEST_STATIC", "0")


def identity(n: int) -> tuple[str, str, str, str, str]:
    from fazhi.core.validators import resident_id_check_character

    first17 = f"500238{1950 + n % 50}{1 + n % 12:02d}{1 + n % 28:02d}{n % 1000:03d}"
    return (f"基准人员{n}", first17 + resident_id_check_character(first17), f"基准村{n}号", f"139{n:08d}", f"监护人{n}")


def person_file(n: int, town: Any, area: Any, category: Any, today: dt.date) -> Any:
    """File ``n`` as ``people.services.files`` writes it: identity ``n`` sealed, blind-indexed and
    masked, in ``area`` (the township or one of its villages), the next visit due around ``today``."""
    from fazhi.core.masking import mask_id_number, mask_name, mask_phone
    from fazhi.people.models import PersonFile
    from fazhi.people.services.files import id_index

    name, number, address, phone, guardian = identity(n)
    return PersonFile(
        number=f"RQ-{town.code}-{n:06d}",
        township=town,
        village=area if area.pk != town.pk else None,
        area_path=area.path,
        category=category,
        name=name,
        id_number=number,
        id_index=id_index(number),
        address=address,
        phone=phone,
        guardian=guardian,
        name_masked=mask_name(name),
        id_masked=mask_id_number(number),
        phone_masked=mask_phone(phone),
        purpose="基准",
        legal_basis="基准",
        next_visit_due=today + dt.timedelta(days=n % 120 - 20),
    )


def main() -> None:
    fresh_database()
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")
    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from fazhi.accounts.models import OrgUnit, Region, RoleGrant, User
    from fazhi.accounts.roles import Role
    from fazhi.core import keys
    from fazhi.core.models import AccessLog
    from fazhi.people.models import PersonCategory, PersonFile

    call_command("migrate", verbosity=0)
    today = timezone.localdate()
    county = Region.objects.create(code="930001", name="基准县", level="county", path="/930001/")
    towns = []
    for t in range(10):
        code = f"930001{t:03d}"
        towns.append(
            Region.objects.create(code=code, name=f"镇{t}", level="township", parent=county, path=f"/930001/{code}/")
        )
    org = OrgUnit.objects.create(name="镇0人民政府", kind="township", region=towns[0])
    officer = User.objects.create(username="zongzhi", org_unit=org)
    RoleGrant.objects.create(user=officer, role=Role.GOVERNANCE_OFFICER)
    sys_org = OrgUnit.objects.create(name="运维", kind="system", region=county)
    audit = User.objects.create(username="audit", org_unit=sys_org)
    RoleGrant.objects.create(user=audit, role=Role.AUDIT_ADMIN)
    grids: dict[int, list[User]] = {}
    for town in towns:
        town_org = org if town == towns[0] else OrgUnit.objects.create(name=f"{town.name}政府", region=town)
        grids[town.pk] = []
        for g in range(100):
            u = User.objects.create(username=f"grid{town.code}-{g}", org_unit=town_org)
            RoleGrant.objects.create(user=u, role=Role.GRID_WORKER)
            grids[town.pk].append(u)
    categories = list(PersonCategory.objects.all())

    built = time.perf_counter()
    batch: list[PersonFile] = []
    through = PersonFile.responsible.through
    links = []
    for n in range(FILES):
        town = towns[n % 10]
        batch.append(person_file(n, town, town, categories[n % len(categories)], today))
        if len(batch) == 5000:
            for f in PersonFile.objects.bulk_create(batch):
                links.append(through(personfile_id=f.pk, user_id=grids[f.township_id][(f.pk // 10) % 100].pk))
            batch = []
    if batch:
        for f in PersonFile.objects.bulk_create(batch):
            links.append(through(personfile_id=f.pk, user_id=grids[f.township_id][(f.pk // 10) % 100].pk))
    through.objects.bulk_create(links, batch_size=10000)
    files_s = time.perf_counter() - built
    built = time.perf_counter()
    pks = list(PersonFile.objects.values_list("pk", flat=True))
    rows = []
    for n in range(ACCESS_ROWS):
        pk = pks[n % len(pks)]
        rows.append(
            AccessLog(
                user_id=officer.pk,
                username="grid",
                org_unit_name="镇政府",
                target_type="people.personfile",
                target_id=str(pk),
                target_label=f"RQ-{n}",
                reason="上门随访核对",
            )
        )
        if len(rows) == 20000:
            AccessLog.objects.bulk_create(rows)
            rows = []
    if rows:
        AccessLog.objects.bulk_create(rows)
    access_s = time.perf_counter() - built
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")

    grid = grids[towns[0].pk][7]
    c_grid, c_officer, c_audit = Client(), Client(), Client()
    c_grid.force_login(grid)
    c_officer.force_login(officer)
    c_audit.force_login(audit)

    def official_list() -> None:
        assert c_grid.get("/people/").status_code == 200

    def officer_list() -> None:
        assert c_officer.get("/people/", {"due": "soon", "page": 2}).status_code == 200

    def audit_page() -> None:
        r = c_audit.get("/system/access-log/", {"page": 3})
        assert r.status_code == 200, (r.status_code, r.get("Location"))

    ol, olq = _timed(official_list)
    gl, glq = _timed(officer_list)
    al, alq = _timed(audit_page)

    # rotation: a new key and cipher, every value re-sealed, then every identity decrypted and compared
    settings.FAZHI_DATA_KEYS = {**settings.FAZHI_DATA_KEYS, "bench2": "cd" * 32}
    settings.FAZHI_DATA_KEY_ID = "bench2"
    settings.FAZHI_DATA_CIPHER = "sm4-gcm"
    start = time.perf_counter()
    changed = keys.rotate()
    rotate_s = time.perf_counter() - start
    start = time.perf_counter()
    wrong = 0
    for n, (name, number, address, phone, guardian) in enumerate(
        PersonFile.objects.order_by("pk").values_list("name", "id_number", "address", "phone", "guardian").iterator()
    ):
        if (name, number, address, phone, guardian) != identity(n):
            wrong += 1
    verify_s = time.perf_counter() - start
    status = keys.status()
    left = sum(
        v for col, counts in status.items() if col.startswith("people.") for k, v in counts.items() if k != "bench2"
    )
    print(
        json.dumps(
            {
                "bench": "people",
                "db": connection.vendor,
                "files": FILES,
                "access_rows": ACCESS_ROWS,
                "load_files_s": round(files_s, 1),
                "load_access_s": round(access_s, 1),
                "official_list": {**ol, "queries": olq},
                "officer_list": {**gl, "queries": glq},
                "audit_access_log": {**al, "queries": alq},
                "rotate_s": round(rotate_s, 1),
                "rotated_values": changed,
                "verify_s": round(verify_s, 1),
                "wrong_after_rotate": wrong,
                "people_values_not_on_new_key": left,
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
