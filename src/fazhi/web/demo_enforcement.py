"""峰灵镇's enforcement year before this one, as the seed report tells it (issue 23 item 6), built
through the cases, guidance, inspections and supervision services as the demo users: 3 enterprises
exempted from penalty (首违不罚/轻微免罚) after correcting in time, each given compliance guidance;
their case files reviewed with procedure, documents and evidence all passing (100 %); no
reconsideration or lawsuit; 12 law-delivery and guidance visits to 15 enterprises solving 23
problems (the seed's "20余个"); 2 irregular inspections the county's system warned of and the
township corrected; 5 enterprise representatives serving as enforcement supervisors. 城厢镇 gets a
smaller year of its own (:data:`CHENGXIANG`), so the figures are visibly per township.

What the current year's demo (``demo_cases``, dated days before today) already puts in that year —
on the first days of January its weeks reach back into December — is counted first, and only the
rest is added, so the year's figures are the seed's whatever day the demo is loaded. The year is
``today.year - 1``, never a bare year.

The coordinated months of the year (11 merged checks) and the on-site inspections of the year and
the year before (迎检频次 −40 %) are ``demo_coordination``'s.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone

from fazhi.accounts import services as accounts
from fazhi.accounts.models import OrgUnit, Region, User
from fazhi.accounts.roles import Role
from fazhi.accounts.scopes import RegionReader, SystemUser
from fazhi.cases import services
from fazhi.cases.models import Case, CaseStep, GuidanceVisit, Violation, Waiver
from fazhi.cases.selectors import case_figures, guidance_figures
from fazhi.registry.models import EnforcementBody, Enterprise, Matter
from fazhi.web import demo_data as d

ACTOR = SystemUser("system:demo")


@dataclass(frozen=True)
class Year:
    """What a township's year of enforcement adds up to, and who enters it."""

    inspector: str
    head: str
    waived: int
    visits: int
    visited: int
    solved: int
    corrected: int
    supervisors: int
    supervisor_prefix: str
    supervisor_names: tuple[str, ...]
    flawed: int = 0  # reviewed files that lost points on their documents


# 峰灵镇 as the seed tells it: 3家免罚, 上门送法12次, 15家企业, 解决问题20余个 (23), 纠正2起, 监督员5名
FENGLING = Year(
    "fl_inspector", "fl_head", 3, 12, 15, 23, 2, 5, "fl_supervisor", ("谭德福", "王春梅", "李永红", "张国平")
)
# 城厢镇: a different, smaller year, so the figures are visibly per township
CHENGXIANG = Year("cx_inspector", "cx_head", 2, 3, 4, 5, 1, 2, "cx_supervisor", ("陈建华", "杨秀英"), flawed=1)
FIRST_PICK = 10  # the enterprises of this year's demo cases and visits are the township's first six
TOPICS = (
    "《安全生产法》主体责任与隐患排查",
    "《消防法》疏散通道与消防设施",
    "《食品安全法》从业人员健康管理",
    "《环境保护法》污染防治设施运行",
    "《优化营商环境条例》与首违不罚清单",
    "《重庆市规范涉企行政检查办法》",
)


def load(town: Region, town_body: EnforcementBody, res: Any, plan: Year = FENGLING) -> None:
    """Idempotent: nothing is added when the township's corrected warnings of the year are there."""
    from fazhi.supervision.models import Warning

    year = timezone.localdate().year - 1
    if Warning.objects.filter(
        status=Warning.Status.CORRECTED, day__year=year, region__path__startswith=town.path
    ).exists():
        return
    names = [plan.inspector, plan.head, "county_supervisor"]
    users = {u.username: u for u in User.objects.filter(username__in=names)}
    if len(users) < 3:
        return
    inspector, head, supervisor = users[plan.inspector], users[plan.head], users["county_supervisor"]
    if not Violation.objects.filter(body=town_body).exists():
        _catalogue(town_body, supervisor)
    enterprises = list(
        Enterprise.objects.filter(region__path__startswith=town.path, do_not_disturb=False).order_by("pk")[FIRST_PICK:]
    )
    if len(enterprises) < plan.waived + plan.visited + plan.corrected:
        return
    reader = RegionReader(town)
    already = case_figures(user=reader, year=year)["waived_enterprises"]
    n = max(0, plan.waived - already)
    waived = _waivers(town_body, (inspector, head, supervisor), enterprises[: plan.waived], year, n, plan.flawed)
    res.add("cases", len(waived))
    visited = enterprises[plan.waived : plan.waived + plan.visited]
    res.add("guidance visits", _visits(inspector, visited, year, reader, waived, plan))
    last = enterprises[-plan.corrected :]
    res.add("warnings", _corrected(town_body, inspector, head, supervisor, last, year))
    res.add("users", _supervisors(town, plan))


def _catalogue(body: EnforcementBody, supervisor: User) -> None:
    """The township's violations with both waiver lists, as 峰灵镇's (demo_cases)."""
    from fazhi.web.demo_cases import VIOLATIONS

    for code, name, violated, penalty, years, _benchmarks in VIOLATIONS:
        v = services.violation_save(
            actor=supervisor,
            body=body,
            code=code.replace("FL-", f"{body.code[-3:]}-"),
            name=name,
            violated_provision=violated,
            penalty_provision=penalty,
            limitation_years=years,
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


def _waivers(
    body: EnforcementBody,
    people: tuple[User, User, User],
    enterprises: list[Enterprise],
    year: int,
    n: int,
    flawed: int,
) -> list[Case]:
    """首违不罚/轻微免罚: found, corrected at once, exempted, taught (art. 33), closed and reviewed
    (the first ``flawed`` files losing points for a missing document)."""
    inspector, head, supervisor = people
    violations = list(Violation.objects.filter(body=body).order_by("code"))
    team = [inspector.officer, head.officer]
    cases = []
    for i, ent in enumerate(enterprises[:n]):
        v = violations[i % len(violations)]
        start = dt.date(year, 6 + 2 * i, 3)  # after the officers' certificates of May (demo_training)
        kind = Waiver.Kind.FIRST_VIOLATION if i < 2 else Waiver.Kind.MINOR
        case = services.case_register(
            actor=inspector,
            body=body,
            violation=v,
            source=Case.Source.OTHER,
            source_note="日常巡查发现",
            party_kind=Case.PartyKind.ORGANISATION,
            enterprise=ent,
            occurred_on=start,
            facts=f"{v.name}。",
        )
        case = services.case_file(actor=head, case=case, filed_on=start + dt.timedelta(days=1))
        case = services.case_investigate(
            actor=inspector,
            case=case,
            officers=team,
            day=start + dt.timedelta(days=1),
            record=f"执法人员出示证件后进行检查，发现{v.name}，当事人现场负责人在场并确认。",
            certificate_shown=True,
        )
        services.case_evidence_add(actor=inspector, case=case, kind="document", description="现场检查照片及询问笔录")
        services.case_correction_record(
            actor=inspector, case=case, corrected_on=start + dt.timedelta(days=2), note="复查：当场改正，已整改到位"
        )
        services.case_propose(
            actor=inspector,
            case=case,
            outcome=Case.Outcome.WAIVER,
            harm=Case.Harm.SLIGHT if kind == Waiver.Kind.FIRST_VIOLATION else Case.Harm.NONE,
            waiver=v.waivers.get(kind=kind),
            proposed_on=start + dt.timedelta(days=3),
        )
        services.case_education_record(
            actor=inspector,
            case=case,
            day=start + dt.timedelta(days=4),
            topics=f"{v.name}的法律责任与合规要点（首违不罚清单）",
            problems_found=2,
            problems_solved=2,
        )
        services.case_decide(actor=head, case=case, decided_on=start + dt.timedelta(days=5))
        services.case_serve(
            actor=inspector,
            case=case,
            served_on=start + dt.timedelta(days=6),
            method="direct",
            recipient="企业负责人",
        )
        case = services.case_close(actor=head, case=case, closed_on=start + dt.timedelta(days=7))
        if i < flawed:
            marks = {"p_documents": services.Mark(deduction=Decimal(2), note="卷内缺少责令改正通知书")}
            comment = "程序合法，证据充分；文书不齐全。"
        else:
            marks, comment = {}, "程序合法，文书规范，证据充分。"
        services.case_review_submit(actor=supervisor, case=case, marks=marks, comment=comment)
        # the steps the services date on the day they are entered (as demo_cases does for its weeks)
        CaseStep.objects.filter(case=case, kind="register").update(day=start)
        CaseStep.objects.filter(case=case, kind="evidence").update(day=start + dt.timedelta(days=1))
        CaseStep.objects.filter(case=case, kind="file_review").update(day=start + dt.timedelta(days=30))
        cases.append(case)
    return cases


def _visits(
    inspector: User, enterprises: list[Enterprise], year: int, reader: Any, waived: list[Case], plan: Year
) -> int:
    """The year's law-delivery and guidance visits up to the plan's visits, enterprises and problems
    solved, counting what is there (the waivers' education visits, and this year's demo visits
    when its weeks reach back into the year)."""
    have = guidance_figures(user=reader, year=year)
    visits = plan.visits - have["visits"]
    ents, solved = plan.visited - have["enterprises"], plan.solved - have["problems_solved"]
    taken = {c.enterprise_id for c in waived}
    free = [e for e in enterprises if e.pk not in taken]
    if visits <= 0 or ents < visits or solved < 0 or len(free) < ents:
        return 0
    per_visit = [ents // visits + (k < ents % visits) for k in range(visits)]
    per_solved = [solved // visits + (k < solved % visits) for k in range(visits)]
    at = 0
    for k in range(visits):
        group = free[at : at + per_visit[k]]
        at += per_visit[k]
        services.guidance_record(
            actor=inspector,
            kind=GuidanceVisit.Kind.LAW_DELIVERY if k % 2 == 0 else GuidanceVisit.Kind.GUIDANCE,
            day=dt.date(year, 1 + k * 11 // visits, 8 + k % 3 * 6),
            enterprises=group,
            topics=TOPICS[k % len(TOPICS)] + "送法上门",
            problems_found=per_solved[k] + (k % 3 == 0),
            problems_solved=per_solved[k],
        )
    return visits


def _corrected(
    body: EnforcementBody,
    inspector: User,
    head: User,
    supervisor: User,
    enterprises: list[Enterprise],
    year: int,
) -> int:
    """依托"执法+监督"系统自动预警, 纠正不规范行为2起: two routine document checks made without a
    plan (无计划检查) — the system warns, the township corrects, the county supervisor accepts."""
    from fazhi.inspections import onsite
    from fazhi.supervision import engine
    from fazhi.supervision import services as supervision
    from fazhi.supervision.models import Warning

    matter = Matter.objects.filter(body=body, published=True).order_by("code").first()
    if matter is None:
        return 0
    corrected = 0
    for i, ent in enumerate(enterprises):
        record = onsite.record_remote(
            actor=inspector,
            enterprise=ent,
            matters=[matter],
            officers=[head.officer],
            method="documents",
            day=dt.date(year, 7 + 3 * i, 12),
        )
        # what the queued check did on the day the record was written (its window is the last year)
        engine.check_enterprise(ent.pk, today=record.date)
        warning = Warning.objects.filter(key=f"no_plan:{record.pk}").first()
        if warning is None or warning.status != Warning.Status.OPEN:
            continue
        supervision.warning_correct(
            actor=head,
            warning=warning,
            text="该次书面检查未列入月度检查计划，已停止检查并纳入下月计划统筹；全体执法人员重新学习检查计划制度。",
        )
        supervision.warning_verify(actor=supervisor, warning=warning, accept=True, note="整改到位")
        corrected += 1
    return corrected


def _supervisors(town: Region, plan: Year) -> int:
    """邀请5名企业负责人担任执法监督员 (峰灵镇: the demo's ``ent_supervisor`` and four more), as accounts."""
    org = OrgUnit.objects.filter(region=town, kind=OrgUnit.Kind.TOWNSHIP).order_by("pk").first()
    if org is None:
        return 0
    have = User.objects.filter(
        is_active=True, role_grants__role=Role.ENFORCEMENT_SUPERVISOR, org_unit__region__path__startswith=town.path
    ).distinct()
    added = 0
    already = have.count()
    for n, name in enumerate(plan.supervisor_names[: max(0, plan.supervisors - already)], start=already + 1):
        username = f"{plan.supervisor_prefix}{n}"
        if User.objects.filter(username=username).exists():
            continue
        accounts.user_create(
            actor=ACTOR,
            username=username,
            password=d.DEMO_PASSWORD,
            full_name=f"{name}（企业执法监督员）",
            org_unit=org,
            roles=[Role.ENFORCEMENT_SUPERVISOR],
            system=True,
            password_set_by_user=True,
        )
        added += 1
    return added
