"""The grassroots network's registers: channels and their messages, legal liaisons (法律明白人) and
their trainings, studios, legal advisers and their service logs, model villages, culture sites."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.accounts.models import Region
from fazhi.accounts.roles import Perm
from fazhi.core import crypto
from fazhi.core.ledger import actor_of, ledger_append
from fazhi.core.text import LINE, NAME, refuse, text_limits
from fazhi.publicity import links
from fazhi.publicity.access import require_area
from fazhi.publicity.models import (
    Adviser,
    AdviserService,
    Channel,
    ChannelMessage,
    CultureSite,
    Liaison,
    LiaisonTraining,
    ModelVillage,
    Studio,
)
from fazhi.publicity.services.common import not_future, village_error

PHONE_PURPOSE = "publicity.liaison_phone"


def _name(value: str, field: str, errors: dict[str, str], message: str) -> str:
    value = value.strip()
    if not value:
        errors[field] = message
    return value


def _log(actor: Any, verb: str, target: Any, **payload: Any) -> None:
    ledger_append(actor=actor_of(actor), verb=f"publicity.{verb}", target=target, payload=payload)


@text_limits(name=(gettext_lazy("Name"), NAME))
def channel_create(*, actor: Any, village: Region, kind: str, name: str, reach: int) -> Channel:
    require_area(actor, village, Perm.PUBLICITY_MANAGE)
    errors: dict[str, str] = {}
    village_error(village, "village", errors)
    if kind not in Channel.Kind.values:
        errors["kind"] = _("Choose the village broadcast or a WeChat group.")
    name = _name(name, "name", errors, _("Enter the channel's name."))
    if not 0 <= reach <= 1_000_000:
        errors["reach"] = _("Reach is a number of people between 0 and 1,000,000.")
    refuse(errors)
    with transaction.atomic():
        channel = Channel.objects.create(village=village, kind=kind, name=name, reach=reach)
        _log(actor, "channel_created", channel, village=village.pk, kind=kind, reach=reach)
    return channel


@text_limits(title=(gettext_lazy("Title"), NAME))
def channel_message_record(*, actor: Any, channel: Channel, day: dt.date | None, title: str) -> ChannelMessage:
    require_area(actor, channel.village, Perm.PUBLICITY_RECORD)
    errors: dict[str, str] = {}
    not_future(day, "day", errors)
    title = _name(title, "title", errors, _("Say in a line what was sent."))
    refuse(errors)
    if day is None:
        raise RuntimeError("refused above")  # pragma: no cover
    with transaction.atomic():
        message = ChannelMessage.objects.create(channel=channel, day=day, title=title)
        _log(actor, "message_sent", channel, day=str(day), message=message.pk)
    return message


@text_limits(name=(gettext_lazy("Name"), NAME))
def liaison_appoint(*, actor: Any, village: Region, name: str, phone: str, appointed_on: dt.date | None) -> Liaison:
    """A legal liaison of the village. A person (known by their phone) serves one village: a second
    village is refused, naming the first, until they are relieved there."""
    require_area(actor, village, Perm.PUBLICITY_MANAGE)
    errors: dict[str, str] = {}
    village_error(village, "village", errors)
    name = _name(name, "name", errors, _("Enter the liaison's name."))
    digits = "".join(c for c in phone if c.isdigit())
    if len(digits) != 11:
        errors["phone"] = _("Enter the liaison's 11-digit mobile number.")
    not_future(appointed_on, "appointed_on", errors)
    index = crypto.blind_index(digits, purpose=PHONE_PURPOSE) if digits else ""
    if index and "phone" not in errors:
        other = Liaison.objects.filter(phone_index=index, active=True).select_related("village").first()
        if other is not None:
            errors["phone"] = _(
                "%(name)s is already the legal liaison of %(village)s: a liaison serves one village. "
                "Relieve them there first."
            ) % {"name": other.name, "village": other.village.name}
    refuse(errors)
    if appointed_on is None:
        raise RuntimeError("refused above")  # pragma: no cover
    with transaction.atomic():
        liaison = Liaison.objects.create(
            village=village, name=name, phone_index=index, phone_tail=digits[-4:], appointed_on=appointed_on
        )
        _log(actor, "liaison_appointed", liaison, village=village.pk)
    return liaison


def liaison_relieve(*, actor: Any, liaison: Liaison) -> Liaison:
    require_area(actor, liaison.village, Perm.PUBLICITY_MANAGE)
    if not liaison.active:
        refuse({"liaison": _("This liaison was already relieved.")})
    with transaction.atomic():
        Liaison.objects.filter(pk=liaison.pk).update(active=False)
        liaison.active = False
        _log(actor, "liaison_relieved", liaison)
    return liaison


@text_limits(title=(gettext_lazy("Title"), NAME))
def liaison_training_record(
    *, actor: Any, region: Region, day: dt.date | None, title: str, liaisons: Sequence[Liaison] = ()
) -> LiaisonTraining:
    require_area(actor, region, Perm.PUBLICITY_MANAGE)
    errors: dict[str, str] = {}
    not_future(day, "day", errors)
    title = _name(title, "title", errors, _("Say what the training was about."))
    outside = [x.name for x in liaisons if not x.village.path.startswith(region.path)]
    if outside:
        errors["liaisons"] = _("These liaisons are not of %(region)s: %(names)s") % {
            "region": region.name,
            "names": "、".join(outside),
        }
    refuse(errors)
    if day is None:
        raise RuntimeError("refused above")  # pragma: no cover
    with transaction.atomic():
        training = LiaisonTraining.objects.create(region=region, day=day, title=title)
        training.liaisons.set(list(liaisons))
        _log(actor, "liaison_training", training, day=str(day), liaisons=len(liaisons))
    return training


@text_limits(name=(gettext_lazy("Name"), NAME))
def studio_create(
    *, actor: Any, village: Region, name: str, opened_on: dt.date | None, liaison: Liaison | None = None
) -> Studio:
    require_area(actor, village, Perm.PUBLICITY_MANAGE)
    errors: dict[str, str] = {}
    village_error(village, "village", errors)
    name = _name(name, "name", errors, _("Enter the studio's name."))
    not_future(opened_on, "opened_on", errors)
    if liaison is not None and liaison.village_id != village.pk:
        errors["liaison"] = _("The studio's liaison must be a liaison of the same village.")
    refuse(errors)
    if opened_on is None:
        raise RuntimeError("refused above")  # pragma: no cover
    with transaction.atomic():
        studio = Studio.objects.create(village=village, name=name, opened_on=opened_on, liaison=liaison)
        _log(actor, "studio_created", studio, village=village.pk)
    return studio


@text_limits(name=(gettext_lazy("Name"), NAME), firm=(gettext_lazy("Law firm"), NAME))
def adviser_create(*, actor: Any, village: Region, name: str, firm: str = "") -> Adviser:
    require_area(actor, village, Perm.PUBLICITY_MANAGE)
    errors: dict[str, str] = {}
    village_error(village, "village", errors)
    name = _name(name, "name", errors, _("Enter the adviser's name."))
    refuse(errors)
    with transaction.atomic():
        adviser = Adviser.objects.create(village=village, name=name, firm=firm.strip())
        _log(actor, "adviser_created", adviser, village=village.pk)
    return adviser


@text_limits(note=(gettext_lazy("Note"), LINE))
def adviser_service_record(
    *,
    actor: Any,
    adviser: Adviser,
    day: dt.date | None,
    kind: str,
    people: int = 1,
    dispute_id: int | None = None,
    note: str = "",
) -> AdviserService:
    """A line of the adviser's log. A mediation names the dispute of the disputes register (checked
    through the dispute resolver, never retyped), so ``advisers.mediations`` counts it once."""
    require_area(actor, adviser.village, Perm.PUBLICITY_RECORD)
    errors: dict[str, str] = {}
    not_future(day, "day", errors)
    if kind not in AdviserService.Kind.values:
        errors["kind"] = _("Choose a consultation, a mediation or a document review.")
    if not 1 <= people <= 10_000:
        errors["people"] = _("People served is a number between 1 and 10,000.")
    if kind == AdviserService.Kind.MEDIATION:
        if not dispute_id:
            errors["dispute_id"] = _("Name the dispute of the disputes register the adviser joined.")
        elif links.resolve("dispute", actor, dispute_id) is None:
            errors["dispute_id"] = _("No dispute with the number %(id)d that you may see.") % {"id": dispute_id}
    elif dispute_id:
        errors["dispute_id"] = _("Only a mediation names a dispute.")
    refuse(errors)
    if day is None:
        raise RuntimeError("refused above")  # pragma: no cover
    with transaction.atomic():
        line = AdviserService.objects.create(
            adviser=adviser, day=day, kind=kind, people=people, dispute_id=dispute_id, note=note.strip()
        )
        _log(actor, "adviser_service", adviser, day=str(day), kind=kind, people=people, dispute=dispute_id)
    return line


def model_village_record(*, actor: Any, village: Region, level: str, year: int) -> ModelVillage:
    require_area(actor, village, Perm.PUBLICITY_MANAGE)
    errors: dict[str, str] = {}
    village_error(village, "village", errors)
    if level not in ModelVillage.Level.values:
        errors["level"] = _("Choose the level that named the model village.")
    from django.utils import timezone

    if not 2000 <= year <= timezone.localdate().year:
        errors["year"] = _("The year is between 2000 and this year.")
    if not errors and ModelVillage.objects.filter(village=village, level=level).exists():
        errors["village"] = _("%(village)s is already a model village at this level.") % {"village": village.name}
    refuse(errors)
    with transaction.atomic():
        mv = ModelVillage.objects.create(village=village, level=level, year=year)
        _log(actor, "model_village", mv, village=village.pk, level=level, year=year)
    return mv


@text_limits(name=(gettext_lazy("Name"), NAME))
def culture_site_create(
    *, actor: Any, village: Region, name: str, built_on: dt.date | None, content_updated_on: dt.date | None
) -> CultureSite:
    require_area(actor, village, Perm.PUBLICITY_MANAGE)
    errors: dict[str, str] = {}
    village_error(village, "village", errors)
    name = _name(name, "name", errors, _("Enter the site's name."))
    not_future(built_on, "built_on", errors)
    not_future(content_updated_on, "content_updated_on", errors)
    if built_on and content_updated_on and content_updated_on < built_on:
        errors["content_updated_on"] = _("The content cannot be updated before the site was built.")
    refuse(errors)
    if built_on is None or content_updated_on is None:
        raise RuntimeError("refused above")  # pragma: no cover
    with transaction.atomic():
        site = CultureSite.objects.create(
            village=village, name=name, built_on=built_on, content_updated_on=content_updated_on
        )
        _log(actor, "site_created", site, village=village.pk)
    return site


def culture_site_update(*, actor: Any, site: CultureSite, day: dt.date | None) -> CultureSite:
    """The site's content was renewed on ``day`` (it is no longer outdated)."""
    require_area(actor, site.village, Perm.PUBLICITY_RECORD)
    errors: dict[str, str] = {}
    not_future(day, "day", errors)
    if day is not None and day < site.content_updated_on:
        errors["day"] = _("The site was last updated later than that.")
    refuse(errors)
    if day is None:
        raise RuntimeError("refused above")  # pragma: no cover
    with transaction.atomic():
        CultureSite.objects.filter(pk=site.pk).update(content_updated_on=day)
        site.content_updated_on = day
        _log(actor, "site_updated", site, day=str(day))
    return site
