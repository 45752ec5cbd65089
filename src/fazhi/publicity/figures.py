"""The publicity figures of a region's year, each a selector ``(region, year) -> number`` under a
stable id (core.figures); docs/publicity.md says which activity types count where. A region's
figures cover the records of the region and every region below it."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fazhi.accounts.models import Region
from fazhi.core.figures import NotKept, Value, figure, pct
from fazhi.publicity.models import (
    Activity,
    ActivityType,
    AdviserService,
    Channel,
    CultureSite,
    Liaison,
    ModelVillage,
    Studio,
    TargetGroup,
)

Cat = ActivityType.Category
SOURCE = "publicity:activities"


def year_end(year: int) -> dt.date:
    return dt.date(year, 12, 31)


def activities(region: Region, year: int) -> QuerySet[Activity]:
    """The region's counted activities of the year (a withdrawn one counts nowhere)."""
    return Activity.objects.counted().filter(area_path__startswith=region.path, day__year=year)


def _in(region: Region, field: str = "village") -> Q:
    return Q(**{f"{field}__path__startswith": region.path})


def _sum(qs: QuerySet[Activity], field: str = "participants") -> int:
    return int(qs.aggregate(n=Sum(field))["n"] or 0)


@figure(
    "publicity.youth_activities",
    label=_("Activities for young people"),
    unit=_("sessions"),
    counted=_("Activities of the year whose target groups include youth and students, whatever their type."),
    source=SOURCE,
)
def youth_activities(region: Region, year: int) -> Value:
    return activities(region, year).filter(targets__group=TargetGroup.YOUTH).count()


@figure(
    "publicity.legal_liaisons",
    label=_("Legal liaisons"),
    unit=_("people"),
    counted=_("Legal liaisons (法律明白人) serving at the year's end (appointed by then, not relieved)."),
)
def legal_liaisons(region: Region, year: int) -> Value:
    return Liaison.objects.filter(_in(region), active=True, appointed_on__lte=year_end(year)).count()


@figure(
    "publicity.studios",
    label=_("Legal liaison studios"),
    unit=_("studios"),
    counted=_("Studios of legal liaisons opened by the year's end."),
)
def studios(region: Region, year: int) -> Value:
    return Studio.objects.filter(_in(region), opened_on__lte=year_end(year)).count()


@figure(
    "publicity.grassroots_sessions",
    label=_("Grassroots sessions"),
    unit=_("sessions"),
    counted=_("Activities of the grassroots types (板凳普法, 院坝宣讲) held in the year."),
    source=SOURCE,
)
def grassroots_sessions(region: Region, year: int) -> Value:
    return activities(region, year).filter(type__category=Cat.GRASSROOTS).count()


@figure(
    "publicity.grassroots_reach",
    label=_("People reached by grassroots sessions"),
    unit=_("person-times"),
    counted=_("Participants (person-times) of the grassroots sessions of the year."),
    source=SOURCE,
)
def grassroots_reach(region: Region, year: int) -> Value:
    return _sum(activities(region, year).filter(type__category=Cat.GRASSROOTS))


def _broadcast(region: Region, year: int) -> QuerySet[Channel]:
    return Channel.objects.filter(_in(region), kind=Channel.Kind.BROADCAST, messages__day__year=year).distinct()


@figure(
    "publicity.broadcast_villages",
    label=_("Villages with a broadcast in use"),
    unit=_("villages"),
    counted=_("Villages whose broadcast (大喇叭) sent at least one message in the year."),
)
def broadcast_villages(region: Region, year: int) -> Value:
    return _broadcast(region, year).values("village_id").distinct().count()


@figure(
    "publicity.broadcast_reach",
    label=_("People reached by village broadcasts"),
    unit=_("people"),
    counted=_("The reach of each village broadcast that sent at least one message in the year, added up."),
)
def broadcast_reach(region: Region, year: int) -> Value:
    ids = _broadcast(region, year).values("pk")
    return int(Channel.objects.filter(pk__in=ids).aggregate(n=Sum("reach"))["n"] or 0)


@figure(
    "publicity.case_explained_sessions",
    label=_("Case-explained sessions"),
    unit=_("sessions"),
    counted=_("Activities of the 以案释法 type held in the year (often inside an inspection or a mediation)."),
    source=SOURCE,
)
def case_explained_sessions(region: Region, year: int) -> Value:
    return activities(region, year).filter(type__category=Cat.CASE_EXPLAINED).count()


@figure(
    "publicity.mediation_education_reach",
    label=_("People taught the law in mediations"),
    unit=_("person-times"),
    counted=_("Participants (person-times) of the 调解说事 activities of the year."),
    source=SOURCE,
)
def mediation_education_reach(region: Region, year: int) -> Value:
    return _sum(activities(region, year).filter(type__category=Cat.MEDIATION))


@figure(
    "publicity.campaign_events",
    label=_("Campaign events"),
    unit=_("events"),
    counted=_("Activities of the campaign types (宪法宣传周, 民法典宣传月, 法治文艺演出, 法律咨询) of the year."),
    source=SOURCE,
)
def campaign_events(region: Region, year: int) -> Value:
    return activities(region, year).filter(type__category=Cat.CAMPAIGN).count()


@figure(
    "publicity.leaflets",
    label=_("Publicity materials handed out"),
    unit=_("copies"),
    counted=_("Materials handed out at every activity of the year, added up."),
    source=SOURCE,
)
def leaflets(region: Region, year: int) -> Value:
    return _sum(activities(region, year), "materials")


@figure(
    "publicity.model_villages",
    label=_("County-level model villages named"),
    unit=_("villages"),
    counted=_("Villages named county-level 民主法治示范村 in the year."),
)
def model_villages(region: Region, year: int) -> Value:
    return ModelVillage.objects.filter(_in(region), level=ModelVillage.Level.COUNTY, year=year).count()


def outdated_before(year: int) -> tuple[dt.date, dt.date]:
    """(as of, stale before): a site is outdated when its content is older than the setting's days
    on the year's last day, or today for this year."""
    as_of = min(year_end(year), timezone.localdate())
    return as_of, as_of - dt.timedelta(days=settings.FAZHI_PUBLICITY_SITE_STALE_DAYS)


@figure(
    "publicity.outdated_sites_pct",
    label=_("Outdated culture sites"),
    unit="%",
    counted=_(
        "Culture sites whose content was last updated more than the set number of days before the year's end "
        "(today for this year) ÷ sites built by then."
    ),
)
def outdated_sites_pct(region: Region, year: int) -> Value:
    as_of, stale = outdated_before(year)
    c = CultureSite.objects.filter(_in(region), built_on__lte=as_of).aggregate(
        n=Count("pk"), old=Count("pk", filter=Q(content_updated_on__lt=stale))
    )
    if not c["n"]:
        return NotKept(str(_("No culture site is registered here.")))
    return pct(c["old"], c["n"])


@figure(
    "publicity.joint_share_pct",
    label=_("Joint activities"),
    unit="%",
    counted=_(
        "Activities of the year organised by more than one body ÷ activities of the year (coordination "
        "meetings left out)."
    ),
    source=SOURCE,
)
def joint_share_pct(region: Region, year: int) -> Value:
    c = (
        activities(region, year)
        .exclude(type__category=Cat.MEETING)
        .aggregate(n=Count("pk"), joint=Count("pk", filter=Q(joint=True)))
    )
    if not c["n"]:
        return NotKept(str(_("No activity was recorded in the year.")))
    return pct(c["joint"], c["n"])


def _services(region: Region, year: int, kind: str) -> QuerySet[AdviserService]:
    return AdviserService.objects.filter(_in(region, "adviser__village"), day__year=year, kind=kind)


@figure(
    "advisers.consultations",
    label=_("Legal adviser consultations"),
    unit=_("person-times"),
    counted=_("People served in the consultations of the advisers' service logs of the year."),
)
def consultations(region: Region, year: int) -> Value:
    return int(_services(region, year, AdviserService.Kind.CONSULTATION).aggregate(n=Sum("people"))["n"] or 0)


@figure(
    "advisers.mediations",
    label=_("Mediations joined by legal advisers"),
    unit=pgettext_lazy("unit", "disputes"),  # 起, the disputes register's unit (the seed: 纠纷80起)
    counted=_(
        "Disputes of the disputes register that an adviser's log names as a mediation joined in the year, "
        "each dispute once."
    ),
)
def mediations(region: Region, year: int) -> Value:
    return _services(region, year, AdviserService.Kind.MEDIATION).values("dispute_id").distinct().count()
