"""The county year of ``bench/report_county.py``: shared helpers, the registry (bodies, officers,
enterprises), the inspection records with their joint visits and coordination runs, and the
supervision warnings. Rows are bulk-inserted as the services would write them."""

from __future__ import annotations

import datetime as dt
import os
import random
from typing import Any

INSPECTIONS = int(os.environ.get("FAZHI_BENCH_INSPECTIONS", "200000"))
DISPUTES = int(os.environ.get("FAZHI_BENCH_DISPUTES", "50000"))
CASES = int(os.environ.get("FAZHI_BENCH_CASES", "20000"))
PEOPLE = int(os.environ.get("FAZHI_BENCH_FILES", "10000"))
TRAINEES = int(os.environ.get("FAZHI_BENCH_TRAINEES", "10000"))
ENTERPRISES = 5000


def _bulk(model: Any, rows: list[Any], size: int = 5000) -> list[Any]:
    return model.objects.bulk_create(rows, batch_size=size)


def _link(through: Any, columns: tuple[str, str], pairs: list[tuple[int, int]]) -> None:
    """Many-to-many rows as plain tuples (COPY on PostgreSQL, executemany on SQLite): no model
    object per link, which is most of the build's time at 200,000 records."""
    from django.db import connection

    table = through._meta.db_table
    cols = ", ".join(f'"{c}"' for c in columns)
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            with cur.cursor.copy(f'COPY "{table}" ({cols}) FROM STDIN') as copy:
                for row in pairs:
                    copy.write_row(row)
        else:
            cur.executemany(f'INSERT INTO "{table}" ({cols}) VALUES (%s, %s)', pairs)  # noqa: S608 (names from the model)


class County:
    """The regions and registry the fillers share."""

    def __init__(self) -> None:
        from django.utils import timezone

        from fazhi.accounts.models import Region

        self.rng = random.Random(23)
        self.today = timezone.localdate()
        self.year = self.today.year
        self.county = Region.objects.get(code="920001")
        self.towns = list(Region.objects.filter(level="township").order_by("code"))
        self.villages = list(Region.objects.filter(level="village").order_by("code"))
        self.villages_of: dict[int, list[Any]] = {}
        for v in self.villages:
            self.villages_of.setdefault(v.parent_id, []).append(v)
        self.town_of = {t.pk: t for t in self.towns}

    def day(self, year: int | None = None) -> dt.date:
        """A day of the year, up to today for this year."""
        year = year or self.year
        last = self.today if year == self.year else dt.date(year, 12, 31)
        return dt.date(year, 1, 1) + dt.timedelta(days=self.rng.randrange((last - dt.date(year, 1, 1)).days + 1))

    def at(self, day: dt.date, hour: int = 10) -> dt.datetime:
        from django.utils import timezone

        return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def fill_registry(c: County) -> dict[str, Any]:
    from stdnum.cn import uscc

    from fazhi.accounts.models import OrgUnit, RoleGrant, User
    from fazhi.accounts.roles import Role
    from fazhi.registry.models import EnforcementBody, Enterprise, Matter, Officer

    bodies, matters, officers = [], [], {}
    places = [(c.county, "county", f"县部门{d}") for d in range(30)] + [
        (t, "township", f"{t.name}综合行政执法办") for t in c.towns
    ]
    for i, (region, level, name) in enumerate(places):
        org = OrgUnit.objects.create(name=name, kind="department" if level == "county" else "township", region=region)
        body = EnforcementBody.objects.create(
            code=f"KB{i:02d}",
            name=name,
            short_name=f"执法{i}",
            level=level,
            region=region,
            published=True,
            org_unit=org,
        )
        bodies.append(body)
        matters.append(Matter.objects.create(code=f"KM{i:02d}", name=f"事项{i}", body=body, published=True))
        officers[body.pk] = _bulk(
            Officer,
            [
                Officer(
                    name=f"执法员{i}-{k}",
                    body=body,
                    certificate_no=f"KC{i:02d}{k:02d}",
                    status="active" if k < 10 else "pre_service",
                    valid_until=dt.date(c.year + 4, 1, 1) if k < 10 else None,
                )
                for k in range(12 if level == "county" else 6)
            ],
        )
    enterprises = []
    for n in range(ENTERPRISES):
        base = "91500238" + f"{n:09d}"
        enterprises.append(
            Enterprise(
                uscc=base + uscc.calc_check_digit(base), name=f"县企业{n}", region=c.villages[n % len(c.villages)]
            )
        )
    enterprises = _bulk(Enterprise, enterprises)
    # enterprise representatives serving as enforcement supervisors
    for n in range(30):
        org = OrgUnit.objects.create(name=f"监督企业{n}", kind="enterprise", region=c.villages[n])
        u = User.objects.create(username=f"supervisor{n}", org_unit=org)
        RoleGrant.objects.create(user=u, role=Role.ENFORCEMENT_SUPERVISOR)
    return {"bodies": bodies, "matters": matters, "officers": officers, "enterprises": enterprises}


def fill_inspections(c: County, reg: dict[str, Any], year: int, total: int) -> int:
    """``total`` inspection records of ``year``: 60 % on site at a joint visit (its plan items, one to
    three bodies, in the township's coordination run of the month), 15 % on site alone (immediate),
    10 % without a code, 15 % remote."""
    from fazhi.inspections.models import CoordinationRun, InspectionRecord, JointInspection, PlanItem

    rng = c.rng
    bodies, matters, officers, enterprises = reg["bodies"], reg["matters"], reg["officers"], reg["enterprises"]
    town_body = {b.region_id: i for i, b in enumerate(bodies) if b.level == "township"}
    village_town = {v.pk: v.parent_id for v in c.villages}
    ent_town = {e.pk: village_town[e.region_id] for e in enterprises}
    last_month = 12 if year < c.year else c.today.month
    runs = {
        (t.pk, m): CoordinationRun(region=t, month=dt.date(year, m, 1), method="bench", proof="lower_bound")
        for t in c.towns
        for m in range(1, last_month + 1)
    }
    _bulk(CoordinationRun, list(runs.values()))
    run_stats = {k: [0, 0, 0] for k in runs}  # items, separate visits, visits
    RecordBodies = InspectionRecord.bodies.through
    RecordMatters = InspectionRecord.matters.through
    RecordOfficers = InspectionRecord.officers.through
    JointOfficers = JointInspection.officers.through
    planned: set[tuple[int, int, int]] = set()
    made = 0
    while made < total:
        n = min(5000, total - made)
        joints, items, records, teams = [], [], [], []
        for _ in range(n):
            ent = enterprises[rng.randrange(len(enterprises))]
            town = ent_town[ent.pk]
            day = c.day(year)
            kind = rng.random()
            lead = rng.randrange(30) if rng.random() < 0.8 else town_body[town]
            team = rng.sample(officers[bodies[lead].pk][:10], 2)
            mode = "on_site" if kind < 0.75 else ("no_code" if kind < 0.85 else "remote")
            joint = None
            # a body plans a matter at an enterprise once a month (the plan's unique key)
            with_bodies = [
                b
                for b in dict.fromkeys([lead, *rng.sample(range(30), rng.choice([0, 0, 1, 2]))])
                if (b, ent.pk, day.month) not in planned
            ]
            if kind < 0.6 and with_bodies and with_bodies[0] == lead:
                planned.update((b, ent.pk, day.month) for b in with_bodies)
                key = (town, day.month)
                joint = JointInspection(
                    run=runs[key], enterprise=ent, date=day, lead_body=bodies[lead], status="approved"
                )
                items.append(
                    [
                        PlanItem(
                            body=bodies[b],
                            month=day.replace(day=1),
                            enterprise=ent,
                            matter=matters[b],
                            inspection_type="routine",
                            earliest=day.replace(day=1),
                            latest=day,
                        )
                        for b in with_bodies
                    ]
                )
                stats = run_stats[key]
                stats[0] += len(with_bodies)
                stats[1] += len(with_bodies)
                stats[2] += 1
            joints.append(joint)
            outcome = rng.choice(["no_issue", "no_issue", "no_issue", "rectify", "case"])
            records.append(
                InspectionRecord(
                    enterprise=ent,
                    lead_body=bodies[lead],
                    inspection_type="routine" if joint else "immediate",
                    date=day,
                    mode=mode,
                    remote_method="documents" if mode == "remote" else "",
                    no_code_reason="企业码无法识读" if mode == "no_code" else "",
                    status="finished",
                    started_at=c.at(day, 9),
                    finished_at=c.at(day, 11),
                    outcome=outcome,
                    findings="" if outcome == "no_issue" else "基准发现问题",
                    rectification_due=day + dt.timedelta(days=15) if outcome == "rectify" else None,
                )
            )
            teams.append((lead, team))
        made_joints = _bulk(JointInspection, [j for j in joints if j is not None])
        _link(
            JointOfficers,
            ("jointinspection_id", "officer_id"),
            [
                (j.pk, o.pk)
                for j, (_lead, team) in zip(
                    made_joints, [t for j, t in zip(joints, teams, strict=True) if j], strict=True
                )
                for o in team
            ],
        )
        plan_rows = []
        for j, its in zip(made_joints, items, strict=True):
            for it in its:
                it.joint_inspection_id = j.pk
                plan_rows.append(it)
        _bulk(PlanItem, plan_rows)
        for r, j in zip(records, joints, strict=True):
            r.joint_inspection = j
        made_records = _bulk(InspectionRecord, records)
        pairs = list(zip(made_records, teams, strict=True))
        _link(
            RecordBodies, ("inspectionrecord_id", "enforcementbody_id"), [(r.pk, bodies[b].pk) for r, (b, _t) in pairs]
        )
        _link(RecordMatters, ("inspectionrecord_id", "matter_id"), [(r.pk, matters[b].pk) for r, (b, _t) in pairs])
        _link(
            RecordOfficers,
            ("inspectionrecord_id", "officer_id"),
            [(r.pk, o.pk) for r, (_b, team) in pairs for o in team],
        )
        made += n
    # each run's figures as the solver would have stored them: every body's item a separate visit
    for key, run in runs.items():
        items_n, separate, visits = run_stats[key]
        CoordinationRun.objects.filter(pk=run.pk).update(
            items=items_n,
            separate_visits=separate,
            visits=visits,
            lower_bound=visits,
            merged_items=max(0, (items_n - visits) // 4),
        )
    return made


def fill_supervision(c: County, reg: dict[str, Any]) -> None:
    from fazhi.supervision.models import Warning, WarningRule

    rule = WarningRule.objects.order_by("pk").first() or WarningRule.objects.create(code="bench", name="基准规则")
    rows = []
    for n in range(6000):
        ent = reg["enterprises"][c.rng.randrange(ENTERPRISES)]
        body = reg["bodies"][n % 30]
        day = c.day()
        status = ["open", "submitted", "corrected", "dismissed", "corrected"][n % 5]
        rows.append(
            Warning(
                rule=rule,
                rule_version=rule.version,
                key=f"bench:{n}",
                severity=rule.severity,
                enterprise=ent,
                body=body,
                region_id=ent.region_id,
                day=day,
                summary="基准预警",
                status=status,
                due=day + dt.timedelta(days=10),
                correction="已整改" if status in {"submitted", "corrected"} else "",
                closed_at=c.at(day + dt.timedelta(days=5)) if status in {"corrected", "dismissed"} else None,
            )
        )
    _bulk(Warning, rows)
