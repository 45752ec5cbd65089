"""The handling proposal (处理意见): a penalty checked against the discretion benchmark, a waiver
checked against its list's conditions (art. 33), or no penalty; what the decision then needs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.accounts.roles import Perm
from fazhi.cases import rules
from fazhi.cases.models import Case, Circumstance, DiscretionBenchmark, Waiver
from fazhi.cases.services.common import lock, record_step, require_body, require_status, require_text
from fazhi.cases.services.step_dates import step_date_check
from fazhi.core.errors import ValidationError
from fazhi.core.text import LINE, text_limits

S = Case.Status


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


@dataclass(frozen=True)
class _Terms:
    """What a proposal imposes; a waiver or no penalty imposes nothing."""

    circumstance: str = ""
    fine: Decimal = Decimal(0)
    warning: bool = False
    other_penalties: str = ""


NOTHING = _Terms()


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
    proposed_on: dt.date | None = None,
) -> Case:
    """The handling proposal (处理意见): a penalty checked against the discretion benchmark, a
    waiver checked against its list's conditions, or no penalty. Sets what the decision needs:
    hearing right (art. 63), legal review (art. 58), collective discussion (art. 57)."""
    require_body(actor, case.body, Perm.CASE_HANDLE)
    _check_input(outcome=outcome, harm=harm, fine=fine)
    with transaction.atomic():
        case = lock(case)
        _check_ready(case, outcome)
        proposed_on = proposed_on or timezone.localdate()
        step_date_check(case=case, kind="propose", day=proposed_on, field="proposed_on")
        case.harm, case.harmful_consequence = harm, harmful_consequence
        out_of_range = False
        if outcome == Case.Outcome.PENALTY:
            terms = _Terms(circumstance, fine, warning, other_penalties)
            out_of_range = _check_penalty(case, terms, discretion_note, out_of_range_reason)
            case.waiver = None
        elif outcome == Case.Outcome.WAIVER:
            _check_waiver(case, waiver)
            terms, case.waiver = NOTHING, waiver
        else:
            require_text(discretion_note, 5, _("State why no penalty is given."), field="discretion_note")
            terms, case.waiver = NOTHING, None
        _apply(case, outcome, terms, discretion_note, out_of_range, out_of_range_reason)
        record_step(
            actor=actor,
            case=case,
            kind="propose",
            day=proposed_on,
            summary=proposal_summary(case),
            text=case.discretion_note,
            payload={"outcome": outcome, "fine": str(terms.fine), "out_of_range": out_of_range},
        )
    return case


def _check_input(*, outcome: str, harm: str, fine: Decimal) -> None:
    """The choices the form must make, every missing one at once."""
    errors: dict[str, str] = {}
    if outcome not in Case.Outcome.values:
        errors["outcome"] = _("Choose a penalty, a waiver or no penalty.")
    if harm not in Case.Harm.values:
        errors["harm"] = _("Say how much harm the violation caused.")
    if fine < 0:
        errors["fine"] = _("The fine cannot be negative.")
    if errors:
        raise ValidationError(" ".join(errors.values()), details=errors)


def _check_ready(case: Case, outcome: str) -> None:
    """A proposal follows filing, the investigation and, unless nothing is imposed, the evidence."""
    require_status(case, [S.FILED, S.PROPOSED, S.NOTIFIED], _("Proposing the handling"))
    if not case.investigated:
        raise ValidationError(_("Record the investigation by two certified officers first."), code="out_of_order")
    if outcome != Case.Outcome.NO_PENALTY and not case.evidence.exists():
        raise ValidationError(
            _("Add the evidence the finding rests on first (证据确凿)."), details={"evidence": "missing"}
        )


def _check_penalty(case: Case, terms: _Terms, discretion_note: str, out_of_range_reason: str) -> bool:
    """A penalty within the discretion benchmark, or outside it with a reason, never heavier than
    the one notified (art. 45). Returns whether it lies outside the benchmark."""
    if terms.circumstance not in Circumstance.values:
        raise ValidationError(
            _("Choose the circumstances (mitigated, ordinary, aggravated)."), details={"circumstance": "required"}
        )
    if terms.fine == 0 and not terms.warning and not terms.other_penalties.strip():
        raise ValidationError(_("A penalty needs a fine, a warning or another penalty."), details={"fine": "required"})
    if len(discretion_note.strip()) < 5:
        raise ValidationError(
            _("Explain the discretion: which circumstances lead to this penalty (裁量说理)."),
            details={"discretion_note": "required"},
        )
    bench = benchmark_for(case, terms.circumstance)
    allowed = rules.Range(bench.fine_min, bench.fine_max, bench.warning_allowed) if bench is not None else None
    check = rules.discretion_check(fine=terms.fine, warning=terms.warning and terms.fine == 0, allowed=allowed)
    out_of_range = not check.in_range
    if out_of_range and len(out_of_range_reason.strip()) < 10:
        raise ValidationError(
            _discretion_message(check.explanation, bench), details={"out_of_range_reason": "required"}
        )
    if case.notified_fine is not None and terms.fine > case.notified_fine:
        raise ValidationError(
            _("After the notice the penalty may not become heavier (处罚法 art. 45): at most %(f)s yuan.")
            % {"f": case.notified_fine},
            details={"fine": "heavier"},
        )
    return out_of_range


def _check_waiver(case: Case, waiver: Waiver | None) -> None:
    """A waiver entry of this violation whose every condition the case is known to meet."""
    if waiver is None or waiver.violation_id != case.violation_id or not waiver.active:
        raise ValidationError(_("Choose a waiver list entry for this violation."), details={"waiver": "required"})
    case.outcome = Case.Outcome.WAIVER  # for the evaluation below
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


def _apply(
    case: Case, outcome: str, terms: _Terms, discretion_note: str, out_of_range: bool, out_of_range_reason: str
) -> None:
    """Write the proposal and what the decision then needs: the hearing right (art. 63), legal
    review (art. 58), collective discussion (art. 57). A changed proposal is reviewed again."""
    case.outcome = outcome
    case.circumstance = terms.circumstance
    case.fine = terms.fine
    case.warning_penalty = terms.warning
    case.other_penalties = terms.other_penalties.strip()[:300]
    case.discretion_note = discretion_note.strip()[:500]
    case.out_of_range_reason = out_of_range_reason.strip()[:500] if out_of_range else ""
    case.hearing_eligible = outcome == Case.Outcome.PENALTY and rules.hearing_right(
        organisation=case.party_kind == Case.PartyKind.ORGANISATION,
        fine=terms.fine,
        other_penalties=case.other_penalties,
        threshold_person=settings.FAZHI_CASE_HEARING_FINE_PERSON,
        threshold_organisation=settings.FAZHI_CASE_HEARING_FINE_ORGANISATION,
    )
    case.legal_review_required = case.hearing_eligible or out_of_range or case.major
    case.collective_required = case.major
    case.legal_reviewed_on, case.legal_review_passed, case.legal_review_opinion = None, None, ""
    if case.status == S.FILED or (case.status == S.NOTIFIED and outcome != Case.Outcome.PENALTY):
        case.status = S.PROPOSED  # dropping the penalty after the statement goes straight to decision
    case.save()


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


def proposal_summary(case: Case) -> str:
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
