"""The township's register: risk meetings (风险研判会), incidents (肇事肇祸), screening campaigns
(aggregates only)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.accounts.models import Region
from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import user_or_none
from fazhi.core.ledger import actor_of, ledger_append
from fazhi.core.text import LINE, LONG, NAME, refuse
from fazhi.people.access import may_open, require_township
from fazhi.people.models import Incident, MeetingAction, MentalScreening, PersonFile, RiskMeeting


@dataclass(frozen=True)
class ActionInput:
    action: str
    due_on: dt.date
    file: PersonFile | None = None


def _day(day: dt.date, field: str, errors: dict[str, str]) -> None:
    if day > timezone.localdate():
        errors[field] = _("The date cannot be in the future.")


def meeting_record(
    *,
    actor: Any,
    township: Region,
    held_on: dt.date,
    title: str,
    attendees: str,
    decisions: str,
    files: list[PersonFile] | None = None,
    actions: list[ActionInput] | None = None,
) -> RiskMeeting:
    """A risk meeting: who attended, which files were discussed (by number), decisions, actions."""
    require_township(actor, township, Perm.PEOPLE_EDIT)
    errors: dict[str, str] = {}
    _day(held_on, "held_on", errors)
    if not title.strip() or len(title) > NAME:
        errors["title"] = _("Enter a title of at most %(n)d characters.") % {"n": NAME}
    if not attendees.strip() or len(attendees) > 500:
        errors["attendees"] = _("List who attended (at most 500 characters).")
    if not decisions.strip() or len(decisions) > LONG:
        errors["decisions"] = _("Write the decisions (at most %(n)d characters).") % {"n": LONG}
    for f in files or []:
        if f.township_id != township.pk or not may_open(actor, f):
            errors["files"] = _("A file discussed must be one of the township's files you open.")
    for n, a in enumerate(actions or [], start=1):
        if not a.action.strip() or len(a.action) > LINE:
            errors[f"action_{n}"] = _("Action %(n)d: describe it in at most %(m)d characters.") % {"n": n, "m": LINE}
    refuse(errors)
    with transaction.atomic():
        meeting = RiskMeeting.objects.create(
            township=township,
            held_on=held_on,
            title=title.strip(),
            attendees=attendees.strip(),
            decisions=decisions.strip(),
            created_by=user_or_none(actor),
        )
        meeting.files.set(files or [])
        MeetingAction.objects.bulk_create(
            [
                MeetingAction(meeting=meeting, file=a.file, action=a.action.strip(), due_on=a.due_on)
                for a in actions or []
            ]
        )
        ledger_append(
            actor=actor_of(actor),
            verb="people.meeting_held",
            target=meeting,
            payload={"files": [f.number for f in files or []], "actions": len(actions or [])},
        )
    return meeting


def incident_record(
    *, actor: Any, township: Region, occurred_on: dt.date, description: str, file: PersonFile | None = None
) -> Incident:
    require_township(actor, township, Perm.PEOPLE_EDIT)
    errors: dict[str, str] = {}
    _day(occurred_on, "occurred_on", errors)
    if not description.strip() or len(description) > LONG:
        errors["description"] = _("Describe what happened (at most %(n)d characters).") % {"n": LONG}
    if file is not None and (file.township_id != township.pk or not may_open(actor, file)):
        errors["file"] = _("A file linked must be one of the township's files you open.")
    refuse(errors)
    with transaction.atomic():
        incident = Incident.objects.create(
            township=township,
            occurred_on=occurred_on,
            description=description.strip(),
            file=file,
            created_by=user_or_none(actor),
        )
        ledger_append(
            actor=actor_of(actor), verb="people.incident", target=incident, payload={"file": file and file.number}
        )
    return incident


def screening_record(
    *,
    actor: Any,
    township: Region,
    title: str,
    ends_on: dt.date,
    screened: int,
    suspected: int,
    confirmed: int,
    referred: int = 0,
) -> MentalScreening:
    """A screening campaign's numbers, without identities (confirmed persons get files)."""
    require_township(actor, township, Perm.PEOPLE_EDIT)
    errors: dict[str, str] = {}
    _day(ends_on, "ends_on", errors)
    if not title.strip() or len(title) > NAME:
        errors["title"] = _("Enter a title of at most %(n)d characters.") % {"n": NAME}
    if min(screened, suspected, confirmed, referred) < 0:
        errors["screened"] = _("The numbers cannot be negative.")
    elif not screened >= suspected >= confirmed:
        errors["suspected"] = _("Suspected cannot exceed screened, nor confirmed suspected.")
    refuse(errors)
    with transaction.atomic():
        s = MentalScreening.objects.create(
            township=township,
            title=title.strip(),
            ends_on=ends_on,
            screened=screened,
            suspected=suspected,
            confirmed=confirmed,
            referred=referred,
        )
        ledger_append(
            actor=actor_of(actor),
            verb="people.screening",
            target=s,
            payload={"screened": screened, "suspected": suspected, "confirmed": confirmed, "referred": referred},
        )
    return s
