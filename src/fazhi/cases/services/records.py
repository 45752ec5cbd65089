"""Records around cases: reconsideration and litigation against a decision, and compliance
guidance visits (合规指导 / 上门送法), also the education art. 33 requires with a waiver."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import require, require_region, scope_of, user_or_none
from fazhi.cases.models import Case, GuidanceVisit, Remedy
from fazhi.cases.services.common import lock, not_future, record_step, require_body, require_text
from fazhi.cases.services.publication import decision_corrected
from fazhi.core.errors import PermissionDenied, ValidationError
from fazhi.core.ledger import actor_of, ledger_append
from fazhi.core.text import LINE, NOTE, text_limits
from fazhi.registry.models import EnforcementBody, Enterprise
from fazhi.registry.selectors import own_body


@text_limits(organ=(gettext_lazy("Reconsideration organ or court"), 200))
def remedy_record(*, actor: Any, case: Case, kind: str, filed_on: dt.date, organ: str) -> Remedy:
    """The party applied for reconsideration or sued (行政复议 / 行政诉讼) against the decision."""
    require_body(actor, case.body, Perm.CASE_HANDLE)
    not_future(filed_on, "filed_on")
    if kind not in Remedy.Kind.values:
        raise ValidationError(_("Choose reconsideration or litigation."), details={"kind": "required"})
    require_text(organ, 2, _("Enter the reconsideration organ or the court."), field="organ")
    with transaction.atomic():
        case = lock(case)
        if case.decided_on is None:
            raise ValidationError(_("Only a decided case can be challenged."))
        if filed_on < case.decided_on:
            raise ValidationError(_("The application cannot precede the decision."), details={"filed_on": "order"})
        remedy = Remedy.objects.create(case=case, kind=kind, filed_on=filed_on, organ=organ.strip()[:200])
        record_step(
            actor=actor, case=case, kind="remedy", day=filed_on, summary=f"{remedy.get_kind_display()}: {remedy.organ}"
        )
    return remedy


@text_limits(note=(gettext_lazy("Note"), LINE))
def remedy_conclude(*, actor: Any, remedy: Remedy, result: str, concluded_on: dt.date, note: str = "") -> Remedy:
    require_body(actor, remedy.case.body, Perm.CASE_HANDLE)
    not_future(concluded_on, "concluded_on")
    if result not in Remedy.Result.values or result == Remedy.Result.PENDING:
        raise ValidationError(_("Choose how it ended."), details={"result": "required"})
    with transaction.atomic():
        remedy = Remedy.objects.select_for_update().get(pk=remedy.pk)
        if remedy.result != Remedy.Result.PENDING:
            raise ValidationError(_("This has already been concluded."))
        if concluded_on < remedy.filed_on:
            raise ValidationError(_("It cannot end before it began."), details={"concluded_on": "order"})
        remedy.result, remedy.concluded_on, remedy.note = result, concluded_on, note.strip()[:300]
        remedy.save()
        if remedy.corrected:  # 处罚法 art. 48: the decision's public notice is withdrawn
            decision_corrected(
                case=remedy.case,
                corrected_on=concluded_on,
                reason=f"{remedy.get_kind_display()}: {remedy.get_result_display()} ({remedy.organ})",
            )
        record_step(
            actor=actor,
            case=remedy.case,
            kind="remedy_result",
            day=concluded_on,
            summary=f"{remedy.get_kind_display()}: {remedy.get_result_display()}",
            text=remedy.note,
        )
    return remedy


@text_limits(topics=(gettext_lazy("Topics"), 500), notes=(gettext_lazy("Notes"), NOTE))
def guidance_record(
    *,
    actor: Any,
    kind: str,
    day: dt.date,
    enterprises: Iterable[Enterprise],
    topics: str,
    problems_found: int = 0,
    problems_solved: int = 0,
    notes: str = "",
    case: Case | None = None,
) -> GuidanceVisit:
    """A compliance guidance / law-delivery visit (合规指导 / 上门送法). With ``case``: the education
    art. 33 requires with a waiver, given to that case's party."""
    require(actor, Perm.GUIDANCE_RECORD)
    not_future(day, "day")
    ents = list({e.pk: e for e in enterprises}.values())
    errors: dict[str, str] = {}
    if kind not in GuidanceVisit.Kind.values:
        errors["kind"] = _("Choose compliance guidance or law delivery.")
    if not ents:
        errors["enterprises"] = _("Choose at least one enterprise.")
    if len(topics.strip()) < 2:
        errors["topics"] = _("Enter the topics covered.")
    if problems_found < 0 or problems_solved < 0 or problems_solved > max(problems_found, 0):
        errors["problems_solved"] = _("Problems solved cannot exceed problems found.")
    if errors:
        raise ValidationError(" ".join(errors.values()), details=errors)
    # a body's officers record their body's visits; anyone else visits the enterprises of their area
    body: EnforcementBody | None = own_body(user=actor)
    if not scope_of(actor).body_bound:
        for e in ents:
            require_region(actor, e.region, message=_("%(e)s is outside your area.") % {"e": e.name})
    if case is not None:
        if case.enterprise_id is None or case.enterprise_id not in {e.pk for e in ents}:
            raise ValidationError(
                _("The case's party must be among the enterprises visited."), details={"case": "party"}
            )
        if body is not None and case.body_id != body.pk:
            raise PermissionDenied(_("Only the case's body records its education."))
        body = case.body
    org = getattr(actor, "org_unit", None)
    with transaction.atomic():
        visit = GuidanceVisit.objects.create(
            body=body,
            organiser=(body.name if body else (org.name if org else str(actor)))[:200],
            region=ents[0].region if len(ents) == 1 else (org.region if org else ents[0].region),
            kind=kind,
            day=day,
            topics=topics.strip()[:500],
            problems_found=problems_found,
            problems_solved=problems_solved,
            notes=notes.strip(),
            case=case,
            created_by=user_or_none(actor),
        )
        visit.enterprises.set(ents)
        ledger_append(
            actor=actor_of(actor),
            verb="guidance.record",
            target=visit,
            payload={"enterprises": [e.pk for e in ents], "case": case.pk if case else None},
        )
        if case is not None:
            record_step(
                actor=actor, case=case, kind="education", day=day, summary=_("Education and compliance guidance given")
            )
    return visit


@text_limits(topics=(gettext_lazy("Topics"), 500))
def case_education_record(
    *, actor: Any, case: Case, day: dt.date, topics: str, problems_found: int = 1, problems_solved: int = 1
) -> GuidanceVisit:
    """The education art. 33 requires with a waiver, given to the case's enterprise as a
    compliance guidance visit (counted with the others)."""
    if case.enterprise is None:
        raise ValidationError(_("Record the education of a natural person in the case's statement."))
    return guidance_record(
        actor=actor,
        kind=GuidanceVisit.Kind.GUIDANCE,
        day=day,
        enterprises=[case.enterprise],
        topics=topics,
        problems_found=problems_found,
        problems_solved=problems_solved,
        case=case,
    )
