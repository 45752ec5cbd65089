"""The county year of ``bench/report_county.py``: training, enforcement cases and major decisions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from county_year import CASES, ENTERPRISES, TRAINEES, County, _bulk
from people import identity


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
