"""Investigation (调查取证, art. 42, 55) and its evidence (证据), rectification ordered and recorded
(art. 28), and preservation of evidence (先行登记保存, art. 56)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import user_or_none
from fazhi.cases.models import Case, CaseEvidence, DocumentKind, Preservation
from fazhi.cases.services.common import (
    certified_officers,
    lock,
    locked,
    not_future,
    record_step,
    require_body,
    require_text,
)
from fazhi.cases.services.documents import document_generate
from fazhi.cases.services.step_dates import step_date_check
from fazhi.core import crypto
from fazhi.core.errors import ValidationError
from fazhi.core.text import LINE, LONG, NOTE, text_limits
from fazhi.core.workdays import add_workdays
from fazhi.inspections.onsite import evidence_content_type
from fazhi.registry.models import Officer

S = Case.Status


@text_limits(record=(gettext_lazy("Investigation record"), LONG))
def case_investigate(
    *,
    actor: Any,
    case: Case,
    officers: Iterable[Officer],
    day: dt.date,
    record: str,
    certificate_shown: bool,
) -> Case:
    """调查取证 by at least two certified officers who showed their certificates (art. 42, 55);
    the on-site inspection record (现场检查笔录) is generated from it."""
    require_body(actor, case.body, Perm.CASE_HANDLE)
    not_future(day, "day")
    if not certificate_shown:
        raise ValidationError(
            _("Officers must show their certificates; the party may refuse officers who do not (art. 55)."),
            details={"certificate_shown": "required"},
        )
    if len(record.strip()) < 10:
        raise ValidationError(
            _("Write what the investigation found (at least 10 characters)."), details={"record": "short"}
        )
    team = certified_officers(case.body, officers, day)
    with transaction.atomic():
        case = locked(case, [S.FILED, S.PROPOSED], _("Recording the investigation"))
        step_date_check(case=case, kind="investigate", day=day)
        case.investigated = True
        case.save()
        case.officers.add(*team)
        step = record_step(
            actor=actor,
            case=case,
            kind="investigate",
            day=day,
            summary=_("Investigation by %(names)s, certificates shown") % {"names": "、".join(o.name for o in team)},
            text=record.strip(),
            officers=team,
            certificate_shown=True,
        )
        document_generate(actor=actor, case=case, kind=DocumentKind.INSPECTION_RECORD, step=step)
    return case


@text_limits(requirements=(gettext_lazy("Rectification requirements"), NOTE))
def case_order_rectification(*, actor: Any, case: Case, due: dt.date, requirements: str) -> Case:
    """责令改正 (art. 28): the deadline a waiver's "corrected in time" is measured against."""
    require_body(actor, case.body, Perm.CASE_HANDLE)
    if due <= timezone.localdate():
        raise ValidationError(_("The rectification deadline must be after today."), details={"due": "past"})
    require_text(requirements, 4, _("Say what must be corrected."), field="requirements")
    with transaction.atomic():
        case = locked(case, [S.FILED, S.PROPOSED], _("Ordering rectification"))
        case.rectification_due = due
        case.save()
        step = record_step(
            actor=actor,
            case=case,
            kind="rectification_order",
            summary=_("Ordered to correct by %(due)s") % {"due": due},
            text=requirements.strip(),
        )
        document_generate(actor=actor, case=case, kind=DocumentKind.RECTIFICATION_ORDER, step=step)
    return case


@text_limits(note=(gettext_lazy("Note"), NOTE))
def case_correction_record(*, actor: Any, case: Case, corrected_on: dt.date, note: str) -> Case:
    """The re-check found the violation corrected (the fact art. 33 waivers depend on)."""
    require_body(actor, case.body, Perm.CASE_HANDLE)
    not_future(corrected_on, "corrected_on")
    with transaction.atomic():
        case = locked(case, [S.FILED, S.PROPOSED], _("Recording the correction"))
        if corrected_on < case.occurred_on:
            raise ValidationError(_("The correction cannot precede the violation."), details={"corrected_on": "order"})
        case.corrected_on = corrected_on
        case.save()
        late = case.rectification_due is not None and corrected_on > case.rectification_due
        record_step(
            actor=actor,
            case=case,
            kind="correction",
            day=corrected_on,
            summary=(_("Corrected after the deadline") if late else _("Corrected within the deadline")),
            text=note.strip(),
        )
    return case


@text_limits(items=(gettext_lazy("Items preserved"), 500))
def preservation_register(*, actor: Any, case: Case, items: str, registered_on: dt.date) -> Preservation:
    """先行登记保存 (art. 56): a decision on the goods is due within 7 working days."""
    require_body(actor, case.body, Perm.CASE_HANDLE)
    not_future(registered_on, "registered_on")
    require_text(items, 2, _("List the items registered and kept."), field="items")
    with transaction.atomic():
        case = locked(case, [S.FILED, S.PROPOSED], _("Registering preservation"))
        step_date_check(case=case, kind="preservation", day=registered_on, field="registered_on")
        p = Preservation.objects.create(
            case=case,
            items=items.strip()[:500],
            registered_on=registered_on,
            decide_by=add_workdays(registered_on, settings.FAZHI_CASE_PRESERVATION_WORKDAYS),
        )
        record_step(
            actor=actor,
            case=case,
            kind="preservation",
            day=registered_on,
            summary=_("Registered preservation; decide by %(due)s") % {"due": p.decide_by},
            text=p.items,
        )
    return p


@text_limits(decision=(gettext_lazy("Decision"), LINE))
def preservation_decide(*, actor: Any, preservation: Preservation, decision: str, decided_on: dt.date) -> Preservation:
    require_body(actor, preservation.case.body, Perm.CASE_HANDLE)
    not_future(decided_on, "decided_on")
    if len(decision.strip()) < 2:
        raise ValidationError(_("State the decision on the items (returned, seized, confiscated...)."))
    with transaction.atomic():
        p = Preservation.objects.select_for_update().get(pk=preservation.pk)
        if p.decided_on:
            raise ValidationError(_("This preservation has already been decided."))
        if decided_on < p.registered_on:
            raise ValidationError(_("The decision cannot precede the registration."))
        p.decided_on, p.decision = decided_on, decision.strip()[:300]
        p.save()
        record_step(
            actor=actor,
            case=p.case,
            kind="preservation_decide",
            day=decided_on,
            summary=_("Preservation decided: %(d)s") % {"d": p.decision},
        )
    return p


@text_limits(description=(gettext_lazy("Description"), LINE), name=(gettext_lazy("File name"), 200))
def case_evidence_add(
    *, actor: Any, case: Case, kind: str, description: str, fh: Any = None, name: str = ""
) -> CaseEvidence:
    """Evidence (证据): documents, photos, audio/video, statements. A file's type is read from its
    bytes and its hash goes into the ledger (a swapped file is detected). Physical evidence is
    described without a file."""
    require_body(actor, case.body, Perm.CASE_HANDLE)
    if kind not in CaseEvidence.Kind.values:
        raise ValidationError(_("Choose the kind of evidence."), details={"kind": "required"})
    require_text(description, 2, _("Describe the evidence."), field="description")
    data = fh.read(settings.FAZHI_EVIDENCE_MAX_BYTES + 1) if fh is not None else b""
    content_type = evidence_content_type(data, audio_video=True) if data else ""
    with transaction.atomic():
        case = lock(case)
        if case.status not in {Case.Status.FILED, Case.Status.PROPOSED, Case.Status.NOTIFIED, Case.Status.HEARING}:
            raise ValidationError(_("Evidence is added between filing and decision."), code="out_of_order")
        item = CaseEvidence(
            case=case, kind=kind, description=description.strip()[:300], uploaded_by=user_or_none(actor)
        )
        if data:
            algorithm = settings.FAZHI_LEDGER_ALGORITHM
            item.digest, item.algorithm = crypto.digest(data, algorithm), algorithm
            item.size, item.content_type = len(data), content_type
            item.original_name = (name or "evidence").rsplit("/", 1)[-1][:200]
            item.file.save(f"{case.pk}-{item.digest[:16]}", ContentFile(data), save=False)
        item.save()
        record_step(
            actor=actor,
            case=case,
            kind="evidence",
            summary=_("Evidence: %(d)s") % {"d": item.description},
            payload={"evidence": item.pk, "digest": item.digest},
        )
    return item
