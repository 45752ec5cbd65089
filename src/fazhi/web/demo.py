"""Load the demo county (idempotent: whatever exists is left alone, nothing is duplicated)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from fazhi.accounts import services as accounts
from fazhi.accounts.models import OrgUnit, Region, User
from fazhi.accounts.roles import Role
from fazhi.accounts.scopes import SystemUser
from fazhi.registry import services as registry
from fazhi.registry.models import EnforcementBody, Enterprise, Matter, Officer
from fazhi.web import demo_data as d

ACTOR = SystemUser("system:demo")
_OC = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def org_code(rng: random.Random) -> str:
    """A 9-character organisation code with its GB 11714 check character."""
    body = "".join(rng.choice("0123456789") for _ in range(8))
    total = sum(_OC.index(c) * w for c, w in zip(body, [3, 7, 9, 10, 5, 8, 4, 2], strict=True))
    check = 11 - total % 11
    return body + ("X" if check == 10 else "0" if check == 11 else str(check))


def uscc_for(rng: random.Random, region_code: str = "500238", kind: str = "91") -> str:
    from stdnum.cn import uscc

    base = kind + region_code + org_code(rng)
    return base + uscc.calc_check_digit(base)


# What `fazhi demo` says it created, by the keys of DemoResult.created.
CREATED_LABELS: dict[str, Any] = {
    "approved remote checks": gettext_lazy("approved remote checks (非现场)"),
    "bodies": gettext_lazy("enforcement bodies"),
    "cases": gettext_lazy("enforcement cases"),
    "coordination runs": gettext_lazy("coordination runs"),
    "decisions": gettext_lazy("major decisions"),
    "disputes": gettext_lazy("disputes"),
    "people": gettext_lazy("special-population files"),
    "enterprises": gettext_lazy("enterprises"),
    "finished inspections": gettext_lazy("finished inspections"),
    "guidance visits": gettext_lazy("guidance visits"),
    "inspections without a code (open)": gettext_lazy("open inspections without a code"),
    "joint inspections today": gettext_lazy("joint inspections today"),
    "matters": gettext_lazy("inspection matters"),
    "officers": gettext_lazy("enforcement officers"),
    "organisations": gettext_lazy("organisations"),
    "plan items": gettext_lazy("plan items"),
    "published results": gettext_lazy("published results"),
    "random draws": gettext_lazy("random draws"),
    "red lines": gettext_lazy("red lines"),
    "regions": gettext_lazy("regions"),
    "remote plan items": gettext_lazy("remote plan items (非现场)"),
    "statistics tables": gettext_lazy("enforcement statistics tables"),
    "users": gettext_lazy("accounts"),
    "violations": gettext_lazy("violations"),
    "warnings": gettext_lazy("supervision warnings"),
}


@dataclass
class DemoResult:
    created: dict[str, int] = field(default_factory=dict)
    logins: list[tuple[str, str, str]] = field(default_factory=list)
    api_token: str = ""

    two_factor: list[str] = field(default_factory=list)

    def add(self, what: str, n: int = 1) -> None:
        self.created[what] = self.created.get(what, 0) + n

    def summary(self) -> str:
        """What was created, in words: 执法主体 11个、… (the order of CREATED_LABELS)."""
        parts = [
            gettext("%(what)s: %(n)d") % {"what": CREATED_LABELS.get(k, k), "n": self.created[k]}
            for k in CREATED_LABELS
            if k in self.created
        ]
        parts += [
            gettext("%(what)s: %(n)d") % {"what": k, "n": v} for k, v in self.created.items() if k not in CREATED_LABELS
        ]
        return gettext("Created: %(list)s") % {"list": "，".join(parts)}


def _region(code: str, name: str, level: str, parent: Region | None, res: DemoResult) -> Region:
    found = Region.objects.filter(code=code).first()
    if found:
        return found
    res.add("regions")
    return accounts.region_create(actor=ACTOR, code=code, name=name, level=level, parent=parent, system=True)


def _org(name: str, kind: str, region: Region, res: DemoResult) -> OrgUnit:
    found = OrgUnit.objects.filter(name=name).first()
    if found:
        return found
    res.add("organisations")
    return accounts.org_unit_create(actor=ACTOR, name=name, kind=kind, region=region, system=True)


def _body(
    code: str, name: str, short: str, level: str, region: Region, basis: str, org: OrgUnit, res: DemoResult
) -> EnforcementBody:
    found = EnforcementBody.objects.filter(code=code).first()
    if found:
        return found
    res.add("bodies")
    return registry.body_create(
        actor=ACTOR,
        code=code,
        name=name,
        short_name=short,
        level=level,
        region=region,
        qualification_basis=basis,
        published=True,
        org_unit=org,
    )


def _officer(
    name: str,
    cert: str,
    body: EnforcementBody,
    status: str,
    rng: random.Random,
    res: DemoResult,
    on_duty: list[Officer],
) -> Officer:
    """Registered pre-service; those meant to be on duty (``status`` "active") are qualified through
    the training app afterwards (:func:`fazhi.web.demo_training.qualify`)."""
    found = Officer.objects.filter(certificate_no=cert).first()
    if not found:
        res.add("officers")
        found = registry.officer_create(
            actor=ACTOR,
            data=registry.OfficerInput(
                name=name,
                certificate_no=cert,
                body=body,
                issuing_authority="重庆市人民政府",
                phone=f"13{rng.randint(0, 9)}{rng.randint(10**7, 10**8 - 1)}",
            ),
        )
    if status == "active":
        on_duty.append(found)
    return found


def _matter(
    code: str,
    name: str,
    kind: str,
    basis: str,
    checklist: list[str],
    body: EnforcementBody,
    res: DemoResult,
    catalogue_code: str = "",
) -> None:
    if Matter.objects.filter(code=code).exists():
        return
    res.add("matters")
    registry.matter_create(
        actor=ACTOR,
        data=registry.MatterInput(
            code=code,
            name=name,
            body=body,
            legal_basis=basis,
            inspection_type=kind,
            published=True,
            checklist=checklist,
            catalogue_code=catalogue_code,
        ),
    )


def _user(
    username: str,
    full_name: str,
    org: OrgUnit | None,
    roles: list[str],
    res: DemoResult,
    officer: Officer | None = None,
) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        res.add("users")
        user = accounts.user_create(
            actor=ACTOR,
            username=username,
            password=d.DEMO_PASSWORD,
            full_name=full_name,
            org_unit=org,
            roles=roles,
            system=True,
            password_set_by_user=True,  # the README gives it; not a first-login password
        )
        if officer is not None and officer.user_id is None:
            Officer.objects.filter(pk=officer.pk).update(user=user)
    res.logins.append((username, full_name, "、".join(str(Role(r).label) for r in roles)))
    return user


@transaction.atomic
def load_demo() -> DemoResult:
    res = DemoResult()
    rng = random.Random(2025)  # the same county every time
    province = _region(*d.PROVINCE, "province", None, res)
    county = _region(*d.COUNTY, "county", province, res)
    justice = _org("巫溪县司法局", OrgUnit.Kind.JUSTICE_BUREAU, county, res)
    system_org = _org("巫溪县法治平台运维", OrgUnit.Kind.SYSTEM, county, res)

    townships: dict[str, tuple[Region, list[Region], OrgUnit, EnforcementBody]] = {}
    for code, name, villages in d.TOWNSHIPS:
        town = _region(code, name, "township", county, res)
        vs = [_region(f"{code}{i:03d}", v, "village", town, res) for i, v in enumerate(villages, start=1)]
        org = _org(f"{name}人民政府", OrgUnit.Kind.TOWNSHIP, town, res)
        body = _body(
            f"ZF-{code}",
            f"{name}人民政府",
            f"{name}综合执法办",
            "township",
            town,
            "《重庆市规范涉企行政检查办法》（市政府令第375号）第二条；乡镇综合行政执法赋权事项清单",
            org,
            res,
        )
        townships[name] = (town, vs, org, body)
        for mcode, mname, kind, basis, checklist in d.TOWNSHIP_MATTERS:
            _matter(mcode.format(code=code), mname, kind, basis, checklist, body, res)
    # groups and a grid under the first village of 峰灵镇 (镇-村-组 and 网格)
    first_village = townships["峰灵镇"][1][1]
    for i in range(1, 5):
        _region(f"{first_village.code}{i:02d}", f"{i}组", "group", first_village, res)
    _region(f"{first_village.code}G1", "谭家村第一网格", "grid", first_village, res)

    departments: dict[str, EnforcementBody] = {}
    for code, name, short, basis, matters in d.DEPARTMENTS:
        org = _org(name, OrgUnit.Kind.DEPARTMENT, county, res)
        body = _body(code, name, short, "county", county, basis, org, res)
        departments[code] = body
        for mcode, mname, kind, mbasis, checklist in matters:
            _matter(mcode, mname, kind, mbasis, checklist, body, res, catalogue_code=mcode)

    # officers: 峰灵镇 as in the seed; 3 active + 1 pre-service elsewhere
    fl_body = townships["峰灵镇"][3]
    on_duty: list[Officer] = []
    fl_officers = [
        _officer(n, f"50023811{i:03d}", fl_body, s, rng, res, on_duty)
        for i, (n, s) in enumerate(d.FENGLING_OFFICERS, start=1)
    ]
    other_bodies = [t[3] for name, t in townships.items() if name != "峰灵镇"] + list(departments.values())
    officers_by_body: dict[str, list[Officer]] = {}
    for bi, body in enumerate(other_bodies, start=1):
        officers_by_body[body.code] = [
            _officer(
                rng.choice(d.SURNAMES) + rng.choice(d.GIVEN),
                f"500238{bi:02d}{j:03d}",
                body,
                "active" if j <= 3 else "pre_service",
                rng,
                res,
                on_duty,
            )
            for j in range(1, 5)
        ]
    from fazhi.web import demo_training

    demo_training.qualify(on_duty, county)

    # enterprises: 60 in 峰灵镇, 30 in each other township
    if not Enterprise.objects.filter(region__path__startswith=county.path).exists():
        used: set[str] = set()
        for name, (_town, town_villages, *_rest) in townships.items():
            for i in range(60 if name == "峰灵镇" else 30):
                industry, suffix, _matters = d.INDUSTRIES[i % len(d.INDUSTRIES)]
                word = rng.choice(d.NAME_WORDS)
                stem = f"巫溪县{word}" if rng.random() < 0.5 else f"巫溪{name[:2]}{word}"
                ename, n = f"{stem}{suffix}", 2
                while ename in used:
                    ename, n = f"{stem}{n}{suffix}", n + 1
                used.add(ename)
                village = town_villages[i % len(town_villages)]
                kind = "93" if suffix == "养殖专业合作社" else "92" if suffix in {"餐饮店", "民宿"} else "91"
                dnd = rng.random() < 0.08
                ent = registry.enterprise_create(
                    actor=ACTOR,
                    data=registry.EnterpriseInput(
                        uscc=uscc_for(rng, kind=kind),
                        name=ename,
                        region=village,
                        legal_representative=rng.choice(d.SURNAMES) + rng.choice(d.GIVEN),
                        address=f"{name}{village.name}{rng.randint(1, 9)}组{rng.randint(1, 120)}号",
                        industry=industry,
                        risk_grade=rng.choices(["low", "medium", "high", "major"], [50, 30, 15, 5])[0],
                        do_not_disturb=dnd,
                        do_not_disturb_until=dt.date(timezone.localdate().year + 1, 12, 31) if dnd else None,
                    ),
                )
                registry.enterprise_contacts_replace(
                    actor=ACTOR,
                    enterprise=ent,
                    contacts=[
                        registry.ContactInput(
                            name=rng.choice(d.SURNAMES) + rng.choice(d.GIVEN),
                            position="安全负责人",
                            phone=f"1{rng.choice('3589')}{rng.randint(0, 9)}{rng.randint(10**7, 10**8 - 1)}",
                        )
                    ],
                )
                res.add("enterprises")

    # demo logins: every role
    fl_town, _villages, fl_org, *_rest = townships["峰灵镇"]
    cx_org = townships["城厢镇"][2]
    _user("fl_inspector", "谭明华", fl_org, [Role.INSPECTOR], res, fl_officers[0])
    _user("fl_head", "王建军", fl_org, [Role.BODY_HEAD, Role.INSPECTOR], res, fl_officers[1])
    _user("fl_leader", "峰灵镇镇长", fl_org, [Role.TOWNSHIP_LEADER], res)
    _user("fl_legal", "峰灵镇司法所", fl_org, [Role.LEGAL_OFFICE], res)
    _user("fl_grid", "谭家村网格员", fl_org, [Role.GRID_WORKER], res)
    _user("fl_governance", "峰灵镇综治专干", fl_org, [Role.GOVERNANCE_OFFICER], res)
    _user(
        "cx_inspector",
        "城厢镇执法人员",
        cx_org,
        [Role.INSPECTOR],
        res,
        officers_by_body[townships["城厢镇"][3].code][0],
    )
    _user(
        "cx_head",
        "城厢镇综合执法办负责人",
        cx_org,
        [Role.BODY_HEAD, Role.INSPECTOR],
        res,
        officers_by_body[townships["城厢镇"][3].code][1],
    )
    yj = departments["YJ"]
    _user("yj_inspector", "县应急局执法人员", yj.org_unit, [Role.INSPECTOR], res, officers_by_body["YJ"][0])
    _user("county_supervisor", "县司法局执法监督科", justice, [Role.COUNTY_SUPERVISOR], res)
    first_ent = Enterprise.objects.filter(region__path__startswith=fl_town.path).order_by("pk").first()
    if (demo_ent := first_ent) is not None:
        if demo_ent.org_unit_id is None:
            ent_org = _org(demo_ent.name, OrgUnit.Kind.ENTERPRISE, demo_ent.region, res)
            Enterprise.objects.filter(pk=demo_ent.pk).update(org_unit=ent_org)
        else:
            ent_org = demo_ent.org_unit  # type: ignore[assignment]
        _user("enterprise", demo_ent.name, ent_org, [Role.ENTERPRISE], res)
    _user("ent_supervisor", "企业执法监督员", fl_org, [Role.ENFORCEMENT_SUPERVISOR], res)
    _user("sysadmin", "系统管理员", system_org, [Role.SYSTEM_ADMIN], res)
    _user("secadmin", "安全管理员", system_org, [Role.SECURITY_ADMIN], res)
    _user("auditadmin", "审计管理员", system_org, [Role.AUDIT_ADMIN], res)
    _plans(rng, townships["峰灵镇"], departments, res)
    from fazhi.web import demo_fieldwork

    demo_fieldwork.load(fl_town, fl_body, departments, res)
    from fazhi.web import demo_cases

    demo_cases.load(fl_body, res)
    demo_training.load(fl_town, fl_body, county, res)

    from fazhi.web import demo_disputes

    demo_disputes.load(fl_town, res)
    from fazhi.web import demo_decisions

    demo_decisions.load(fl_town, res)
    from fazhi.web import demo_publicity

    demo_publicity.load(fl_town, res)
    from fazhi.web import demo_people

    demo_people.load(fl_town, res)
    from fazhi.web import demo_enforcement

    demo_enforcement.load(fl_town, fl_body, res)
    cx_town, *_cx, cx_body = townships["城厢镇"]
    demo_enforcement.load(cx_town, cx_body, res, demo_enforcement.CHENGXIANG)
    from fazhi.web import demo_coordination

    demo_coordination.load(fl_town, fl_body, departments.get("YJ"), res)
    _red_lines(res)
    _two_factor(res)
    from fazhi.core.demo import run_after_demo

    run_after_demo({name: t[0] for name, t in townships.items()}, res)
    return res


def _red_lines(res: DemoResult) -> None:
    """The county's 八个不得 beside the national 五个严禁 (migration 0006): the annual report says
    the county made both lists; a demo with the second empty showed a page of blank rows. Saved
    through the page's service (versions, ledger), once: a list already there is left alone."""
    from fazhi.supervision import red_lines
    from fazhi.supervision.models import RedLine

    if RedLine.objects.filter(group=red_lines.COUNTY_GROUP).exists():
        return
    lines = [red_lines.RedLineInput(pk=None, version=None, text=t, active=True) for t in d.COUNTY_RED_LINES]
    res.add("red lines", len(red_lines.red_lines_save(actor=ACTOR, lines=lines)))


def _merged_check(town: Region, town_body: EnforcementBody, month: dt.date, on_time: dt.date, res: DemoResult) -> None:
    """合并同类项: 县应急局 entrusted 峰灵镇 with its catalogue matter YJ-001; both plan it at one
    enterprise in overlapping windows, so the run makes it one check by one department, the
    result shared with the other (结果互认)."""
    from fazhi.inspections.models import PlanItem
    from fazhi.inspections.services import plan_item_add

    code = f"ZF-{town.code}-YJ001"
    _matter(
        code,
        "安全生产主体责任落实情况检查（县应急局委托）",
        "routine",
        d.ENTRUSTED_BASIS,
        d.ENTRUSTED_CHECKLIST,
        town_body,
        res,
        catalogue_code="YJ-001",
    )
    entrusted = Matter.objects.get(code=code)
    county = (
        PlanItem.objects.filter(month=month, matter__code="YJ-001", enterprise__region__parent=town)
        .order_by("pk")
        .first()
    )
    if county is None:
        return
    plan_item_add(
        actor=ACTOR,
        body=town_body,
        enterprise=county.enterprise,
        matter=entrusted,
        inspection_type="routine",
        earliest=county.earliest,
        latest=county.latest,
        note="县应急局委托事项，与县应急局同一事项合并检查",
        today=on_time,
    )
    res.add("plan items")


def _two_factor(res: DemoResult) -> None:
    """Demo accounts whose role requires two-factor get a device at once, so the demo needs no phone:
    `fazhi twofactor code USER` prints the current code (shell access is full power anyway)."""
    from fazhi.accounts import twofactor

    for username, *_rest in res.logins:
        user = User.objects.get(username=username)
        if not twofactor.requires_2fa(user):
            continue
        if twofactor.confirmed_totp(user) is None:
            from django_otp.plugins.otp_totp.models import TOTPDevice

            TOTPDevice.objects.create(user=user, name="demo", confirmed=True)
        res.two_factor.append(username)


def _plans(rng: random.Random, fengling: tuple, departments: dict[str, EnforcementBody], res: DemoResult) -> None:
    """Next month's plans of every department for 峰灵镇's enterprises, and one coordination run."""
    from fazhi.inspections.models import PlanItem
    from fazhi.inspections.services import coordination_run_create, month_end, next_month, plan_item_add

    town, _villages, _org, town_body = fengling
    month = next_month(timezone.localdate())
    if PlanItem.objects.filter(month=month).exists():
        return
    on_time = month - dt.timedelta(days=10)  # as if reported by the 25th
    matters = {m.code: m for m in Matter.objects.filter(published=True)}
    industries = {name: codes for name, _suffix, codes in d.INDUSTRIES}
    last = month_end(month).day
    for ent in Enterprise.objects.filter(region__parent=town, do_not_disturb=False).order_by("pk"):
        codes = industries.get(ent.industry, [])
        for code in rng.sample(codes, k=min(len(codes), rng.randint(1, 3))):
            matter = matters[code]
            start = rng.randint(1, last - 7)
            plan_item_add(
                actor=ACTOR,
                body=matter.body,
                enterprise=ent,
                matter=matter,
                inspection_type="routine",
                earliest=month.replace(day=start),
                latest=month.replace(day=min(last, start + rng.choice([6, 10, 14, 20]))),
                today=on_time,
            )
            res.add("plan items")
        if rng.random() < 0.3:
            own = Matter.objects.filter(body=town_body, published=True).order_by("code").first()
            if own is not None:
                plan_item_add(
                    actor=ACTOR,
                    body=town_body,
                    enterprise=ent,
                    matter=own,
                    inspection_type="routine",
                    earliest=month.replace(day=1),
                    latest=month.replace(day=last),
                    today=on_time,
                )
                res.add("plan items")
    _merged_check(town, town_body, month, on_time, res)
    # A month of a year whose holidays are not bundled yet (every December): the demo confirms the
    # Monday–Friday schedule, as a coordinator would; the run page and the home page say so.
    from fazhi.web import demo_remote

    demo_remote.plan(town, town_body, month, on_time, res)  # 非现场: a remote check, planned
    coordination_run_create(actor=ACTOR, region=town, month=month, calendar_confirmed=True)
    res.add("coordination runs")
    demo_remote.approve(res)  # and approved like a visit
