"""Factories for every registry model, and a small county ("world") built from them."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

import factory
from django.utils import timezone
from stdnum.cn import uscc

from fazhi.accounts.models import OrgUnit, Region, RoleGrant, User
from fazhi.accounts.roles import Role
from fazhi.registry.models import (
    ChecklistItem,
    EnforcementBody,
    Enterprise,
    EnterpriseContact,
    Matter,
    Officer,
)
from fazhi.registry.search import initials

PASSWORD = "Test@2026pass"
_rng = random.Random(7)


def valid_uscc(seed: int | None = None) -> str:
    rng = random.Random(seed) if seed is not None else _rng
    body = "91500238" + "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(9))
    return body + uscc.calc_check_digit(body)


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region

    code = factory.Sequence(lambda n: f"9{n:05d}")
    name = factory.Sequence(lambda n: f"地区{n}")
    level = Region.Level.VILLAGE
    parent = None
    path = factory.LazyAttribute(lambda o: (o.parent.path if o.parent else "/") + o.code + "/")


class OrgUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgUnit

    name = factory.Sequence(lambda n: f"单位{n}")
    kind = OrgUnit.Kind.TOWNSHIP
    region = factory.SubFactory(RegionFactory)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"用户{n}")
    org_unit = factory.SubFactory(OrgUnitFactory)
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def roles(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        for role in extracted or []:
            RoleGrant.objects.create(user=self, role=role)


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EnforcementBody

    code = factory.Sequence(lambda n: f"B{n:03d}")
    name = factory.Sequence(lambda n: f"执法主体{n}")
    level = EnforcementBody.Level.COUNTY
    region = factory.SubFactory(RegionFactory)
    published = True
    name_initials = factory.LazyAttribute(lambda o: initials(o.name))


class OfficerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Officer

    name = factory.Sequence(lambda n: f"执法员{n}")
    body = factory.SubFactory(BodyFactory)
    certificate_no = factory.Sequence(lambda n: f"C{n:08d}")
    valid_until = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=3 * 365))  # never lapses
    status = Officer.Status.ACTIVE
    phone = "13812345678"
    name_initials = factory.LazyAttribute(lambda o: initials(o.name))


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    uscc = factory.Sequence(lambda n: valid_uscc(1_000_000 + n))  # far from the seeds tests pick
    name = factory.Sequence(lambda n: f"测试企业{n}有限公司")
    region = factory.SubFactory(RegionFactory)
    industry = "餐饮服务"
    name_initials = factory.LazyAttribute(lambda o: initials(o.name))


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EnterpriseContact

    enterprise = factory.SubFactory(EnterpriseFactory)
    name = "联系人"
    phone = "13912345678"


class MatterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Matter

    code = factory.Sequence(lambda n: f"M-{n:03d}")
    name = factory.Sequence(lambda n: f"检查事项{n}")
    body = factory.SubFactory(BodyFactory)
    legal_basis = "《中华人民共和国安全生产法》"
    published = True
    name_initials = factory.LazyAttribute(lambda o: initials(o.name))


class ChecklistItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChecklistItem

    matter = factory.SubFactory(MatterFactory)
    seq = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"检查要点{n}")


@dataclass
class World:
    county: Region
    town_a: Region
    town_b: Region
    village_a: Region
    village_b: Region
    dept_body: EnforcementBody
    body_a: EnforcementBody
    body_b: EnforcementBody
    ent_a: Enterprise
    ent_b: Enterprise
    users: dict[str, User] = field(default_factory=dict)

    def __getitem__(self, name: str) -> User:
        return self.users[name]


def build_world() -> World:
    county = RegionFactory(code="500238", name="巫溪县", level=Region.Level.COUNTY)
    town_a = RegionFactory(code="500238117", name="峰灵镇", level=Region.Level.TOWNSHIP, parent=county)
    town_b = RegionFactory(code="500238103", name="城厢镇", level=Region.Level.TOWNSHIP, parent=county)
    village_a = RegionFactory(code="500238117001", name="谭家村", parent=town_a)
    village_b = RegionFactory(code="500238103001", name="先锋村", parent=town_b)
    justice = OrgUnitFactory(name="县司法局", kind=OrgUnit.Kind.JUSTICE_BUREAU, region=county)
    dept_org = OrgUnitFactory(name="县应急局", kind=OrgUnit.Kind.DEPARTMENT, region=county)
    org_a = OrgUnitFactory(name="峰灵镇人民政府", region=town_a)
    org_b = OrgUnitFactory(name="城厢镇人民政府", region=town_b)
    sys_org = OrgUnitFactory(name="运维", kind=OrgUnit.Kind.SYSTEM, region=county)
    dept_body = BodyFactory(code="YJ", name="巫溪县应急管理局", region=county, org_unit=dept_org)
    body_a = BodyFactory(code="ZF-A", name="峰灵镇人民政府", level="township", region=town_a, org_unit=org_a)
    body_b = BodyFactory(code="ZF-B", name="城厢镇人民政府", level="township", region=town_b, org_unit=org_b)
    OfficerFactory(body=dept_body, name="县局甲")
    OfficerFactory(body=body_a, name="峰灵甲")
    OfficerFactory(body=body_b, name="城厢甲")
    ent_a = EnterpriseFactory(name="峰灵酒业有限公司", region=village_a)
    ent_b = EnterpriseFactory(name="城厢餐饮店", region=village_b)
    ContactFactory(enterprise=ent_a)
    ent_org = OrgUnitFactory(name=ent_a.name, kind=OrgUnit.Kind.ENTERPRISE, region=village_a)
    Enterprise.objects.filter(pk=ent_a.pk).update(org_unit=ent_org)
    ent_a.refresh_from_db()
    w = World(county, town_a, town_b, village_a, village_b, dept_body, body_a, body_b, ent_a, ent_b)
    w.users = {
        "inspector_a": UserFactory(username="inspector_a", org_unit=org_a, roles=[Role.INSPECTOR]),
        "head_a": UserFactory(username="head_a", org_unit=org_a, roles=[Role.BODY_HEAD]),
        "leader_a": UserFactory(username="leader_a", org_unit=org_a, roles=[Role.TOWNSHIP_LEADER]),
        "inspector_b": UserFactory(username="inspector_b", org_unit=org_b, roles=[Role.INSPECTOR]),
        "dept_inspector": UserFactory(username="dept_inspector", org_unit=dept_org, roles=[Role.INSPECTOR]),
        "supervisor": UserFactory(username="supervisor", org_unit=justice, roles=[Role.COUNTY_SUPERVISOR]),
        "enterprise": UserFactory(username="enterprise", org_unit=ent_org, roles=[Role.ENTERPRISE]),
        "sysadmin": UserFactory(username="sysadmin", org_unit=sys_org, roles=[Role.SYSTEM_ADMIN]),
        "secadmin": UserFactory(username="secadmin", org_unit=sys_org, roles=[Role.SECURITY_ADMIN]),
        "auditadmin": UserFactory(username="auditadmin", org_unit=sys_org, roles=[Role.AUDIT_ADMIN]),
    }
    return w


# --- cases -----------------------------------------------------------------------------------------


class ViolationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "cases.Violation"

    body = factory.SubFactory(BodyFactory)
    code = factory.Sequence(lambda n: f"V{n:05d}")
    name = "未按规定设置安全警示标志"
    violated_provision = "《中华人民共和国安全生产法》第三十五条"
    penalty_provision = "《中华人民共和国安全生产法》第九十九条第一项"
    limitation_years = 2


class CaseWorld:
    """Case-side data on top of the world: a violation of 峰灵镇 with benchmarks and both waiver
    lists, two certified officers linked to inspector_a and head_a, a legal office user."""

    def __init__(self, w: World) -> None:
        from fazhi.cases.models import DiscretionBenchmark, Waiver

        self.w = w
        self.body = w.body_a
        self.violation = ViolationFactory(body=w.body_a)
        for circ, lo, hi, warn in (
            ("mitigated", 0, 20000, True),
            ("ordinary", 20000, 50000, False),
            ("aggravated", 50000, 100000, False),
        ):
            DiscretionBenchmark.objects.create(
                violation=self.violation,
                circumstance=circ,
                description=circ,
                fine_min=lo,
                fine_max=hi,
                warning_allowed=warn,
            )
        self.first = Waiver.objects.create(
            violation=self.violation,
            kind=Waiver.Kind.FIRST_VIOLATION,
            legal_ground="《中华人民共和国行政处罚法》第三十三条第一款",
            conditions_text="首次违法、危害后果轻微并及时改正",
            first_within_years=2,
        )
        self.minor = Waiver.objects.create(
            violation=self.violation,
            kind=Waiver.Kind.MINOR,
            legal_ground="《中华人民共和国行政处罚法》第三十三条第一款",
            conditions_text="违法行为轻微并及时改正，没有造成危害后果",
            max_harm=Waiver.Harm.NONE,
        )
        self.o1 = Officer.objects.get(name="峰灵甲")
        self.o1.user = w["inspector_a"]
        self.o1.save()
        self.o2 = OfficerFactory(body=w.body_a, name="峰灵丙")
        self.o2.user = w["head_a"]
        self.o2.save()
        justice_a = OrgUnitFactory(name="峰灵司法所", kind=OrgUnit.Kind.JUSTICE_BUREAU, region=w.town_a)
        self.legal = UserFactory(username="legal_a", org_unit=justice_a, roles=[Role.LEGAL_OFFICE])
        self.inspector = w["inspector_a"]
        self.head = w["head_a"]


# --- training (issue 19) ---------------------------------------------------------------------------


def resident_id(n: int, birth: str = "19850101") -> str:
    """A valid 18-character resident ID number (GB 11643) for the n-th test person."""
    from fazhi.core.validators import resident_id_check_character

    first17 = f"500238{birth}{n % 1000:03d}"
    return first17 + resident_id_check_character(first17)


class TraineeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "training.Trainee"

    name = factory.Sequence(lambda n: f"干部{n}")
    category = "official"
    region = factory.SubFactory(RegionFactory)


class TrainingWorld:
    """Training on top of the world: 峰灵镇's legal office (司法所) user who keeps the records,
    officers of body_a with their training records, and two township staff."""

    def __init__(self, w: World) -> None:
        from fazhi.training import services

        self.w = w
        justice_a = OrgUnitFactory(name="峰灵镇司法所", kind=OrgUnit.Kind.JUSTICE_BUREAU, region=w.town_a)
        self.legal = UserFactory(username="legal_a", org_unit=justice_a, roles=[Role.LEGAL_OFFICE])
        self.officer = Officer.objects.get(name="峰灵甲")
        self.pre = OfficerFactory(body=w.body_a, name="峰灵新", status=Officer.Status.PRE_SERVICE, valid_until=None)
        self.officer_trainee = services.trainee_for_officer(
            actor=self.legal, officer=self.officer, id_number=resident_id(1)
        )
        self.staff = [
            services.trainee_create(
                actor=self.legal,
                name=f"村干部{i}",
                region=w.village_a,
                category="village_cadre",
                id_number=resident_id(10 + i),
            )
            for i in range(2)
        ]


# --- disputes --------------------------------------------------------------------------------------


def party_resident_id(birth: str, seq: int, area: str = "500238") -> str:
    """A valid 18-character resident ID number (birth as YYYYMMDD, a 3-digit sequence)."""
    from fazhi.core.validators import resident_id_check_character

    first17 = f"{area}{birth}{seq:03d}"
    return first17 + resident_id_check_character(first17)


class DisputeWorld:
    """Dispute-side data on top of the world: 峰灵镇's governance officer, justice office and two grid
    workers (one a registered mediator), 城厢镇's grid worker, a committee, the county police station."""

    def __init__(self, w: World) -> None:
        import importlib

        from django.apps import apps

        from fazhi.disputes.models import DisputeCategory, MediationCommittee, Mediator

        # the categories are a data migration's rows: put them back after a live-server test's flush
        importlib.import_module("fazhi.disputes.migrations.0002_categories").add(apps, None)
        self.w = w
        org_a = w["leader_a"].org_unit
        org_b = w["inspector_b"].org_unit
        self.officer = UserFactory(username="zongzhi_a", org_unit=org_a, roles=[Role.GOVERNANCE_OFFICER])
        justice_a = OrgUnitFactory(name="峰灵镇司法所", kind=OrgUnit.Kind.JUSTICE_BUREAU, region=w.town_a)
        self.legal = UserFactory(username="sifasuo_a", org_unit=justice_a, roles=[Role.LEGAL_OFFICE])
        self.grid = UserFactory(username="grid_a", org_unit=org_a, roles=[Role.GRID_WORKER])
        self.grid2 = UserFactory(username="grid_a2", org_unit=org_a, roles=[Role.GRID_WORKER])
        self.grid_b = UserFactory(username="grid_b", org_unit=org_b, roles=[Role.GRID_WORKER])
        self.officer_b = UserFactory(username="zongzhi_b", org_unit=org_b, roles=[Role.GOVERNANCE_OFFICER])
        self.police = OrgUnitFactory(name="巫溪县公安局峰灵派出所", kind=OrgUnit.Kind.DEPARTMENT, region=w.county)
        self.committee = MediationCommittee.objects.create(name="峰灵镇人民调解委员会", region=w.town_a)
        self.mediator = Mediator.objects.create(name="调解员甲", committee=self.committee, user=self.grid2)
        self.neighbours = DisputeCategory.objects.get(code="neighbours")
        self.land = DisputeCategory.objects.get(code="housing_land")
        self.traffic = DisputeCategory.objects.get(code="traffic")
