"""A county year at scale, every figure of the annual report (issue 23 "Bench").

  FAZHI_VAR_DIR=$(mktemp -d) python bench/report_county.py                                   # SQLite
  FAZHI_VAR_DIR=$(mktemp -d) FAZHI_DATABASE_URL=postgres://postgres@127.0.0.1/fazhi_NAME python bench/report_county.py

The county (20 townships, 400 villages, 5,000 enterprises) and its 30,000 publicity activities
come from ``bench/publicity.py``'s ``build()``; on top of it, this year (up to today) and, smaller,
last year, every register the figures read:

  inspections  200,000 inspection records this year (on site at a joint visit, on site alone,
               without a code, remote), with their bodies, matters and officers; the joint visits
               with their plan items and one coordination run per township and month; a quarter
               of that last year (the year-on-year change)
  supervision  warnings (a third corrected), enterprise supervisors
  disputes     50,000 disputes (one party each, ID number and phone sealed and blind-indexed),
               agreements, follow-up visits, mediator trainings
  training     officers, trainees (ID numbers sealed), study-group and training sessions with their
               attendance, law exams with candidates and scores, qualification results
  cases        20,000 cases decided this year (penalties and waivers), remedies, file reviews,
               compliance-guidance visits
  decisions    decisions with legality reviews, published comments in answered groups, expert
               sessions, hearings, normative documents
  people       files (five sealed identity fields), screenings, risk meetings, incidents, visits
  publicity    liaisons, studios, broadcasts and messages, model villages, culture sites, advisers'
               service logs

Rows are bulk-inserted (the services would take hours for a county year; each row is what the
service writes: the same fields, sealed values sealed, blind indexes set). The figures must count
them: the bench fails if a main figure of the county is zero or missing.

Then it measures (a) ``figures_for`` for the county and each township, with the time of every
figure (the slowest are printed); target <= 10 s per region; (b) the annual report .docx of the
county from an empty cache (this year and last computed); target <= 30 s; (c) the figures page
(``/reports/``) from cached figures; target <= 300 ms; then one audited write (a channel created
through its service) and the next view, which must compute again (the cache key moved).
Prints one JSON line. Smaller runs: FAZHI_BENCH_INSPECTIONS, FAZHI_BENCH_DISPUTES,
FAZHI_BENCH_ACTIVITIES.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from typing import Any

sys.path.insert(0, os.path.dirname(__file__))

from checkin import fresh_database
from people import identity
from publicity import build as build_publicity

INSPECTIONS = int(os.environ.get("FAZHI_BENCH_INSPECTIONS", "200000"))
DISPUTES = int(os.environ.get("FAZHI_BENCH_DISPUTES", "50000"))
CASES = int(os.environ.get("FAZHI_BENCH_CASES", "20000"))
PEOPLE = int(os.environ.get("FAZHI_BENCH_FILES", "10000"))
TRAINEES = int(os.environ.get("FAZHI_BENCH_TRAINEES", "10000"))
ENTERPRISES = 5000
os.environ["FAZHI_2FA_ROLES"] = ""
os.environ.setdefault("FAZHI_MANIFEST_STATIC", "0")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")

# the figures that must be counted (non-zero) for the county, so the bench cannot pass on empty data
MUST_COUNT = (
    "coordination.merged_inspections",
    "coordination.frequency_change_pct",
    "supervision.corrected",
    "disputes.screened",
    "disputes.resolution_rate",
    "disputes.follow_ups_on_time",
    "publicity.grassroots_sessions",
    "publicity.youth_activities",
    "publicity.broadcast_reach",
    "advisers.consultations",
    "training.sessions",
    "training.attendance",
    "study.attendance",
    "exams.participation_rate",
    "exams.excellence_rate",
    "officers.total",
    "cases.waived_enterprises",
    "reviews.procedure_rate",
    "guidance.visits",
    "decisions.reviewed",
    "decisions.opinions",
    "decisions.comments_answered_on_time",
    "people.files",
    "people.visits_on_time",
    "people.mental_screenings",
)


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


def fill_disputes(c: County) -> None:
    """As ``bench/disputes.py`` fills them, over this year and the county's 20 townships."""
    from fazhi.core.validators import resident_id_check_character
    from fazhi.disputes.models import Agreement, Dispute, DisputeCategory, DisputeParty, FollowUp, MediatorTraining
    from fazhi.disputes.services.intake import id_index, phone_index

    rng = c.rng
    categories = list(DisputeCategory.objects.all())
    statuses = ["closed", "closed", "closed", "agreed", "referred", "terminated", "mediating", "registered"]
    rows = []
    for n in range(DISPUTES):
        town = c.towns[n % len(c.towns)]
        village = rng.choice(c.villages_of[town.pk])
        received = c.day()
        status = statuses[n % len(statuses)]
        police, petition = n % 7 == 0, n % 11 == 0
        rows.append(
            Dispute(
                number=f"JF{town.code}-{received.year}-{n:06d}",
                township=town,
                village=village,
                area_path=village.path,
                source="screening",
                category=categories[n % len(categories)],
                police_related=police,
                police_flag_at_intake=police and n % 3 != 0,
                petition_related=petition,
                petition_flag_at_intake=petition and n % 2 == 0,
                flags_reviewed_on=received + dt.timedelta(days=3) if n % 2 == 0 else None,
                description="基准纠纷",
                received_on=received,
                accepted_on=received,
                status=status,
                outcome="resolved"
                if status in {"closed", "agreed"}
                else ("not_resolved" if status in {"referred", "terminated"} else ""),
                closed_on=received + dt.timedelta(days=20) if status in {"closed", "referred", "terminated"} else None,
                deadline=received + dt.timedelta(days=30) if status == "mediating" else None,
                mass_incident_on=received + dt.timedelta(days=1) if n % 5000 == 0 else None,
            )
        )
    made = _bulk(Dispute, rows)

    def person_id(n: int) -> str:
        first17 = f"500238{1950 + n % 50}{1 + n % 12:02d}{1 + n % 28:02d}{n % 1000:03d}"
        return first17 + resident_id_check_character(first17)

    parties, agreements = [], []
    for d in made:
        number, phone = person_id(d.pk % 200_000), f"13{d.pk % 1_000_000_000:09d}"
        parties.append(
            DisputeParty(
                dispute_id=d.pk,
                side="applicant",
                name=f"当事人{d.pk}",
                id_number=number,
                id_index=id_index(number),
                phone=phone,
                phone_index=phone_index(phone),
            )
        )
        if d.status in {"closed", "agreed"}:
            made_on = d.received_on + dt.timedelta(days=10)
            agreements.append(
                Agreement(
                    dispute_id=d.pk,
                    form="written",
                    made_on=made_on,
                    terms="基准协议",
                    perform_by=made_on + dt.timedelta(days=30),
                    performance=["performed", "performed", "pending", "not_performed"][d.pk % 4],
                )
            )
    _bulk(DisputeParty, parties)
    made_agreements = _bulk(Agreement, agreements)
    follow = []
    for a in made_agreements:
        due = a.made_on + dt.timedelta(days=30)
        visited = due - dt.timedelta(days=1) if a.pk % 5 else due + dt.timedelta(days=3)
        follow.append(
            FollowUp(
                agreement_id=a.pk,
                dispute_id=a.dispute_id,
                due_on=due,
                visited_on=visited if visited <= c.today else None,
                performed=a.performance == "performed" if visited <= c.today else None,
            )
        )
    _bulk(FollowUp, follow)
    _bulk(
        MediatorTraining,
        [
            MediatorTraining(region=t, held_on=c.day(), title="调解员培训", hours=Decimal(4))
            for t in c.towns
            for _ in range(3)
        ],
    )


def fill_training(c: County, reg: dict[str, Any]) -> None:
    from fazhi.registry.models import Officer
    from fazhi.training.models import (
        Attendance,
        LawExam,
        LawExamCandidate,
        QualificationExam,
        QualificationResult,
        Session,
        Trainee,
    )
    from fazhi.training.services.people import id_index_of as id_index

    rng = c.rng
    regions = [c.county, *c.towns]
    trainees = []
    for n in range(TRAINEES):
        region = regions[n % len(regions)]
        number = identity(n + 500_000)[1]
        trainees.append(
            Trainee(
                name=f"学员{n}",
                category=["official", "village_cadre", "other"][n % 3],
                region=region,
                id_number=number,
                id_index=id_index(number),
            )
        )
    trainees = _bulk(Trainee, trainees)
    by_region: dict[int, list[Any]] = {}
    for t in trainees:
        by_region.setdefault(t.region_id, []).append(t)
    sessions = []
    for region in regions:
        for m in range(1, c.today.month + 1):
            day = dt.date(c.year, m, min(15, c.today.day if m == c.today.month else 15))
            sessions.append(Session(kind="study_group", topic="中心组学法", day=day, hours=Decimal(2), region=region))
            for k in range(3):
                sessions.append(
                    Session(kind="training", mode="offline", topic=f"培训{k}", day=day, hours=Decimal(3), region=region)
                )
            sessions.append(
                Session(kind="training", mode="online", topic="网络课程", day=day, hours=Decimal(8), region=region)
            )
    sessions = _bulk(Session, sessions)
    attendance = []
    for s in sessions:
        if s.mode == "online":
            continue
        people = by_region[s.region_id]
        for t in rng.sample(people, min(len(people), 40)):
            attendance.append(Attendance(session_id=s.pk, trainee_id=t.pk))
    _bulk(Attendance, attendance, 10000)
    candidates = []
    for region in regions:
        exam = LawExam.objects.create(title="年度学法考试", day=c.day(), region=region, max_score=100)
        for t in by_region[region.pk]:
            score = None if rng.random() < 0.05 else Decimal(rng.randrange(55, 101))
            candidates.append(LawExamCandidate(exam=exam, trainee=t, score=score))
    _bulk(LawExamCandidate, candidates, 10000)
    qexam = QualificationExam.objects.create(title="执法资格考试", day=c.day(), region=c.county)
    results = [
        QualificationResult(
            exam=qexam, officer=o, general_score=Decimal(70), special_score=Decimal(65), passed=o.pk % 3 != 0
        )
        for o in Officer.objects.filter(status="pre_service")
    ]
    _bulk(QualificationResult, results)


def fill_cases(c: County, reg: dict[str, Any]) -> None:
    from fazhi.accounts.models import OrgUnit, RoleGrant, User
    from fazhi.accounts.roles import Role
    from fazhi.cases.models import Case, CaseReview, DiscretionBenchmark, GuidanceVisit, Remedy, Violation, Waiver

    rng = c.rng
    bodies, enterprises = reg["bodies"], reg["enterprises"]
    violations, waivers = [], []
    for body in bodies:
        v = Violation.objects.create(
            body=body,
            code=f"KV{body.code}",
            name=f"违法行为{body.code}",
            violated_provision="某法第一条",
            penalty_provision="某法第二条",
        )
        DiscretionBenchmark.objects.create(
            violation=v, circumstance="ordinary", description="一般", fine_min=1000, fine_max=50000
        )
        violations.append(v)
        waivers.append(Waiver.objects.create(violation=v, kind="first_violation", legal_ground="某法第三条"))
    rows = []
    for n in range(CASES):
        ent = enterprises[rng.randrange(len(enterprises))]
        b = rng.randrange(len(bodies))
        filed = c.day()
        decided = min(filed + dt.timedelta(days=20), c.today)
        waived = n % 6 == 0
        rows.append(
            Case(
                number=f"{bodies[b].short_name}立〔{filed.year}〕{n}号",
                body=bodies[b],
                region_id=ent.region_id,
                source="inspection",
                party_kind="organisation",
                enterprise=ent,
                party_name=ent.name,
                violation=violations[b],
                occurred_on=filed - dt.timedelta(days=3),
                facts="基准案件事实",
                status="closed",
                filed_on=filed,
                decision_due=filed + dt.timedelta(days=90),
                decided_on=decided,
                service_due=decided + dt.timedelta(days=7),
                outcome="waiver" if waived else "penalty",
                waiver=waivers[b] if waived else None,
                circumstance="ordinary",
                harm="none" if waived else "slight",
                fine=Decimal(0) if waived else Decimal(rng.randrange(1, 50) * 1000),
            )
        )
    cases = _bulk(Case, rows)
    justice = OrgUnit.objects.get(kind="justice_bureau")
    reviewer = User.objects.create(username="case_reviewer", org_unit=justice)
    RoleGrant.objects.create(user=reviewer, role=Role.COUNTY_SUPERVISOR)
    _bulk(
        Remedy,
        [
            Remedy(
                case=k,
                kind="reconsideration" if k.pk % 2 else "litigation",
                filed_on=k.decided_on,
                organ="县政府",
                result=["upheld", "changed", "pending", "revoked"][k.pk % 4],
            )
            for k in cases[::100]
        ],
    )
    _bulk(
        CaseReview,
        [
            CaseReview(
                case=k,
                reviewer=reviewer,
                year=c.year,
                presentation=Decimal(28),
                content=Decimal(60),
                total=Decimal(88),
                procedure_ok=k.pk % 10 != 0,
                documents_ok=k.pk % 7 != 0,
                evidence_ok=k.pk % 9 != 0,
            )
            for k in cases[::20]
        ],
    )
    visits = _bulk(
        GuidanceVisit,
        [
            GuidanceVisit(
                body=bodies[n % len(bodies)],
                region=c.towns[n % len(c.towns)],
                kind="guidance" if n % 2 else "law_delivery",
                day=c.day(),
                topics="合规指导",
                problems_found=3,
                problems_solved=2,
            )
            for n in range(600)
        ],
    )
    Through = GuidanceVisit.enterprises.through
    _bulk(
        Through,
        [Through(guidancevisit_id=v.pk, enterprise_id=enterprises[rng.randrange(ENTERPRISES)].pk) for v in visits],
    )


def fill_decisions(c: County, reg: dict[str, Any]) -> None:
    from fazhi.decisions.models import (
        Comment,
        CommentGroup,
        Decision,
        DecisionStep,
        ExpertSession,
        LegalityReview,
        NormativeDocument,
    )

    rng = c.rng
    decisions = []
    for n, region in enumerate([c.county, *c.towns] * 8):
        opens = c.day() - dt.timedelta(days=40)
        decisions.append(
            Decision(
                region=region,
                year=c.year,
                title=f"重大行政决策{n}",
                outside_reason="基准",
                drafting_office="县司法局",
                draft_text="草案",
                status="published",
                comment_opens_on=opens,
                comment_closes_on=opens + dt.timedelta(days=30),
                adopted_on=opens + dt.timedelta(days=35),
                published_on=opens + dt.timedelta(days=36),
            )
        )
    decisions = _bulk(Decision, decisions)
    _bulk(
        LegalityReview,
        [
            LegalityReview(
                decision=d,
                number=f"合法性审查〔{c.year}〕{d.pk}-{k}",
                submitted_on=d.comment_closes_on,
                reviewed_on=min(c.today, d.comment_closes_on + dt.timedelta(days=2 + k)),
                result=["pass", "changes", "fail"][(d.pk + k) % 3] if k == 0 else "pass",
                opinion="审查意见",
            )
            for d in decisions
            for k in range(1 + d.pk % 2)
        ],
    )
    groups = _bulk(
        CommentGroup,
        [
            CommentGroup(
                decision=d,
                summary="意见归类",
                answer_kind="adopted",
                answer="采纳",
                answered_on=d.comment_closes_on + dt.timedelta(days=5 if d.pk % 4 else 40),
            )
            for d in decisions
        ],
    )
    comments = []
    for g, d in zip(groups, decisions, strict=True):
        for k in range(60):
            comments.append(
                Comment(
                    decision=d,
                    name=f"群众{k}",
                    contact="",
                    text="建议增加停车位",
                    received_on=d.comment_opens_on + dt.timedelta(days=k % 30),
                    status="published" if k % 20 else "hidden",
                    hidden_reason="" if k % 20 else "辱骂",
                    group=g if k % 20 else None,
                )
            )
    _bulk(Comment, comments)
    _bulk(
        ExpertSession,
        [ExpertSession(decision=d, held_on=d.comment_opens_on, experts="专家甲、乙") for d in decisions[::2]],
    )
    _bulk(
        DecisionStep,
        [
            DecisionStep(decision=d, kind="hearing", order=2, state="done", done_on=d.comment_opens_on)
            for d in decisions[::3]
        ],
    )
    _bulk(
        NormativeDocument,
        [
            NormativeDocument(
                region=d.region,
                title=f"规范性文件{d.pk}",
                number=f"文〔{c.year}〕{d.pk}号",
                published_on=d.published_on,
                filing_due=d.published_on + dt.timedelta(days=30) if d.published_on else None,
                filed_on=d.published_on + dt.timedelta(days=10 if d.pk % 5 else 45) if d.published_on else None,
                status="in_force",
                decision=d,
            )
            for d in decisions
        ],
    )
    del rng


def fill_people(c: County) -> None:
    """As ``bench/people.py`` fills the files (the same sealed identities), over the 20 townships."""
    from fazhi.core.masking import mask_id_number, mask_name, mask_phone
    from fazhi.people.models import Incident, MentalScreening, PersonCategory, PersonFile, RiskMeeting, Visit
    from fazhi.people.services.files import id_index

    rng = c.rng
    categories = list(PersonCategory.objects.all())
    rows = []
    for n in range(PEOPLE):
        town = c.towns[n % len(c.towns)]
        village = rng.choice(c.villages_of[town.pk])
        name, number, address, phone, guardian = identity(n)
        rows.append(
            PersonFile(
                number=f"RQ-{town.code}-{n:06d}",
                township=town,
                village=village,
                area_path=village.path,
                category=categories[n % len(categories)],
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
                next_visit_due=c.today + dt.timedelta(days=n % 120 - 20),
            )
        )
    files = _bulk(PersonFile, rows)
    visits = []
    for f in files:
        for k in range(3):
            due = c.day()
            visits.append(
                Visit(
                    file_id=f.pk,
                    visited_on=min(c.today, due + dt.timedelta(days=-1 if (f.pk + k) % 6 else 4)),
                    due_on=due,
                    place="家中",
                    findings="情况稳定",
                )
            )
    _bulk(Visit, visits, 10000)
    for t in c.towns:
        MentalScreening.objects.create(
            township=t, title="精神障碍排查", ends_on=c.day(), screened=800, suspected=6, confirmed=2
        )
    _bulk(RiskMeeting, [RiskMeeting(township=t, held_on=c.day(), title="风险研判") for t in c.towns for _ in range(12)])
    _bulk(
        Incident,
        [Incident(township=f.township, file_id=f.pk, occurred_on=c.day(), description="肇事") for f in files[::400]],
    )


def fill_publicity(c: County) -> None:
    """The rest of the publicity register (the activities come from ``bench/publicity.py``)."""
    from fazhi.publicity.models import (
        Adviser,
        AdviserService,
        Channel,
        ChannelMessage,
        CultureSite,
        Liaison,
        ModelVillage,
        Studio,
    )

    start = dt.date(c.year - 3, 1, 1)
    liaisons = _bulk(
        Liaison,
        [
            Liaison(name=f"明白人{v.pk}-{k}", village=v, phone_index="", phone_tail=f"{k:04d}", appointed_on=start)
            for v in c.villages
            for k in range(2)
        ],
    )
    _bulk(
        Studio,
        [Studio(name=f"工作室{lia.pk}", village=lia.village, liaison=lia, opened_on=start) for lia in liaisons[::8]],
    )
    channels = _bulk(
        Channel, [Channel(village=v, kind="broadcast", name=f"{v.name}大喇叭", reach=1500) for v in c.villages]
    )
    _bulk(
        ChannelMessage,
        [ChannelMessage(channel=ch, day=c.day(), title="普法广播") for ch in channels for _ in range(12)],
    )
    _bulk(ModelVillage, [ModelVillage(village=v, level="county", year=c.year) for v in c.villages[::20]])
    _bulk(
        CultureSite,
        [
            CultureSite(
                name=f"法治广场{v.pk}", village=v, built_on=start, content_updated_on=c.day() if v.pk % 4 else start
            )
            for v in c.villages
        ],
    )
    advisers = _bulk(Adviser, [Adviser(name=f"顾问{v.pk}", firm="律所", village=v) for v in c.villages])
    services = []
    for a in advisers:
        for k in range(8):
            mediation = k == 0
            services.append(
                AdviserService(
                    adviser=a,
                    day=c.day(),
                    kind="mediation" if mediation else "consultation",
                    people=1 if mediation else 3,
                    dispute_id=None,
                )
            )
    _bulk(AdviserService, services)


def build() -> tuple[int, dict[str, float], dict[str, int]]:
    """The county year; returns the county supervisor's id, build seconds per register, row counts."""
    times: dict[str, float] = {}
    t = time.perf_counter()
    supervisor = build_publicity()
    times["publicity_activities"] = time.perf_counter() - t
    c = County()
    t = time.perf_counter()
    reg = fill_registry(c)
    times["registry"] = time.perf_counter() - t
    made = {}
    for name, fn in (
        ("inspections", lambda: made.__setitem__("inspections", fill_inspections(c, reg, c.year, INSPECTIONS))),
        ("inspections_last_year", lambda: fill_inspections(c, reg, c.year - 1, INSPECTIONS // 4)),
        ("supervision", lambda: fill_supervision(c, reg)),
        ("disputes", lambda: fill_disputes(c)),
        ("training", lambda: fill_training(c, reg)),
        ("cases", lambda: fill_cases(c, reg)),
        ("decisions", lambda: fill_decisions(c, reg)),
        ("people", lambda: fill_people(c)),
        ("publicity_registers", lambda: fill_publicity(c)),
    ):
        t = time.perf_counter()
        fn()
        times[name] = time.perf_counter() - t
    from django.db import connection

    t = time.perf_counter()
    with connection.cursor() as cursor:  # what autovacuum does after a bulk load
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    times["analyze"] = time.perf_counter() - t
    from fazhi.cases.models import Case
    from fazhi.disputes.models import Dispute
    from fazhi.inspections.models import InspectionRecord, JointInspection
    from fazhi.publicity.models import Activity

    counts = {
        "inspection_records": InspectionRecord.objects.count(),
        "joint_inspections": JointInspection.objects.count(),
        "disputes": Dispute.objects.count(),
        "activities": Activity.objects.count(),
        "cases": Case.objects.count(),
    }
    return supervisor, {k: round(v, 1) for k, v in times.items()}, counts


def measure(supervisor_id: int) -> dict[str, Any]:
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from fazhi.accounts.models import Region, User
    from fazhi.core.figures import load_all
    from fazhi.core.models import LedgerHead
    from fazhi.publicity.services.network import channel_create
    from fazhi.reports import figures as report_figures
    from fazhi.reports.document import annual_report_docx

    year = timezone.localdate().year
    county = Region.objects.get(code="920001")
    towns = list(Region.objects.filter(level="township").order_by("code"))
    registry = load_all()

    # per figure, every region (the slowest are printed)
    per_figure: dict[str, float] = {}
    for region in [county, *towns]:
        for fid, fig in registry.items():
            t = time.perf_counter()
            fig(region, year)
            per_figure[fid] = per_figure.get(fid, 0.0) + time.perf_counter() - t
    slowest = sorted(per_figure.items(), key=lambda kv: -kv[1])[:12]

    # (a) figures_for, as the reports app calls it
    per_region = {}
    county_set = None
    for region in [county, *towns]:
        t = time.perf_counter()
        fs = report_figures.figures_for(region=region, year=year)
        per_region[region.name] = time.perf_counter() - t
        if region == county:
            county_set = fs
    assert county_set is not None
    empty = [fid for fid in MUST_COUNT if fid not in county_set.figures or not county_set.figures[fid]["value"]]
    assert not empty, f"figures not counted on the bench's data: {empty}"
    missing_kept = [m["id"] for m in county_set.missing if m["id"] in registry]

    # (b) the annual report .docx of the county, from an empty cache (this year and last computed)
    cache.clear()
    t = time.perf_counter()
    docx = annual_report_docx(region=county, year=year)
    docx_cold = time.perf_counter() - t
    t = time.perf_counter()
    annual_report_docx(region=county, year=year)
    docx_warm = time.perf_counter() - t

    # (c) the figures page from cached figures, then one audited write and the next view
    calls = []
    real = report_figures.figures_for

    def counting(**kw: Any) -> Any:
        calls.append(kw["year"])
        return real(**kw)

    report_figures.figures_for = counting  # type: ignore[assignment]
    client = Client()
    client.force_login(User.objects.get(pk=supervisor_id))
    args = {"region": county.code, "year": year}
    assert client.get("/reports/", args).status_code == 200
    cached = []
    calls.clear()
    for _ in range(15):
        t = time.perf_counter()
        assert client.get("/reports/", args).status_code == 200
        cached.append((time.perf_counter() - t) * 1000)
    assert not calls, "a cached view computed figures"
    seq_before = LedgerHead.objects.get(pk=1).seq
    village = Region.objects.filter(level="village").order_by("code").first()
    channel_create(actor=User.objects.get(pk=supervisor_id), village=village, kind="wechat", name="基准群", reach=10)
    seq_after = LedgerHead.objects.get(pk=1).seq
    t = time.perf_counter()
    assert client.get("/reports/", args).status_code == 200
    after_write = (time.perf_counter() - t) * 1000
    recomputed = sorted(calls)
    report_figures.figures_for = real  # type: ignore[assignment]
    assert seq_after > seq_before and recomputed == [year - 1, year], (seq_before, seq_after, recomputed)
    cached.sort()
    county_figs = county_set.figures
    return {
        "figures_s": {
            "county": round(per_region[county.name], 2),
            "township_max": round(max(v for k, v in per_region.items() if k != county.name), 2),
            "townships_sum": round(sum(v for k, v in per_region.items() if k != county.name), 2),
            "county_and_townships_sum": round(sum(per_region.values()), 2),
            "regions": len(per_region),
        },
        "figures_kept": len(county_figs),
        "figures_not_kept_county": missing_kept,
        "slowest_figures_s_all_regions": {k: round(v, 3) for k, v in slowest},
        "docx_s": {"cold_cache": round(docx_cold, 2), "warm_cache": round(docx_warm, 2), "bytes": len(docx)},
        "cached_view_ms": {
            "median": round(statistics.median(cached), 1),
            "p95": round(cached[int(len(cached) * 0.95) - 1], 1),
        },
        "after_audited_write": {
            "ledger_seq": [seq_before, seq_after],
            "recomputed_years": recomputed,
            "view_ms": round(after_write, 1),
        },
        "database": connection.vendor,
        "sample": {
            k: county_figs[k]["value"]
            for k in ("disputes.screened", "coordination.merged_inspections", "publicity.grassroots_sessions")
            if k in county_figs
        },
    }


def main() -> None:
    if os.environ.get("FAZHI_BENCH_REUSE"):  # measure a county already built by an earlier run
        import django

        django.setup()
        from django.contrib.auth import get_user_model

        supervisor, times, counts = get_user_model().objects.get(username="county_supervisor").pk, {}, {}
        built = 0.0
    else:
        fresh_database()
        t = time.perf_counter()
        supervisor, times, counts = build()
        built = time.perf_counter() - t
    result = measure(supervisor)
    print(
        json.dumps(
            {
                "bench": "report_county",
                "build_s": round(built, 1),
                "build_steps_s": times,
                "rows": counts,
                **result,
                "load_average": [round(x, 2) for x in os.getloadavg()],
            },
            ensure_ascii=False,
            default=str,
        )
    )


if __name__ == "__main__":
    main()
