"""Who may do what on a case, asked the way the pages ask it (the services' ``can_*`` predicates)
and declared the way pages and endpoints declare it (a permission per page, per method, per
endpoint): each refusal is a 403 that changes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from fazhi.accounts.roles import Role
from fazhi.accounts.scopes import SystemUser
from fazhi.accounts.services import api_token_create
from fazhi.cases import services
from fazhi.cases.models import Case, DiscretionBenchmark, Violation
from fazhi.core.errors import PermissionDenied
from fazhi.registry.models import EnforcementBody
from tests.dbutil import assert_nothing_changed
from tests.factories import CaseWorld, OrgUnitFactory, UserFactory
from tests.test_cases import registered

pytestmark = pytest.mark.django_db


@pytest.fixture
def cw(world: Any) -> CaseWorld:
    return CaseWorld(world)


def client_for(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_the_predicates_say_what_the_services_allow(cw: CaseWorld) -> None:
    from fazhi.accounts.models import OrgUnit

    case = registered(cw)
    justice_b = OrgUnitFactory(name="城厢司法所", kind=OrgUnit.Kind.JUSTICE_BUREAU, region=cw.w.town_b)
    legal_b = UserFactory(username="legal_b", org_unit=justice_b, roles=[Role.LEGAL_OFFICE])
    # (is_handler, can_handle, can_approve, can_legal_review, can_review_file), written out
    expected = {
        "inspector_a": (True, True, False, False, False),
        "head_a": (True, True, True, False, False),
        "leader_a": (False, False, False, False, False),
        "inspector_b": (False, False, False, False, False),
        "dept_inspector": (False, False, False, False, False),
        "supervisor": (False, False, False, True, True),
        "legal_a": (False, False, False, True, True),
        "legal_b": (False, False, False, False, False),  # another township: outside the area it reviews
        "enterprise": (False, False, False, False, False),
        "sysadmin": (False, False, False, False, False),
    }
    users = {**{name: cw.w[name] for name in expected if name in cw.w.users}, "legal_a": cw.legal, "legal_b": legal_b}
    for name, want in expected.items():
        user = users[name]
        got = (
            services.is_handler(user, case),
            services.can_handle(user, case),
            services.can_approve(user, case),
            services.can_legal_review(user, case),
            services.can_review_file(user, case),
        )
        assert got == want, name


def test_the_case_page_offers_the_steps_the_predicates_allow(cw: CaseWorld) -> None:
    case = registered(cw)
    head = client_for(cw.head).get(f"/cases/{case.pk}/")
    assert head.status_code == 200
    assert head.context["approve"] and head.context["handle"] and not head.context["legal"]
    assert list(head.context["officers"])  # the body's own officers, to pick for the investigation
    sup = client_for(cw.w["supervisor"]).get(f"/cases/{case.pk}/")
    assert not sup.context["approve"] and not sup.context["handle"] and sup.context["legal"]
    assert sup.context["can_review"] and list(sup.context["officers"]) == []


def test_only_the_body_files_its_case_from_the_page(cw: CaseWorld) -> None:
    case = registered(cw)
    sup, enterprise = client_for(cw.w["supervisor"]), client_for(cw.w["enterprise"])
    with assert_nothing_changed():
        r = sup.post(f"/cases/{case.pk}/", {"action": "file"})
        assert enterprise.post(f"/cases/{case.pk}/", {"action": "file"}).status_code == 403
    assert r.status_code == 422 and "峰灵镇人民政府" in r.content.decode()


def test_a_case_source_is_registered_only_for_ones_own_body(cw: CaseWorld) -> None:
    """A user who may handle cases but works for no body (a body head who is also the county
    supervisor sees the county, not one body) is told so, on the page and in the API."""
    both = UserFactory(username="both", org_unit=cw.w.body_a.org_unit, roles=[Role.BODY_HEAD, Role.COUNTY_SUPERVISOR])
    form = {"source": "complaint", "violation": cw.violation.pk, "party_kind": "person", "party_name": "李某"}
    c = client_for(both)
    with assert_nothing_changed():
        r = c.post("/cases/new/", form)
    assert r.status_code == 422 and "您的账号未关联执法主体" in r.content.decode()
    with assert_nothing_changed(Case), pytest.raises(PermissionDenied):
        services.registering_body(SystemUser("test"))
    assert services.registering_body(cw.inspector) == cw.body


def test_the_api_declares_its_permissions(cw: CaseWorld) -> None:
    c = Client()
    _, leader = api_token_create(actor=cw.w["leader_a"], name="镇政府系统", system=True)
    _, admin = api_token_create(actor=cw.w["sysadmin"], name="运维系统", system=True)
    payload = {
        "violation_id": cw.violation.pk,
        "source": "complaint",
        "party_kind": "organisation",
        "enterprise_id": cw.w.ent_a.pk,
        "occurred_on": timezone.localdate().isoformat(),
        "facts": "仓库未设置安全警示标志。",
    }
    with assert_nothing_changed(Case):
        r = c.post(
            "/api/v1/cases", payload, content_type="application/json", headers={"Authorization": f"Bearer {leader}"}
        )
    assert r.status_code == 403 and r.json()["code"] == "permission_denied"
    year = timezone.localdate().year
    refused = c.get(f"/api/v1/case-figures?year={year}", headers={"Authorization": f"Bearer {admin}"})
    assert refused.status_code == 403 and refused.json()["code"] == "permission_denied"
    allowed = c.get(f"/api/v1/case-figures?year={year}", headers={"Authorization": f"Bearer {leader}"})
    assert allowed.status_code == 200 and allowed.json()["filed"] == 0


def test_the_api_refuses_a_violation_of_another_body(cw: CaseWorld) -> None:
    _, raw = api_token_create(actor=cw.w["inspector_b"], name="城厢系统", system=True)
    with assert_nothing_changed(Case):
        r = Client().post(
            "/api/v1/cases",
            {
                "violation_id": cw.violation.pk,
                "source": "complaint",
                "party_kind": "person",
                "party_name": "李某",
                "occurred_on": timezone.localdate().isoformat(),
                "facts": "仓库未设置安全警示标志。",
            },
            content_type="application/json",
            headers={"Authorization": f"Bearer {raw}"},
        )
    assert r.status_code == 422 and r.json()["details"] == {"violation_id": "not_in_scope"}


def test_rules_page_is_read_by_case_roles_and_written_by_rule_editors(cw: CaseWorld) -> None:
    assert client_for(cw.w["leader_a"]).get("/cases/rules/").status_code == 200
    assert client_for(cw.w["enterprise"]).get("/cases/rules/").status_code == 403
    head = client_for(cw.w["head_a"])
    with assert_nothing_changed():
        assert head.post("/cases/rules/", {"action": "template_reset"}).status_code == 403


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"action": "benchmark", "violation": "abc"}, "violation"),
        ({"action": "benchmark", "violation": ""}, "请选择违法行为"),
        ({"action": "waiver", "violation": "999999"}, "请选择违法行为"),
        ({"action": "violation", "body": "x"}, "body"),
        ({"action": "violation", "body": "999999"}, "请选择执法主体"),
        ({"action": "template"}, ".docx"),
        ({"action": "nothing"}, "未知操作"),
    ],
)
def test_rules_page_refuses_each_bad_form_with_a_message(cw: CaseWorld, form: dict[str, str], message: str) -> None:
    sup = client_for(cw.w["supervisor"])
    with assert_nothing_changed():
        r = sup.post("/cases/rules/", form, follow=True)
    assert r.status_code == 200 and message in r.content.decode()


def test_rules_page_saves_a_violation_and_a_waiver_entry(cw: CaseWorld) -> None:
    sup = client_for(cw.w["supervisor"])
    sup.post(
        "/cases/rules/",
        {
            "action": "violation",
            "body": cw.w.body_b.pk,
            "code": "AQ-009",
            "name": "未按规定公示安全生产责任人",
            "violated_provision": "《中华人民共和国安全生产法》第二十二条",
            "penalty_provision": "《中华人民共和国安全生产法》第九十四条",
            "limitation_years": "2",
        },
    )
    violation = Violation.objects.get(code="AQ-009")
    assert violation.body == EnforcementBody.objects.get(pk=cw.w.body_b.pk)
    sup.post(
        "/cases/rules/",
        {
            "action": "waiver",
            "violation": cw.violation.pk,
            "waiver": cw.minor.pk,
            "kind": "minor",
            "legal_ground": "《中华人民共和国行政处罚法》第三十三条第一款",
            "conditions_text": "违法行为轻微并及时改正",
            "max_harm": "none",
            "active": "0",
        },
    )
    cw.minor.refresh_from_db()
    assert (cw.minor.active, cw.minor.version) == (False, 2)
    assert DiscretionBenchmark.objects.filter(violation=cw.violation).count() == 3


def test_guidance_page_is_read_with_case_view_and_written_with_guidance_record(cw: CaseWorld) -> None:
    leader = client_for(cw.w["leader_a"])
    assert leader.get("/cases/guidance/").status_code == 200
    with assert_nothing_changed():
        r = leader.post("/cases/guidance/", {"kind": "guidance", "enterprises": [cw.w.ent_a.pk], "topics": "安全"})
    assert r.status_code == 403
    assert client_for(cw.w["enterprise"]).get("/cases/guidance/").status_code == 403
