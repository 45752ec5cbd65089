"""The dispute figures of the annual report: each a function ``(region, year) -> number`` and one
registry, ``FIGURES``, that the reports app reads (id → label, unit, counting rule, function).

The counting rules are written out in docs/disputes.md. Every figure counts the disputes of the
region's subtree (by the dispute's area: its village, else its township) and leaves out a
dispute merged into another (registered twice, counted once). A rate is a percentage with one
decimal, or None when there is nothing to divide by (the page shows "—", never a made-up 100 %).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.accounts.models import Region
from fazhi.core.figures import adopt
from fazhi.disputes.models import Agreement, Dispute, FollowUp, MediatorTraining

Number = int | Decimal | None


def _year(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _rate(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def registered(region: Region, year: int) -> QuerySet[Dispute]:
    """The disputes registered in the region in the year, each counted once."""
    first, last = _year(year)
    return Dispute.objects.filter(area_path__startswith=region.path, received_on__range=(first, last)).exclude(
        status=Dispute.Status.MERGED
    )


def screened(region: Region, year: int) -> int:
    return registered(region, year).count()


def police_related(region: Region, year: int) -> int:
    return registered(region, year).filter(police_related=True).count()


def petition_related(region: Region, year: int) -> int:
    return registered(region, year).filter(petition_related=True).count()


def identification_rate(region: Region, year: int) -> Decimal | None:
    """Flags set at intake and confirmed on review ÷ flags that should have been set (police and
    petition flags each count), over the disputes whose flags were reviewed."""
    c = (
        registered(region, year)
        .filter(flags_reviewed_on__isnull=False)
        .aggregate(
            police=Count("pk", filter=Q(police_related=True)),
            petition=Count("pk", filter=Q(petition_related=True)),
            police_hit=Count("pk", filter=Q(police_related=True, police_flag_at_intake=True)),
            petition_hit=Count("pk", filter=Q(petition_related=True, petition_flag_at_intake=True)),
        )
    )
    return _rate(c["police_hit"] + c["petition_hit"], c["police"] + c["petition"])


CONCLUDED = Q(outcome__in=Dispute.Outcome.values)


def resolution_rate(region: Region, year: int) -> Decimal | None:
    """Disputes resolved (wholly) ÷ disputes concluded (resolved, partly, not resolved)."""
    c = registered(region, year).aggregate(
        concluded=Count("pk", filter=CONCLUDED),
        resolved=Count("pk", filter=Q(outcome=Dispute.Outcome.RESOLVED)),
    )
    return _rate(c["resolved"], c["concluded"])


def mass_incidents(region: Region, year: int) -> int:
    first, last = _year(year)
    return Dispute.objects.filter(area_path__startswith=region.path, mass_incident_on__range=(first, last)).count()


def _agreements(region: Region, year: int) -> QuerySet[Agreement]:
    first, last = _year(year)
    return Agreement.objects.filter(dispute__area_path__startswith=region.path, made_on__range=(first, last))


def reopen_rate(region: Region, year: int) -> Decimal | None:
    """Agreements of the year found not performed (the dispute reopened) ÷ agreements of the year."""
    c = _agreements(region, year).aggregate(
        n=Count("pk"), reopened=Count("pk", filter=Q(performance=Agreement.Performance.NOT_PERFORMED))
    )
    return _rate(c["reopened"], c["n"])


def agreements_performed(region: Region, year: int) -> Decimal | None:
    """Agreements of the year found performed ÷ agreements of the year whose performance was checked."""
    c = _agreements(region, year).aggregate(
        performed=Count("pk", filter=Q(performance=Agreement.Performance.PERFORMED)),
        checked=Count("pk", filter=~Q(performance=Agreement.Performance.PENDING)),
    )
    return _rate(c["performed"], c["checked"])


def follow_ups_on_time(region: Region, year: int) -> Decimal | None:
    """Visits due in the year (up to today) made on or before their day ÷ visits due."""
    first, last = _year(year)
    last = min(last, timezone.localdate())
    c = FollowUp.objects.filter(dispute__area_path__startswith=region.path, due_on__range=(first, last)).aggregate(
        due=Count("pk"),
        on_time=Count("pk", filter=Q(visited_on__isnull=False, visited_on__lte=F("due_on"))),
    )
    return _rate(c["on_time"], c["due"])


def mediator_trainings(region: Region, year: int) -> int:
    """Training sessions for mediators held in the region in the year (sessions, not attendance)."""
    first, last = _year(year)
    return MediatorTraining.objects.filter(region__path__startswith=region.path, held_on__range=(first, last)).count()


@dataclass(frozen=True)
class Figure:
    label: Any
    unit: str
    rule: Any
    compute: Callable[[Region, int], Number]


FIGURES: dict[str, Figure] = {
    "disputes.screened": Figure(
        _("Disputes screened"), "起", _("Disputes registered in the year, a merged duplicate once."), screened
    ),
    "disputes.police_related": Figure(
        _("Police-related disputes"),
        "起",
        _("Registered in the year and flagged police-related (after review)."),
        police_related,
    ),
    "disputes.petition_related": Figure(
        _("Petition-related disputes"),
        "起",
        _("Registered in the year and flagged petition-related (after review)."),
        petition_related,
    ),
    "disputes.identification_rate": Figure(
        _("Identification rate"),
        "%",
        _("Flags set at intake and confirmed on review ÷ flags that should have been set, over reviewed disputes."),
        identification_rate,
    ),
    "disputes.resolution_rate": Figure(
        _("Resolution rate"),
        "%",
        _("Disputes resolved ÷ disputes concluded (resolved, partly, not resolved)."),
        resolution_rate,
    ),
    "disputes.mass_incidents": Figure(
        _("Mass incidents caused by disputes"), "起", _("Mass incidents recorded in the year."), mass_incidents
    ),
    "disputes.reopen_rate": Figure(
        _("Reopen rate"), "%", _("Agreements of the year found not performed ÷ agreements of the year."), reopen_rate
    ),
    "disputes.agreements_performed": Figure(
        _("Agreements performed"),
        "%",
        _("Agreements of the year found performed ÷ agreements whose performance was checked."),
        agreements_performed,
    ),
    "disputes.follow_ups_on_time": Figure(
        _("Follow-up visits on time"),
        "%",
        _("Visits due in the year so far made on or before their day ÷ visits due."),
        follow_ups_on_time,
    ),
    "disputes.mediator_trainings": Figure(
        _("Mediator trainings"), "场次", _("Training sessions for mediators held in the year."), mediator_trainings
    ),
}


def figure_values(region: Region, year: int) -> list[dict[str, Any]]:
    """Every dispute figure of a region and year, in the registry's order (for pages and the API)."""
    return [
        {"id": fid, "label": f.label, "unit": f.unit, "rule": f.rule, "value": f.compute(region, year)}
        for fid, f in FIGURES.items()
    ]


# The reports registry (fazhi.core.figures) reads the same table; a rate with nothing to divide by is
# listed as missing with this reason, never shown as a number.
adopt(
    FIGURES,
    counted="rule",
    none_why=_("No dispute of the kind this rate divides by was registered here in the year."),
    source="disputes:list",
)
