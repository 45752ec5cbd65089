"""Training sessions, online courses and central study group meetings, with their attendance."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from fazhi.accounts.models import OrgUnit, Region
from fazhi.accounts.scopes import scope_of
from fazhi.core.errors import ValidationError
from fazhi.core.ledger import actor_of, ledger_append
from fazhi.core.text import LINE, NAME, refuse, text_limits
from fazhi.training.models import Attendance, Session, Trainee
from fazhi.training.services.common import hours_error, require_manage


@text_limits(
    topic=(_("Topic"), NAME), laws=(_("Laws covered"), LINE), trainer=(_("Trainer"), NAME), place=(_("Place"), NAME)
)
def session_create(
    *,
    actor: Any,
    region: Region,
    topic: str,
    day: dt.date | None,
    hours: Any,
    kind: str = Session.Kind.TRAINING,
    mode: str = Session.Mode.OFFLINE,
    laws: str = "",
    trainer: str = "",
    place: str = "",
    organiser: OrgUnit | None = None,
) -> Session:
    require_manage(actor, region)
    errors: dict[str, str] = {}
    topic = (topic or "").strip()
    if not topic:
        errors["topic"] = _("Write the session's topic.")
    if kind not in Session.Kind.values:
        errors["kind"] = _("Choose training or central study group.")
    if mode not in Session.Mode.values:
        errors["mode"] = _("Choose online or offline.")
    if day is None:
        errors["day"] = _("Give the date of the session.")
    value, message = hours_error(hours)
    if message:
        errors["hours"] = message
    if mode == Session.Mode.OFFLINE and kind == Session.Kind.TRAINING and not (place or "").strip():
        errors["place"] = _("Give the place of an offline session.")
    refuse(errors)
    if day is None or value is None:  # an invariant, kept under python -O
        raise RuntimeError("day or hours missing")
    with transaction.atomic():
        session = Session.objects.create(
            region=region,
            topic=topic,
            day=day,
            hours=value,
            kind=kind,
            mode=mode,
            laws=(laws or "").strip(),
            trainer=(trainer or "").strip(),
            place=(place or "").strip(),
            organiser=organiser or getattr(actor, "org_unit", None),
        )
        ledger_append(
            actor=actor_of(actor),
            verb="training.session_create",
            target=session,
            payload={"kind": kind, "mode": mode, "day": str(day), "hours": str(value), "region": region.code},
        )
    return session


def _attendee_errors(trainees: Sequence[Trainee]) -> dict[str, str]:
    errors: dict[str, str] = {}
    twice = [t.name for t, n in Counter(trainees).items() if n > 1]
    if twice:
        errors["trainees"] = _("Each person attends a session once; listed twice: %(names)s.") % {
            "names": "、".join(twice)
        }
    return errors


def _outside(actor: Any, trainees: Sequence[Trainee]) -> list[str]:
    scope = scope_of(actor)
    return [t.name for t in trainees if not scope.covers(t.region, or_above=True)]


def attendance_add(*, actor: Any, session: Session, trainees: Sequence[Trainee]) -> list[Attendance]:
    """Record that these people attended; someone already recorded (or listed twice) is refused."""
    require_manage(actor, session.region)
    errors = _attendee_errors(trainees)
    already = sorted(
        Attendance.objects.filter(session=session, trainee__in=trainees).values_list("trainee__name", flat=True)
    )
    if already:
        errors["trainees"] = _("Already recorded as attending this session: %(names)s.") % {"names": "、".join(already)}
    _refuse_outside(actor, trainees, errors)
    if not trainees:
        errors["trainees"] = _("Choose at least one person who attended.")
    refuse(errors)
    with transaction.atomic():
        rows = Attendance.objects.bulk_create([Attendance(session=session, trainee=t) for t in trainees])
        ledger_append(
            actor=actor_of(actor),
            verb="training.attendance_add",
            target=session,
            payload={"trainees": [t.pk for t in trainees]},
        )
    return rows


def attendance_set(*, actor: Any, session: Session, trainees: Sequence[Trainee]) -> dict[str, list[int]]:
    """The attendance list as ticked on the session page: adds and removes to match it."""
    require_manage(actor, session.region)
    errors = _attendee_errors(trainees)
    _refuse_outside(actor, trainees, errors)
    refuse(errors)
    wanted = {t.pk for t in trainees}
    have = set(Attendance.objects.filter(session=session).values_list("trainee_id", flat=True))
    added, removed = sorted(wanted - have), sorted(have - wanted)
    if not added and not removed:
        return {"added": [], "removed": []}
    with transaction.atomic():
        Attendance.objects.filter(session=session, trainee_id__in=removed).delete()
        Attendance.objects.bulk_create([Attendance(session=session, trainee_id=pk) for pk in added])
        ledger_append(
            actor=actor_of(actor),
            verb="training.attendance_set",
            target=session,
            payload={"added": added, "removed": removed},
        )
    return {"added": added, "removed": removed}


def _refuse_outside(actor: Any, trainees: Sequence[Trainee], errors: dict[str, str]) -> None:
    outside = _outside(actor, trainees)
    if outside:
        errors["trainees"] = _("These people are outside the area you are responsible for: %(names)s.") % {
            "names": "、".join(outside)
        }


def session_delete(*, actor: Any, session: Session) -> None:
    """Remove a session entered by mistake, with its attendance."""
    require_manage(actor, session.region)
    if session.attendance.exists():
        raise ValidationError(
            _("The session has attendance recorded; clear the attendance list first."),
            details={"session": "has_attendance"},
        )
    with transaction.atomic():
        ledger_append(
            actor=actor_of(actor),
            verb="training.session_delete",
            target=session,
            payload={"day": str(session.day), "topic": session.topic},
        )
        session.delete()
