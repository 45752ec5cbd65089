"""The publication notice (公告) of a published decision as .docx, with its number
(〈region〉决公〔year〕n号, per region and year, given when the decision is published)."""

from __future__ import annotations

import io
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from fazhi.accounts.roles import Perm
from fazhi.core.errors import ValidationError
from fazhi.core.ledger import actor_of, ledger_append
from fazhi.decisions.access import require_area
from fazhi.decisions.models import Decision, DecisionStep
from fazhi.decisions.services.common import step_of


def publication_number(decision: Decision) -> str:
    """The notice's number, '' before publication."""
    if decision.status != Decision.Status.PUBLISHED:
        return ""
    return str(step_of(decision, DecisionStep.Kind.PUBLICATION).data.get("number", ""))


def publication_notice(*, actor: Any, decision: Decision) -> bytes:
    """The 公告 as .docx; its download (and the file's hash) is in the ledger."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    from fazhi.core.crypto import digest

    require_area(actor, decision.region, Perm.DECISION_VIEW)
    number = publication_number(decision)
    if not number or decision.published_on is None:
        raise ValidationError(_("The notice exists once the decision is published."), code="out_of_order")
    doc = Document()
    doc.add_paragraph(f"{decision.region.name}人民政府公告").alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph(number).alignment = WD_ALIGN_PARAGRAPH.CENTER
    adopted = f"经{decision.adopted_on:%Y年%m月%d日}集体讨论决定，" if decision.adopted_on else ""
    doc.add_paragraph(f"《{decision.title}》{adopted}现予公布。")
    doc.add_paragraph(decision.draft_text)
    doc.add_paragraph("特此公告。")
    doc.add_paragraph(f"{decision.region.name}人民政府").alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.add_paragraph(f"{decision.published_on:%Y年%m月%d日}").alignment = WD_ALIGN_PARAGRAPH.RIGHT
    out = io.BytesIO()
    doc.save(out)
    data = out.getvalue()
    with transaction.atomic():
        ledger_append(
            actor=actor_of(actor),
            verb="decision.document",
            target=decision,
            payload={"kind": "publication_notice", "number": number, "sha256": digest(data)},
        )
    return data
