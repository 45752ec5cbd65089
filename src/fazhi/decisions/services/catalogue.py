"""The yearly catalogue of major decisions (决策事项目录, art. 3): drafted, approved by the
township's leader, published on the public site. A decision outside it needs a recorded reason."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.accounts.models import Region
from fazhi.accounts.roles import Perm
from fazhi.core.errors import ValidationError
from fazhi.core.ledger import actor_of, ledger_append
from fazhi.core.text import NAME, refuse, text_limits
from fazhi.core.versioning import versioned_update
from fazhi.decisions.access import require_area
from fazhi.decisions.models import Catalogue, CatalogueItem


@text_limits(drafting_office=(gettext_lazy("Drafting office"), NAME))
def catalogue_create(
    *, actor: Any, region: Region, year: int, titles: Sequence[str], drafting_office: str = ""
) -> Catalogue:
    """The region's list for ``year``, one item per title (a catalogue is made once a year)."""
    require_area(actor, region, Perm.DECISION_DRAFT)
    errors: dict[str, str] = {}
    clean = [t.strip() for t in titles if t.strip()]
    if not clean:
        errors["titles"] = _("List at least one decision (one title a line).")
    long = [t for t in clean if len(t) > NAME]
    if long:
        errors["titles"] = _("A title has at most %(n)d characters: %(t)s") % {"n": NAME, "t": long[0][:20]}
    if not 2000 <= year <= timezone.localdate().year + 1:
        errors["year"] = _("Choose this year or next year (or a past year).")
    if Catalogue.objects.filter(region=region, year=year).exists():
        errors["year"] = _("%(region)s already has a catalogue for %(year)d: add to it instead.") % {
            "region": region.name,
            "year": year,
        }
    refuse(errors)
    with transaction.atomic():
        catalogue = Catalogue.objects.create(region=region, year=year)
        CatalogueItem.objects.bulk_create(
            [CatalogueItem(catalogue=catalogue, title=t, drafting_office=drafting_office.strip()) for t in clean]
        )
        ledger_append(
            actor=actor_of(actor), verb="decision.catalogue_created", target=catalogue, payload={"items": len(clean)}
        )
    return catalogue


def catalogue_approve(
    *, actor: Any, catalogue: Catalogue, day: dt.date | None = None, expected_version: int | None = None
) -> None:
    """The leader approves the list (and it is published on the public site the same day)."""
    require_area(actor, catalogue.region, Perm.DECISION_DECIDE)
    day = day or timezone.localdate()
    if catalogue.status != Catalogue.Status.DRAFT:
        raise ValidationError(_("This catalogue is already approved."), code="out_of_order")
    if day > timezone.localdate():
        raise ValidationError(_("The date cannot be in the future."), details={"day": "future"})
    from fazhi.accounts.scopes import user_or_none

    with transaction.atomic():
        versioned_update(
            catalogue,
            expected_version=expected_version,
            fields={
                "status": Catalogue.Status.PUBLISHED,
                "approved_on": day,
                "approved_by": user_or_none(actor),
                "published_on": day,
            },
        )
        ledger_append(actor=actor_of(actor), verb="decision.catalogue_approved", target=catalogue, payload={})
