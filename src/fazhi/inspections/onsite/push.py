"""一次录入、多部门共用: a department system pushes a whole remote or no-code inspection (the API)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.accounts.scopes import user_or_none
from fazhi.core.errors import ValidationError
from fazhi.core.ledger import actor_of, ledger_append
from fazhi.core.text import LINE, LONG, NOTE, text_limits
from fazhi.inspections.models import (
    ChecklistAnswer,
    InspectionRecord,
    SectionSignoff,
)
from fazhi.inspections.onsite.checklist import answer_checked
from fazhi.inspections.onsite.finish import _finish
from fazhi.inspections.onsite.records import record_remote, record_without_code
from fazhi.inspections.onsite.signatures import sections_of
from fazhi.registry.models import Enterprise, InspectionType, Matter, Officer

Mode = InspectionRecord.Mode


@dataclass(frozen=True)
class PushedAnswer:
    text: str
    answer: str
    note: str = ""


@text_limits(
    reason=(gettext_lazy("Why without a code"), LINE),
    findings=(gettext_lazy("Findings"), NOTE),
    representative_name=(gettext_lazy("Name of the enterprise representative"), 50),
    representative_refused=(gettext_lazy("Why the representative did not sign"), LINE),
    statement=(gettext_lazy("The enterprise's statement"), LONG),
)
def record_push(
    *,
    actor: Any,
    enterprise: Enterprise,
    matters: list[Matter],
    officers: list[Officer],
    mode: str,
    answers: list[PushedAnswer],
    outcome: str,
    day: dt.date | None = None,
    method: str = "",
    reason: str = "",
    inspection_type: str = InspectionType.ROUTINE,
    findings: str = "",
    rectification_due: dt.date | None = None,
    representative_name: str = "",
    representative_signature: str = "",
    representative_refused: str = "",
    statement: str = "",
) -> InspectionRecord:
    """一次录入、多部门共用: a department system pushes a whole remote or no-code inspection. The
    first officer leads (an officer of the system's own body); each department's section is signed
    by the first team officer of that department; answers are matched to the unified checklist by
    the check point's wording. All or nothing: a refused push writes nothing."""
    if not officers:
        raise ValidationError(_("Name the team's officers."), details={"officers": "required"})
    with transaction.atomic():
        common: dict[str, Any] = {
            "actor": actor,
            "enterprise": enterprise,
            "matters": matters,
            "officers": officers[1:],
            "inspection_type": inspection_type,
            "day": day,
            "lead": officers[0],
        }
        if mode == Mode.REMOTE:
            record = record_remote(method=method, **common)
        elif mode == Mode.NO_CODE:
            record = record_without_code(reason=reason, **common)
        else:
            raise ValidationError(_("Only remote and no-code inspections are pushed; on-site ones check in by code."))
        given = {a.text.strip(): a for a in answers}
        lines = list(record.answers.all())
        missing = [line.text for line in lines if line.text not in given]
        unknown = sorted(set(given) - {line.text for line in lines})
        if missing or unknown:
            raise ValidationError(
                _("The answers do not match the unified checklist. Missing: %(missing)s. Not on it: %(unknown)s.")
                % {"missing": "、".join(missing) or "—", "unknown": "、".join(unknown) or "—"},
                details={"answers": {"missing": missing, "unknown": unknown}},
            )
        now = timezone.now()
        for line in lines:
            pushed = given[line.text]
            line.note = answer_checked(pushed.answer, pushed.note, line.text)
            line.answer = pushed.answer
            line.answered_by, line.answered_at = user_or_none(actor), now
        ChecklistAnswer.objects.bulk_update(lines, ["answer", "note", "answered_by", "answered_at"])
        team = list(record.officers.all())
        for body in sections_of(record):
            signer = next((o for o in [officers[0], *team] if o.body_id == body.pk), None)
            if signer is None:
                raise ValidationError(
                    _("No officer of %(body)s is on the team to sign its section.") % {"body": body.name},
                    details={"officers": body.code},
                )
            SectionSignoff.objects.create(record=record, body=body, officer=signer, at=now)
        ledger_append(
            actor=actor_of(actor),
            verb="inspection.pushed",
            target=record,
            payload={"answers": {line.text: [line.answer, line.note] for line in lines}},
        )
        return _finish(
            actor,
            record,
            outcome=outcome,
            findings=findings,
            rectification_due=rectification_due,
            representative_name=representative_name,
            representative_signature=representative_signature,
            representative_refused=representative_refused,
            statement=statement,
        )
