"""The figures of special populations, without identities: each a selector ``(region, year)``
registered with :func:`fazhi.core.figures.figure` (docs/people.md says how each is counted). A
region's figures cover its subtree (by the township or the file's area)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.accounts.models import Region
from fazhi.core.figures import NotKept, Value, figure, pct
from fazhi.people.models import Incident, MentalScreening, PersonCategory, PersonFile, RiskMeeting, Visit


def _screenings(region: Region, year: int, field: str) -> int:
    qs = MentalScreening.objects.filter(township__path__startswith=region.path, ends_on__year=year)
    return int(qs.aggregate(n=Sum(field))["n"] or 0)


@figure(
    "people.mental_screenings",
    label=_("Mental-health screenings"),
    unit="人次",
    counted=_("Persons screened in the screening campaigns that ended in the year."),
)
def mental_screenings(region: Region, year: int) -> int:
    return _screenings(region, year, "screened")


@figure(
    "people.mental_suspected",
    label=_("Suspected patients identified"),
    unit="例",
    counted=_("Suspected cases found by the screening campaigns that ended in the year."),
)
def mental_suspected(region: Region, year: int) -> int:
    return _screenings(region, year, "suspected")


@figure(
    "people.mental_confirmed",
    label=_("Confirmed patients"),
    unit="例",
    counted=_("Cases confirmed by a diagnosis among those found by the campaigns of the year."),
)
def mental_confirmed(region: Region, year: int) -> int:
    return _screenings(region, year, "confirmed")


@figure(
    "people.risk_meetings",
    label=_("Risk assessment meetings"),
    unit="次",
    counted=_("Risk meetings (风险研判会) held in the year."),
)
def risk_meetings(region: Region, year: int) -> int:
    return RiskMeeting.objects.filter(township__path__startswith=region.path, held_on__year=year).count()


@figure(
    "people.incidents",
    label=_("Incidents by persons on file"),
    unit="起",
    counted=_("Incidents (肇事肇祸) recorded in the year."),
)
def incidents(region: Region, year: int) -> int:
    return Incident.objects.filter(township__path__startswith=region.path, occurred_on__year=year).count()


@figure(
    "people.files",
    label=_("Files kept"),
    unit="人",
    counted=_("Files active at the end of the year (or today), whatever the category."),
)
def files(region: Region, year: int) -> int:
    return _active_files(region, year).count()


def _active_files(region: Region, year: int) -> Any:
    end = min(dt.date(year, 12, 31), timezone.localdate())
    return PersonFile.objects.filter(area_path__startswith=region.path, created_at__date__lte=end).exclude(
        status=PersonFile.Status.ENDED, basis_ends_on__lte=end
    )


def files_per_category(region: Region, year: int) -> list[tuple[str, str, int]]:
    """(code, name, files) per category, for the figures page and the API."""
    counts = dict(_active_files(region, year).values_list("category__code").annotate(n=Count("pk")))
    return [(c.code, c.name, int(counts.get(c.code, 0))) for c in PersonCategory.objects.all()]


def _category_figure(code: str, name: Any) -> None:
    def compute(region: Region, year: int) -> int:
        return _active_files(region, year).filter(category__code=code).count()

    compute.__qualname__ = f"people.files_{code}"
    figure(
        f"people.files_{code}",
        label=name,
        unit="人",
        counted=_("Files of this category active at the end of the year (or today)."),
    )(compute)


# one figure per category of the first migration (a county's own categories show in files_per_category)
for _code, _name in (
    ("mental", _("Files: severe mental disorder")),
    ("corrections", _("Files: community corrections")),
    ("released", _("Files: released prisoners")),
    ("cult", _("Files: cult-related")),
    ("drugs", _("Files: drug rehabilitation")),
):
    _category_figure(_code, _name)


@figure(
    "people.visits_on_time",
    label=_("Visits on time"),
    unit="%",
    counted=_("Visits of the year made on or before the day they were due ÷ visits of the year that had a due day."),
)
def visits_on_time(region: Region, year: int) -> Value:
    qs = Visit.objects.filter(file__area_path__startswith=region.path, visited_on__year=year, due_on__isnull=False)
    c = qs.aggregate(total=Count("pk"), on_time=Count("pk", filter=Q(visited_on__lte=F("due_on"))))
    if not c["total"]:
        return NotKept(str(_("No visit with a due day was recorded here in the year.")))
    return pct(c["on_time"], c["total"])


FIGURE_IDS = (
    "people.mental_screenings",
    "people.mental_suspected",
    "people.mental_confirmed",
    "people.risk_meetings",
    "people.incidents",
    "people.files",
    "people.visits_on_time",
)


def figure_values(region: Region, year: int) -> list[dict[str, Any]]:
    from fazhi.core.figures import REGISTRY

    out = []
    for fid in [*FIGURE_IDS, *(f"people.files_{c}" for c in ("mental", "corrections", "released", "cult", "drugs"))]:
        f = REGISTRY[fid]
        value = f(region, year)
        out.append(
            {
                "id": fid,
                "label": str(f.label),
                "unit": str(f.unit),
                "rule": str(f.counted),
                "value": None if isinstance(value, NotKept) else value,
            }
        )
    return out
