"""The county's case rules held as data, edited on the rules page: the violation catalogue,
the discretion benchmarks and the waiver lists (首违不罚 / 轻微免罚). Each change is versioned and
in the ledger."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import require
from fazhi.cases.models import Circumstance, DiscretionBenchmark, Violation, Waiver
from fazhi.core.errors import ValidationError
from fazhi.core.ledger import actor_of, ledger_append
from fazhi.core.text import LINE, text_limits
from fazhi.registry.models import EnforcementBody


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
