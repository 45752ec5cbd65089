"""Recording a publicity activity: one short form on a phone, every error at once, one transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.accounts.models import Region
from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import require, user_or_none
from fazhi.core.errors import ValidationError
from fazhi.core.ledger import actor_of, ledger_append
from fazhi.core.text import LINE, NAME, refuse, text_limits
from fazhi.core.versioning import versioned_update
from fazhi.publicity import links
from fazhi.publicity.access import require_activity_change, require_area
from fazhi.publicity.models import Activity, ActivityPhoto, ActivityTarget, ActivityType, TargetGroup, VillageSetting
from fazhi.publicity.services.common import check_photos, not_future, village_error

MAX_PARTICIPANTS = 100_000
MAX_MATERIALS = 1_000_000


class ReachAbovePopulation(ValidationError):
    """The reach is larger than the village's population: saved only when the person confirms."""

    code = "reach_above_population"


def clean_organisers(organisers: Sequence[str]) -> list[str]:
    seen: list[str] = []
    for raw in organisers:
        for part in str(raw).replace(";", "、").replace("；", "、").replace(",", "、").replace("，", "、").split("、"):
            name = part.strip()[:NAME]
            if name and name not in seen:
                seen.append(name)
    return seen


def check_activity(
    *,
    type: ActivityType | None,
    village: Region | None,
    group: Region | None,
    day: dt.date | None,
    participants: int,
    materials: int,
    target_groups: Sequence[str],
    organisers: Sequence[str],
    errors: dict[str, str],
) -> None:
    """The rules of one activity, shared by the form, the API and the Excel import."""
    if type is None or not type.active:
        errors["type"] = _("Choose the activity's type from the catalogue.")
    village_error(village, "village", errors)
    if group is not None and (village is None or group.parent_id != village.pk):
        errors["group"] = _("The group must be a group of the village chosen.")
    not_future(day, "day", errors)
    if not 0 <= participants <= MAX_PARTICIPANTS:
        errors["participants"] = _("Participants are a number of person-times between 0 and %(n)d.") % {
            "n": MAX_PARTICIPANTS
        }
    if not 0 <= materials <= MAX_MATERIALS:
        errors["materials"] = _("Materials handed out are a number between 0 and %(n)d.") % {"n": MAX_MATERIALS}
    unknown = [g for g in target_groups if g not in TargetGroup.values]
    if unknown:
        errors["target_groups"] = _("Unknown target group: %(g)s") % {"g": "、".join(unknown)}
    elif not target_groups:
        errors["target_groups"] = _("Choose at least one target group.")
    if not organisers:
        errors["organisers"] = _("Name at least one organiser.")


def population_of(village: Region) -> int | None:
    setting = VillageSetting.objects.filter(village=village).first()
    return setting.population if setting else None


@dataclass(frozen=True)
class Checked:
    """An activity's input once every rule passed."""

    type: ActivityType
    village: Region
    day: dt.date
    organisers: list[str]
    groups: list[str]
    photos: list[tuple[Any, str, int]]


def _validated(
    *,
    actor: Any,
    type: ActivityType | None,
    village: Region | None,
    group: Region | None,
    day: dt.date | None,
    participants: int,
    materials: int,
    target_groups: Sequence[str],
    organisers: Sequence[str],
    link_kind: str,
    link_id: int | None,
    photos: Sequence[Any],
    confirm_reach: bool,
) -> Checked:
    """Every rule of an activity as entered or corrected, every error at once."""
    errors: dict[str, str] = {}
    names = clean_organisers(organisers)
    groups = list(dict.fromkeys(target_groups))
    check_activity(
        type=type,
        village=village,
        group=group,
        day=day,
        participants=participants,
        materials=materials,
        target_groups=groups,
        organisers=names,
        errors=errors,
    )
    if link_kind:
        if link_kind not in (Activity.LinkKind.INSPECTION, Activity.LinkKind.DISPUTE) or not link_id:
            errors["link_id"] = _("Name the inspection or the dispute by its number.")
        elif links.resolve(link_kind, actor, link_id) is None:
            errors["link_id"] = _("No %(kind)s with the number %(id)d that you may see.") % {
                "kind": Activity.LinkKind(link_kind).label,
                "id": link_id,
            }
    checked = check_photos(list(photos), errors)
    refuse(errors)
    if village is None or type is None or day is None:  # refused above; narrows the types
        raise ValidationError(_("Choose the village, the type and the date."))
    population = population_of(village)
    if population is not None and participants > population and not confirm_reach:
        raise ReachAbovePopulation(
            _(
                "%(n)d person-times is more than %(village)s's population (%(p)d). Check the number; "
                "if people came from elsewhere, confirm it and save again."
            )
            % {"n": participants, "village": village.name, "p": population},
            details={"participants": _("More than the village's population: confirm it.")},
        )
    return Checked(type=type, village=village, day=day, organisers=names, groups=groups, photos=checked)


@text_limits(
    title=(gettext_lazy("Title"), NAME), place=(gettext_lazy("Place"), NAME), note=(gettext_lazy("Note"), LINE)
)
def activity_record(
    *,
    actor: Any,
    type: ActivityType | None,
    village: Region | None,
    day: dt.date | None,
    participants: int,
    target_groups: Sequence[str],
    organisers: Sequence[str],
    group: Region | None = None,
    materials: int = 0,
    title: str = "",
    place: str = "",
    note: str = "",
    large_print: bool = False,
    online: bool = False,
    link_kind: str = "",
    link_id: int | None = None,
    photos: Sequence[Any] = (),
    confirm_reach: bool = False,
) -> Activity:
    """Record a held activity. Reach above the village's population is refused with
    :class:`ReachAbovePopulation` until the person confirms it (``confirm_reach``)."""
    if village is not None:
        require_area(actor, village, Perm.PUBLICITY_RECORD)
    else:
        require(actor, Perm.PUBLICITY_RECORD)
    c = _validated(
        actor=actor,
        type=type,
        village=village,
        group=group,
        day=day,
        participants=participants,
        materials=materials,
        target_groups=target_groups,
        organisers=organisers,
        link_kind=link_kind,
        link_id=link_id,
        photos=photos,
        confirm_reach=confirm_reach,
    )
    with transaction.atomic():
        activity = Activity.objects.create(
            type=c.type,
            title=title.strip(),
            day=c.day,
            village=c.village,
            group=group,
            area_path=(group or c.village).path,
            target_groups=c.groups,
            organisers=c.organisers,
            joint=len(c.organisers) > 1,
            participants=participants,
            materials=materials,
            large_print=large_print,
            online=online,
            place=place.strip(),
            note=note.strip(),
            link_kind=link_kind if link_id else "",
            link_id=link_id if link_kind else None,
            created_by=user_or_none(actor),
            org_unit=getattr(user_or_none(actor), "org_unit", None),
        )
        ActivityTarget.objects.bulk_create([ActivityTarget.of(activity, g) for g in c.groups])
        for f, kind, size in c.photos:
            ActivityPhoto.objects.create(activity=activity, file=f, content_type=kind, size=size)
        ledger_append(
            actor=actor_of(actor),
            verb="publicity.activity_recorded",
            target=activity,
            payload={
                "type": c.type.code,
                "village": c.village.pk,
                "day": str(c.day),
                "participants": participants,
                "joint": activity.joint,
                "photos": len(c.photos),
                **({"link": f"{link_kind}:{link_id}"} if activity.link_kind else {}),
            },
        )
    return activity


@text_limits(
    title=(gettext_lazy("Title"), NAME), place=(gettext_lazy("Place"), NAME), note=(gettext_lazy("Note"), LINE)
)
def activity_update(
    *,
    actor: Any,
    activity: Activity,
    expected_version: int | None,
    type: ActivityType | None,
    village: Region | None,
    day: dt.date | None,
    participants: int,
    target_groups: Sequence[str],
    organisers: Sequence[str],
    group: Region | None = None,
    materials: int = 0,
    title: str = "",
    place: str = "",
    note: str = "",
    large_print: bool = False,
    online: bool = False,
    link_kind: str = "",
    link_id: int | None = None,
    confirm_reach: bool = False,
) -> Activity:
    """Correct a recorded activity (a mistyped number, village or type): the same rules as entry,
    saved only if nobody changed it since the form was loaded (``expected_version``; 409 otherwise).
    The body that recorded it does this (:func:`require_activity_change`); the ledger keeps what
    changed. Its target-group rows are written again, so coverage follows at once."""
    require_activity_change(actor, activity)
    if village is not None and village.pk != activity.village_id:
        require_area(actor, village, Perm.PUBLICITY_RECORD)
    if activity.withdrawn_at is not None:
        raise ValidationError(_("This activity was withdrawn; it can no longer be corrected."))
    c = _validated(
        actor=actor,
        type=type,
        village=village,
        group=group,
        day=day,
        participants=participants,
        materials=materials,
        target_groups=target_groups,
        organisers=organisers,
        link_kind=link_kind,
        link_id=link_id,
        photos=(),
        confirm_reach=confirm_reach,
    )
    fields: dict[str, Any] = {
        "type_id": c.type.pk,
        "title": title.strip(),
        "day": c.day,
        "village_id": c.village.pk,
        "group_id": group.pk if group is not None else None,
        "area_path": (group or c.village).path,
        "target_groups": c.groups,
        "organisers": c.organisers,
        "joint": len(c.organisers) > 1,
        "participants": participants,
        "materials": materials,
        "large_print": large_print,
        "online": online,
        "place": place.strip(),
        "note": note.strip(),
        "link_kind": link_kind if link_id else "",
        "link_id": link_id if link_kind else None,
    }
    with transaction.atomic():
        changes = versioned_update(activity, expected_version=expected_version, fields=fields)
        if not changes:  # saved as it was: nothing to write (a stale version was refused above)
            return activity
        activity.refresh_from_db()
        ActivityTarget.objects.filter(activity=activity).delete()
        ActivityTarget.objects.bulk_create([ActivityTarget.of(activity, g) for g in c.groups])
        ledger_append(
            actor=actor_of(actor),
            verb="publicity.activity_corrected",
            target=activity,
            payload={"version": activity.version, "changes": changes},
        )
    return activity


@text_limits(reason=(gettext_lazy("Reason"), LINE))
def activity_withdraw(*, actor: Any, activity: Activity, reason: str, expected_version: int | None = None) -> Activity:
    """Withdraw an activity recorded in error (never held, entered twice): it stays, marked
    withdrawn with the reason, for the area's staff and in the ledger, and no figure, coverage cell
    or target counts it any more (its target-group rows are deleted)."""
    require_activity_change(actor, activity)
    if activity.withdrawn_at is not None:
        refuse({"reason": _("This activity was already withdrawn.")})
    reason = reason.strip()
    if not reason:
        refuse({"reason": _("Say why the activity is withdrawn (for example: entered twice, never held).")})
    with transaction.atomic():
        # two withdrawals at once: the second finds the row withdrawn and is refused
        locked = Activity.objects.select_for_update().filter(pk=activity.pk).values_list("withdrawn_at", flat=True)
        if locked.first() is not None:
            refuse({"reason": _("This activity was already withdrawn.")})
        versioned_update(
            activity,
            expected_version=expected_version,
            fields={
                "withdrawn_at": timezone.now(),
                "withdrawn_by_id": getattr(user_or_none(actor), "pk", None),
                "withdrawn_reason": reason,
            },
        )
        ActivityTarget.objects.filter(activity=activity).delete()
        ledger_append(
            actor=actor_of(actor),
            verb="publicity.activity_withdrawn",
            target=activity,
            payload={
                "reason": reason,
                "type": activity.type.code,
                "day": str(activity.day),
                "participants": activity.participants,
            },
        )
    return activity


def activity_photos_add(*, actor: Any, activity: Activity, photos: Sequence[Any]) -> list[ActivityPhoto]:
    require_area(actor, activity.village, Perm.PUBLICITY_RECORD)
    errors: dict[str, str] = {}
    if not photos:
        errors["photos"] = _("Choose at least one photo.")
    checked = check_photos(list(photos), errors)
    refuse(errors)
    with transaction.atomic():
        added = [
            ActivityPhoto.objects.create(activity=activity, file=f, content_type=kind, size=size)
            for f, kind, size in checked
        ]
        ledger_append(
            actor=actor_of(actor), verb="publicity.photos_added", target=activity, payload={"photos": len(added)}
        )
    return added
