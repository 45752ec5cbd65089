"""Complaints about inspections: from the enterprise's portal to the justice bureau and back."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from fazhi.core.errors import PermissionDenied, ValidationError
from fazhi.core.workdays import add_workdays
from fazhi.supervision import selectors, services
from fazhi.supervision.models import Complaint
from tests.test_onsite import Onsite
from tests.test_onsite_pages import client_for, finished

pytestmark = pytest.mark.django_db


def test_complaint_goes_to_the_justice_bureau_not_the_department(world: Any) -> None:
    site = Onsite(world)
    record = finished(site)
    with pytest.raises(PermissionDenied):
        services.complaint_submit(actor=world["inspector_a"], record=record, text="检查人员态度粗暴")
    with pytest.raises(ValidationError):
        services.complaint_submit(actor=world["enterprise"], record=record, text="差")
    complaint = services.complaint_submit(actor=world["enterprise"], record=record, text="检查人员要求停产三天")
    assert complaint.body == world.body_a and complaint.due == add_workdays(complaint.created_at.date(), 15)
    # the department complained about does not read it; the county supervisor does
    assert not selectors.complaint_list(user=world["head_a"]).exists()
    assert not selectors.complaint_list(user=world["inspector_a"]).exists()
    assert list(selectors.complaint_list(user=world["supervisor"])) == [complaint]
    assert list(selectors.complaint_list(user=world["enterprise"])) == [complaint]
    with pytest.raises(PermissionDenied):
        services.complaint_answer(actor=world["head_a"], complaint=complaint, answer="已核实处理")
    services.complaint_answer(actor=world["supervisor"], complaint=complaint, answer="已约谈相关人员并纠正")
    with pytest.raises(ValidationError):
        services.complaint_answer(actor=world["supervisor"], complaint=complaint, answer="再答一次")


def test_complaint_pages(world: Any) -> None:
    site = Onsite(world)
    record = finished(site)
    ent = client_for(world["enterprise"])
    assert "投诉" in ent.get(reverse("inspections:portal")).content.decode()
    ent.post(reverse("supervision:complaints"), {"record": record.pk, "text": "检查时间过长，影响生产"})
    complaint = Complaint.objects.get()
    sup = client_for(world["supervisor"])
    assert "影响生产" in sup.get(reverse("supervision:complaints")).content.decode()
    sup.post(reverse("supervision:complaints"), {"complaint": complaint.pk, "answer": "已核实，今后合并检查"})
    assert "今后合并检查" in ent.get(reverse("supervision:complaints")).content.decode()
    assert client_for(world["inspector_a"]).get(reverse("supervision:complaints")).status_code == 403
    assert Client().get(reverse("supervision:complaints")).status_code == 302
