"""案卷评查: automatic pre-checks of a closed case file, and the reviewer's scoring against the
review sheet held as data (veto items + 20 presentation + 80 content points, domain-rules §5)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.accounts.roles import Perm
from fazhi.cases.models import Case, CaseReview, DocumentKind, ReviewItem, ReviewScore
from fazhi.cases.services.common import record_step, require_area, require_status
from fazhi.core.errors import ValidationError
from fazhi.core.text import LINE, NOTE, refuse, text_limits


@dataclass(frozen=True)
class PreCheck:
    ok: bool
    message: str


def _required_documents(case: Case) -> set[str]:
    if case.procedure == Case.Procedure.SUMMARY:
        return {DocumentKind.PENALTY_DECISION, DocumentKind.SERVICE_RECEIPT}
    docs = {DocumentKind.INSPECTION_RECORD, DocumentKind.SERVICE_RECEIPT}
    if case.outcome == Case.Outcome.PENALTY:
        docs |= {DocumentKind.PENALTY_NOTICE, DocumentKind.PENALTY_DECISION}
    else:
        docs.add(DocumentKind.NO_PENALTY_DECISION)
    if case.outcome == Case.Outcome.WAIVER:
        docs.add(DocumentKind.RECTIFICATION_ORDER)
    return set(docs)


def _docs_complete(case: Case) -> PreCheck:
    have = {d.kind for d in case.documents.all()}
    missing = _required_documents(case) - have
    if missing:
        return PreCheck(
            False, _("Missing: %(d)s") % {"d": "、".join(str(DocumentKind(k).label) for k in sorted(missing))}
        )
    return PreCheck(True, _("All required documents are in the file."))


def _two_officers(case: Case) -> PreCheck:
    n = len(case.officers.all())
    return PreCheck(n >= 2, _("%(n)d officers took part.") % {"n": n})


def _certificates(case: Case) -> PreCheck:
    day = case.occurred_on if case.procedure == Case.Procedure.SUMMARY else (case.filed_on or case.occurred_on)
    invalid = [o.name for o in case.officers.all() if o.valid_until is None or o.valid_until < day]
    if invalid:
        return PreCheck(False, _("No valid certificate: %(n)s") % {"n": "、".join(invalid)})
    return PreCheck(True, _("Every officer held a valid certificate."))


def _decision_in_time(case: Case) -> PreCheck:
    if case.procedure == Case.Procedure.SUMMARY:
        return PreCheck(True, _("Summary procedure: decided on the spot."))
    if case.decided_on and case.decision_due and case.decided_on > case.decision_due:
        return PreCheck(
            False, _("Decided on %(d)s, after the deadline %(due)s.") % {"d": case.decided_on, "due": case.decision_due}
        )
    return PreCheck(True, _("Decided within the deadline."))


def _service_in_time(case: Case) -> PreCheck:
    if case.served_on and case.service_due and case.served_on > case.service_due:
        return PreCheck(
            False,
            _("Served on %(d)s, after %(due)s (7 working days).") % {"d": case.served_on, "due": case.service_due},
        )
    return PreCheck(True, _("Served within 7 working days."))


def _notice_given(case: Case) -> PreCheck:
    if case.outcome != Case.Outcome.PENALTY or case.procedure == Case.Procedure.SUMMARY:
        return PreCheck(True, _("No notice required."))
    return PreCheck(
        case.notified_on is not None, _("Notice given.") if case.notified_on else _("No notice in the file.")
    )


def _legal_review(case: Case) -> PreCheck:
    if not case.legal_review_required:
        return PreCheck(True, _("Not required."))
    ok = bool(case.legal_review_passed) and (case.collective_discussed_on is not None or not case.collective_required)
    return PreCheck(ok, _("Legal review and discussion done.") if ok else _("Required review or discussion missing."))


def _evidence(case: Case) -> PreCheck:
    n = len(case.evidence.all())
    if case.procedure == Case.Procedure.SUMMARY:
        return PreCheck(True, _("Summary procedure: the decision records the facts."))
    return PreCheck(n > 0, _("%(n)d items of evidence.") % {"n": n})


PRECHECKS: dict[str, Callable[[Case], PreCheck]] = {
    "docs_complete": _docs_complete,
    "two_officers": _two_officers,
    "certificates": _certificates,
    "decision_in_time": _decision_in_time,
    "service_in_time": _service_in_time,
    "notice_given": _notice_given,
    "legal_review": _legal_review,
    "evidence": _evidence,
}


def prechecks(case: Case) -> dict[str, PreCheck]:
    return {code: check(case) for code, check in PRECHECKS.items()}


@dataclass(frozen=True)
class Mark:
    failed: bool = False
    deduction: Decimal = Decimal(0)
    note: str = ""


@text_limits(comment=(gettext_lazy("Comment"), NOTE))
def case_review_submit(*, actor: Any, case: Case, marks: Mapping[str, Mark], comment: str = "") -> CaseReview:
    """Score a closed case file. A failed veto item fails the file (score 0); otherwise each
    section's points less its deductions. The three rates the report shows come from the items'
    metrics: a file is procedure-compliant when no procedure item lost points or failed, etc."""
    require_area(actor, case, Perm.CASE_FILE_REVIEW)
    require_status(case, [Case.Status.CLOSED], _("Case-file review"))
    items = {i.code: i for i in ReviewItem.objects.filter(active=True)}
    unknown = set(marks) - set(items)
    if unknown:
        raise ValidationError(_("Unknown review items: %(c)s") % {"c": ", ".join(sorted(unknown))})
    errors: dict[str, str] = {}  # every line's problem at once, keyed by the line's code
    for code, mark in marks.items():
        item = items[code]
        if mark.deduction < 0 or mark.deduction > item.points:
            errors[code] = _("“%(item)s”: the deduction must be between 0 and %(p)d.") % {
                "item": item.text,
                "p": item.points,
            }
        elif (mark.failed or mark.deduction) and len(mark.note.strip()) < 2:
            errors[code] = _("“%(item)s”: say what is wrong.") % {"item": item.text}
        elif len(mark.note) > LINE:
            errors[code] = _("“%(item)s”: the note may have at most %(n)d characters.") % {"item": item.text, "n": LINE}
    refuse(errors)
    sections: dict[str, Decimal] = {ReviewItem.Section.PRESENTATION: Decimal(0), ReviewItem.Section.CONTENT: Decimal(0)}
    flawed: set[str] = set()
    vetoed = False
    for code, item in items.items():
        mark = marks.get(code, Mark())
        if item.section == ReviewItem.Section.VETO:
            if mark.failed:
                vetoed = True
                flawed.add(item.metric)
            continue
        sections[item.section] += Decimal(item.points) - mark.deduction
        if mark.deduction:
            flawed.add(item.metric)
    presentation, content = sections[ReviewItem.Section.PRESENTATION], sections[ReviewItem.Section.CONTENT]
    total = Decimal(0) if vetoed else presentation + content
    if case.closed_on is None:  # an invariant, kept under python -O
        raise RuntimeError("case.closed_on is missing")
    with transaction.atomic():
        if CaseReview.objects.filter(case=case).exists():
            raise ValidationError(_("This case file has already been reviewed."))
        review = CaseReview.objects.create(
            case=case,
            reviewer=actor,
            year=case.closed_on.year,
            vetoed=vetoed,
            presentation=presentation,
            content=content,
            total=total,
            procedure_ok=ReviewItem.Metric.PROCEDURE not in flawed,
            documents_ok=ReviewItem.Metric.DOCUMENT not in flawed,
            evidence_ok=ReviewItem.Metric.EVIDENCE not in flawed,
            comment=comment.strip(),
        )
        ReviewScore.objects.bulk_create(
            ReviewScore(review=review, item=items[c], failed=m.failed, deduction=m.deduction, note=m.note.strip()[:300])
            for c, m in marks.items()
            if m.failed or m.deduction or m.note.strip()
        )
        record_step(
            actor=actor,
            case=case,
            kind="file_review",
            summary=_("Case file reviewed: %(t)s points%(v)s") % {"t": total, "v": _(" (vetoed)") if vetoed else ""},
            text=comment.strip(),
            payload={"total": str(total), "vetoed": vetoed},
        )
    return review
