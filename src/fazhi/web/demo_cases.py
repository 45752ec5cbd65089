"""The demo county's enforcement cases: 峰灵镇's violation catalogue with discretion benchmarks and
both waiver lists, a closed and reviewed penalty case, a closed first-violation waiver with its
compliance guidance, a case waiting for the head's decision, a case waiting to be filed, and
law-delivery visits. Everything through the services, as the demo users."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from fazhi.accounts.models import User
from fazhi.cases import services
from fazhi.cases.models import Case, CaseStep, DecisionPublication, Violation, Waiver
from fazhi.cases.services.publication import decision_publish
from fazhi.registry.models import EnforcementBody, Enterprise

VIOLATIONS = [
    # code, name, violated, penalty, limitation years, benchmarks (circumstance, min, max, warning)
    (
        "FL-AQ-01",
        "生产经营场所未设置明显的安全警示标志",
        "《中华人民共和国安全生产法》第三十五条",
        "《中华人民共和国安全生产法》第九十九条第一项",
        2,
        [("mitigated", 0, 20000, True), ("ordinary", 20000, 35000, False), ("aggravated", 35000, 50000, False)],
    ),
    (
        "FL-XF-01",
        "占用、堵塞、封闭疏散通道、安全出口",
        "《中华人民共和国消防法》第二十八条",
        "《中华人民共和国消防法》第六十条第一款第三项",
        5,
        [("mitigated", 5000, 15000, False), ("ordinary", 15000, 35000, False), ("aggravated", 35000, 50000, False)],
    ),
    (
        "FL-SP-01",
        "食品经营者未按规定公示健康证明",
        "《重庆市食品生产经营许可管理办法》相关规定",
        "《中华人民共和国食品安全法》第一百二十六条",
        2,
        [("mitigated", 0, 2000, True), ("ordinary", 2000, 5000, False), ("aggravated", 5000, 10000, False)],
    ),
]


def _date_steps(case: Case, days_ago: dict[str, int], closed_days_ago: int | None = None) -> None:
    """The services record a step on the day it is entered (registering, proposing, closing …
    happen "now"); the demo enters weeks of a case's life at once, so those steps get the day the
    story gives them, and the case's history reads in order."""
    today = timezone.localdate()
    for kind, n in days_ago.items():
        CaseStep.objects.filter(case=case, kind=kind).update(day=today - dt.timedelta(days=n))
    if closed_days_ago is not None:
        Case.objects.filter(pk=case.pk).update(closed_on=today - dt.timedelta(days=closed_days_ago))


def load(town_body: EnforcementBody, res: Any) -> None:
    if Violation.objects.exists():
        return
    users = {u.username: u for u in User.objects.filter(username__in=["fl_inspector", "fl_head", "county_supervisor"])}
    if len(users) < 3:
        return
    inspector, head, supervisor = users["fl_inspector"], users["fl_head"], users["county_supervisor"]
    violations = []
    for code, name, violated, penalty, years, benchmarks in VIOLATIONS:
        v = services.violation_save(
            actor=supervisor,
            body=town_body,
            code=code,
            name=name,
            violated_provision=violated,
            penalty_provision=penalty,
            limitation_years=years,
        )
        for circumstance, lo, hi, warning in benchmarks:
            services.benchmark_save(
                actor=supervisor,
                violation=v,
                circumstance=circumstance,
                description={
                    "mitigated": "初次违法、及时改正",
                    "ordinary": "一般情形",
                    "aggravated": "拒不改正或多次违法",
                }[circumstance],
                fine_min=Decimal(lo),
                fine_max=Decimal(hi),
                warning_allowed=warning,
            )
        services.waiver_save(
            actor=supervisor,
            violation=v,
            kind=Waiver.Kind.FIRST_VIOLATION,
            legal_ground="《中华人民共和国行政处罚法》第三十三条第一款",
            conditions_text="两年内首次违法，危害后果轻微并在责令期限内改正",
            first_within_years=2,
        )
        services.waiver_save(
            actor=supervisor,
            violation=v,
            kind=Waiver.Kind.MINOR,
            legal_ground="《中华人民共和国行政处罚法》第三十三条第一款",
            conditions_text="违法行为轻微并及时改正，没有造成危害后果",
            max_harm=Waiver.Harm.NONE,
        )
        violations.append(v)
    res.add("violations", len(violations))
    enterprises = list(Enterprise.objects.filter(region__path__startswith=town_body.region.path).order_by("pk")[:6])
    if len(enterprises) < 4:
        return
    team = [inspector.officer, head.officer]
    today = timezone.localdate()

    def opened(ent: Enterprise, v: Violation, days_ago: int, facts: str) -> Case:
        case = services.case_register(
            actor=inspector,
            body=town_body,
            violation=v,
            source=Case.Source.OTHER,
            source_note="日常巡查发现",
            party_kind=Case.PartyKind.ORGANISATION,
            enterprise=ent,
            occurred_on=today - dt.timedelta(days=days_ago + 2),
            facts=facts,
        )
        case = services.case_file(actor=head, case=case, filed_on=today - dt.timedelta(days=days_ago))
        case = services.case_investigate(
            actor=inspector,
            case=case,
            officers=team,
            day=today - dt.timedelta(days=days_ago),
            record=f"执法人员出示证件后进行检查。{facts}当事人现场负责人在场并确认。",
            certificate_shown=True,
        )
        services.case_evidence_add(actor=inspector, case=case, kind="document", description="现场检查照片及询问笔录")
        return case

    # 1. a penalty case closed and reviewed, its decision published (结果公示): the party is a
    # 个体工商户 when the township has one, so the public page shows its name redacted
    individual = (
        Enterprise.objects.filter(region__path__startswith=town_body.region.path, uscc__startswith="92")
        .exclude(pk__in=[e.pk for e in enterprises[1:4]])
        .order_by("pk")
        .first()
    )
    c1 = opened(individual or enterprises[0], violations[1], 40, "二楼安全出口被货物堵塞。")
    services.case_propose(
        actor=inspector,
        case=c1,
        outcome=Case.Outcome.PENALTY,
        circumstance="mitigated",
        harm=Case.Harm.SLIGHT,
        fine=Decimal(8000),
        discretion_note="当场清理了通道、积极配合调查，依裁量基准从轻处罚。",
        proposed_on=today - dt.timedelta(days=31),
    )
    services.case_notify(actor=inspector, case=c1, notified_on=today - dt.timedelta(days=30))
    services.case_statement_record(actor=inspector, case=c1, waived=True)
    services.case_decide(actor=head, case=c1, decided_on=today - dt.timedelta(days=25))
    decision_publish(case_id=c1.pk)  # what the worker does when the decision commits
    # the story published it the day after the decision (the demo enters its weeks at once)
    DecisionPublication.objects.filter(case=c1).update(
        published_at=timezone.now() - dt.timedelta(days=24), updated_at=timezone.now() - dt.timedelta(days=24)
    )
    services.case_serve(
        actor=inspector, case=c1, served_on=today - dt.timedelta(days=24), method="direct", recipient="企业负责人"
    )
    services.case_payment_record(actor=inspector, case=c1, paid_on=today - dt.timedelta(days=20), amount=Decimal(8000))
    c1 = services.case_close(actor=head, case=c1)
    services.case_review_submit(
        actor=supervisor,
        case=c1,
        marks={"p_cover": services.Mark(deduction=Decimal(1), note="卷内目录页码不全")},
        comment="程序合法，证据充分。",
    )
    _date_steps(
        c1,
        {"register": 41, "evidence": 40, "propose": 31, "statement": 28, "close": 19, "file_review": 10},
        closed_days_ago=19,
    )
    # 2. a first-violation waiver, with its compliance guidance
    c2 = opened(enterprises[1], violations[0], 30, "仓库未设置安全警示标志。")
    services.case_order_rectification(
        actor=inspector, case=c2, due=today + dt.timedelta(days=1), requirements="在仓库入口设置安全警示标志"
    )
    services.case_correction_record(
        actor=inspector, case=c2, corrected_on=today - dt.timedelta(days=20), note="复查：已设置警示标志"
    )
    services.case_propose(
        actor=inspector,
        case=c2,
        outcome=Case.Outcome.WAIVER,
        harm=Case.Harm.SLIGHT,
        waiver=violations[0].waivers.get(kind=Waiver.Kind.FIRST_VIOLATION),
        proposed_on=today - dt.timedelta(days=20),
    )
    services.guidance_record(
        actor=inspector,
        kind="guidance",
        day=today - dt.timedelta(days=19),
        enterprises=[enterprises[1]],
        topics="安全警示标志设置与安全生产主体责任",
        problems_found=2,
        problems_solved=2,
        case=c2,
    )
    services.case_decide(actor=head, case=c2, decided_on=today - dt.timedelta(days=18))
    services.case_serve(
        actor=inspector, case=c2, served_on=today - dt.timedelta(days=17), method="direct", recipient="企业负责人"
    )
    services.case_close(actor=head, case=c2)
    _date_steps(
        c2, {"register": 31, "evidence": 30, "rectification_order": 30, "propose": 20, "close": 16}, closed_days_ago=16
    )
    # 3. waiting for the head's decision (statement period over)
    c3 = opened(enterprises[2], violations[2], 15, "从业人员健康证明未公示。")
    services.case_propose(
        actor=inspector,
        case=c3,
        outcome=Case.Outcome.PENALTY,
        circumstance="ordinary",
        harm=Case.Harm.SLIGHT,
        fine=Decimal(3000),
        discretion_note="经责令仍未公示，按一般情形裁量。",
        proposed_on=today - dt.timedelta(days=11),
    )
    services.case_notify(actor=inspector, case=c3, notified_on=today - dt.timedelta(days=10))
    _date_steps(c3, {"register": 16, "evidence": 15, "propose": 11})
    # 4. a case source waiting to be filed
    services.case_register(
        actor=inspector,
        body=town_body,
        violation=violations[1],
        source=Case.Source.COMPLAINT,
        party_kind=Case.PartyKind.ORGANISATION,
        enterprise=enterprises[3],
        occurred_on=today - dt.timedelta(days=2),
        facts="后门疏散通道被上锁。",  # the facts; who reported it is the source
        source_note="12345热线转办：群众举报后门疏散通道被上锁",
    )
    res.add("cases", 4)
    for i, ent in enumerate(enterprises[:4]):
        services.guidance_record(
            actor=inspector,
            kind="law_delivery",
            day=today - dt.timedelta(days=60 - i * 10),
            enterprises=[ent],
            topics="《安全生产法》《消防法》送法上门",
            problems_found=3,
            problems_solved=3 - i % 2,
        )
    res.add("guidance visits", 5)
