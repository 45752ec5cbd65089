"""行政检查审批表 (issue 16.7): printed from an approved joint inspection, dated the day the approval
was complete, with the object, matters and legal basis, team and certificates, both approvals."""

from __future__ import annotations

import io
from typing import Any

import docx
import pytest
from django.utils import timezone
from docx.shared import Mm

from fazhi.core.errors import ValidationError
from fazhi.inspections import services
from fazhi.inspections.documents import approval_form, approval_form_context
from fazhi.inspections.models import JointInspection
from fazhi.registry.models import Matter
from tests.dbutil import assert_nothing_changed
from tests.test_approvals import drafts
from tests.test_onsite_pages import client_for

pytestmark = pytest.mark.django_db


def cn(d: Any) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def approved(world: Any) -> JointInspection:
    _run, visits = drafts(world, 2)
    Matter.objects.filter(name="安全生产").update(legal_basis="《中华人民共和国安全生产法》第六十五条")
    for visit in visits:
        for who in ("head_a", "leader_a"):
            services.joint_inspection_approve(actor=world[who], inspection=visit)
    visit = JointInspection.objects.get(pk=visits[1].pk)
    assert visit.status == JointInspection.Status.APPROVED
    return visit


def form_text(data: bytes) -> tuple[str, Any]:
    d = docx.Document(io.BytesIO(data))
    rows = ["｜".join(c.text for c in row.cells) for t in d.tables for row in t.rows]
    return "\n".join([p.text for p in d.paragraphs] + rows), d.sections[0]


def test_the_approval_form_of_an_approved_joint_inspection(world: Any) -> None:
    visit = approved(world)
    response = client_for(world["head_a"]).get(f"/inspections/visits/{visit.pk}/approval-form/")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    text, section = form_text(b"".join(response.streaming_content))
    assert abs(section.page_width - Mm(210)) < Mm(0.1)  # A4
    year = visit.date.year
    abbr = world.body_a.short_name or world.body_a.name
    assert "行政检查审批表" in text and f"{abbr}检审〔{year}〕2号" in text  # the body's 2nd approved visit
    assert f"检查对象｜{visit.enterprise.name}" in text and f"检查时间｜{cn(visit.date)}" in text
    assert "检查事项｜安全生产" in text and "《中华人民共和国安全生产法》第六十五条" in text
    assert "峰灵甲（执法证号：" in text and "峰灵乙（执法证号：" in text
    today = timezone.localdate()
    assert "执法主体负责人审批意见｜同意。" in text and "乡镇（街道）领导审批意见｜同意。" in text
    assert text.rstrip().endswith(cn(today))  # dated the day the approval was complete
    for line in text.splitlines():
        assert not line.endswith("｜") and not line.endswith("："), line


def test_no_form_before_both_approvals_nor_outside_the_scope(world: Any) -> None:
    _run, visits = drafts(world, 1)
    services.joint_inspection_approve(actor=world["head_a"], inspection=visits[0])
    with assert_nothing_changed(), pytest.raises(ValidationError, match="审批"):
        approval_form(actor=world["head_a"], inspection_id=visits[0].pk)
    page = client_for(world["head_a"]).get(f"/inspections/visits/{visits[0].pk}/approval-form/", follow=True)
    assert "审批" in page.content.decode()
    outsider = client_for(world["inspector_b"])
    assert outsider.get(f"/inspections/visits/{visits[0].pk}/approval-form/").status_code == 404


def test_rows_without_a_value_are_left_out(world: Any) -> None:
    visit = approved(world)
    ctx = approval_form_context(visit)
    labels = [label for label, _value in ctx["rows"]]
    assert "说明" not in labels and "参与单位" not in labels  # no explanation, no other body
    assert all(value.strip() for _label, value in ctx["rows"])


def test_the_run_page_links_the_form_of_each_approved_visit(world: Any) -> None:
    visit = approved(world)
    page = client_for(world["head_a"]).get(f"/inspections/runs/{visit.run_id}/").content.decode()
    assert f"/inspections/visits/{visit.pk}/approval-form/" in page
    waiting = JointInspection.objects.exclude(status=JointInspection.Status.APPROVED).filter(run=visit.run)
    for other in waiting:
        assert f"/inspections/visits/{other.pk}/approval-form/" not in page
