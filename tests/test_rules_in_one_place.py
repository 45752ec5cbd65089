"""Issue 14 (registry, supervision, web, accounts): the rules pages used to re-derive now live in
services and selectors — the ledger check, the complainant's number, the figures of the home
page, the "may change this body's records" predicate, the public form's lookups."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from fazhi.accounts import selectors as accounts
from fazhi.accounts import services as account_services
from fazhi.accounts.models import Region, User
from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import SystemUser, is_body_member, is_enterprise_account, is_own_enterprise
from fazhi.core.errors import NotFound, PermissionDenied
from fazhi.core.models import AccessLog, LedgerEntry
from fazhi.registry import selectors as registry
from fazhi.registry import services as registry_services
from fazhi.registry.models import EnforcementBody, Enterprise, Matter, Officer
from fazhi.supervision import services as supervision
from fazhi.supervision.models import Complaint
from tests.dbutil import assert_nothing_changed
from tests.factories import MatterFactory
from tests.test_onsite_pages import client_for

pytestmark = pytest.mark.django_db


def _hotline(world: Any) -> Complaint:
    return supervision.complaint_receive(
        actor=world["supervisor"],
        source="hotline",
        kind="enforcement",
        body=None,
        region=world.town_a,
        text="检查人员未出示执法证件就入企检查",
        contact_name="李先生",
        contact_phone="13711112222",
    )


def test_the_complainants_number_is_revealed_by_a_service_that_logs_the_read(world: Any) -> None:
    complaint = _hotline(world)
    for outsider in ("dept_inspector", "enterprise", "auditadmin"):
        with assert_nothing_changed(), pytest.raises(PermissionDenied):
            supervision.complaint_contact_reveal(actor=world[outsider], complaint=complaint, reason="回电核实")
    phone = supervision.complaint_contact_reveal(actor=world["supervisor"], complaint=complaint, reason="回电核实")
    assert phone == "13711112222"
    entry = AccessLog.objects.get()
    assert (entry.username, entry.reason, entry.target_id) == ("supervisor", "回电核实", str(complaint.pk))


def test_the_ledger_check_is_a_service_and_is_recorded(world: Any) -> None:
    with assert_nothing_changed(), pytest.raises(PermissionDenied):
        account_services.ledger_check(actor=world["supervisor"])
    before = LedgerEntry.objects.count()
    result = account_services.ledger_check(actor=world["auditadmin"])
    assert result.ok and result.checked == before
    last = LedgerEntry.objects.order_by("-seq").first()
    assert last is not None and last.verb == "ledger.verify" and last.actor_name == "auditadmin"
    page = client_for(world["auditadmin"]).post(reverse("core:ledger"), follow=True)
    assert page.status_code == 200 and LedgerEntry.objects.filter(verb="ledger.verify").count() == 2


def test_the_audit_reads_are_selectors_for_the_audit_administrator_only(world: Any) -> None:
    _hotline(world)
    assert not accounts.ledger_entries(user=world["supervisor"]).exists()
    assert not accounts.access_log_entries(user=world["supervisor"]).exists()
    mine = accounts.ledger_entries(user=world["auditadmin"], verb="complaint.", actor="supervisor")
    assert [e.verb for e in mine] == ["complaint.receive"]
    assert not accounts.ledger_entries(user=world["auditadmin"], target="不存在的记录").exists()
    AccessLog.objects.create(username="supervisor", target_type="t", target_id="1", reason="r")
    AccessLog.objects.create(username="leader_a", target_type="t", target_id="2", reason="r")
    assert [a.target_id for a in accounts.access_log_entries(user=world["auditadmin"], username="leader_a")] == ["2"]
    assert accounts.access_log_entries(user=world["auditadmin"]).count() == 2


def test_home_figures_are_the_registry_s_selector(world: Any) -> None:
    MatterFactory(body=world.body_a, published=True)
    MatterFactory(body=world.body_a, published=False)
    county = world.county.path
    expected = {  # written with the models, apart from the selectors
        "enterprises": Enterprise.objects.filter(region__path__startswith=county).count(),
        "officers": Officer.objects.filter(body__region__path__startswith=county).count(),
        "bodies": EnforcementBody.objects.filter(region__path__startswith=county).count(),
        "published_matters": Matter.objects.filter(published=True, body__region__path__startswith=county).count(),
    }
    assert expected == {"enterprises": 2, "officers": 3, "bodies": 3, "published_matters": 1}
    assert registry.registry_figures(user=world["supervisor"]) == expected
    assert registry.registry_figures(user=world["enterprise"]) == {"enterprises": 1}
    assert registry.registry_figures(user=world["sysadmin"]) == {}
    assert registry.registry_figures(user=None) == {}
    assert client_for(world["supervisor"]).get("/").status_code == 200


def test_may_change_a_body_s_records_is_the_services_own_rule(world: Any) -> None:
    head = world["head_a"]
    assert registry_services.can_change_body_records(head, world.body_a, Perm.OFFICER_EDIT)
    assert not registry_services.can_change_body_records(head, world.body_b, Perm.OFFICER_EDIT)
    assert registry_services.can_change_body_records(world["supervisor"], world.body_b, Perm.MATTER_EDIT)
    assert not registry_services.can_change_body_records(world["enterprise"], world.body_a, Perm.MATTER_EDIT)
    assert not registry_services.can_change_body_records(world["leader_a"], world.body_a, Perm.MATTER_EDIT)
    assert registry_services.can_change_body_records(SystemUser(), world.body_b, Perm.MATTER_EDIT)


def test_the_scope_questions_pages_and_services_ask(world: Any) -> None:
    assert is_enterprise_account(world["enterprise"]) and not is_enterprise_account(world["supervisor"])
    assert is_own_enterprise(world["enterprise"], world.ent_a)
    assert not is_own_enterprise(world["enterprise"], world.ent_b)
    assert not is_own_enterprise(world["supervisor"], world.ent_a)
    assert is_body_member(world["inspector_a"]) and not is_body_member(world["leader_a"])
    assert supervision.can_correct_warnings(world["head_a"])
    assert not supervision.can_correct_warnings(world["supervisor"])
    assert supervision.can_see_complaints(world["enterprise"]) and not supervision.can_see_complaints(world["sysadmin"])


def test_accounts_pages_read_through_selectors(world: Any) -> None:
    sec = world["secadmin"]
    assert [u.username for u in accounts.user_list(user=sec, q="inspector_")] == [
        "inspector_a",
        "inspector_b",
    ]
    assert accounts.user_get(user=sec, pk=world["head_a"].pk) == world["head_a"]
    with pytest.raises(NotFound):
        accounts.user_get(user=world["supervisor"], pk=world["head_a"].pk)
    assert accounts.user_roles(world["head_a"]) == ["body_head"]
    User.objects.filter(pk=world["leader_a"].pk).update(is_service_account=True)
    assert "leader_a" not in {u.username for u in accounts.user_list(user=sec, people_only=True)}
    page = client_for(sec).get(reverse("core:user_list"), {"q": "head"}).content.decode()
    assert "head_a" in page and "inspector_a" not in page
    assert client_for(world["auditadmin"]).get(reverse("core:user_list")).status_code == 403


def test_a_revoked_token_is_not_found(world: Any) -> None:
    from fazhi.accounts.roles import Role
    from tests.factories import UserFactory

    manager = UserFactory(org_unit=world["dept_inspector"].org_unit, roles=[Role.BODY_HEAD])
    assert manager.can(Perm.API_TOKEN_MANAGE)
    token, _raw = account_services.api_token_create(actor=manager, name="县应急局系统")
    assert accounts.api_token_get(user=manager, pk=token.pk) == token
    account_services.api_token_revoke(actor=manager, token=token)
    with pytest.raises(NotFound):
        accounts.api_token_get(user=manager, pk=token.pk)


def test_the_public_form_reads_published_choices_and_refuses_a_crafted_region(world: Any) -> None:
    from fazhi.supervision import selectors

    assert set(selectors.public_complaint_regions()) == set(Region.objects.filter(level__in=["county", "township"]))
    EnforcementBody.objects.filter(pk=world.body_b.pk).update(published=False)
    assert world.body_b not in set(selectors.public_bodies())
    with assert_nothing_changed():
        crafted = Client().post(
            reverse("complaint_public:form"),
            {"kind": "enforcement", "region": "abc", "text": "检查人员态度粗暴不出示证件"},
        )
    assert crafted.status_code == 422 and "region" in crafted.content.decode()
    assert selectors.complaint_by_receipt("forged") is None


def test_the_calendar_page_asks_the_working_day_figure(world: Any) -> None:
    import datetime as dt

    from django.utils import timezone

    year = timezone.localdate().year + 10  # beyond the bundled arrangements: Monday to Friday
    first = dt.date(year, 1, 1)
    days = (dt.date(year + 1, 1, 1) - first).days
    weekdays = sum(1 for n in range(days) if (first + dt.timedelta(days=n)).weekday() < 5)
    assert accounts.workday_count(year) == weekdays
    page = client_for(world["sysadmin"]).get(reverse("core:calendar"), {"year": year})
    assert page.status_code == 200 and str(weekdays) in page.content.decode()


def test_the_complaints_page_records_a_hotline_report_and_sends_it_as_a_lead(world: Any) -> None:
    url = reverse("supervision:complaints")
    form = {
        "action": "hotline",
        "kind": "report",
        "region": world.town_a.pk,
        "body": world.body_a.pk,
        "text": "某企业夜间偷排废水，气味很大",
        "enterprise_name": "峰灵酒业有限公司",
        "contact_phone": "13711112222",
    }
    dept, sup = client_for(world["dept_inspector"]), client_for(world["supervisor"])
    with assert_nothing_changed():  # a department inspector does not answer complaints
        dept.post(url, form)
    with assert_nothing_changed():  # a crafted region is named, nothing is written
        sup.post(url, {**form, "region": "x"})
    sup.post(url, form)
    complaint = Complaint.objects.get()
    assert (complaint.source, complaint.body, complaint.region) == ("hotline", world.body_a, world.town_a)
    with assert_nothing_changed():  # the lead needs a department
        sup.post(url, {"action": "lead", "complaint": complaint.pk})
    sup.post(url, {"action": "lead", "complaint": complaint.pk, "body": world.dept_body.pk})
    complaint.refresh_from_db()
    assert complaint.status == "lead_check" and complaint.lead_body == world.dept_body
