"""Issue 14 for inspections: one own-body rule, pages that ask the services what to offer and
declare their permission, a scoped officer lookup for the API push, public pages through public
selectors."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from fazhi.core.errors import PermissionDenied
from fazhi.inspections import onsite, selectors, services
from fazhi.inspections.models import CoordinationRun, InspectionRecord, JointInspection, PlanItem, Publication
from fazhi.registry.models import Officer
from tests.dbutil import assert_nothing_changed
from tests.factories import EnterpriseFactory, MatterFactory, OfficerFactory
from tests.test_onsite import Onsite

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(world: Any) -> Onsite:
    return Onsite(world)


def client_for(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _token(user: Any) -> str:
    from fazhi.accounts.services import api_token_create

    return api_token_create(actor=user, name="部门系统", system=True)[1]


def _push(site: Onsite, token: str, certificates: list[str], **changes: Any) -> Any:
    payload = {
        "enterprise_uscc": site.w.ent_a.uscc,
        "matter_codes": [site.matter_a.code],
        "officer_certificates": certificates,
        "mode": "remote",
        "method": "documents",
        "answers": [
            {"text": "安全生产责任制落实", "answer": "pass"},
            {"text": "消防通道畅通", "answer": "pass"},
        ],
        "outcome": "no_issue",
        **changes,
    }
    return Client().post(
        "/api/v1/inspection-records",
        json.dumps(payload),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


# --- the API push names officers through a scoped selector -------------------------------------


def test_a_body_system_names_only_its_own_officers(site: Onsite, world: Any) -> None:
    token = _token(world["head_a"])
    # the county department's officer as a team member (not the lead) of the township's push
    with assert_nothing_changed():
        refused = _push(site, token, [site.a1.certificate_no, site.d1.certificate_no])
    assert refused.status_code == 403
    body = refused.json()
    assert site.d1.certificate_no in body["message"] and "本执法主体" in body["message"]
    assert site.a1.certificate_no not in body["message"]
    # a certificate nobody holds is a 422 naming it, as before
    with assert_nothing_changed():
        unknown = _push(site, token, [site.a1.certificate_no, "NOSUCH-0001"])
    assert unknown.status_code == 422
    assert unknown.json()["details"]["officer_certificates"] == ["NOSUCH-0001"]
    team = [site.a1.certificate_no, site.a2.certificate_no]
    with assert_nothing_changed():
        nowhere = _push(site, token, team, enterprise_uscc="91500000000000000X")
    assert nowhere.status_code == 422 and nowhere.json()["details"] == {"enterprise_uscc": "not_in_scope"}
    # each pushed line passes the same check as a line answered on the phone, named by its wording
    for answer, note in (("maybe", ""), ("fail", " ")):
        lines = [
            {"text": "安全生产责任制落实", "answer": "pass"},
            {"text": "消防通道畅通", "answer": answer, "note": note},
        ]
        with assert_nothing_changed():
            wrong = _push(site, token, team, answers=lines)
        assert wrong.status_code == 422 and wrong.json()["details"] == {"answers": "消防通道畅通"}
    created = _push(site, token, team)
    assert created.status_code == 201, created.content
    assert InspectionRecord.objects.get().officers.count() == 2


def test_push_officers_follow_the_callers_scope(site: Onsite, world: Any) -> None:
    wanted = [site.a1.certificate_no, site.d1.certificate_no]
    # the county sees the officers of every body of the county
    assert set(selectors.push_officers(user=world["supervisor"], certificates=wanted)) == set(wanted)
    # a township body sees its own; the county department's officer is refused, named
    with pytest.raises(PermissionDenied, match=site.d1.certificate_no):
        selectors.push_officers(user=world["inspector_a"], certificates=wanted)
    assert list(selectors.push_officers(user=world["inspector_a"], certificates=["NOSUCH-0001"])) == []


# --- the own-body rule of the no-code and remote forms -----------------------------------------


def test_no_code_refuses_another_bodys_matters_and_an_enterprise_outside(site: Onsite, world: Any) -> None:
    common = {"actor": site.user(site.a1), "officers": [site.a2], "inspection_type": "immediate", "reason": "举报"}
    with assert_nothing_changed(), pytest.raises(PermissionDenied, match="本执法主体"):
        onsite.record_without_code(**common, enterprise=world.ent_a, matters=[site.matter_d])
    with assert_nothing_changed(), pytest.raises(PermissionDenied, match="区域"):
        onsite.record_without_code(**common, enterprise=world.ent_b, matters=[site.matter_a])
    # one matter of its own body among others is enough
    record = onsite.record_without_code(**common, enterprise=world.ent_a, matters=[site.matter_a, site.matter_d])
    assert set(record.bodies.values_list("pk", flat=True)) == {world.body_a.pk, world.dept_body.pk}


def test_a_push_with_a_lead_of_another_body_is_refused_by_the_service(site: Onsite, world: Any) -> None:
    with assert_nothing_changed(), pytest.raises(PermissionDenied, match="主办"):
        onsite.record_remote(
            actor=world["head_a"],
            enterprise=world.ent_a,
            matters=[site.matter_a],
            officers=[site.a1],
            method="documents",
            lead=site.d1,
        )


# --- what the record page offers comes from the services' predicates ---------------------------


def test_record_page_predicates(site: Onsite, world: Any) -> None:
    record = site.start()
    assert onsite.is_on_team(site.user(site.a1), record) and onsite.can_edit(site.user(site.a1), record)
    assert not onsite.can_edit(world["inspector_b"], record)  # not on the team
    assert not onsite.can_edit(world["head_a"], record)  # a login without an officer
    assert not onsite.can_recheck(site.user(site.a1), record)  # nothing to re-check yet
    site.answer_all(record, "fail")
    site.sign_all(record)
    site.finish(record, outcome="rectify", findings="通道堵塞", rectification_due=site.today + dt.timedelta(days=5))
    record.refresh_from_db()
    assert not onsite.can_edit(site.user(site.a1), record)  # finished
    assert onsite.can_recheck(site.user(site.a1), record)
    assert not onsite.can_recheck(world["inspector_b"], record)
    page = client_for(site.user(site.a1)).get(reverse("inspections:record", args=[record.pk])).content.decode()
    assert reverse("inspections:recheck", args=[record.pk]) in page
    onsite.recheck(actor=site.user(site.a1), record=record, rectified=True)
    record.refresh_from_db()
    assert not onsite.can_recheck(site.user(site.a1), record)


def test_file_predicate(site: Onsite, world: Any) -> None:
    record = onsite.record_without_code(
        actor=site.user(site.a1),
        enterprise=EnterpriseFactory(region=world.village_a),
        matters=[site.matter_a],
        officers=[site.a2],
        inspection_type="immediate",
        reason="燃气泄漏",
    )
    assert onsite.can_file(world["supervisor"], record)
    assert not onsite.can_file(world["inspector_a"], record)  # not the justice office
    page = client_for(world["supervisor"]).get(reverse("inspections:record", args=[record.pk])).content.decode()
    assert reverse("inspections:file", args=[record.pk]) in page
    onsite.no_code_file(actor=world["supervisor"], record=record)
    record.refresh_from_db()
    assert not onsite.can_file(world["supervisor"], record)


def test_replace_code_and_approve_predicates(world: Any) -> None:
    assert onsite.can_replace_code(world["supervisor"])
    assert not onsite.can_replace_code(world["enterprise"])  # prints its poster, never replaces it
    assert not onsite.can_replace_code(world["leader_a"])
    assert services.can_approve(world["head_a"]) and services.can_approve(world["leader_a"])
    assert not services.can_approve(world["inspector_a"]) and not services.can_approve(world["supervisor"])
    poster = reverse("inspections:poster", args=[world.ent_a.pk])
    replace = 'btn-outline-danger" data-confirm'
    assert replace in client_for(world["supervisor"]).get(poster).content.decode()
    assert replace not in client_for(world["enterprise"]).get(poster).content.decode()


# --- pages declare their permission ------------------------------------------------------------


def test_pages_refuse_without_their_permission(world: Any) -> None:
    inspector, leader = client_for(world["inspector_a"]), client_for(world["leader_a"])
    assert inspector.get(reverse("inspections:run_list")).status_code == 200
    month = (timezone.localdate().replace(day=1) + dt.timedelta(days=32)).strftime("%Y-%m")
    with assert_nothing_changed():
        assert (
            inspector.post(reverse("inspections:run_list"), {"region": world.town_a.pk, "month": month}).status_code
            == 403
        )
    with assert_nothing_changed():
        response = leader.post(reverse("inspections:plan"), {"action": "add", "body": world.body_a.pk})
    assert response.status_code == 403  # the township leader reads the plan but adds nothing
    assert inspector.get(reverse("inspections:approvals")).status_code == 403
    assert inspector.get(reverse("inspections:portal")).status_code == 403
    assert client_for(world["supervisor"]).get(reverse("inspections:portal")).status_code == 403
    assert client_for(world["enterprise"]).get(reverse("inspections:portal")).status_code == 200
    mine = client_for(world["enterprise"]).get(reverse("inspections:mine"))
    assert mine.status_code == 302 and mine["Location"] == reverse("inspections:portal")
    with assert_nothing_changed():
        assert inspector.get(reverse("inspections:publications")).status_code == 403
        assert inspector.get(reverse("inspections:draw_new")).status_code == 403


def _todays_item(world: Any, visit: JointInspection | None = None) -> PlanItem:
    """A routine plan item of 峰灵镇 at 峰灵酒业 today, for a matter of its own."""
    today = timezone.localdate()
    return PlanItem.objects.create(
        body=world.body_a,
        month=today.replace(day=1),
        enterprise=world.ent_a,
        matter=MatterFactory(body=world.body_a, published=True),
        inspection_type="routine",
        earliest=today,
        latest=today,
        joint_inspection=visit,
    )


def test_run_page_lists_unscheduled_items_and_offers_approval(world: Any) -> None:
    today = timezone.localdate()
    item = _todays_item(world)
    run = CoordinationRun.objects.create(
        region=world.town_a,
        month=today.replace(day=1),
        solution={
            "unscheduled": [{"item": str(item.pk), "reason": "人手不足"}, {"item": "999999", "reason": "已撤回"}]
        },
    )
    assert selectors.run_unscheduled(run=run) == [(item, "人手不足"), (None, "已撤回")]
    head_page = client_for(world["head_a"]).get(reverse("inspections:run_detail", args=[run.pk])).content.decode()
    assert "人手不足" in head_page and "已撤回" in head_page
    JointInspection.objects.create(run=run, enterprise=world.ent_a, date=today, lead_body=world.body_a)
    approve = f'btn-outline-success" href="{reverse("inspections:approvals")}"'
    head_page = client_for(world["head_a"]).get(reverse("inspections:run_detail", args=[run.pk])).content.decode()
    assert approve in head_page
    supervisor = client_for(world["supervisor"]).get(reverse("inspections:run_detail", args=[run.pk])).content.decode()
    assert approve not in supervisor  # the coordinator does not approve


def test_a_visit_with_two_items_of_one_body_is_found_once(world: Any) -> None:
    today = timezone.localdate()
    run = CoordinationRun.objects.create(region=world.town_a, month=today.replace(day=1))
    visit = JointInspection.objects.create(run=run, enterprise=world.ent_a, date=today, lead_body=world.body_a)
    _todays_item(world, visit)
    _todays_item(world, visit)  # a second matter of the same body
    assert selectors.inspection_get(user=world["inspector_a"], pk=visit.pk) == visit


# --- public pages read through public selectors ------------------------------------------------


def test_public_pages_answer_404_for_what_is_not_public(site: Onsite, world: Any) -> None:
    from fazhi.inspections import codes, publication

    record = site.start()
    site.answer_all(record)
    site.sign_all(record)
    site.finish(record)
    pending = Publication.objects.get(record=record)
    public = Client()
    assert public.get(reverse("public:result", args=[pending.pk])).status_code == 404  # not yet published
    publication.publication_publish(actor=world["supervisor"], publication=pending)
    assert public.get(reverse("public:result", args=[pending.pk])).status_code == 200
    listed = public.get(reverse("public:results"), {"township": world.town_a.pk}).content.decode()
    assert world.ent_a.name in listed
    other = public.get(reverse("public:results"), {"township": world.town_b.pk}).content.decode()
    assert world.ent_a.name not in other
    assert public.get(reverse("public:draw", args=[999999])).status_code == 404
    token = codes.task_token(site.visit.pk, site.today)
    stranger = OfficerFactory(body=world.body_b, photo="officers/x.png")
    assert public.get(reverse("public:verify_photo", args=[token, stranger.pk])).status_code == 404
    Officer.objects.filter(pk=site.a1.pk).update(photo="")
    assert public.get(reverse("public:verify_photo", args=[token, site.a1.pk])).status_code == 404
