"""The whole coordination run at county scale through Django: build the problem from 20,000 plan
items, solve, store ~9,000 visits with teams. Run in a fresh var dir: `FAZHI_VAR_DIR=$(mktemp -d)`.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import resource
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")
django.setup()

from django.core.management import call_command  # noqa: E402
from stdnum.cn import uscc  # noqa: E402

from fazhi.accounts.models import Region  # noqa: E402
from fazhi.accounts.scopes import SystemUser  # noqa: E402
from fazhi.inspections.models import PlanItem  # noqa: E402
from fazhi.inspections.services import coordination_run_create  # noqa: E402
from fazhi.registry.models import EnforcementBody, Enterprise, Matter, Officer  # noqa: E402

MONTH = dt.date(2026, 12, 1)


def main() -> None:
    call_command("migrate", verbosity=0)
    rng = random.Random(5)
    county = Region.objects.create(code="900001", name="基准县", level="county", path="/900001/")
    villages = [
        Region.objects.create(
            code=f"900001{n:03d}", name=f"村{n}", level="village", parent=county, path=f"/900001/900001{n:03d}/"
        )
        for n in range(50)
    ]
    bodies = [
        EnforcementBody.objects.create(
            code=f"BB{d:02d}", name=f"部门{d}", level="county", region=county, published=True
        )
        for d in range(30)
    ]
    matters = [
        Matter.objects.create(code=f"BM{d:02d}", name=f"事项{d}", body=b, published=True, legal_basis="法")
        for d, b in enumerate(bodies)
    ]
    Officer.objects.bulk_create(
        [
            Officer(
                name=f"员{d}-{k}",
                body=b,
                certificate_no=f"BC{d:02d}{k:02d}",
                status="active",
                valid_until=dt.date(2030, 1, 1),
            )
            for d, b in enumerate(bodies)
            for k in range(12)
        ]
    )
    ents = []
    for n in range(5000):
        base = "91900001" + f"{n:09d}"
        ents.append(Enterprise(uscc=base + uscc.calc_check_digit(base), name=f"企业{n}", region=rng.choice(villages)))
    Enterprise.objects.bulk_create(ents, batch_size=1000)
    ents = list(Enterprise.objects.all())
    items = []
    seen: set[tuple[int, int]] = set()  # one line per body, enterprise, matter and month (a constraint)
    while len(items) < 20_000:
        d = rng.randrange(30)
        a = rng.randrange(1, 25)
        ent = rng.choice(ents)
        if (d, ent.pk) in seen:
            continue
        seen.add((d, ent.pk))
        items.append(
            PlanItem(
                body=bodies[d],
                month=MONTH,
                enterprise=ent,
                matter=matters[d],
                inspection_type="routine",
                earliest=MONTH.replace(day=a),
                latest=MONTH.replace(day=min(31, a + rng.choice([3, 7, 10, 14, 30]))),
            )
        )
    PlanItem.objects.bulk_create(items, batch_size=1000)
    started = time.perf_counter()
    run = coordination_run_create(actor=SystemUser("bench"), region=county, month=MONTH)
    seconds = time.perf_counter() - started
    print(
        json.dumps(
            {
                "scenario": "county run through Django",
                "items": run.items,
                "separate_visits": run.separate_visits,
                "visits": run.visits,
                "lower_bound": run.lower_bound,
                "unscheduled": run.unscheduled,
                "solver_seconds": round(run.seconds, 2),
                "total_seconds": round(seconds, 2),
                "peak_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            }
        )
    )


if __name__ == "__main__":
    main()
