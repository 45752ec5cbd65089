"""Officials' law exams (学法考试) and leaders' law reports (述法)."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from fazhi.accounts.models import Region
from fazhi.accounts.scopes import scope_of
from fazhi.core.errors import ValidationError
from fazhi.core.ledger import actor_of, ledger_append
from fazhi.core.text import LONG, NAME, refuse, text_limits
from fazhi.training.models import LawExam, LawExamCandidate, LawReport, LawReportDocument, Trainee
from fazhi.training.services.common import require_manage, score_error

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024


@text_limits(title=(_("Title"), NAME))
def law_exam_create(*, actor: Any, region: Region, title: str, day: dt.date | None, max_score: int = 100) -> LawExam:
    require_manage(actor, region)
    errors: dict[str, str] = {}
    title = (title or "").strip()
    if not title:
        errors["title"] = _("Give the exam a title.")
    if day is None:
        errors["day"] = _("Give the date of the exam.")
    if not isinstance(max_score, int) or not 1 <= max_score <= 1000:
        errors["max_score"] = _("The maximum score is a whole number from 1 to 1000.")
    refuse(errors)
    if day is None:  # an invariant, kept under python -O
        raise RuntimeError("day missing")
    with transaction.atomic():
        exam = LawExam.objects.create(region=region, title=title, day=day, max_score=max_score)
        ledger_append(
            actor=actor_of(actor),
            verb="training.law_exam_create",
            target=exam,
            payload={"day": str(day), "region": region.code, "max_score": max_score},
        )
    return exam


def law_exam_candidates_add(*, actor: Any, exam: LawExam, trainees: Sequence[Trainee]) -> list[LawExamCandidate]:
    """Who must sit the exam."""
    require_manage(actor, exam.region)
    errors: dict[str, str] = {}
    if not trainees:
        errors["trainees"] = _("Choose at least one person who must sit the exam.")
    twice = [t.name for t, n in Counter(trainees).items() if n > 1]
    already = sorted(
        LawExamCandidate.objects.filter(exam=exam, trainee__in=trainees).values_list("trainee__name", flat=True)
    )
    if twice or already:
        errors["trainees"] = _("Each person sits an exam once; already listed: %(names)s.") % {
            "names": "、".join(sorted(set(twice) | set(already)))
        }
    scope = scope_of(actor)
    outside = [t.name for t in trainees if not scope.covers(t.region, or_above=True)]
    if outside:
        errors["trainees"] = _("These people are outside the area you are responsible for: %(names)s.") % {
            "names": "、".join(outside)
        }
    refuse(errors)
    with transaction.atomic():
        rows = LawExamCandidate.objects.bulk_create([LawExamCandidate(exam=exam, trainee=t) for t in trainees])
        ledger_append(
            actor=actor_of(actor),
            verb="training.law_exam_candidates",
            target=exam,
            payload={"trainees": [t.pk for t in trainees]},
        )
    return rows


def law_exam_scores_record(*, actor: Any, exam: LawExam, scores: Mapping[int, Any]) -> int:
    """Scores by candidate's trainee id; an empty score means "did not sit". Every wrong score is
    named at once and nothing is written until all are right. Returns how many changed."""
    require_manage(actor, exam.region)
    candidates = {c.trainee_id: c for c in LawExamCandidate.objects.filter(exam=exam).select_related("trainee")}
    errors: dict[str, str] = {}
    parsed: dict[int, Decimal | None] = {}
    for trainee_id, raw in scores.items():
        candidate = candidates.get(trainee_id)
        if candidate is None:
            errors[f"score_{trainee_id}"] = _("Person %(id)s is not listed to sit this exam.") % {"id": trainee_id}
            continue
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            parsed[trainee_id] = None
            continue
        value, message = score_error(raw, exam.max_score)
        if message:
            errors[f"score_{trainee_id}"] = f"{candidate.trainee.name}: {message}"
        parsed[trainee_id] = value
    refuse(errors)
    changed = [c for pk, c in candidates.items() if pk in parsed and c.score != parsed[pk]]
    if not changed:
        return 0
    with transaction.atomic():
        for c in changed:
            c.score = parsed[c.trainee_id]
        LawExamCandidate.objects.bulk_update(changed, ["score"])
        ledger_append(
            actor=actor_of(actor),
            verb="training.law_exam_scores",
            target=exam,
            payload={"scores": {str(c.trainee_id): None if c.score is None else str(c.score) for c in changed}},
        )
    return len(changed)


@text_limits(title=(_("Title"), NAME), summary=(_("Summary"), LONG))
def law_report_create(
    *,
    actor: Any,
    trainee: Trainee,
    year: int,
    day: dt.date | None,
    title: str,
    summary: str = "",
    documents: Sequence[tuple[str, bytes]] = (),
) -> LawReport:
    """A leader's 述法 with its documents (the report as given, minutes, the review)."""
    require_manage(actor, trainee.region)
    errors: dict[str, str] = {}
    title = (title or "").strip()
    if not title:
        errors["title"] = _("Give the report a title.")
    if day is None:
        errors["day"] = _("Give the date of the report.")
    elif not 2000 <= year <= day.year + 1:
        errors["year"] = _("The year reported on is not plausible (%(year)s).") % {"year": year}
    for name, data in documents:
        if not data:
            errors["documents"] = _("%(name)s is empty.") % {"name": name}
        elif len(data) > MAX_DOCUMENT_BYTES:
            errors["documents"] = _("%(name)s is larger than 20 MB.") % {"name": name}
    refuse(errors)
    if day is None:  # an invariant, kept under python -O
        raise ValidationError(_("Give the date of the report."))
    with transaction.atomic():
        report = LawReport.objects.create(
            trainee=trainee, region=trainee.region, year=year, day=day, title=title, summary=(summary or "").strip()
        )
        digests = []
        for name, data in documents:
            digest = hashlib.sha256(data).hexdigest()
            doc = LawReportDocument(report=report, original_name=name[:200], sha256=digest)
            doc.file.save(f"{digest[:16]}.bin", ContentFile(data), save=False)
            doc.save()
            digests.append(digest)
        ledger_append(
            actor=actor_of(actor),
            verb="training.law_report_create",
            target=report,
            payload={"trainee": trainee.pk, "year": year, "documents": digests},
        )
    return report
