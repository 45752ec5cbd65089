"""The case's statutory steps (行政处罚法 2021), each a service that refuses to run out of order.

registered → filed (立案, art. 54) → investigation (art. 42, 55) → proposal (discretion, waivers)
→ legal review (art. 58) → notice (art. 44–45, 62) → statement / hearing (art. 63–64)
→ decision (art. 57, 60) → service (art. 61) → execution (art. 67, 72) → closed.
Summary procedure (art. 51–52) in one step. Dates: art. 85 makes its 2/3/5/7 days working days.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import user_or_none
from fazhi.cases import rules
from fazhi.cases.models import (
    Case,
    CaseExtension,
    Circumstance,
    DiscretionBenchmark,
    DocumentKind,
    GuidanceVisit,
    Preservation,
    ServiceMethod,
    Violation,
    Waiver,
)
from fazhi.cases.services.common import (
    certified_officers,
    lock,
    next_number,
    not_future,
    record_step,
    require_area,
    require_body,
    require_status,
)
from fazhi.cases.services.documents import document_generate
from fazhi.core.errors import ValidationError
from fazhi.core.text import LINE, LONG, NAME, NOTE, text_limits
from fazhi.core.validators import check_resident_id
from fazhi.core.workdays import add_workdays
from fazhi.inspections.models import InspectionRecord
from fazhi.registry.models import EnforcementBody, Enterprise, Officer

S = Case.Status
OPEN_BEFORE_DECISION = [S.REGISTERED, S.FILED, S.PROPOSED, S.NOTIFIED, S.HEARING]


def _party(
    *, party_kind: str, enterprise: Enterprise | None, party_name: str, party_id_number: str
) -> tuple[str, str, dict[str, str], str]:
    """The party's name and ID number, the errors that refuse them, and a warning to record (an
    ID number whose area code the county list does not know: accepted, to be checked)."""
    errors: dict[str, str] = {}
    warning = ""
    if party_kind not in Case.PartyKind.values:
        errors["party_kind"] = _("Choose whether the party is an organisation or a natural person.")
    name = (enterprise.name if enterprise else party_name).strip()
    if not name:
        errors["party_name"] = _("Enter the party's name, or choose the enterprise.")
    id_number = ""
    if party_kind == Case.PartyKind.PERSON and party_id_number.strip():
        check = check_resident_id(party_id_number)
        if check.error:
            errors["party_id_number"] = check.error
        id_number, warning = check.value, check.warning
    return name, id_number, errors, warning


def _record_party_warning(*, actor: Any, case: Case, warning: str) -> None:
    """The warning of an accepted ID number, on the case's record for whoever checks the card."""
    if warning:
        record_step(actor=actor, case=case, kind="party_id_check", summary=warning)


@text_limits(
    facts=(gettext_lazy("Facts"), LONG),
    party_name=(gettext_lazy("Party name"), NAME),
    party_address=(gettext_lazy("Party address"), LINE),
    source_note=(gettext_lazy("Source details"), LINE),
)
def case_register(
    *,
    actor: Any,
    body: EnforcementBody,
    violation: Violation,
    source: str,
    party_kind: str,
    occurred_on: dt.date,
    facts: str,
    enterprise: Enterprise | None = None,
    party_name: str = "",
    party_id_number: str = "",
    party_address: str = "",
    source_record: InspectionRecord | None = None,
    source_note: str = "",
    major: bool = False,
) -> Case:
    """Register a case source (案源登记): an inspection finding, a complaint, a transfer."""
    require_body(actor, body, Perm.CASE_HANDLE)
    name, id_number, errors, id_warning = _party(
        party_kind=party_kind, enterprise=enterprise, party_name=party_name, party_id_number=party_id_number
    )
    if violation.body_id != body.pk or not violation.active:
        errors["violation"] = _("Choose a violation from your body's catalogue.")
    if source not in Case.Source.values:
        errors["source"] = _("Choose where the case came from.")
    if source == Case.Source.INSPECTION:
        if source_record is None:
            errors["source_record"] = _("Choose the inspection that found the violation.")
        elif not source_record.bodies.filter(pk=body.pk).exists():
            errors["source_record"] = _("Your body did not take part in that inspection.")
        elif enterprise is not None and source_record.enterprise_id != enterprise.pk:
            errors["source_record"] = _("That inspection was of another enterprise.")
    if occurred_on > timezone.localdate():
        errors["occurred_on"] = _("The date of the violation cannot be in the future.")
    elif rules.limitation_passed(occurred_on=occurred_on, today=timezone.localdate(), years=violation.limitation_years):
        errors["occurred_on"] = _(
            "More than %(n)d years have passed since the violation: it may no longer be penalised (处罚法 art. 36)."
        ) % {"n": violation.limitation_years}
    if len(facts.strip()) < 10:
        errors["facts"] = _("Describe the facts found: what, when, where (at least 10 characters).")
    if errors:
        raise ValidationError(" ".join(errors.values()), details=errors)
    if source_record is not None and enterprise is None:
        enterprise = source_record.enterprise
    region = enterprise.region if enterprise else body.region
    with transaction.atomic():
        case = Case.objects.create(
            body=body,
            region=region,
            source=source,
            source_record=source_record,
            source_note=source_note.strip()[:300],
            party_kind=party_kind,
            enterprise=enterprise,
            party_name=name[:200],
            party_id_number=id_number,
            party_address=(party_address or (enterprise.address if enterprise else "")).strip()[:300],
            violation=violation,
            occurred_on=occurred_on,
            facts=facts.strip(),
            major=major,
            created_by=user_or_none(actor),
        )
        record_step(actor=actor, case=case, kind="register", summary=_("Case source registered"))
        _record_party_warning(actor=actor, case=case, warning=id_warning)
    return case


def case_file(*, actor: Any, case: Case, filed_on: dt.date | None = None) -> Case:
    """立案 approved by the body head; the 90-day decision deadline (art. 60) starts here."""
    require_body(actor, case.body, Perm.CASE_APPROVE)
    filed_on = filed_on or timezone.localdate()
    not_future(filed_on, "filed_on")
    with transaction.atomic():
        case = lock(case)
        require_status(case, [S.REGISTERED], _("Filing"))
        if rules.limitation_passed(occurred_on=case.occurred_on, today=filed_on, years=case.violation.limitation_years):
            raise ValidationError(_("The limitation period has passed (处罚法 art. 36): the case cannot be filed."))
        case.number = next_number(case.body, "case", filed_on.year)
        case.filed_on = filed_on
        case.decision_due = filed_on + dt.timedelta(days=settings.FAZHI_CASE_DECISION_DAYS)
        case.status = S.FILED
        case.save()
        record_step(
            actor=actor,
            case=case,
            kind="file",
            day=filed_on,
            summary=_("Filed as %(n)s; decide by %(due)s") % {"n": case.number, "due": case.decision_due},
        )
    return case


@text_limits(reason=(gettext_lazy("Reason"), LINE))
def case_drop(*, actor: Any, case: Case, reason: str) -> Case:
    """Not filed, or filing withdrawn (no violation, transferred, limitation): with the reason."""
    require_body(actor, case.body, Perm.CASE_APPROVE)
    if len(reason.strip()) < 4:
        raise ValidationError(_("State why the case is not pursued."), details={"reason": "required"})
    with transaction.atomic():
        case = lock(case)
        require_status(case, [S.REGISTERED, S.FILED, S.PROPOSED], _("Withdrawing"))
        case.status = S.DROPPED
        case.drop_reason = reason.strip()[:300]
        case.save()
        record_step(actor=actor, case=case, kind="drop", summary=_("Not pursued: %(r)s") % {"r": case.drop_reason})
    return case


@text_limits(reason=(gettext_lazy("Reason"), LINE))
def case_extend(*, actor: Any, case: Case, days: int, reason: str) -> CaseExtension:
    """Extend the decision deadline (art. 60 "另有规定"): approved by the head before it passes."""
    require_body(actor, case.body, Perm.CASE_APPROVE)
    if not 1 <= days <= settings.FAZHI_CASE_EXTENSION_MAX_DAYS:
        raise ValidationError(
            _("An extension is 1 to %(n)d days.") % {"n": settings.FAZHI_CASE_EXTENSION_MAX_DAYS},
            details={"days": "range"},
        )
    if len(reason.strip()) < 4:
        raise ValidationError(_("State why the case needs more time."), details={"reason": "required"})
    with transaction.atomic():
        case = lock(case)
        require_status(case, [S.FILED, S.PROPOSED, S.NOTIFIED, S.HEARING], _("Extending the deadline"))
        if case.decision_due is None:  # an invariant, kept under python -O
            raise RuntimeError("case.decision_due is missing")
        if timezone.localdate() > case.decision_due:
            raise ValidationError(
                _("The deadline %(due)s has already passed; an extension must be approved before it.")
                % {"due": case.decision_due}
            )
        ext = CaseExtension.objects.create(
            case=case,
            days=days,
            reason=reason.strip()[:300],
            new_due=case.decision_due + dt.timedelta(days=days),
            approved_by=actor,
        )
        case.decision_due = ext.new_due
        case.save()
        record_step(
            actor=actor,
            case=case,
            kind="extend",
            summary=_("Deadline extended by %(d)d days to %(due)s") % {"d": days, "due": ext.new_due},
            text=ext.reason,
        )
    return ext


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
        case = lock(case)
        require_status(case, [S.FILED, S.PROPOSED], _("Recording the investigation"))
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
    if len(requirements.strip()) < 4:
        raise ValidationError(_("Say what must be corrected."), details={"requirements": "required"})
    with transaction.atomic():
        case = lock(case)
        require_status(case, [S.FILED, S.PROPOSED], _("Ordering rectification"))
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
        case = lock(case)
        require_status(case, [S.FILED, S.PROPOSED], _("Recording the correction"))
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
    if len(items.strip()) < 2:
        raise ValidationError(_("List the items registered and kept."), details={"items": "required"})
    with transaction.atomic():
        case = lock(case)
        require_status(case, [S.FILED, S.PROPOSED], _("Registering preservation"))
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


# --- proposal: discretion and waivers ------------------------------------------------------------


def benchmark_for(case: Case, circumstance: str) -> DiscretionBenchmark | None:
    return DiscretionBenchmark.objects.filter(violation=case.violation, circumstance=circumstance).first()


def waiver_facts(case: Case) -> rules.WaiverFacts:
    """The party's history for this violation: its latest earlier case that ended in a penalty or
    a waiver (a party once waived is no longer a first violator)."""
    earlier = Case.objects.filter(violation=case.violation).exclude(pk=case.pk)
    earlier = earlier.filter(outcome__in=[Case.Outcome.PENALTY, Case.Outcome.WAIVER], decided_on__isnull=False)
    if case.enterprise_id:
        earlier = earlier.filter(enterprise_id=case.enterprise_id)
    else:
        earlier = earlier.filter(party_name=case.party_name, enterprise__isnull=True)
    last = earlier.order_by("-occurred_on").values_list("occurred_on", flat=True).first()
    return rules.WaiverFacts(
        harm=case.harm,
        harmful_consequence=case.harmful_consequence,
        corrected_on=case.corrected_on,
        rectification_due=case.rectification_due,
        last_same_violation=last,
        occurred_on=case.occurred_on,
    )


CONDITION_LABELS = {
    "first": _("first violation within the period"),
    "harm": _("harm no more than the list allows"),
    "corrected": _("corrected within the deadline"),
    "consequence": _("no harmful consequence"),
}


def waiver_evaluate(case: Case) -> list[tuple[Waiver, list[rules.ConditionResult]]]:
    """Every waiver list entry for the case's violation, with each condition met or not."""
    facts = waiver_facts(case)
    out = []
    for w in Waiver.objects.filter(violation=case.violation, active=True).order_by("kind"):
        cond = rules.WaiverConditions(
            first_within_years=w.first_within_years,
            max_harm=w.max_harm,
            correction_required=w.correction_required,
            no_consequence_required=w.no_consequence_required,
        )
        out.append((w, rules.waiver_conditions(facts, cond)))
    return out


@text_limits(
    other_penalties=(gettext_lazy("Other penalties"), LINE),
    discretion_note=(gettext_lazy("Discretion explanation"), 500),
    out_of_range_reason=(gettext_lazy("Why outside the benchmark"), 500),
)
def case_propose(
    *,
    actor: Any,
    case: Case,
    outcome: str,
    circumstance: str = "",
    harm: str = "",
    harmful_consequence: bool = False,
    fine: Decimal = Decimal(0),
    warning: bool = False,
    other_penalties: str = "",
    discretion_note: str = "",
    out_of_range_reason: str = "",
    waiver: Waiver | None = None,
) -> Case:
    """The handling proposal (处理意见): a penalty checked against the discretion benchmark, a
    waiver checked against its list's conditions, or no penalty. Sets what the decision needs:
    hearing right (art. 63), legal review (art. 58), collective discussion (art. 57)."""
    require_body(actor, case.body, Perm.CASE_HANDLE)
    errors: dict[str, str] = {}
    if outcome not in Case.Outcome.values:
        errors["outcome"] = _("Choose a penalty, a waiver or no penalty.")
    if harm not in Case.Harm.values:
        errors["harm"] = _("Say how much harm the violation caused.")
    if fine < 0:
        errors["fine"] = _("The fine cannot be negative.")
    if errors:
        raise ValidationError(" ".join(errors.values()), details=errors)
    with transaction.atomic():
        case = lock(case)
        require_status(case, [S.FILED, S.PROPOSED, S.NOTIFIED], _("Proposing the handling"))
        if not case.investigated:
            raise ValidationError(_("Record the investigation by two certified officers first."), code="out_of_order")
        if outcome != Case.Outcome.NO_PENALTY and not case.evidence.exists():
            raise ValidationError(
                _("Add the evidence the finding rests on first (证据确凿)."), details={"evidence": "missing"}
            )
        case.harm, case.harmful_consequence = harm, harmful_consequence
        out_of_range = False
        if outcome == Case.Outcome.PENALTY:
            if circumstance not in Circumstance.values:
                raise ValidationError(
                    _("Choose the circumstances (mitigated, ordinary, aggravated)."),
                    details={"circumstance": "required"},
                )
            if fine == 0 and not warning and not other_penalties.strip():
                raise ValidationError(
                    _("A penalty needs a fine, a warning or another penalty."), details={"fine": "required"}
                )
            if len(discretion_note.strip()) < 5:
                raise ValidationError(
                    _("Explain the discretion: which circumstances lead to this penalty (裁量说理)."),
                    details={"discretion_note": "required"},
                )
            bench = benchmark_for(case, circumstance)
            allowed = rules.Range(bench.fine_min, bench.fine_max, bench.warning_allowed) if bench is not None else None
            check = rules.discretion_check(fine=fine, warning=warning and fine == 0, allowed=allowed)
            out_of_range = not check.in_range
            if out_of_range and len(out_of_range_reason.strip()) < 10:
                raise ValidationError(
                    _discretion_message(check.explanation, bench), details={"out_of_range_reason": "required"}
                )
            if case.notified_fine is not None and fine > case.notified_fine:
                raise ValidationError(
                    _("After the notice the penalty may not become heavier (处罚法 art. 45): at most %(f)s yuan.")
                    % {"f": case.notified_fine},
                    details={"fine": "heavier"},
                )
            case.waiver = None
        elif outcome == Case.Outcome.WAIVER:
            if waiver is None or waiver.violation_id != case.violation_id or not waiver.active:
                raise ValidationError(
                    _("Choose a waiver list entry for this violation."), details={"waiver": "required"}
                )
            case.outcome = outcome  # for the evaluation below
            results = dict(waiver_evaluate(case)).get(waiver, [])
            unmet = [CONDITION_LABELS[r.code] for r in results if r.met is False]
            unknown = [CONDITION_LABELS[r.code] for r in results if r.met is None]
            if unmet:
                raise ValidationError(
                    _("The waiver does not apply: %(c)s.") % {"c": "、".join(str(u) for u in unmet)},
                    details={"waiver": "conditions"},
                )
            if unknown:
                raise ValidationError(
                    _("Record these first: %(c)s.") % {"c": "、".join(str(u) for u in unknown)},
                    details={"waiver": "unknown"},
                )
            fine, warning, other_penalties, circumstance = Decimal(0), False, "", ""
            case.waiver = waiver
        else:
            if len(discretion_note.strip()) < 5:
                raise ValidationError(_("State why no penalty is given."), details={"discretion_note": "required"})
            fine, warning, other_penalties, circumstance = Decimal(0), False, "", ""
            case.waiver = None
        organisation = case.party_kind == Case.PartyKind.ORGANISATION
        case.outcome = outcome
        case.circumstance = circumstance
        case.fine = fine
        case.warning_penalty = warning
        case.other_penalties = other_penalties.strip()[:300]
        case.discretion_note = discretion_note.strip()[:500]
        case.out_of_range_reason = out_of_range_reason.strip()[:500] if out_of_range else ""
        case.hearing_eligible = outcome == Case.Outcome.PENALTY and rules.hearing_right(
            organisation=organisation,
            fine=fine,
            other_penalties=case.other_penalties,
            threshold_person=settings.FAZHI_CASE_HEARING_FINE_PERSON,
            threshold_organisation=settings.FAZHI_CASE_HEARING_FINE_ORGANISATION,
        )
        case.legal_review_required = case.hearing_eligible or out_of_range or case.major
        case.collective_required = case.major
        # a changed proposal is reviewed again
        case.legal_reviewed_on, case.legal_review_passed, case.legal_review_opinion = None, None, ""
        if case.status == S.FILED or (case.status == S.NOTIFIED and outcome != Case.Outcome.PENALTY):
            case.status = S.PROPOSED  # dropping the penalty after the statement goes straight to decision
        case.save()
        record_step(
            actor=actor,
            case=case,
            kind="propose",
            summary=_proposal_summary(case),
            text=case.discretion_note,
            payload={"outcome": outcome, "fine": str(fine), "out_of_range": out_of_range},
        )
    return case


def _discretion_message(explanation: str, bench: DiscretionBenchmark | None) -> str:
    if bench is None:
        return _(
            "There is no discretion benchmark for this violation and circumstances: state the reason "
            "for the amount (legal review will be required)."
        )
    return _(
        "The proposed penalty is outside the benchmark (%(min)s–%(max)s yuan%(warn)s): state the reason "
        "(at least 10 characters); legal review will be required."
    ) % {
        "min": bench.fine_min,
        "max": bench.fine_max,
        "warn": _(", or a warning") if bench.warning_allowed else "",
    }


def _proposal_summary(case: Case) -> str:
    if case.outcome == Case.Outcome.WAIVER and case.waiver:
        return _("Proposed: no penalty under %(w)s") % {"w": case.waiver.get_kind_display()}
    if case.outcome == Case.Outcome.NO_PENALTY:
        return _("Proposed: no penalty")
    parts = []
    if case.warning_penalty:
        parts.append(_("warning (penalty)"))
    if case.fine:
        parts.append(_("fine %(f)s yuan") % {"f": case.fine})
    if case.other_penalties:
        parts.append(case.other_penalties)
    return _("Proposed penalty: %(p)s") % {"p": "、".join(str(p) for p in parts)}


@text_limits(opinion=(gettext_lazy("Legal review opinion"), NOTE))
def case_legal_review(*, actor: Any, case: Case, passed: bool, opinion: str) -> Case:
    """法制审核 (art. 58) by the legal office, before the decision."""
    require_area(actor, case, Perm.LEGAL_REVIEW)
    if len(opinion.strip()) < 4:
        raise ValidationError(_("Write the review opinion."), details={"opinion": "required"})
    with transaction.atomic():
        case = lock(case)
        require_status(case, [S.PROPOSED, S.NOTIFIED, S.HEARING], _("Legal review"))
        case.legal_reviewed_on = timezone.localdate()
        case.legal_review_passed = passed
        case.legal_review_opinion = opinion.strip()
        case.save()
        record_step(
            actor=actor,
            case=case,
            kind="legal_review",
            summary=_("Legal review passed") if passed else _("Legal review: returned for correction"),
            text=case.legal_review_opinion,
            payload={"passed": passed},
        )
    return case


def case_notify(*, actor: Any, case: Case, notified_on: dt.date | None = None) -> Case:
    """行政处罚事先告知 (art. 44–45, 62–64): facts, grounds, proposed penalty, the right to state
    and defend within 3 working days and, where the hearing right applies, to request a hearing
    within 5 working days."""
    require_body(actor, case.body, Perm.CASE_HANDLE)
    notified_on = notified_on or timezone.localdate()
    not_future(notified_on, "notified_on")
    with transaction.atomic():
        case = lock(case)
        require_status(case, [S.PROPOSED], _("The notice of the proposed penalty"))
        if case.outcome != Case.Outcome.PENALTY:
            raise ValidationError(_("Only a proposed penalty is notified; a waiver or no penalty goes to decision."))
        case.notified_on = notified_on
        case.notified_fine = case.fine
        case.statement_until = add_workdays(notified_on, settings.FAZHI_CASE_STATEMENT_WORKDAYS)
        case.hearing_request_until = (
            add_workdays(notified_on, settings.FAZHI_CASE_HEARING_REQUEST_WORKDAYS) if case.hearing_eligible else None
        )
        case.status = S.NOTIFIED
        case.save()
        step = record_step(
            actor=actor,
            case=case,
            kind="notify",
            day=notified_on,
            summary=_("Party notified; statements until %(s)s") % {"s": case.statement_until},
        )
        document_generate(actor=actor, case=case, kind=DocumentKind.PENALTY_NOTICE, step=step)
    return case


@text_limits(statement=(gettext_lazy("Statement and defence"), LONG))
def case_statement_record(*, actor: Any, case: Case, statement: str = "", waived: bool = False) -> Case:
    """陈述申辩: what the party said (reviewed before deciding), or that it waived the right."""
    require_body(actor, case.body, Perm.CASE_HANDLE)
    if not waived and len(statement.strip()) < 2:
        raise ValidationError(_("Write down the party's statement, or record that it waived the right."))
    with transaction.atomic():
        case = lock(case)
        require_status(case, [S.NOTIFIED], _("Recording the statement"))
        if waived:
            case.statement_waived = True
        else:
            case.statement = (case.statement + "\n" + statement.strip()).strip()
        case.save()
        record_step(
            actor=actor,
            case=case,
            kind="statement",
            summary=_("The party waived statement and hearing") if waived else _("Statement and defence recorded"),
            text=statement.strip(),
        )
    return case


def case_hearing_request(*, actor: Any, case: Case, requested_on: dt.date) -> Case:
    """The party asks for a hearing: only with the hearing right, within 5 working days (art. 64)."""
    require_body(actor, case.body, Perm.CASE_HANDLE)
    not_future(requested_on, "requested_on")
    with transaction.atomic():
        case = lock(case)
        require_status(case, [S.NOTIFIED], _("A hearing request"))
        if not case.hearing_eligible or case.hearing_request_until is None:
            raise ValidationError(_("This proposed penalty carries no hearing right (art. 63)."))
        if requested_on > case.hearing_request_until:
            raise ValidationError(
                _("The hearing had to be requested by %(d)s (5 working days after the notice, art. 64).")
                % {"d": case.hearing_request_until}
            )
        case.hearing_requested_on = requested_on
        case.status = S.HEARING
        case.save()
        record_step(actor=actor, case=case, kind="hearing_request", day=requested_on, summary=_("Hearing requested"))
    return case


def case_hearing_schedule(*, actor: Any, case: Case, hearing_on: dt.date) -> Case:
    """The party is told of the hearing at least 7 working days before it (art. 64)."""
    require_body(actor, case.body, Perm.CASE_HANDLE)
    earliest = add_workdays(timezone.localdate(), settings.FAZHI_CASE_HEARING_NOTICE_WORKDAYS)
    if hearing_on < earliest:
        raise ValidationError(
            _("The hearing must be at least 7 working days after the notice of it: %(d)s or later.") % {"d": earliest},
            details={"hearing_on": "too_soon"},
        )
    with transaction.atomic():
        case = lock(case)
        require_status(case, [S.HEARING], _("Scheduling the hearing"))
        case.hearing_on = hearing_on
        case.save()
        record_step(
            actor=actor, case=case, kind="hearing_schedule", summary=_("Hearing set for %(d)s") % {"d": hearing_on}
        )
    return case


@text_limits(record=(gettext_lazy("Hearing record"), LONG))
def case_hearing_hold(*, actor: Any, case: Case, record: str) -> Case:
    require_body(actor, case.body, Perm.CASE_HANDLE)
    if len(record.strip()) < 10:
        raise ValidationError(_("Write the hearing record (at least 10 characters)."), details={"record": "short"})
    with transaction.atomic():
        case = lock(case)
        require_status(case, [S.HEARING], _("Recording the hearing"))
        if case.hearing_on is None or case.hearing_on > timezone.localdate():
            raise ValidationError(_("The hearing has not taken place yet."))
        case.hearing_held = True
        case.status = S.NOTIFIED
        case.save()
        record_step(actor=actor, case=case, kind="hearing", day=case.hearing_on, summary=_("Hearing held"), text=record)
    return case


@text_limits(minutes=(gettext_lazy("Minutes"), LONG))
def case_collective_discussion(*, actor: Any, case: Case, day: dt.date, minutes: str) -> Case:
    """集体讨论 of the heads for complex or major cases (art. 57)."""
    require_body(actor, case.body, Perm.CASE_APPROVE)
    not_future(day, "day")
    if len(minutes.strip()) < 10:
        raise ValidationError(_("Write the minutes of the discussion."), details={"minutes": "short"})
    with transaction.atomic():
        case = lock(case)
        require_status(case, [S.PROPOSED, S.NOTIFIED], _("Collective discussion"))
        case.collective_discussed_on, case.collective_minutes = day, minutes.strip()
        case.save()
        record_step(
            actor=actor, case=case, kind="collective", day=day, summary=_("Collective discussion held"), text=minutes
        )
    return case


def decision_blockers(case: Case, today: dt.date) -> list[str]:
    """Why the case cannot be decided yet (empty: it can). Shown on the case page, enforced here."""
    out: list[str] = []
    if case.outcome == Case.Outcome.PENALTY:
        if case.status not in {S.NOTIFIED}:
            out.append(_("The party must first be notified of the proposed penalty (art. 44)."))
        elif not case.statement_waived:
            if not case.statement and case.statement_until and today <= case.statement_until:
                out.append(
                    _("The party may state and defend until %(d)s; record the statement or wait.")
                    % {"d": case.statement_until}
                )
            if case.hearing_request_until and today <= case.hearing_request_until and not case.hearing_held:
                out.append(_("The party may request a hearing until %(d)s.") % {"d": case.hearing_request_until})
    elif case.outcome in {Case.Outcome.WAIVER, Case.Outcome.NO_PENALTY}:
        if case.status != S.PROPOSED:
            out.append(_("Propose the handling first."))
        if case.outcome == Case.Outcome.WAIVER and not GuidanceVisit.objects.filter(case=case).exists():
            out.append(_("Record the education or compliance guidance given with the waiver (art. 33)."))
    else:
        out.append(_("Propose the handling first."))
    if case.status == S.HEARING:
        out.append(_("The requested hearing must be held first."))
    if case.legal_review_required and not case.legal_review_passed:
        out.append(_("Legal review must pass first (art. 58)."))
    if case.collective_required and not case.collective_discussed_on:
        out.append(_("A complex or major case needs the heads' collective discussion (art. 57)."))
    return out


def case_decide(*, actor: Any, case: Case, decided_on: dt.date | None = None) -> Case:
    """The decision by the body head (art. 57): penalty or no penalty; the decision document is
    generated and must be served within 7 working days (art. 61). A decision after the 90-day
    deadline is still made (the party is owed one) but supervision raises the warning."""
    require_body(actor, case.body, Perm.CASE_APPROVE)
    decided_on = decided_on or timezone.localdate()
    not_future(decided_on, "decided_on")
    with transaction.atomic():
        case = lock(case)
        require_status(case, [S.PROPOSED, S.NOTIFIED, S.HEARING], _("The decision"))
        blockers = decision_blockers(case, decided_on)
        if blockers:
            raise ValidationError(" ".join(blockers), code="out_of_order", details={"blockers": blockers})
        case.decided_on = decided_on
        case.decided_by = user_or_none(actor)
        case.service_due = add_workdays(decided_on, settings.FAZHI_CASE_SERVICE_WORKDAYS)
        case.status = S.DECIDED
        case.save()
        late = case.decision_due is not None and decided_on > case.decision_due
        step = record_step(
            actor=actor,
            case=case,
            kind="decide",
            day=decided_on,
            summary=(_("Decided after the deadline") if late else _("Decided")) + f": {_proposal_summary(case)}",
            payload={"late": late},
        )
        kind = (
            DocumentKind.PENALTY_DECISION if case.outcome == Case.Outcome.PENALTY else DocumentKind.NO_PENALTY_DECISION
        )
        document_generate(actor=actor, case=case, kind=kind, step=step)
    return case


@text_limits(recipient=(gettext_lazy("Received by"), NAME))
def case_serve(*, actor: Any, case: Case, served_on: dt.date, method: str, recipient: str) -> Case:
    """送达 (art. 61) with its receipt; a fine is due within 15 days of service (art. 67)."""
    require_body(actor, case.body, Perm.CASE_HANDLE)
    not_future(served_on, "served_on")
    if method not in ServiceMethod.values:
        raise ValidationError(_("Choose how the decision was served."), details={"method": "required"})
    if method != "announcement" and len(recipient.strip()) < 2:
        raise ValidationError(_("Enter who received the decision."), details={"recipient": "required"})
    with transaction.atomic():
        case = lock(case)
        require_status(case, [S.DECIDED], _("Service"))
        if case.decided_on is None:  # an invariant, kept under python -O
            raise RuntimeError("case.decided_on is missing")
        if served_on < case.decided_on:
            raise ValidationError(_("Service cannot precede the decision."), details={"served_on": "order"})
        case.served_on, case.service_method, case.service_recipient = served_on, method, recipient.strip()[:100]
        if case.fine > 0:
            case.payment_due = served_on + dt.timedelta(days=settings.FAZHI_CASE_PAYMENT_DAYS)
        case.status = S.SERVED
        case.save()
        late = case.service_due is not None and served_on > case.service_due
        step = record_step(
            actor=actor,
            case=case,
            kind="serve",
            day=served_on,
            summary=(_("Served late") if late else _("Served")) + f" ({ServiceMethod(method).label})",
            payload={"late": late},
        )
        document_generate(actor=actor, case=case, kind=DocumentKind.SERVICE_RECEIPT, step=step)
    return case


def case_payment_record(*, actor: Any, case: Case, paid_on: dt.date, amount: Decimal) -> Case:
    """The fine paid; after the 15 days a late fee of 3% a day, capped at the fine (art. 72)."""
    require_body(actor, case.body, Perm.CASE_HANDLE)
    not_future(paid_on, "paid_on")
    with transaction.atomic():
        case = lock(case)
        require_status(case, [S.SERVED], _("Recording the payment"))
        if case.fine <= 0 or case.payment_due is None:
            raise ValidationError(_("This decision imposes no fine; record its execution instead."))
        fee = rules.late_fee(fine=case.fine, payment_due=case.payment_due, paid_on=paid_on)
        owed = case.fine + fee
        if amount < owed:
            raise ValidationError(
                _("%(owed)s yuan is owed (fine %(fine)s + late fee %(fee)s); %(paid)s yuan was entered.")
                % {"owed": owed, "fine": case.fine, "fee": fee, "paid": amount},
                details={"amount": "short"},
            )
        case.paid_on, case.paid_amount, case.late_fee = paid_on, amount, fee
        case.status = S.EXECUTED
        case.save()
        record_step(
            actor=actor,
            case=case,
            kind="payment",
            day=paid_on,
            summary=_("Paid %(a)s yuan (late fee %(fee)s)") % {"a": amount, "fee": fee},
        )
    return case


@text_limits(note=(gettext_lazy("Note"), LINE))
def case_execute(*, actor: Any, case: Case, note: str) -> Case:
    """Execution of a penalty other than a fine (warning served, licence revoked, goods confiscated)."""
    require_body(actor, case.body, Perm.CASE_HANDLE)
    if len(note.strip()) < 2:
        raise ValidationError(_("Describe how the decision was carried out."), details={"note": "required"})
    with transaction.atomic():
        case = lock(case)
        require_status(case, [S.SERVED], _("Recording execution"))
        if case.fine > 0:
            raise ValidationError(_("Record the payment of the fine."))
        case.executed_note, case.status = note.strip()[:300], S.EXECUTED
        case.save()
        record_step(actor=actor, case=case, kind="execute", summary=_("Executed"), text=case.executed_note)
    return case


def close_blockers(case: Case) -> list[str]:
    out: list[str] = []
    needs_execution = case.fine > 0 or bool(case.other_penalties)
    if case.status == S.SERVED and needs_execution:
        out.append(_("The decision has not been executed yet."))
    elif case.status not in {S.SERVED, S.EXECUTED}:
        out.append(_("The decision must be served first."))
    if case.preservations.filter(decided_on__isnull=True).exists():
        out.append(_("A registered preservation has not been decided (art. 56)."))
    return out


def case_close(*, actor: Any, case: Case) -> Case:
    require_body(actor, case.body, Perm.CASE_APPROVE)
    with transaction.atomic():
        case = lock(case)
        require_status(case, [S.SERVED, S.EXECUTED], _("Closing"))
        blockers = close_blockers(case)
        if blockers:
            raise ValidationError(" ".join(blockers), code="out_of_order")
        case.closed_on, case.status = timezone.localdate(), S.CLOSED
        case.save()
        record_step(actor=actor, case=case, kind="close", summary=_("Closed"))
    return case


@text_limits(
    facts=(gettext_lazy("Facts"), LONG),
    statement=(gettext_lazy("Statement and defence"), LONG),
    party_name=(gettext_lazy("Party name"), NAME),
)
def case_summary(
    *,
    actor: Any,
    body: EnforcementBody,
    violation: Violation,
    party_kind: str,
    facts: str,
    officers: Iterable[Officer],
    fine: Decimal,
    warning: bool,
    statement: str,
    enterprise: Enterprise | None = None,
    party_name: str = "",
    party_id_number: str = "",
    paid_on_the_spot: bool = False,
) -> Case:
    """简易程序 (art. 51–52): on the spot, a warning or a fine up to 200 yuan (person) / 3,000
    yuan (organisation); certificates shown, facts and rights told, the statement heard, the
    decision handed over. A fine up to 100 yuan may be collected on the spot (art. 68)."""
    require_body(actor, body, Perm.CASE_HANDLE)
    today = timezone.localdate()
    name, id_number, errors, id_warning = _party(
        party_kind=party_kind, enterprise=enterprise, party_name=party_name, party_id_number=party_id_number
    )
    organisation = party_kind == Case.PartyKind.ORGANISATION
    if violation.body_id != body.pk or not violation.active:
        errors["violation"] = _("Choose a violation from your body's catalogue.")
    if fine < 0 or (fine == 0 and not warning):
        errors["fine"] = _("The summary procedure gives a warning or a fine.")
    elif not rules.summary_allowed(
        organisation=organisation,
        fine=fine,
        cap_person=settings.FAZHI_CASE_SUMMARY_MAX_PERSON,
        cap_organisation=settings.FAZHI_CASE_SUMMARY_MAX_ORGANISATION,
    ):
        cap = settings.FAZHI_CASE_SUMMARY_MAX_ORGANISATION if organisation else settings.FAZHI_CASE_SUMMARY_MAX_PERSON
        errors["fine"] = _(
            "The summary procedure allows at most %(cap)d yuan for this party (art. 51); use the general procedure."
        ) % {"cap": cap}
    if paid_on_the_spot and fine > settings.FAZHI_CASE_ON_THE_SPOT_MAX:
        errors["paid_on_the_spot"] = _("Only fines up to %(n)d yuan are collected on the spot (art. 68).") % {
            "n": settings.FAZHI_CASE_ON_THE_SPOT_MAX
        }
    if len(facts.strip()) < 10:
        errors["facts"] = _("Describe the facts found: what, when, where (at least 10 characters).")
    if errors:
        raise ValidationError(" ".join(errors.values()), details=errors)
    team = certified_officers(body, officers, today)
    with transaction.atomic():
        case = Case.objects.create(
            number=next_number(body, "case", today.year),
            body=body,
            region=enterprise.region if enterprise else body.region,
            procedure=Case.Procedure.SUMMARY,
            source=Case.Source.INSPECTION,
            party_kind=party_kind,
            enterprise=enterprise,
            party_name=name[:200],
            party_id_number=id_number,
            party_address=enterprise.address if enterprise else "",
            violation=violation,
            occurred_on=today,
            facts=facts.strip(),
            investigated=True,
            outcome=Case.Outcome.PENALTY,
            harm=Case.Harm.SLIGHT,
            fine=fine,
            warning_penalty=warning,
            discretion_note=_("Summary procedure"),
            statement=statement.strip(),
            statement_waived=not statement.strip(),
            decided_on=today,
            decided_by=user_or_none(actor),
            service_due=today,
            served_on=today,
            service_method=ServiceMethod.DIRECT,
            service_recipient=name[:100],
            payment_due=today + dt.timedelta(days=settings.FAZHI_CASE_PAYMENT_DAYS) if fine > 0 else None,
            status=S.SERVED,
            created_by=user_or_none(actor),
        )
        case.officers.set(team)
        step = record_step(
            actor=actor,
            case=case,
            kind="summary",
            summary=_("Summary procedure: decided and handed over on the spot"),
            text=facts.strip(),
            officers=team,
            certificate_shown=True,
        )
        _record_party_warning(actor=actor, case=case, warning=id_warning)
        document_generate(actor=actor, case=case, kind=DocumentKind.PENALTY_DECISION, step=step)
        document_generate(actor=actor, case=case, kind=DocumentKind.SERVICE_RECEIPT, step=step)
        if paid_on_the_spot and fine > 0:
            case.paid_on, case.paid_amount, case.status = today, fine, S.EXECUTED
            case.save()
            record_step(actor=actor, case=case, kind="payment", summary=_("Paid on the spot"))
    return case
