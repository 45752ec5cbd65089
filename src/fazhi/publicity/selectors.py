"""Scoped reads of the publicity records: the only place they are filtered by scope. Whoever holds
publicity.view sees the records of their area (their region's subtree); others see none."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, Q, QuerySet

from fazhi.accounts.models import Region
from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import NO_SCOPE, Scope, scope_of
from fazhi.core.figures import REGISTRY, Value, load_all
from fazhi.core.lookups import filter_if, get_or_not_found
from fazhi.publicity import coverage as cov
from fazhi.publicity.figures import outdated_before
from fazhi.publicity.models import (
    Activity,
    ActivityType,
    Adviser,
    AdviserService,
    Channel,
    CultureSite,
    Liaison,
    LiaisonTraining,
    ModelVillage,
    Studio,
    Target,
    VillageSetting,
)


def _scope(user: Any) -> Scope:
    if not getattr(user, "is_authenticated", False) or not user.can(Perm.PUBLICITY_VIEW):
        return NO_SCOPE
    scope = scope_of(user)
    return NO_SCOPE if scope.enterprise_only else scope


def area_of(*, user: Any) -> Region | None:
    """The region whose figures the user sees (their organisation's region), or None."""
    path = _scope(user).region_path
    return Region.objects.filter(path=path).first() if path else None


def _in_area(qs: QuerySet[Any], user: Any, field: str) -> QuerySet[Any]:
    path = _scope(user).region_path
    return qs.filter(**{f"{field}__startswith": path}) if path else qs.none()


# --- activities ---------------------------------------------------------------------------------


def activity_list(
    *, user: Any, year: int | None = None, type_id: int | None = None, village_id: int | None = None, group: str = ""
) -> QuerySet[Activity]:
    qs = _in_area(Activity.objects.select_related("type", "village", "group"), user, "area_path")
    qs = filter_if(qs, day__year=year, type_id=type_id, village_id=village_id)
    return qs.filter(targets__group=group) if group else qs


def activity_get(*, user: Any, pk: int) -> Activity:
    return get_or_not_found(activity_list(user=user).prefetch_related("photos"), pk=pk)


def activity_types() -> QuerySet[ActivityType]:
    return ActivityType.objects.filter(active=True)


def activity_type_find(*, pk: int | None = None, code: str = "") -> ActivityType | None:
    if code:
        return activity_types().filter(Q(code=code) | Q(name=code)).first()
    return activity_types().filter(pk=pk).first() if pk else None


def villages_for_entry(*, user: Any) -> QuerySet[Region]:
    """The villages the user may record activities for (their area's villages)."""
    return _in_area(Region.objects.filter(level=Region.Level.VILLAGE).select_related("parent"), user, "path")


def groups_for_entry(*, user: Any) -> QuerySet[Region]:
    return _in_area(Region.objects.filter(level=Region.Level.GROUP), user, "path")


def region_find(*, user: Any, pk: int | None) -> Region | None:
    return _in_area(Region.objects.all(), user, "path").filter(pk=pk).first() if pk else None


def photo_get(*, user: Any, activity_pk: int, pk: int) -> Any:
    return get_or_not_found(activity_get(user=user, pk=activity_pk).photos.all(), pk=pk)


# --- the network --------------------------------------------------------------------------------


def channel_list(
    *, user: Any, village_id: int | None = None, kind: str = "", year: int | None = None
) -> QuerySet[Channel]:
    """The area's channels; with ``year``, each annotated with the messages it sent in the year
    (``messages_sent``) and the day of its last message ever (``last_message_on``)."""
    qs = filter_if(
        _in_area(Channel.objects.select_related("village"), user, "village__path"), village_id=village_id, kind=kind
    )
    if year is not None:
        qs = qs.annotate(
            messages_sent=Count("messages", filter=Q(messages__day__year=year)), last_message_on=Max("messages__day")
        )
    return qs


def channel_get(*, user: Any, pk: int) -> Channel:
    return get_or_not_found(channel_list(user=user), pk=pk)


def liaison_list(*, user: Any, active: bool | None = True) -> QuerySet[Liaison]:
    return filter_if(_in_area(Liaison.objects.select_related("village"), user, "village__path"), active=active)


def liaison_get(*, user: Any, pk: int) -> Liaison:
    return get_or_not_found(liaison_list(user=user, active=None), pk=pk)


def liaison_training_list(*, user: Any, year: int | None = None) -> QuerySet[LiaisonTraining]:
    qs = _in_area(LiaisonTraining.objects.select_related("region"), user, "region__path")
    return filter_if(qs, day__year=year)


def studio_list(*, user: Any) -> QuerySet[Studio]:
    return _in_area(Studio.objects.select_related("village", "liaison"), user, "village__path")


def adviser_list(*, user: Any, village_id: int | None = None) -> QuerySet[Adviser]:
    return filter_if(_in_area(Adviser.objects.select_related("village"), user, "village__path"), village_id=village_id)


def adviser_get(*, user: Any, pk: int) -> Adviser:
    return get_or_not_found(adviser_list(user=user), pk=pk)


def adviser_service_list(
    *, user: Any, year: int | None = None, adviser_id: int | None = None, kind: str = ""
) -> QuerySet[AdviserService]:
    qs = _in_area(AdviserService.objects.select_related("adviser", "adviser__village"), user, "adviser__village__path")
    return filter_if(qs, day__year=year, adviser_id=adviser_id, kind=kind)


def model_village_list(*, user: Any, year: int | None = None, level: str = "") -> QuerySet[ModelVillage]:
    qs = _in_area(ModelVillage.objects.select_related("village"), user, "village__path")
    return filter_if(qs, year=year, level=level)


def site_list(*, user: Any, year: int, village_id: int | None = None) -> list[tuple[CultureSite, bool]]:
    """The culture sites with whether each is outdated (the rule of publicity.outdated_sites_pct)."""
    _as_of, stale = outdated_before(year)
    sites = filter_if(
        _in_area(CultureSite.objects.select_related("village"), user, "village__path"), village_id=village_id
    )
    return [(s, s.content_updated_on < stale) for s in sites]


def site_get(*, user: Any, pk: int) -> CultureSite:
    return get_or_not_found(_in_area(CultureSite.objects.select_related("village"), user, "village__path"), pk=pk)


def village_rows(*, user: Any) -> list[tuple[Region, VillageSetting | None]]:
    """Each village of the area with its publicity setting (None when not set)."""
    settings = {s.village_id: s for s in _in_area(VillageSetting.objects.all(), user, "village__path")}
    return [(v, settings.get(v.pk)) for v in villages_for_entry(user=user)]


# --- figures, coverage, targets -----------------------------------------------------------------

FIGURE_IDS = (
    "publicity.youth_activities",
    "publicity.legal_liaisons",
    "publicity.studios",
    "publicity.grassroots_sessions",
    "publicity.grassroots_reach",
    "publicity.broadcast_villages",
    "publicity.broadcast_reach",
    "publicity.case_explained_sessions",
    "publicity.mediation_education_reach",
    "publicity.campaign_events",
    "publicity.leaflets",
    "publicity.model_villages",
    "publicity.outdated_sites_pct",
    "publicity.joint_share_pct",
    "advisers.consultations",
    "advisers.mediations",
)


@dataclass(frozen=True)
class Shown:
    """A figure as a page shows it (the registry's entry is callable, which templates would call)."""

    id: str
    label: Any
    unit: Any
    counted: Any


def figures_of(*, user: Any, year: int) -> list[tuple[Shown, Value]]:
    """The app's figures for the user's area and the year, each with its label and counting rule."""
    region = area_of(user=user)
    if region is None:
        return []
    load_all()
    return [
        (
            Shown(id=i, label=REGISTRY[i].label, unit=REGISTRY[i].unit, counted=REGISTRY[i].counted),
            REGISTRY[i](region, year),
        )
        for i in FIGURE_IDS
    ]


def coverage_of(*, user: Any, year: int, group: str = "") -> cov.Coverage | None:
    region = area_of(user=user)
    return cov.coverage(region, year, group) if region is not None else None


def target_list(*, user: Any, year: int) -> QuerySet[Target]:
    """The targets of the year set for the user's area, the regions above it and below it."""
    path = _scope(user).region_path
    if not path:
        return Target.objects.none()
    above = cov.ancestor_paths(path)
    return (
        Target.objects.filter(Q(region__path__startswith=path) | Q(region__path__in=above), year=year)
        .select_related("region")
        .order_by("region__path", "quarter", "metric")
    )


def targets_progress(*, user: Any, year: int) -> list[cov.Progress]:
    return cov.progress(list(target_list(user=user, year=year)), year)


def area_plan(*, user: Any, year: int) -> list[cov.Progress]:
    """The targets set for the user's own area itself (not those of the regions above or below it)
    for the year, each with what was done — the plan an area's annual report prints. Asked as a
    ``RegionReader`` of the report's region."""
    path = _scope(user).region_path
    if not path:
        return []
    targets = Target.objects.filter(region__path=path, year=year).select_related("region")
    return cov.progress(list(targets), year)
