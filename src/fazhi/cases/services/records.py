"""Records around cases: reconsideration and litigation, compliance guidance visits, and the
county's catalogue data (violations, discretion benchmarks, waiver lists)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import require, require_region, scope_of, user_or_none
from fazhi.cases.models import (
    Case,
    CaseEvidence,
    Circumstance,
    DiscretionBenchmark,
    GuidanceVisit,
    Remedy,
    Violation,
    Waiver,
)
from fazhi.cases.services.common import lock, not_future, record_step, require_body
from fazhi.core import crypto
from fazhi.core.errors import PermissionDenied, ValidationError
from fazhi.core.ledger import actor_of, ledger_append
from fazhi.core.text import LINE, NOTE, text_limits
from fazhi.inspections.onsite import evidence_content_type
from fazhi.registry.models import EnforcementBody, Enterprise
from fazhi.registry.selectors import own_body


@text_limits(organ=(gettext_lazy("Reconsideration organ or court"), 200))
def remedy_record(*, actor: Any, case: Case, kind: str, filed_on: dt.date, organ: str) -> Remedy:
    """The party applied for reconsideration or sued (行政复议 / 行政诉讼) against the decision."""
    require_body(actor, case.body, Perm.CASE_HANDLE)
    not_future(filed_on, "filed_on")
    if kind not in Remedy.Kind.values:
        raise ValidationError(_("Choose reconsideration or litigation."), details={"kind": "required"})
    if len(organ.strip()) < 2:
        raise ValidationError(_("Enter the reconsideration organ or the court."), details={"organ": "required"})
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


# --- catalogue: rules as data ---------------------------------------------------------------------


@text_limits(
    name=(gettext_lazy("Violation"), 200),
    violated_provision=(gettext_lazy("Provision violated"), LINE),
    penalty_provision=(gettext_lazy("Penalty provision"), LINE),
)
def violation_save(
    *,
    actor: Any,
    body: EnforcementBody,
    code: str,
    name: str,
    violated_provision: str,
    penalty_provision: str,
    limitation_years: int = 2,
    violation: Violation | None = None,
) -> Violation:
    require(actor, Perm.CASE_RULES_EDIT)
    errors: dict[str, str] = {}
    if not code.strip() or len(code) > 40:
        errors["code"] = _("Enter a code of up to 40 characters.")
    if len(name.strip()) < 2:
        errors["name"] = _("Enter the violation.")
    if len(violated_provision.strip()) < 2 or len(penalty_provision.strip()) < 2:
        errors["penalty_provision"] = _("Enter both the provision violated and the penalty provision.")
    if limitation_years not in (2, 5):
        errors["limitation_years"] = _(
            "The limitation is 2 years, or 5 for life, health and financial safety (art. 36)."
        )
    dup = Violation.objects.filter(code=code.strip())
    if violation is not None:
        dup = dup.exclude(pk=violation.pk)
    if dup.exists():
        errors["code"] = _("This code is already used.")
    if errors:
        raise ValidationError(" ".join(errors.values()), details=errors)
    with transaction.atomic():
        v = violation or Violation(body=body)
        v.code, v.name = code.strip(), name.strip()[:200]
        v.violated_provision, v.penalty_provision = violated_provision.strip()[:300], penalty_provision.strip()[:300]
        v.limitation_years = limitation_years
        if violation is not None:
            v.version += 1
        v.save()
        ledger_append(actor=actor_of(actor), verb="case.violation_save", target=v, payload={"version": v.version})
    return v


@text_limits(description=(gettext_lazy("When it applies"), LINE))
def benchmark_save(
    *,
    actor: Any,
    violation: Violation,
    circumstance: str,
    description: str,
    fine_min: Decimal,
    fine_max: Decimal,
    warning_allowed: bool,
) -> DiscretionBenchmark:
    require(actor, Perm.CASE_RULES_EDIT)
    if circumstance not in Circumstance.values:
        raise ValidationError(_("Choose the circumstances."), details={"circumstance": "required"})
    if fine_min < 0 or fine_max < fine_min:
        raise ValidationError(
            _("The range must run from a lowest fine up to a highest fine."), details={"fine_max": "range"}
        )
    with transaction.atomic():
        bench, created = DiscretionBenchmark.objects.get_or_create(
            violation=violation,
            circumstance=circumstance,
            defaults={"description": description, "fine_min": fine_min, "fine_max": fine_max},
        )
        if not created:
            bench.version += 1
        bench.description = description.strip()[:300]
        bench.fine_min, bench.fine_max, bench.warning_allowed = fine_min, fine_max, warning_allowed
        bench.save()
        ledger_append(
            actor=actor_of(actor),
            verb="case.benchmark_save",
            target=bench,
            payload={"min": str(fine_min), "max": str(fine_max), "warning": warning_allowed, "version": bench.version},
        )
    return bench


@text_limits(
    legal_ground=(gettext_lazy("Legal ground"), LINE), conditions_text=(gettext_lazy("Conditions as published"), 500)
)
def waiver_save(
    *,
    actor: Any,
    violation: Violation,
    kind: str,
    legal_ground: str,
    conditions_text: str,
    first_within_years: int = 0,
    max_harm: str = Waiver.Harm.SLIGHT,
    correction_required: bool = True,
    no_consequence_required: bool = True,
    active: bool = True,
    waiver: Waiver | None = None,
) -> Waiver:
    """A line of the 首违不罚 / 轻微免罚 list. First-violation entries need the history condition."""
    require(actor, Perm.CASE_RULES_EDIT)
    errors: dict[str, str] = {}
    if kind not in Waiver.Kind.values:
        errors["kind"] = _("Choose the list.")
    if max_harm not in Waiver.Harm.values:
        errors["max_harm"] = _("Choose the most harm allowed.")
    if kind == Waiver.Kind.FIRST_VIOLATION and not 1 <= first_within_years <= 10:
        errors["first_within_years"] = _("A first-violation entry says within how many years (1–10).")
    if len(legal_ground.strip()) < 4:
        errors["legal_ground"] = _("Enter the legal ground.")
    if len(conditions_text.strip()) < 4:
        errors["conditions_text"] = _("Enter the conditions as published.")
    if errors:
        raise ValidationError(" ".join(errors.values()), details=errors)
    with transaction.atomic():
        w = waiver or Waiver(violation=violation)
        if waiver is not None:
            w.version += 1
        w.kind, w.legal_ground, w.conditions_text = kind, legal_ground.strip()[:300], conditions_text.strip()[:500]
        w.first_within_years = first_within_years if kind == Waiver.Kind.FIRST_VIOLATION else 0
        w.max_harm, w.correction_required, w.no_consequence_required = (
            max_harm,
            correction_required,
            no_consequence_required,
        )
        w.active = active
        w.save()
        ledger_append(
            actor=actor_of(actor), verb="case.waiver_save", target=w, payload={"version": w.version, "active": active}
        )
    return w


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
    if len(description.strip()) < 2:
        raise ValidationError(_("Describe the evidence."), details={"description": "required"})
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
