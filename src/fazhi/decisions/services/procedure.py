"""A decision's statutory steps (国务院令第713号 art. 36): each a row, done with its data or not
applicable with its reason. The collective discussion — where the decision is adopted — is refused
while a required step is missing, naming it; without a passed legality review it may not even be
discussed (art. 25)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.accounts.models import Region
from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import user_or_none
from fazhi.core.errors import ValidationError
from fazhi.core.text import LINE, LONG, NAME, NOTE, refuse, text_limits
from fazhi.core.versioning import versioned_update
from fazhi.decisions.access import require_area
from fazhi.decisions.models import CatalogueItem, Decision, DecisionStep, ExpertSession
from fazhi.decisions.services.common import (
    BEFORE_DISCUSSION,
    MAY_NOT_APPLY,
    lock,
    log,
    mark_step,
    next_number,
    not_future,
    require_drafting,
    step_of,
)


@text_limits(
    title=(gettext_lazy("Title"), NAME),
    drafting_office=(gettext_lazy("Drafting office"), NAME),
    draft_text=(gettext_lazy("Draft"), LONG),
    explanation=(gettext_lazy("Explanation"), LONG),
    outside_reason=(gettext_lazy("Why outside the catalogue"), LINE),
)
def decision_create(
    *,
    actor: Any,
    region: Region,
    title: str,
    drafting_office: str,
    draft_text: str,
    explanation: str = "",
    catalogue_item: CatalogueItem | None = None,
    outside_reason: str = "",
    year: int | None = None,
) -> Decision:
    """Start a decision: from the region's published catalogue, or outside it with a reason."""
    require_area(actor, region, Perm.DECISION_DRAFT)
    errors: dict[str, str] = {}
    if not title.strip() and catalogue_item is None:
        errors["title"] = _("Enter the decision's title.")
    if not drafting_office.strip():
        errors["drafting_office"] = _("Name the drafting office.")
    if not draft_text.strip():
        errors["draft_text"] = _("Enter the draft text.")
    if catalogue_item is not None:
        if catalogue_item.catalogue.region_id != region.pk:
            errors["catalogue_item"] = _("The catalogue item belongs to another region.")
        elif catalogue_item.catalogue.status != "published":
            errors["catalogue_item"] = _("The catalogue is not approved and published yet.")
    elif not outside_reason.strip():
        errors["outside_reason"] = _(
            "This decision is not in the published catalogue: record why it is taken outside it, or choose its item."
        )
    refuse(errors)
    year = year or (catalogue_item.catalogue.year if catalogue_item else timezone.localdate().year)
    with transaction.atomic():
        decision = Decision.objects.create(
            region=region,
            year=year,
            title=(title.strip() or (catalogue_item.title if catalogue_item else ""))[:100],
            catalogue_item=catalogue_item,
            outside_reason="" if catalogue_item else outside_reason.strip(),
            drafting_office=drafting_office.strip(),
            draft_text=draft_text.strip(),
            explanation=explanation.strip(),
            created_by=user_or_none(actor),
        )
        DecisionStep.objects.bulk_create(
            [DecisionStep(decision=decision, kind=k, order=n) for n, k in enumerate(DecisionStep.Kind.values)]
        )
        log(actor, "created", decision, catalogue=bool(catalogue_item))
    return decision


@text_limits(reason=(gettext_lazy("Reason"), LINE))
def step_not_applicable(*, actor: Any, decision: Decision, kind: str, reason: str) -> DecisionStep:
    """A step that does not apply to this decision, with the recorded reason."""
    require_area(actor, decision.region, Perm.DECISION_DRAFT)
    require_drafting(decision, _("Declaring a step not applicable"))
    if kind not in MAY_NOT_APPLY:
        label = DecisionStep.Kind(kind).label if kind in DecisionStep.Kind.values else kind
        raise ValidationError(
            _("“%(step)s” cannot be left out: the regulation requires it for every major decision.") % {"step": label},
            details={"kind": "required"},
        )
    if not reason.strip():
        raise ValidationError(_("Record why the step does not apply."), details={"reason": "required"})
    with transaction.atomic():
        step = mark_step(
            actor,
            decision,
            kind,
            day=timezone.localdate(),
            state=DecisionStep.State.NOT_APPLICABLE,
            reason=reason.strip(),
        )
        log(actor, "step_not_applicable", decision, step=kind, reason=reason.strip()[:300])
    return step


@text_limits(place=(gettext_lazy("Place"), NAME), summary=(gettext_lazy("Summary"), NOTE))
def hearing_record(
    *, actor: Any, decision: Decision, materials_published_on: dt.date, held_on: dt.date, place: str, summary: str
) -> DecisionStep:
    """A hearing (听证, art. 17): materials published at least FAZHI_DECISION_HEARING_NOTICE_DAYS
    days before it."""
    require_area(actor, decision.region, Perm.DECISION_DRAFT)
    require_drafting(decision, _("Recording a hearing"))
    errors: dict[str, str] = {}
    not_future(held_on, "held_on", errors)
    days = settings.FAZHI_DECISION_HEARING_NOTICE_DAYS
    if (held_on - materials_published_on).days < days:
        errors["materials_published_on"] = _(
            "The hearing's materials must be published at least %(n)d days before it: hold it on %(d)s or later."
        ) % {"n": days, "d": materials_published_on + dt.timedelta(days=days)}
    if not summary.strip():
        errors["summary"] = _("Summarise what was said at the hearing.")
    refuse(errors)
    with transaction.atomic():
        step = mark_step(
            actor,
            decision,
            DecisionStep.Kind.HEARING,
            day=held_on,
            data={"materials_published_on": materials_published_on.isoformat(), "place": place, "summary": summary},
        )
        log(actor, "hearing", decision, held_on=held_on.isoformat())
    return step


@text_limits(experts=(gettext_lazy("Experts"), LINE), opinion=(gettext_lazy("Written opinions"), LONG))
def expert_session_record(
    *, actor: Any, decision: Decision, held_on: dt.date, experts: str, opinion: str
) -> ExpertSession:
    """An expert argumentation session (专家论证, art. 19) with the experts' written opinions."""
    require_area(actor, decision.region, Perm.DECISION_DRAFT)
    require_drafting(decision, _("Recording an expert session"))
    errors: dict[str, str] = {}
    not_future(held_on, "held_on", errors)
    if not experts.strip():
        errors["experts"] = _("Name the experts.")
    if not opinion.strip():
        errors["opinion"] = _("Enter the experts' written opinions.")
    refuse(errors)
    with transaction.atomic():
        session = ExpertSession.objects.create(
            decision=decision, held_on=held_on, experts=experts.strip(), opinion=opinion.strip()
        )
        mark_step(actor, decision, DecisionStep.Kind.EXPERTS, day=held_on, data={"sessions": session.pk})
        log(actor, "expert_session", decision, held_on=held_on.isoformat())
    return session


RISK_LEVELS = {"low": gettext_lazy("Low"), "medium": gettext_lazy("Medium"), "high": gettext_lazy("High")}


@text_limits(measures=(gettext_lazy("Measures"), NOTE))
def risk_assessment_record(*, actor: Any, decision: Decision, day: dt.date, level: str, measures: str) -> DecisionStep:
    """The risk assessment (风险评估, art. 22): its level and the measures; a high risk must have measures."""
    require_area(actor, decision.region, Perm.DECISION_DRAFT)
    require_drafting(decision, _("Recording the risk assessment"))
    errors: dict[str, str] = {}
    not_future(day, "day", errors)
    if level not in RISK_LEVELS:
        errors["level"] = _("Choose the risk level: low, medium or high.")
    if level in ("medium", "high") and not measures.strip():
        errors["measures"] = _("A medium or high risk needs the measures that control it.")
    refuse(errors)
    with transaction.atomic():
        step = mark_step(
            actor, decision, DecisionStep.Kind.RISK, day=day, data={"level": level, "measures": measures.strip()}
        )
        log(actor, "risk_assessment", decision, level=level)
    return step


def missing_before_discussion(decision: Decision) -> list[str]:
    """The labels of the steps neither done nor declared not applicable (empty: may be discussed)."""
    steps = {s.kind: s for s in decision.steps.all()}
    return [
        str(DecisionStep.Kind(k).label)
        for k in BEFORE_DISCUSSION
        if k not in steps or steps[k].state == DecisionStep.State.PENDING
    ]


@text_limits(attendance=(gettext_lazy("Attendance"), LINE), dissent=(gettext_lazy("Dissent"), NOTE))
def discussion_record(
    *,
    actor: Any,
    decision: Decision,
    held_on: dt.date,
    meeting: str,
    attendance: str,
    adopted: bool,
    dissent: str = "",
    expected_version: int | None = None,
) -> Decision:
    """The collective discussion (集体讨论, art. 30) and the head's decision. Refused while a
    required step is missing (named), and always without a passed legality review (art. 25)."""
    require_area(actor, decision.region, Perm.DECISION_DECIDE)
    require_drafting(decision, _("The collective discussion"))
    legality = step_of(decision, DecisionStep.Kind.LEGALITY)
    if legality.state != DecisionStep.State.DONE:
        raise ValidationError(
            _(
                "Without a passed legality review the decision may not be discussed (art. 25): "
                "send it to the legal office first."
            ),
            code="legality_missing",
        )
    missing = missing_before_discussion(decision)
    errors: dict[str, str] = {}
    if missing:
        errors["steps"] = _(
            "The decision cannot be adopted yet: these steps are missing: %(steps)s. "
            "Complete them, or record why one does not apply."
        ) % {"steps": "、".join(missing)}
    not_future(held_on, "held_on", errors)
    if not meeting.strip():
        errors["meeting"] = _("Name the meeting (executive or plenary meeting).")
    if not attendance.strip():
        errors["attendance"] = _("Record who attended.")
    if legality.done_on and held_on < legality.done_on:
        errors["held_on"] = _("The discussion cannot be before the legality review (%(d)s).") % {"d": legality.done_on}
    refuse(errors)
    with transaction.atomic():
        locked = lock(decision)
        require_drafting(locked, _("The collective discussion"))
        mark_step(
            actor,
            decision,
            DecisionStep.Kind.DISCUSSION,
            day=held_on,
            data={"meeting": meeting.strip(), "attendance": attendance.strip(), "adopted": adopted, "dissent": dissent},
        )
        versioned_update(
            decision,
            expected_version=expected_version,
            fields={
                "status": Decision.Status.ADOPTED if adopted else Decision.Status.NOT_ADOPTED,
                "adopted_on": held_on if adopted else None,
            },
        )
        log(actor, "discussed", decision, adopted=adopted, held_on=held_on.isoformat())
    return decision


def decision_publish(*, actor: Any, decision: Decision, day: dt.date | None = None) -> Decision:
    """Publish the adopted decision with the answers to the public's comments (art. 32)."""
    require_area(actor, decision.region, Perm.DECISION_DRAFT)
    day = day or timezone.localdate()
    if decision.status != Decision.Status.ADOPTED:
        raise ValidationError(_("Only an adopted decision is published."), code="out_of_order")
    errors: dict[str, str] = {}
    not_future(day, "day", errors)
    if decision.adopted_on and day < decision.adopted_on:
        errors["day"] = _("It cannot be published before it was adopted (%(d)s).") % {"d": decision.adopted_on}
    refuse(errors)
    with transaction.atomic():
        number = next_number(decision.region, "publication", day.year)
        mark_step(actor, decision, DecisionStep.Kind.PUBLICATION, day=day, data={"number": number})
        versioned_update(
            decision, expected_version=None, fields={"status": Decision.Status.PUBLISHED, "published_on": day}
        )
        log(actor, "published", decision, day=day.isoformat(), number=number)
    return decision


@text_limits(note=(gettext_lazy("Note"), NOTE))
def decision_archive(*, actor: Any, decision: Decision, day: dt.date | None = None, note: str = "") -> None:
    """File the decision's record (立卷归档, art. 36)."""
    _after_publication(actor, decision, DecisionStep.Kind.ARCHIVE, day, note, "archived")


@text_limits(note=(gettext_lazy("Evaluation"), NOTE))
def decision_evaluate(*, actor: Any, decision: Decision, day: dt.date | None = None, note: str = "") -> None:
    """The post-evaluation (决策后评估, art. 37): how the decision worked out."""
    if not note.strip():
        raise ValidationError(_("Write what the evaluation found."), details={"note": "required"})
    _after_publication(actor, decision, DecisionStep.Kind.EVALUATION, day, note, "evaluated")


def _after_publication(actor: Any, decision: Decision, kind: str, day: dt.date | None, note: str, verb: str) -> None:
    require_area(actor, decision.region, Perm.DECISION_DRAFT)
    day = day or timezone.localdate()
    if decision.status != Decision.Status.PUBLISHED:
        raise ValidationError(_("This step comes after the decision is published."), code="out_of_order")
    errors: dict[str, str] = {}
    not_future(day, "day", errors)
    refuse(errors)
    with transaction.atomic():
        mark_step(actor, decision, kind, day=day, data={"note": note.strip()})
        log(actor, verb, decision, day=day.isoformat())
