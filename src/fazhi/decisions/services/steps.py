"""What the decision page offers: only the next lawful steps for this user (like cases)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import can, scope_of
from fazhi.decisions.models import Decision, DecisionStep
from fazhi.decisions.services.common import BEFORE_DISCUSSION, MAY_NOT_APPLY


def next_steps(user: Any, decision: Decision) -> set[str]:
    """The actions the page shows: each one the services would accept now from this user."""
    if not scope_of(user).covers(decision.region):
        return set()
    steps = {s.kind: s for s in decision.steps.all()}
    out: set[str] = set()
    draft = can(user, Perm.DECISION_DRAFT)
    if decision.status == Decision.Status.DRAFTING:
        pending = {k for k, s in steps.items() if s.state == DecisionStep.State.PENDING}
        if draft:
            if decision.comment_opens_on is None and DecisionStep.Kind.PARTICIPATION in pending:
                out.add("consult")
            if decision.comment_opens_on is not None and DecisionStep.Kind.PARTICIPATION in pending:
                out |= {"moderate", "group", "answer"}
                if decision.comment_closes_on is not None and decision.comment_closes_on < timezone.localdate():
                    out.add("close_consultation")
            for kind in (DecisionStep.Kind.HEARING, DecisionStep.Kind.EXPERTS, DecisionStep.Kind.RISK):
                if kind in pending:
                    out.add(str(kind))
            if DecisionStep.Kind.EXPERTS in steps and steps[DecisionStep.Kind.EXPERTS].state == "done":
                out.add("experts")
            if pending & set(MAY_NOT_APPLY) - {DecisionStep.Kind.EVALUATION}:
                out.add("not_applicable")
        drafter = decision.created_by_id is not None and decision.created_by_id == getattr(user, "pk", None)
        if can(user, Perm.DECISION_REVIEW) and DecisionStep.Kind.LEGALITY in pending and not drafter:
            out.add("review")
        if can(user, Perm.DECISION_DECIDE) and not (pending & set(BEFORE_DISCUSSION)):
            out.add("discuss")
    elif decision.status == Decision.Status.ADOPTED and draft:
        out.add("publish")
    elif decision.status == Decision.Status.PUBLISHED and draft:
        if steps.get(DecisionStep.Kind.ARCHIVE) and steps[DecisionStep.Kind.ARCHIVE].state == "pending":
            out.add("archive")
        if steps.get(DecisionStep.Kind.EVALUATION) and steps[DecisionStep.Kind.EVALUATION].state == "pending":
            out.add("evaluate")
    return out
