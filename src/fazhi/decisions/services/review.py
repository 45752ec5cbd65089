"""Legality review (合法性审查, art. 24–27) by the legal office or an adviser: at least
FAZHI_DECISION_REVIEW_WORKDAYS working days unless a reason is recorded; pass, pass with changes or
fail, with an opinion and its numbered document (合法性审查意见书, .docx)."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import user_or_none
from fazhi.core.errors import PermissionDenied
from fazhi.core.ledger import actor_of, ledger_append
from fazhi.core.text import LINE, LONG, refuse, text_limits
from fazhi.core.workdays import workdays_between
from fazhi.decisions.access import require_area
from fazhi.decisions.models import Decision, DecisionStep, LegalityReview
from fazhi.decisions.services.common import log, mark_step, next_number, not_future, require_drafting


def require_independent(actor: Any, drafted_by_id: int | None) -> None:
    """Who drafted a text may not review its legality (审查与起草分离)."""
    user = user_or_none(actor)
    if user is not None and drafted_by_id is not None and user.pk == drafted_by_id:
        raise PermissionDenied(
            _("You drafted this text, so you may not review its legality: another reviewer of the office must do it."),
            code="not_independent",
        )


def check_review(*, submitted_on: dt.date, reviewed_on: dt.date, result: str, opinion: str, short_reason: str) -> int:
    """Every error of a review at once; the working days it took."""
    errors: dict[str, str] = {}
    not_future(reviewed_on, "reviewed_on", errors)
    if reviewed_on < submitted_on:
        errors["reviewed_on"] = _("The review cannot end before the draft was submitted.")
    minimum = settings.FAZHI_DECISION_REVIEW_WORKDAYS
    took = workdays_between(submitted_on, reviewed_on)
    if took < minimum and not short_reason.strip():
        errors["short_reason"] = _(
            "A legality review takes at least %(n)d working days (this one %(took)d): "
            "record why it was shorter, or review until later."
        ) % {"n": minimum, "took": took}
    if result not in LegalityReview.Result.values:
        errors["result"] = _("Choose the result: passed, passed with changes or not passed.")
    if not opinion.strip():
        errors["opinion"] = _("Write the review opinion.")
    refuse(errors)
    return took


@text_limits(opinion=(gettext_lazy("Opinion"), LONG), short_reason=(gettext_lazy("Why shorter"), LINE))
def review_record(
    *,
    actor: Any,
    decision: Decision,
    submitted_on: dt.date,
    reviewed_on: dt.date,
    result: str,
    opinion: str,
    short_reason: str = "",
) -> LegalityReview:
    """Record the legal office's review. A failed review leaves the step to do (revise, resubmit)."""
    require_area(actor, decision.region, Perm.DECISION_REVIEW)
    require_independent(actor, decision.created_by_id)
    require_drafting(decision, _("A legality review"))
    took = check_review(
        submitted_on=submitted_on, reviewed_on=reviewed_on, result=result, opinion=opinion, short_reason=short_reason
    )
    passed = result in (LegalityReview.Result.PASS, LegalityReview.Result.PASS_WITH_CHANGES)
    with transaction.atomic():
        review = LegalityReview.objects.create(
            decision=decision,
            number=next_number(decision.region, "review", reviewed_on.year),
            submitted_on=submitted_on,
            reviewed_on=reviewed_on,
            short_reason=short_reason.strip(),
            result=result,
            opinion=opinion.strip(),
            reviewer=user_or_none(actor),
        )
        mark_step(
            actor,
            decision,
            DecisionStep.Kind.LEGALITY,
            day=reviewed_on,
            state=DecisionStep.State.DONE if passed else DecisionStep.State.PENDING,
            data={"review": review.pk, "result": result},
        )
        log(actor, "reviewed", decision, number=review.number, result=result, workdays=took)
    return review


def review_document(*, actor: Any, review: LegalityReview) -> bytes:
    """The 合法性审查意见书 as .docx; its download (and the file's hash) is in the ledger."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    from fazhi.core.crypto import digest

    decision = review.decision
    require_area(actor, decision.region, Perm.DECISION_VIEW)
    doc = Document()
    style = doc.styles["Normal"]
    style.font.size = Pt(16)
    for text, align in (
        (f"{decision.region.name}人民政府", WD_ALIGN_PARAGRAPH.CENTER),
        ("合法性审查意见书", WD_ALIGN_PARAGRAPH.CENTER),
        (review.number, WD_ALIGN_PARAGRAPH.RIGHT),
    ):
        doc.add_paragraph(text).alignment = align
    doc.add_paragraph(f"{decision.drafting_office}：")
    doc.add_paragraph(
        f"你单位于{review.submitted_on:%Y年%m月%d日}报送的《{decision.title}》（送审稿）收悉。经审查，意见如下："
    )
    doc.add_paragraph(f"审查结论：{review.get_result_display()}。")
    doc.add_paragraph(review.opinion)
    if review.short_reason:
        doc.add_paragraph(f"审查期限短于规定的说明：{review.short_reason}")
    doc.add_paragraph(f"{decision.region.name}人民政府（合法性审查机构）").alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.add_paragraph(f"{review.reviewed_on:%Y年%m月%d日}").alignment = WD_ALIGN_PARAGRAPH.RIGHT
    out = io.BytesIO()
    doc.save(out)
    data = out.getvalue()
    with transaction.atomic():
        ledger_append(
            actor=actor_of(actor),
            verb="decision.document",
            target=decision,
            payload={"review": review.pk, "kind": "legality_opinion", "sha256": digest(data)},
        )
    return data


def answers_document(*, actor: Any, decision: Decision) -> bytes:
    """The comment-answer report (意见采纳情况说明) as .docx: each group's summary, how many comments
    it holds, the answer and why; the download (and the file's hash) is in the ledger."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    from fazhi.core.crypto import digest
    from fazhi.decisions.models import CommentGroup

    require_area(actor, decision.region, Perm.DECISION_VIEW)
    doc = Document()
    doc.add_paragraph(f"关于《{decision.title}》公开征求意见采纳情况的说明").alignment = WD_ALIGN_PARAGRAPH.CENTER
    if decision.comment_opens_on:
        doc.add_paragraph(
            f"{decision.drafting_office}于{decision.comment_opens_on:%Y年%m月%d日}至"
            f"{decision.comment_closes_on:%Y年%m月%d日}公开征求意见，现将意见采纳情况说明如下："
        )
    for n, group in enumerate(
        CommentGroup.objects.filter(decision=decision, answered_on__isnull=False).order_by("pk"), start=1
    ):
        comments = group.comments.filter(status="published").count()
        doc.add_paragraph(f"{n}. {group.summary}（{comments}条）")
        doc.add_paragraph(f"{group.get_answer_kind_display()}：{group.answer}")
    doc.add_paragraph(f"{decision.region.name}人民政府").alignment = WD_ALIGN_PARAGRAPH.RIGHT
    out = io.BytesIO()
    doc.save(out)
    data = out.getvalue()
    with transaction.atomic():
        ledger_append(
            actor=actor_of(actor),
            verb="decision.document",
            target=decision,
            payload={"kind": "comment_answers", "sha256": digest(data)},
        )
    return data
