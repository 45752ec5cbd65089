"""Monthly inspection plans and their coordination into joint inspections (综合查一次)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.accounts.models import Region
from fazhi.core.models import TimeStampedModel, VersionedModel
from fazhi.registry.models import EnforcementBody, Enterprise, InspectionType, Matter, Officer


class PlanItem(VersionedModel):
    """计划条目: one check a department intends to make next month."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        LATE_PENDING = "late_pending", _("Late: awaiting the coordinator")
        LATE_ACCEPTED = "late_accepted", _("Late: accepted")
        LATE_REFUSED = "late_refused", _("Late: refused")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    body = models.ForeignKey(
        EnforcementBody, verbose_name=_("enforcement body"), on_delete=models.PROTECT, related_name="plan_items"
    )
    month = models.DateField(_("month"), help_text=_("the first day of the planned month"))
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="plan_items"
    )
    matter = models.ForeignKey(
        Matter, verbose_name=_("inspection matter"), on_delete=models.PROTECT, related_name="plan_items"
    )
    inspection_type = models.CharField(_("inspection type"), max_length=16, choices=InspectionType.choices)
    earliest = models.DateField(_("earliest date"))
    latest = models.DateField(_("latest date"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.SUBMITTED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("empty: loaded by a command"),
    )
    joint_inspection = models.ForeignKey(
        "JointInspection",
        verbose_name=_("joint inspection"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plan_items",
    )

    class Meta:
        ordering = ["month", "body", "enterprise"]
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")
        indexes = [models.Index(fields=["month", "body"]), models.Index(fields=["enterprise", "month"])]

    def __str__(self) -> str:
        return f"{self.body} {self.enterprise} {self.month:%Y-%m}"

    @property
    def schedulable(self) -> bool:
        return self.status in (self.Status.SUBMITTED, self.Status.LATE_ACCEPTED)


class FrequencyCap(TimeStampedModel):
    """A body's (or one of its matters') own yearly cap on routine checks of one enterprise;
    without one, FAZHI_ROUTINE_CAP_PER_YEAR applies (domain-rules §1: sectors publish caps)."""

    body = models.ForeignKey(
        EnforcementBody, verbose_name=_("enforcement body"), on_delete=models.CASCADE, related_name="frequency_caps"
    )
    matter = models.ForeignKey(
        Matter,
        verbose_name=_("inspection matter"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="frequency_caps",
    )
    max_per_year = models.PositiveSmallIntegerField(_("routine checks per enterprise per year"))

    class Meta:
        verbose_name = _("frequency cap")
        verbose_name_plural = _("frequency caps")
        constraints = [models.UniqueConstraint(fields=["body", "matter"], name="unique_cap_per_body_matter")]

    def __str__(self) -> str:
        return f"{self.body} {self.matter or ''} {self.max_per_year}"


class CoordinationRun(TimeStampedModel):
    """统筹协调: one solve of a region's month, with its inputs, result and figures kept."""

    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+")
    month = models.DateField(_("month"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("empty: run by a command"),
    )
    problem = models.JSONField(default=dict)
    solution = models.JSONField(default=dict)
    items = models.PositiveIntegerField(_("plan items"), default=0)
    separate_visits = models.PositiveIntegerField(_("separate visits"), default=0)
    visits = models.PositiveIntegerField(_("joint visits"), default=0)
    lower_bound = models.PositiveIntegerField(_("lower bound"), default=0)
    unscheduled = models.PositiveIntegerField(_("unscheduled items"), default=0)
    seconds = models.FloatField(_("solver seconds"), default=0)
    method = models.CharField(_("method"), max_length=60, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("coordination run")
        verbose_name_plural = _("coordination runs")

    def __str__(self) -> str:
        return f"{self.region} {self.month:%Y-%m} #{self.pk}"

    @property
    def reduction(self) -> float:
        """Visits saved against each department visiting separately (the seed's 迎检频次下降)."""
        return 1 - self.visits / self.separate_visits if self.separate_visits else 0.0


class JointInspection(TimeStampedModel):
    """综合查一次: one visit to one enterprise on one day, by one team, for several items."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", _("Approved")
        CANCELLED = "cancelled", _("Cancelled")

    run = models.ForeignKey(CoordinationRun, on_delete=models.CASCADE, related_name="inspections")
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="joint_inspections"
    )
    date = models.DateField(_("date"))
    lead_body = models.ForeignKey(
        EnforcementBody, verbose_name=_("lead department"), on_delete=models.PROTECT, related_name="+"
    )
    officers = models.ManyToManyField(Officer, verbose_name=_("team"), related_name="joint_inspections")
    explanation = models.TextField(_("why this day"), blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    # 检查前有方案审批: the lead body's head and the township leader both sign before it may start.
    head_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("approved by the body head"),
    )
    head_approved_at = models.DateTimeField(_("body head approval"), null=True, blank=True)
    leader_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("approved by the township leader"),
    )
    leader_approved_at = models.DateTimeField(_("township leader approval"), null=True, blank=True)

    class Meta:
        ordering = ["date", "enterprise"]
        verbose_name = _("joint inspection")
        verbose_name_plural = _("joint inspections")

    def __str__(self) -> str:
        return f"{self.enterprise} {self.date}"
