"""Issue 15.4: every department present, every signer checked in. A department's lines are answered
and signed only by ITS officers who checked in and hold a valid certificate that day; a department
whose officer did not come leaves its lines open and its plan items go back to its plan."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from fazhi.accounts.roles import Role
from fazhi.core.errors import PermissionDenied
from fazhi.core.models import LedgerEntry
from fazhi.inspections import onsite
from fazhi.inspections.models import InspectionRecord, PlanItem
from fazhi.registry.models import Officer
from tests.dbutil import assert_nothing_changed
from tests.factories import OfficerFactory, UserFactory
from tests.test_onsite import SIGNATURE, Onsite

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(world: Any) -> Onsite:
    return Onsite(world)


def client_for(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def lines_of(record: InspectionRecord) -> dict[int | None, list[int]]:
    out: dict[int | None, list[int]] = {}
    for line in record.answers.order_by("seq"):
        out.setdefault(line.body_id, []).append(line.seq)
    return out


def test_a_team_officer_who_never_checked_in_neither_answers_nor_signs(site: Onsite, world: Any) -> None:
    record = site.start()  # 峰灵甲 and 县局甲 checked in; 峰灵乙 (same township body) did not
    own = lines_of(record)[world.body_a.pk]
    with assert_nothing_changed(), pytest.raises(PermissionDenied, match="未在本次检查签到"):
        onsite.answer_set(actor=site.user(site.a2), record=record, seq=own[0], answer="pass")
    for seq in own + lines_of(record)[None]:
        onsite.answer_set(actor=site.user(site.a1), record=record, seq=seq, answer="pass")
    with assert_nothing_changed(), pytest.raises(PermissionDenied, match="未在本次检查签到"):
        onsite.section_sign(actor=site.user(site.a2), record=record, body=world.body_a, signature=SIGNATURE)
    assert not onsite.can_record_section(site.user(site.a2), record, world.body_a.pk)
    assert onsite.can_record_section(site.user(site.a1), record, world.body_a.pk)
    # the page offers 峰灵乙 no answer buttons and no signature pad
    html = client_for(site.user(site.a2)).get(reverse("inspections:record", args=[record.pk])).content.decode()
    assert 'class="btn-check"' not in html and "data-sign-section" not in html
    html = client_for(site.user(site.a1)).get(reverse("inspections:record", args=[record.pk])).content.decode()
    assert 'class="btn-check"' in html


def test_a_certificate_invalid_that_day_neither_answers_nor_signs(site: Onsite, world: Any) -> None:
    record = site.start()
    dept_line = lines_of(record)[world.dept_body.pk][0]
    Officer.objects.filter(pk=site.d1.pk).update(valid_until=site.today - dt.timedelta(days=1))
    site.d1.refresh_from_db()
    with assert_nothing_changed(), pytest.raises(PermissionDenied, match="证件"):
        onsite.answer_set(actor=site.user(site.d1), record=record, seq=dept_line, answer="pass")
    with assert_nothing_changed(), pytest.raises(PermissionDenied):
        onsite.section_sign(actor=site.user(site.d1), record=record, body=world.dept_body, signature=SIGNATURE)


def test_only_the_department_answers_its_lines_and_the_lead_the_shared_ones(site: Onsite, world: Any) -> None:
    record = site.start()
    lines = lines_of(record)
    with assert_nothing_changed(), pytest.raises(PermissionDenied, match=world.body_a.name):
        onsite.answer_set(actor=site.user(site.d1), record=record, seq=lines[None][0], answer="pass")
    with assert_nothing_changed(), pytest.raises(PermissionDenied):
        onsite.answer_set(actor=site.user(site.a1), record=record, seq=lines[world.dept_body.pk][0], answer="pass")
    onsite.answer_set(actor=site.user(site.d1), record=record, seq=lines[world.dept_body.pk][0], answer="pass")


def test_the_visit_starts_only_with_the_lead_department_present(site: Onsite, world: Any) -> None:
    d2 = OfficerFactory(body=world.dept_body, name="县局乙")
    d2.user = UserFactory(username="dept_inspector2", org_unit=world["dept_inspector"].org_unit, roles=[Role.INSPECTOR])
    d2.save()
    site.visit.officers.add(d2)
    onsite.check_in(actor=site.user(site.d1), token=site.token)
    record = onsite.check_in(actor=d2.user, token=site.token)
    record.refresh_from_db()
    assert record.status == InspectionRecord.Status.CHECKING_IN and not record.answers.exists()
    record = onsite.check_in(actor=site.user(site.a1), token=site.token)
    record.refresh_from_db()
    assert record.status == InspectionRecord.Status.IN_PROGRESS


def test_an_absent_department_leaves_its_lines_open_and_its_items_go_back_to_its_plan(site: Onsite, world: Any) -> None:
    onsite.check_in(actor=site.user(site.a1), token=site.token)
    record = onsite.check_in(actor=site.user(site.a2), token=site.token)  # 县局甲 never comes
    record.refresh_from_db()
    assert record.status == InspectionRecord.Status.IN_PROGRESS
    assert onsite.absent_bodies(record) == {world.dept_body.pk}
    page = client_for(site.user(site.a1)).get(reverse("inspections:record", args=[record.pk])).content.decode()
    assert f'data-absent="{world.dept_body.pk}"' in page
    lines = lines_of(record)
    for seq in lines[None] + lines[world.body_a.pk]:
        onsite.answer_set(actor=site.user(site.a2), record=record, seq=seq, answer="pass")
    onsite.section_sign(actor=site.user(site.a2), record=record, body=world.body_a, signature=SIGNATURE)
    site.finish(record)
    record.refresh_from_db()
    assert record.status == InspectionRecord.Status.FINISHED
    # the department's lines stay open; the record no longer names it or its matter
    assert set(record.answers.filter(body=world.dept_body).values_list("answer", flat=True)) == {""}
    assert set(record.bodies.values_list("pk", flat=True)) == {world.body_a.pk}
    assert list(record.matters.all()) == [site.matter_a]
    dept_item = PlanItem.objects.get(body=world.dept_body, matter=site.matter_d)
    own_item = PlanItem.objects.get(body=world.body_a, matter=site.matter_a)
    assert dept_item.joint_inspection_id is None and dept_item.schedulable
    assert world.dept_body.name in dept_item.return_reason
    assert own_item.joint_inspection_id == site.visit.pk and not own_item.return_reason
    assert LedgerEntry.objects.filter(verb="inspection.items_returned").count() == 1
    plan = (
        client_for(world["supervisor"])
        .get(reverse("inspections:plan"), {"month": site.today.strftime("%Y-%m")})
        .content.decode()
    )
    assert f'data-returned="{dept_item.pk}"' in plan and world.dept_body.name in plan


def test_a_present_department_must_still_answer_and_sign(site: Onsite, world: Any) -> None:
    record = site.start()
    lines = lines_of(record)
    for seq in lines[None] + lines[world.body_a.pk]:
        onsite.answer_set(actor=site.user(site.a1), record=record, seq=seq, answer="pass")
    onsite.section_sign(actor=site.user(site.a1), record=record, body=world.body_a, signature=SIGNATURE)
    from fazhi.core.errors import ValidationError

    with assert_nothing_changed(), pytest.raises(ValidationError) as exc:
        site.finish(record)
    assert "answers" in exc.value.details and "sections" in exc.value.details


def test_an_item_merged_into_an_absent_department_s_check_goes_back_with_it(site: Onsite, world: Any) -> None:
    """合并同类项: the township's item was to be checked once by the county department (结果互认); the
    county department never came, so neither check was made and both items go back to their plans."""
    from fazhi.inspections.models import JointInspection
    from fazhi.registry.models import Matter

    Matter.objects.filter(pk__in=[site.matter_a.pk, site.matter_d.pk]).update(catalogue_code="C-77")
    town_item = PlanItem.objects.get(body=world.body_a, matter=site.matter_a)
    dept_item = PlanItem.objects.get(body=world.dept_body, matter=site.matter_d)
    JointInspection.objects.filter(pk=site.visit.pk).update(merged=[[dept_item.pk, town_item.pk]])
    onsite.check_in(actor=site.user(site.a1), token=site.token)
    record = onsite.check_in(actor=site.user(site.a2), token=site.token)  # 县局甲 never comes
    record.refresh_from_db()
    assert onsite.absent_bodies(record) == {world.dept_body.pk}
    lines = lines_of(record)
    assert world.body_a.pk not in lines  # the township's matter was the county's to check
    for seq in lines.get(None, []):
        onsite.answer_set(actor=site.user(site.a2), record=record, seq=seq, answer="pass")
    site.finish(record)
    town_item.refresh_from_db()
    dept_item.refresh_from_db()
    assert dept_item.joint_inspection_id is None and world.dept_body.name in dept_item.return_reason
    assert town_item.joint_inspection_id is None and town_item.schedulable
    assert "合并同类项" in town_item.return_reason and world.dept_body.name in town_item.return_reason
    record.refresh_from_db()
    assert list(record.matters.all()) == []  # neither matter was checked
    assert set(record.bodies.values_list("pk", flat=True)) == {world.body_a.pk}  # the lead stays
    entry = LedgerEntry.objects.get(verb="inspection.items_returned")
    import json

    payload = json.loads(entry.payload)
    assert payload["merged_items"] == [town_item.pk]
    assert sorted(payload["items"]) == sorted([town_item.pk, dept_item.pk])
