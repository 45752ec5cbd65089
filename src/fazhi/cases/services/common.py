"""What every case service shares: who may act on a case, the step record, numbering."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import is_own_body, require, require_own_body, require_region, scope_of, user_or_none
from fazhi.cases.models import Case, CaseStep, NumberCounter
from fazhi.cases.signals import announce
from fazhi.core.errors import PermissionDenied, ValidationError
from fazhi.core.ledger import actor_of, ledger_append
from fazhi.registry.models import EnforcementBody, Officer


def require_body(actor: Any, body: EnforcementBody, perm: Perm) -> None:
    """Case steps are taken by the body's own people (the body answers for its cases)."""
    require(actor, perm)
    require_own_body(
        actor,
        body,
        others="refuse",
        message=_("Only the officers and head of %(body)s act on its cases.") % {"body": body.name},
    )


def require_area(actor: Any, case: Case, perm: Perm) -> None:
    """Reviewers (legal review, case-file review) act on the cases of their area; a body's own
    people never review (the body does not check its own files)."""
    require(actor, perm)
    message = _("This case is outside the area you review.")
    if scope_of(actor).body_bound:
        raise PermissionDenied(message)
    require_region(actor, case.region, message=message)


def _allowed(check: Callable[[], None]) -> bool:
    try:
        check()
    except PermissionDenied:
        return False
    return True


# What a page may offer on a case: the same rules the services enforce, asked without acting.


def is_handler(user: Any, case: Case) -> bool:
    """The user works for the case's body (its officers and head)."""
    return is_own_body(user, case.body)


def can_handle(user: Any, case: Case) -> bool:
    """May take the officers' steps (investigation, evidence, notice, service...)."""
    return _allowed(lambda: require_body(user, case.body, Perm.CASE_HANDLE))


def can_approve(user: Any, case: Case) -> bool:
    """May take the head's steps (filing, extension, decision, closing)."""
    return _allowed(lambda: require_body(user, case.body, Perm.CASE_APPROVE))


def can_legal_review(user: Any, case: Case) -> bool:
    """May record the legal review (法制审核) of the case."""
    return _allowed(lambda: require_area(user, case, Perm.LEGAL_REVIEW))


def can_review_file(user: Any, case: Case) -> bool:
    """May review the closed case file (案卷评查)."""
    return _allowed(lambda: require_area(user, case, Perm.CASE_FILE_REVIEW))


def require_status(case: Case, allowed: Iterable[str], what: str) -> None:
    """Refuse a step taken out of order, saying where the case stands and what comes first."""
    allowed = list(allowed)
    if case.status not in allowed:
        raise ValidationError(
            _("%(what)s is not possible now: the case is “%(status)s”. It is possible when the case is: %(allowed)s.")
            % {
                "what": what,
                "status": case.get_status_display(),
                "allowed": "、".join(str(Case.Status(s).label) for s in allowed),
            },
            code="out_of_order",
        )


def locked(case: Case, allowed: Iterable[str], what: str) -> Case:
    """The case row locked for this transaction, refused unless it stands where ``what`` may be
    done (every step: two officers clicking at once do not both pass, nor one out of order)."""
    case = lock(case)
    require_status(case, allowed, what)
    return case


def require_text(value: str, minimum: int, message: str, *, field: str, code: str = "required") -> None:
    """Refuse a free-text field with fewer than ``minimum`` characters, saying what to write."""
    if len(value.strip()) < minimum:
        raise ValidationError(message, details={field: code})


def not_future(day: dt.date, field: str) -> None:
    if day > timezone.localdate():
        raise ValidationError(_("The date cannot be in the future."), details={field: "future"})


def certified_officers(
    body: EnforcementBody, officers: Iterable[Officer], day: dt.date, minimum: int = 2
) -> list[Officer]:
    """Art. 42: at least two officers; art. 55: each holding a valid certificate that day."""
    team = list({o.pk: o for o in officers}.values())
    errors = []
    for o in team:
        if o.body_id != body.pk:
            errors.append(_("%(name)s is not an officer of %(body)s.") % {"name": o.name, "body": body.name})
        elif not o.may_inspect_on(day):
            errors.append(_("%(name)s has no valid enforcement certificate on %(day)s.") % {"name": o.name, "day": day})
    if errors:
        raise ValidationError(" ".join(errors), details={"officers": "certificate"})
    if len(team) < minimum:
        raise ValidationError(
            _("At least %(n)d officers with valid certificates must take part (处罚法 art. 42).") % {"n": minimum},
            details={"officers": "too_few"},
        )
    return team


def record_step(
    *,
    actor: Any,
    case: Case,
    kind: str,
    summary: str,
    day: dt.date | None = None,
    text: str = "",
    officers: Iterable[Officer] = (),
    certificate_shown: bool = False,
    payload: Mapping[str, Any] | None = None,
) -> CaseStep:
    """One line of the full-process record, its ledger entry, and the event for supervision.
    Called inside the service's transaction."""
    if not transaction.get_connection().in_atomic_block:  # an invariant, kept under python -O
        raise RuntimeError("must run inside the service's transaction")
    step = CaseStep.objects.create(
        case=case,
        kind=kind,
        day=day or timezone.localdate(),
        summary=summary[:300],
        text=text,
        certificate_shown=certificate_shown,
        created_by=user_or_none(actor),
    )
    officers = list(officers)
    if officers:
        step.officers.set(officers)
    ledger_append(
        actor=actor_of(actor),
        verb=f"case.{kind}",
        target=case,
        payload={"step": step.pk, "status": case.status, **(payload or {})},
    )
    announce(case.pk)
    return step


SERIES_LABEL = {
    "case": "立",
    "inspection_record": "检录",
    "rectification_order": "责改",
    "penalty_notice": "罚告",
    "penalty_decision": "罚决",
    "no_penalty_decision": "不罚",
    "service_receipt": "送回",
}


def next_number(body: EnforcementBody, series: str, year: int) -> str:
    """文号: 〈body〉〈series〉〔year〕n号, numbered per body, year and series without gaps.
    The counter row is locked for the transaction, so two officers never get the same number."""
    if not transaction.get_connection().in_atomic_block:  # an invariant, kept under python -O
        raise RuntimeError("must run inside the service's transaction")
    NumberCounter.objects.get_or_create(body=body, year=year, series=series)
    counter = NumberCounter.objects.select_for_update().get(body=body, year=year, series=series)
    counter.last += 1
    counter.save(update_fields=["last"])
    abbr = body.short_name or body.name
    return f"{abbr}{SERIES_LABEL[series]}〔{year}〕{counter.last}号"


def lock(case: Case) -> Case:
    """The case row, locked for this transaction (two officers clicking at once do not both pass)."""
    return (
        Case.objects.select_for_update(of=("self",))
        .select_related("body", "region", "violation", "enterprise")
        .get(pk=case.pk)
    )
