"""The area's plan: targets for the year or a quarter (§六 of the report), and the village settings
(population, remote) the coverage and the reach check read."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.accounts.models import Region
from fazhi.accounts.roles import Perm
from fazhi.core.ledger import actor_of, ledger_append
from fazhi.core.text import LINE, refuse, text_limits
from fazhi.publicity.access import require_area
from fazhi.publicity.models import Target, VillageSetting
from fazhi.publicity.services.common import village_error


@text_limits(note=(gettext_lazy("Note"), LINE))
def target_set(
    *, actor: Any, region: Region, year: int, metric: str, value: int, quarter: int | None = None, note: str = ""
) -> Target:
    """Set (or change) a target of the region's year or quarter. A target is the area's, never a
    person's; a metric the plan does not measure is refused."""
    require_area(actor, region, Perm.PUBLICITY_MANAGE)
    errors: dict[str, str] = {}
    this_year = timezone.localdate().year
    if not this_year - 1 <= year <= this_year + 1:
        errors["year"] = _("Targets are set for last year, this year or next year.")
    if quarter is not None and not 1 <= quarter <= 4:
        errors["quarter"] = _("The quarter is 1 to 4, or empty for the whole year.")
    if metric not in Target.Metric.values:
        errors["metric"] = _("Choose what the target measures.")
    if not 0 <= value <= 10_000:
        errors["value"] = _("The target is a number between 0 and 10,000.")
    refuse(errors)
    with transaction.atomic():
        target, created = Target.objects.update_or_create(
            region=region, year=year, quarter=quarter, metric=metric, defaults={"value": value, "note": note.strip()}
        )
        ledger_append(
            actor=actor_of(actor),
            verb="publicity.target_set",
            target=target,
            payload={"year": year, "quarter": quarter, "metric": metric, "value": value, "new": created},
        )
    return target


def village_setting_set(*, actor: Any, village: Region, population: int | None, remote: bool) -> VillageSetting:
    require_area(actor, village, Perm.PUBLICITY_MANAGE)
    errors: dict[str, str] = {}
    village_error(village, "village", errors)
    if population is not None and not 0 < population <= 1_000_000:
        errors["population"] = _("The population is a number between 1 and 1,000,000, or empty.")
    refuse(errors)
    with transaction.atomic():
        setting, _created = VillageSetting.objects.update_or_create(
            village=village, defaults={"population": population, "remote": remote}
        )
        ledger_append(
            actor=actor_of(actor),
            verb="publicity.village_setting",
            target=setting,
            payload={"village": village.pk, "population": population, "remote": remote},
        )
    return setting
