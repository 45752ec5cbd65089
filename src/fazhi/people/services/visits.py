"""Visits on a phone and danger assessments (levels 0–5, history kept); each moves the file's
next due date by its rule (:mod:`fazhi.people.services.schedule`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import user_or_none
from fazhi.core.ledger import actor_of, ledger_append
from fazhi.core.text import LINE, NAME, NOTE, refuse
from fazhi.people.access import require_file
from fazhi.people.models import DangerAssessment, PersonFile, Visit
from fazhi.people.services.schedule import next_due, requires_assessment

LEVELS = range(0, 6)


def _reschedule(file: PersonFile) -> None:
    file.next_visit_due = next_due(file, today=timezone.localdate())
    file.save(update_fields=["last_visit_on", "danger_level", "next_visit_due"])


def visit_record(
    *,
    actor: Any,
    file: PersonFile,
    visited_on: dt.date,
    place: str,
    findings: str,
    help_given: str = "",
    legal_education: bool = False,
    danger_level: int | None = None,
) -> Visit:
    """Record a visit (who, when, where, findings, help, legal education); a severe-mental-disorder
    file's visit carries its danger assessment."""
    require_file(actor, file, Perm.PEOPLE_VISIT)
    errors: dict[str, str] = {}
    if visited_on > timezone.localdate():
        errors["visited_on"] = _("The date cannot be in the future.")
    if file.status != PersonFile.Status.ACTIVE:
        errors["file"] = _("The file's basis has ended: no more visits.")
    if not place.strip():
        errors["place"] = _("Enter where the visit took place.")
    elif len(place) > NAME:
        errors["place"] = _("At most %(n)d characters.") % {"n": NAME}
    if not findings.strip():
        errors["findings"] = _("Enter what you found.")
    elif len(findings) > NOTE:
        errors["findings"] = _("At most %(n)d characters.") % {"n": NOTE}
    if len(help_given) > LINE:
        errors["help_given"] = _("At most %(n)d characters.") % {"n": LINE}
    if danger_level is not None and danger_level not in LEVELS:
        errors["danger_level"] = _("The danger level is 0 to 5.")
    if danger_level is None and requires_assessment(file):
        errors["danger_level"] = _("Every visit of this category carries a danger assessment (level 0 to 5).")
    refuse(errors)
    with transaction.atomic():
        visit = Visit.objects.create(
            file=file,
            visited_on=visited_on,
            due_on=file.next_visit_due,
            place=place.strip(),
            findings=findings.strip(),
            help_given=help_given.strip(),
            legal_education=legal_education,
            visited_by=user_or_none(actor),
        )
        if danger_level is not None:
            DangerAssessment.objects.create(
                file=file, visit=visit, assessed_on=visited_on, level=danger_level, assessed_by=user_or_none(actor)
            )
            file.danger_level = danger_level
        if file.last_visit_on is None or visited_on >= file.last_visit_on:
            file.last_visit_on = visited_on
        _reschedule(file)
        ledger_append(
            actor=actor_of(actor),
            verb="people.visited",
            target=file,
            payload={"visit": visit.pk, "day": visited_on.isoformat(), "level": danger_level},
        )
    return visit


def assessment_record(
    *, actor: Any, file: PersonFile, level: int, assessed_on: dt.date | None = None, note: str = ""
) -> DangerAssessment:
    """A danger assessment outside a visit (a doctor's, a risk meeting's); unstable (≥ 3) brings the
    next visit within two weeks."""
    require_file(actor, file, Perm.PEOPLE_VISIT)
    day = assessed_on or timezone.localdate()
    errors: dict[str, str] = {}
    if level not in LEVELS:
        errors["level"] = _("Choose the danger level, 0 to 5.")  # no silent default: the page starts empty
    if day > timezone.localdate():
        errors["assessed_on"] = _("The date cannot be in the future.")
    if len(note) > LINE:
        errors["note"] = _("At most %(n)d characters.") % {"n": LINE}
    refuse(errors)
    with transaction.atomic():
        a = DangerAssessment.objects.create(
            file=file, assessed_on=day, level=level, note=note.strip(), assessed_by=user_or_none(actor)
        )
        file.danger_level = level
        _reschedule(file)
        ledger_append(actor=actor_of(actor), verb="people.assessed", target=file, payload={"level": level})
    return a
