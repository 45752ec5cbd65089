"""Law publicity (普法) and grassroots legal services (法治宣传教育法; issue 20).

An activity is entered once, on a phone, by the village's staff: its type from a catalogue kept as
data, its target groups, village (and group), organisers (joint when more than one body), how many
took part (人次) and the materials handed out, photos. A session held inside an inspection or a
mediation names that record by kind and id (``link_kind``/``link_id``) instead of being retyped;
this app sits beside inspections and disputes and imports neither (docs/publicity.md).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fazhi.accounts.models import OrgUnit, Region
from fazhi.core.models import TimeStampedModel, VersionedModel


class TargetGroup(models.TextChoices):
    YOUTH = "youth", _("Youth and students")
    ELDERLY = "elderly", _("Elderly people")
    VILLAGERS = "villagers", _("Villagers")
    ENTERPRISES = "enterprises", _("Enterprises")
    OFFICIALS = "officials", _("Officials")
    NEW_FORM_WORKERS = "new_form_workers", _("New-form workers")
    WOMEN = "women", _("Women and children")
    MIGRANTS = "migrants", _("Migrant workers")


class ActivityType(models.Model):
    """The catalogue of activity types, as data; ``category`` says which figure counts it."""

    class Category(models.TextChoices):
        SCHOOL = "school", _("School (法治进校园)")
        GRASSROOTS = "grassroots", _("Grassroots session (板凳普法, 院坝宣讲)")
        CASE_EXPLAINED = "case_explained", _("Case explained (以案释法)")
        MEDIATION = "mediation", _("Mediation education (调解说事)")
        CAMPAIGN = "campaign", _("Campaign event")
        OUTREACH = "outreach", _("Outreach (流动普法车, 上门送法)")
        MEETING = "meeting", _("Coordination meeting")
        OTHER = "other", _("Other")

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=50)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("activity type")
        verbose_name_plural = _("activity types")

    def __str__(self) -> str:
        return self.name


class VillageSetting(TimeStampedModel):
    """What publicity needs to know of a village: its population (reach above it is questioned)
    and whether it is remote (偏远村组: the quarterly target applies to each)."""

    village = models.OneToOneField(
        Region, verbose_name=_("village"), on_delete=models.CASCADE, related_name="publicity_setting"
    )
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    remote = models.BooleanField(pgettext_lazy("village", "remote"), default=False)

    class Meta:
        verbose_name = _("village setting")
        verbose_name_plural = _("village settings")


class ActivityQuerySet(models.QuerySet["Activity"]):
    def counted(self) -> ActivityQuerySet:
        """The activities every figure, the coverage and the targets count: not withdrawn."""
        return self.filter(withdrawn_at__isnull=True)


class Activity(VersionedModel):
    """Corrected through ``activity_update`` (optimistic locking on ``version``) or withdrawn with a
    reason through ``activity_withdraw``: a withdrawn activity stays, marked, for the area's staff
    and in the ledger, and counts nowhere."""

    class LinkKind(models.TextChoices):
        NONE = "", _("None")
        INSPECTION = "inspection", _("Inspection")
        DISPUTE = "dispute", _("Dispute mediation")

    type = models.ForeignKey(ActivityType, verbose_name=_("type"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=100, blank=True)
    day = models.DateField(_("date"), db_index=True)
    village = models.ForeignKey(Region, verbose_name=_("village"), on_delete=models.PROTECT, related_name="+")
    group = models.ForeignKey(
        Region, verbose_name=_("group"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    area_path = models.CharField(max_length=400, db_index=True, editable=False)
    target_groups = models.JSONField(_("target groups"), default=list)
    organisers = models.JSONField(_("organisers"), default=list)
    joint = models.BooleanField(_("joint"), default=False, db_index=True)
    participants = models.PositiveIntegerField(_("participants (person-times)"), default=0)
    materials = models.PositiveIntegerField(_("materials handed out"), default=0)
    large_print = models.BooleanField(_("large-print materials"), default=False)
    online = models.BooleanField(_("online"), default=False)
    place = models.CharField(_("place"), max_length=100, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    link_kind = models.CharField(_("held inside"), max_length=16, choices=LinkKind.choices, blank=True)
    link_id = models.PositiveIntegerField(_("record id"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # the recorder's body when it was recorded: its staff who may record correct or withdraw it
    org_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("recorded by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawn_reason = models.CharField(_("reason for withdrawal"), max_length=300, blank=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        ordering = ["-day", "-pk"]
        verbose_name = _("publicity activity")
        verbose_name_plural = _("publicity activities")
        indexes = [models.Index(fields=["village", "day"], name="publicity_village_day")]

    def __str__(self) -> str:
        return self.title or self.type.name

    @property
    def target_group_labels(self) -> list[str]:
        """The target groups as recorded (kept on a withdrawn activity, whose coverage rows are gone)."""
        labels = dict(TargetGroup.choices)
        return [str(labels.get(g, g)) for g in self.target_groups]


class ActivityTarget(models.Model):
    """One target group of an activity (a row per group, so coverage groups by it in SQL). The
    activity's village, area, date, reach and joint flag are copied here when it is recorded, and the
    rows are written again when it is corrected and deleted when it is withdrawn, so coverage per
    target group reads this table alone."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="targets")
    group = models.CharField(max_length=20, choices=TargetGroup.choices)
    village = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    area_path = models.CharField(max_length=400, db_index=True)
    day = models.DateField(db_index=True)
    participants = models.PositiveIntegerField(default=0)
    joint = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["activity", "group"], name="publicity_activity_group_once")]

    def __str__(self) -> str:
        return self.get_group_display()

    @classmethod
    def of(cls, activity: Activity, group: str) -> ActivityTarget:
        return cls(
            activity=activity,
            group=group,
            village_id=activity.village_id,
            area_path=activity.area_path,
            day=activity.day,
            participants=activity.participants,
            joint=activity.joint,
        )


class ActivityPhoto(TimeStampedModel):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(upload_to="publicity/photos/%Y/%m/")
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField(default=0)


class Channel(TimeStampedModel):
    """A village's broadcast (大喇叭) or WeChat group, with how many people it reaches."""

    class Kind(models.TextChoices):
        BROADCAST = "broadcast", _("Village broadcast")
        WECHAT = "wechat", _("WeChat group")

    village = models.ForeignKey(Region, verbose_name=_("village"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=100)
    reach = models.PositiveIntegerField(_("reach (people)"), default=0)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["village__path", "kind"]
        verbose_name = _("channel")
        verbose_name_plural = _("channels")

    def __str__(self) -> str:
        return self.name


class ChannelMessage(TimeStampedModel):
    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="messages")
    day = models.DateField(_("date"), db_index=True)
    title = models.CharField(_("title"), max_length=100)

    class Meta:
        ordering = ["-day"]


class Liaison(TimeStampedModel):
    """A 法律明白人 of a village. One person (by phone) serves one village at a time."""

    name = models.CharField(_("name"), max_length=100)
    village = models.ForeignKey(Region, verbose_name=_("village"), on_delete=models.PROTECT, related_name="+")
    phone_index = models.CharField(max_length=64, blank=True, db_index=True)
    phone_tail = models.CharField(max_length=4, blank=True)
    appointed_on = models.DateField(_("appointed on"))
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["village__path", "name"]
        verbose_name = _("legal liaison")
        verbose_name_plural = _("legal liaisons")

    def __str__(self) -> str:
        return self.name


class LiaisonTraining(TimeStampedModel):
    """A training of legal liaisons (法律明白人专题培训), held for a township or a village."""

    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+")
    day = models.DateField(_("date"), db_index=True)
    title = models.CharField(_("title"), max_length=100)
    liaisons = models.ManyToManyField(Liaison, blank=True, related_name="trainings")

    class Meta:
        ordering = ["-day"]


class Studio(TimeStampedModel):
    """A liaison's studio (法律明白人工作室)."""

    name = models.CharField(_("name"), max_length=100)
    village = models.ForeignKey(Region, verbose_name=_("village"), on_delete=models.PROTECT, related_name="+")
    liaison = models.ForeignKey(Liaison, null=True, blank=True, on_delete=models.SET_NULL, related_name="studios")
    opened_on = models.DateField(_("opened on"))

    class Meta:
        ordering = ["village__path", "name"]


class Adviser(TimeStampedModel):
    """A village's or community's legal adviser (一村(社区)一法律顾问)."""

    name = models.CharField(_("name"), max_length=100)
    firm = models.CharField(_("law firm"), max_length=100, blank=True)
    village = models.ForeignKey(Region, verbose_name=_("village"), on_delete=models.PROTECT, related_name="+")
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["village__path", "name"]


class AdviserService(TimeStampedModel):
    """A line of an adviser's service log. A mediation names the dispute of the disputes register
    (``dispute_id``), so a dispute the adviser joined is counted once however many lines name it."""

    class Kind(models.TextChoices):
        CONSULTATION = "consultation", _("Consultation")
        MEDIATION = "mediation", _("Mediation joined")
        REVIEW = "review", _("Document review")

    adviser = models.ForeignKey(Adviser, on_delete=models.PROTECT, related_name="services")
    day = models.DateField(_("date"), db_index=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    people = models.PositiveIntegerField(_("people served"), default=1)
    dispute_id = models.PositiveIntegerField(_("dispute"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["-day", "-pk"]


class ModelVillage(TimeStampedModel):
    """民主法治示范村 (社区): the level that named it and the year."""

    class Level(models.TextChoices):
        COUNTY = "county", _("County")
        CITY = "city", _("City")
        PROVINCE = "province", _("Province")
        NATIONAL = "national", _("National")

    village = models.ForeignKey(Region, verbose_name=_("village"), on_delete=models.PROTECT, related_name="+")
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    year = models.PositiveSmallIntegerField(_("year"))

    class Meta:
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["village", "level"], name="publicity_model_village_once")]


class CultureSite(TimeStampedModel):
    """A village's rule-of-law culture site (法治文化阵地); outdated when its content was last
    renewed more than ``PUBLICITY_SITE_STALE_DAYS`` ago."""

    name = models.CharField(_("name"), max_length=100)
    village = models.ForeignKey(Region, verbose_name=_("village"), on_delete=models.PROTECT, related_name="+")
    built_on = models.DateField(_("built on"))
    content_updated_on = models.DateField(_("content last updated"))

    class Meta:
        ordering = ["village__path", "name"]


class Target(TimeStampedModel):
    """A target of the region's plan (§六 of the report), for the year or one of its quarters.
    Targets are for the area's work, never for a person (domain-rules §12)."""

    class Metric(models.TextChoices):
        REMOTE_SESSIONS = "remote_sessions", _("Sessions in each remote village")
        JOINT_ACTIVITIES = "joint_activities", _("Joint activities")
        COORDINATION_MEETINGS = "coordination_meetings", _("Coordination meetings")
        LIAISON_TRAININGS = "liaison_trainings", _("Legal liaison trainings")
        MODEL_VILLAGES = "model_villages", _("New model villages")
        LARGE_PRINT = "large_print", _("Large-print sessions for the elderly")
        ONLINE_NEW_FORM = "online_new_form", _("Online sessions for new-form workers")

    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"), null=True, blank=True)
    metric = models.CharField(_("metric"), max_length=32, choices=Metric.choices)
    value = models.PositiveIntegerField(_("target"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["year", "quarter", "metric"]
        constraints = [
            models.UniqueConstraint(fields=["region", "year", "quarter", "metric"], name="publicity_target_once")
        ]
