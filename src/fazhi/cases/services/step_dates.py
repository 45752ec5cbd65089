"""The step-date rule: a step of a case is dated on or after the step it follows, and never in the
future. One rule for every step service, so a notice cannot be dated before its proposal, a
decision before its notice or hearing, a service before the decision (案卷评查 reads the dates in
the file in order; a document dated before what it rests on fails the review).

A step follows the latest recorded step of the kinds listed in :data:`FOLLOWS` (a changed proposal
is the one the notice follows). Filing follows the violation itself (``occurred_on``): a case source
is often entered after it was received, so its registration day is not a bound for filing.
Steps the services record on the day they are entered (legal review, statement) are not dated by
the user and are not bounds either.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.cases.models import Case, CaseStep
from fazhi.core.errors import ValidationError

# The step kinds (CaseStep.kind) and what each is called in a message.
STEP_LABELS: dict[str, Promise] = {
    "occurred": gettext_lazy("the violation"),
    "file": gettext_lazy("the filing"),
    "investigate": gettext_lazy("the investigation"),
    "preservation": gettext_lazy("the preservation"),
    "correction": gettext_lazy("the correction"),
    "propose": gettext_lazy("the handling proposal"),
    "notify": gettext_lazy("the notice of the proposed penalty"),
    "hearing_request": gettext_lazy("the hearing request"),
    "hearing": gettext_lazy("the hearing"),
    "collective": gettext_lazy("the collective discussion"),
    "decide": gettext_lazy("the decision"),
    "serve": gettext_lazy("the service of the decision"),
    "payment": gettext_lazy("the payment"),
    "execute": gettext_lazy("the execution"),
    "close": gettext_lazy("the closing"),
}

# kind -> the step kinds it follows ("occurred" is the violation date of the case).
FOLLOWS: dict[str, tuple[str, ...]] = {
    "file": ("occurred",),
    "investigate": ("file",),
    "preservation": ("file",),
    "correction": ("occurred",),
    "propose": ("investigate",),
    "notify": ("propose",),
    "hearing_request": ("notify",),
    "hearing": ("hearing_request",),
    "collective": ("propose",),
    "decide": ("propose", "notify", "hearing", "collective"),
    "serve": ("decide",),
    "payment": ("decide", "serve"),
    "execute": ("decide", "serve"),
    "close": ("decide", "serve", "payment", "execute"),
}


def _cn(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def latest_before(case: Case, kind: str) -> tuple[str, dt.date] | None:
    """The step ``kind`` follows and its date (the latest of them), or None when there is none."""
    found: list[tuple[dt.date, str]] = []
    kinds = FOLLOWS.get(kind, ())
    if "occurred" in kinds and case.occurred_on is not None:
        found.append((case.occurred_on, "occurred"))
    steps = [k for k in kinds if k != "occurred"]
    if steps and case.pk is not None:
        row = CaseStep.objects.filter(case=case, kind__in=steps).order_by("-day", "-pk").values_list("day", "kind")
        first = row.first()
        if first is not None:
            found.append((first[0], first[1]))
    if not found:
        return None
    day, prior = max(found)
    return prior, day


def step_date_check(*, case: Case, kind: str, day: dt.date, field: str = "day") -> None:
    """Refuse a step dated in the future or before the step it follows, naming both dates.
    Call it inside the service's transaction, after locking the case."""
    today = timezone.localdate()
    label = STEP_LABELS.get(kind, kind)
    if day > today:
        raise ValidationError(
            _("The date of %(step)s (%(day)s) cannot be later than today (%(today)s).")
            % {"step": label, "day": _cn(day), "today": _cn(today)},
            details={field: "future"},
        )
    before = latest_before(case, kind)
    if before is not None and day < before[1]:
        prior, prior_day = before
        raise ValidationError(
            _(
                "The date of %(step)s (%(day)s) is earlier than %(prior)s it follows (%(prior_day)s): "
                "date it on or after %(prior_day)s."
            )
            % {"step": label, "day": _cn(day), "prior": STEP_LABELS[prior], "prior_day": _cn(prior_day)},
            details={field: "order"},
        )
