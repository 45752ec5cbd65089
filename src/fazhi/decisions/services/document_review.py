"""Legality review of normative documents and major contracts (规范性文件、重大合同合法性审查): the
same flow as a decision's — at least FAZHI_DECISION_REVIEW_WORKDAYS working days unless a reason is
recorded; pass, pass with changes or fail, with an opinion and a number (〈region〉合审〔year〕n号,
one series with the decisions' reviews). A document is filed (备案) only after a passed review;
who entered the document may not review it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import user_or_none
from fazhi.core.errors import ValidationError
from fazhi.core.ledger import actor_of, ledger_append
from fazhi.core.text import LINE, LONG, text_limits
from fazhi.decisions.access import require_area
from fazhi.decisions.models import DocumentReview, LegalityReview, NormativeDocument
from fazhi.decisions.services.common import next_number
from fazhi.decisions.services.review import check_review, require_independent

PASSED = (LegalityReview.Result.PASS, LegalityReview.Result.PASS_WITH_CHANGES)


def document_passed_review(document: NormativeDocument) -> DocumentReview | None:
    """The document's last review if it passed, else None."""
    last = DocumentReview.objects.filter(document=document).order_by("-reviewed_on", "-pk").first()
    return last if last is not None and last.result in PASSED else None


@text_limits(opinion=(gettext_lazy("Opinion"), LONG), short_reason=(gettext_lazy("Why shorter"), LINE))
def document_review_record(
    *,
    actor: Any,
    document: NormativeDocument,
    submitted_on: dt.date,
    reviewed_on: dt.date,
    result: str,
    opinion: str,
    short_reason: str = "",
) -> DocumentReview:
    require_area(actor, document.region, Perm.DECISION_REVIEW)
    require_independent(actor, document.created_by_id)
    if document.status not in (NormativeDocument.Status.DRAFT, NormativeDocument.Status.IN_FORCE):
        raise ValidationError(_("The document is no longer in force."), code="out_of_order")
    if document.status == NormativeDocument.Status.DRAFT and not document.text.strip():
        raise ValidationError(
            _("The draft has no text yet: the drafting office enters it before the legality review."), code="no_text"
        )
    took = check_review(
        submitted_on=submitted_on, reviewed_on=reviewed_on, result=result, opinion=opinion, short_reason=short_reason
    )
    with transaction.atomic():
        review = DocumentReview.objects.create(
            document=document,
            number=next_number(document.region, "review", reviewed_on.year),
            submitted_on=submitted_on,
            reviewed_on=reviewed_on,
            short_reason=short_reason.strip(),
            result=result,
            opinion=opinion.strip(),
            reviewer=user_or_none(actor),
        )
        ledger_append(
            actor=actor_of(actor),
            verb="decision.document_reviewed",
            target=document,
            payload={"review": review.pk, "number": review.number, "result": result, "workdays": took},
        )
    return review
