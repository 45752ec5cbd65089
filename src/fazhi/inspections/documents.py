"""行政检查审批表 (司法部's 行政检查文书基本格式文本): the approval form of a joint inspection, printed
once both approvers signed (检查前有方案审批) — the object, the matters with their legal basis, the
kind, the day, the lead and joining bodies, the team with certificate numbers, and each approval
with the approver and the day. Built with python-docx in the case documents' layout (A4, 仿宋/宋体).

The form is dated the day the approval was complete (the later of the two approvals), never the
day it is printed. Its number is ``〈lead body〉检审〔year〕n号`` with n the visit's place among the
lead body's approved visits of the inspection's year (ordered by creation).
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import require
from fazhi.core.errors import ValidationError
from fazhi.inspections import selectors
from fazhi.inspections.models import JointInspection


def _cn(d: dt.date | None) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if d else ""


def _day(moment: dt.datetime | None) -> dt.date | None:
    return timezone.localdate(moment) if moment is not None else None


def approval_form_context(inspection: JointInspection) -> dict[str, Any]:
    """The form's rows (label, value); rows without a value are left out, never printed empty."""
    items = list(inspection.plan_items.select_related("matter", "body").order_by("pk"))
    matters = list({i.matter_id: i.matter for i in items}.values())
    bodies = [b.name for b in {i.body_id: i.body for i in items}.values() if b.pk != inspection.lead_body_id]
    kinds = sorted({i.get_inspection_type_display() for i in items})
    officers = list(inspection.officers.order_by("name"))
    head_day, leader_day = _day(inspection.head_approved_at), _day(inspection.leader_approved_at)
    approved_on = max(d for d in (head_day, leader_day) if d is not None) if head_day or leader_day else None
    year = inspection.date.year
    earlier = JointInspection.objects.filter(
        lead_body=inspection.lead_body,
        status=JointInspection.Status.APPROVED,
        date__year=inspection.date.year,
        pk__lte=inspection.pk,
    ).count()
    lead = inspection.lead_body
    ent = inspection.enterprise
    rows = [
        ("检查对象", ent.name),
        ("统一社会信用代码", ent.uscc),
        ("地址", ent.address),
        ("法定代表人（负责人）", ent.legal_representative),
        ("检查事项", "；".join(m.name for m in matters)),
        ("检查依据", "；".join(f"{m.name}：{m.legal_basis}" for m in matters if m.legal_basis.strip())),
        ("检查方式", "、".join(str(k) for k in kinds)),
        ("检查时间", _cn(inspection.date)),
        ("牵头单位", lead.name),
        ("参与单位", "、".join(bodies)),
        ("执法人员", "、".join(f"{o.name}（执法证号：{o.certificate_no}）" for o in officers)),
        ("说明", inspection.explanation.strip()),
        (
            "执法主体负责人审批意见",
            f"同意。{_name(inspection.head_approved_by)}  {_cn(head_day)}" if head_day else "",
        ),
        (
            "乡镇（街道）领导审批意见",
            f"同意。{_name(inspection.leader_approved_by)}  {_cn(leader_day)}" if leader_day else "",
        ),
    ]
    return {
        "title": "行政检查审批表",
        "body": lead.name,
        "number": f"{lead.short_name or lead.name}检审〔{year}〕{earlier}号",
        "date": _cn(approved_on),
        "rows": [(label, value) for label, value in rows if value and value.strip()],
    }


def _name(user: Any) -> str:
    if user is None:
        return ""
    full = (user.get_full_name() or "").strip()
    return full or str(user.get_username())


def approval_form_docx(ctx: dict[str, Any]) -> bytes:
    doc = Document()
    for section in doc.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
    style = doc.styles["Normal"]
    style.font.name = "FangSong"
    style.font.size = Pt(14)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋")
    style.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    style.paragraph_format.line_spacing = Pt(26)
    for text, size, align in (
        (ctx["body"], 22, WD_ALIGN_PARAGRAPH.CENTER),
        (ctx["title"], 22, WD_ALIGN_PARAGRAPH.CENTER),
        (ctx["number"], None, WD_ALIGN_PARAGRAPH.RIGHT),
    ):
        par = doc.add_paragraph()
        par.alignment = align
        run = par.add_run(text)
        if size:
            run.bold = True
            run.font.size = Pt(size)
            run.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "宋体")
            par.paragraph_format.line_spacing = Pt(size + 14)
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in ctx["rows"]:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, value
        cells[0].width, cells[1].width = Mm(45), Mm(111)
    for text in (ctx["body"], ctx["date"]):
        par = doc.add_paragraph(text)
        par.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.core_properties.title = ctx["title"]
    doc.core_properties.author = "fazhi"
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def approval_form(*, actor: Any, inspection_id: int) -> tuple[JointInspection, bytes]:
    """The approval form of an approved joint inspection the user may see."""
    require(actor, Perm.INSPECTION_VIEW)
    inspection = selectors.inspection_get(user=actor, pk=inspection_id)
    if inspection.status != JointInspection.Status.APPROVED:
        raise ValidationError(_("The approval form is printed once both approvers have approved the inspection."))
    return inspection, approval_form_docx(approval_form_context(inspection))
