"""Quality figures of a coordination run (issue 17): the solver's proof status and the items left
out by binding constraint, as the run keeps and shows them (the gap is ``CoordinationRun.gap``)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from fazhi.scheduling.model import Solution

CONSTRAINT_LABELS = {
    "no_workday": _("no working day in its window"),
    "no_officer": _("no certified officer of its department on duty in its window"),
    "officer_capacity": _("its department's officers fully booked"),
    "team_size": _("too few officers left for a team"),
    "time_limit": _("the solver's time limit (a place may exist)"),
    "yearly_cap": _("over the yearly cap of routine checks"),
    "do_not_disturb": _("enterprise on the do-not-disturb list (无事不扰)"),
}


def constraint_label(code: str) -> str:
    return str(CONSTRAINT_LABELS.get(code, _("other reasons")))


def quality_fields(solution: Solution) -> dict[str, Any]:
    """The run's stored quality figures, from the solver's solution."""
    if solution.stats is None:  # an invariant, kept under python -O
        raise RuntimeError("solution.stats is missing")
    return {"proof": solution.stats.proof, "left_by_constraint": solution.left_by_constraint()}
