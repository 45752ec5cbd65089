"""Enforcement supervision (执法监督). This first part: complaints about inspections (投诉举报),
taken from the enterprise portal and answered by the justice bureau — never by the department
complained about. Warning rules, the public form, the hotline and lead checks come with issue 5."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.accounts.models import Region
from fazhi.cases.models import Case
from fazhi.core.fields import EncryptedTextField
from fazhi.core.models import TimeStampedModel, VersionedModel
from fazhi.inspections.models import InspectionRecord
from fazhi.registry.models import EnforcementBody, Enterprise


class Complaint(TimeStampedModel):
    class Source(models.TextChoices):
        PORTAL = "portal", _("Enterprise portal")
        PUBLIC = "public", _("Public form")
        HOTLINE = "hotline", _("Hotline")
        SUPERVISOR = "supervisor", _("Enforcement supervisor's opinion")

    class Kind(models.TextChoices):
        ENFORCEMENT = "enforcement", _("Complaint about enforcement (投诉)")
        REPORT = "report", _("Report of an enterprise's violation (举报)")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        LEAD_CHECK = "lead_check", _("Sent for a lead check (线索核查)")
        ANSWERED = "answered", _("Answered")

    source = models.CharField(_("source"), max_length=16, choices=Source.choices, default=Source.PORTAL)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.ENFORCEMENT)
    enterprise_name = models.CharField(_("enterprise named"), max_length=200, blank=True)
    contact_name = models.CharField(_("contact name"), max_length=50, blank=True)
    contact_phone = EncryptedTextField(_("contact phone"), blank=True)
    lead_body = models.ForeignKey(
        EnforcementBody,
        verbose_name=_("body asked to check the lead"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="leads",
    )
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    record = models.ForeignKey(
        InspectionRecord,
        verbose_name=_("inspection"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints",
    )
    body = models.ForeignKey(
        EnforcementBody,
        verbose_name=_("department complained about"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("complaint"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.RECEIVED)
    due = models.DateField(_("answer by"))
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        indexes = [models.Index(fields=["status", "due"])]

    def __str__(self) -> str:
        return self.text[:40]

    @property
    def contact_phone_masked(self) -> str:
        from fazhi.core.masking import mask_phone

        return mask_phone(self.contact_phone)


# Each parameter of the rules' ``params`` (migrations 0003, 0009): its label and unit on the rules
# page and in the ledger. A new parameter needs its line here.
RULE_PARAMS: dict[str, tuple[Any, Any]] = {
    "window_days": (_("Within"), _("days")),
    "per_day": (_("More than, in one day"), _("visits")),
    "per_week": (_("More than, in one week"), _("visits")),
    "per_month": (_("More than, in one month"), _("visits")),
    "min_officers": (_("At least"), _("officers")),
    "consecutive": (_("Consecutive inspections without findings"), _("times")),
}


class WarningRule(TimeStampedModel):
    """A warning rule as data (预警规则): on/off, severity, thresholds and window in ``params``.
    Defaults come from domain-rules §1 (migration 0002); the county supervisor edits them. Each
    edit raises ``version``; a warning records the version that raised it."""

    class Severity(models.TextChoices):
        LOW = "low", _("Low")
        MEDIUM = "medium", _("Medium")
        HIGH = "high", _("High")

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    description = models.CharField(_("description"), max_length=300, blank=True)
    enabled = models.BooleanField(_("enabled"), default=True)
    severity = models.CharField(_("severity"), max_length=8, choices=Severity.choices, default=Severity.MEDIUM)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        ordering = ["code"]
        verbose_name = _("warning rule")
        verbose_name_plural = _("warning rules")

    def __str__(self) -> str:
        return self.name

    @property
    def param_fields(self) -> list[tuple[str, str, str, Any]]:
        """(key, label, unit, value) of each parameter, for the rules page."""
        out = []
        for key, value in self.params.items():
            label, unit = RULE_PARAMS.get(key, (_("Parameter"), ""))
            out.append((key, str(label), str(unit), value))
        return out


class Warning(TimeStampedModel):
    """One detected irregularity, with its evidence, and its correction (纠正)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open: awaiting correction")
        SUBMITTED = "submitted", _("Correction submitted")
        CORRECTED = "corrected", _("Verified corrected")
        DISMISSED = "dismissed", _("Dismissed")

    rule = models.ForeignKey(WarningRule, verbose_name=_("rule"), on_delete=models.PROTECT, related_name="warnings")
    rule_version = models.PositiveIntegerField()
    key = models.CharField(
        max_length=200, unique=True, help_text="one warning per rule and fact: scans never duplicate"
    )
    severity = models.CharField(_("severity"), max_length=8, choices=WarningRule.Severity.choices)
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    body = models.ForeignKey(
        EnforcementBody,
        verbose_name=_("responsible body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="warnings",
    )
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+")
    day = models.DateField(_("date of the fact"))
    summary = models.CharField(_("summary"), max_length=300)
    evidence = models.JSONField(_("evidence"), default=dict)
    records = models.ManyToManyField(InspectionRecord, verbose_name=_("inspections"), related_name="warnings")
    case = models.ForeignKey(
        Case, verbose_name=_("enforcement case"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.OPEN)
    due = models.DateField(_("correct by"))
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)
    correction = models.TextField(_("correction"), blank=True)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    close_reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        ordering = ["-day", "-pk"]
        verbose_name = _("warning")
        verbose_name_plural = _("warnings")
        indexes = [models.Index(fields=["status", "due"]), models.Index(fields=["rule", "day"])]

    def __str__(self) -> str:
        return self.summary


class RedLine(VersionedModel):
    """执法红线 as data: the 五个严禁 (seeded, national) and the county's 八个不得, which the county
    supervisor edits on the red-lines page (``supervision.red_lines``): every save raises the
    line's version and is in the ledger."""

    group = models.CharField(_("list"), max_length=20)
    seq = models.PositiveSmallIntegerField(_("order"))
    text = models.CharField(_("red line"), max_length=300)
    active = models.BooleanField(_("in force"), default=True)

    class Meta:
        ordering = ["group", "seq"]
        verbose_name = _("red line")
        verbose_name_plural = _("red lines")
        constraints = [models.UniqueConstraint(fields=["group", "seq"], name="unique_red_line")]

    def __str__(self) -> str:
        return f"{self.group} {self.seq}. {self.text}"


class Accountability(TimeStampedModel):
    """一案双查: a confirmed red-line violation examines both the act (the body and officers who
    did it) and its supervision (who approved, who should have caught it)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Under examination")
        CONCLUDED = "concluded", _("Concluded")

    red_line = models.ForeignKey(RedLine, verbose_name=_("red line"), on_delete=models.PROTECT)
    warning = models.ForeignKey(
        Warning, verbose_name=_("warning"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    complaint = models.ForeignKey(
        Complaint, verbose_name=_("complaint"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    body = models.ForeignKey(EnforcementBody, verbose_name=_("body of the act"), on_delete=models.PROTECT)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    facts = models.TextField(_("facts"))
    act_finding = models.TextField(_("finding on the act"), blank=True)
    supervision_finding = models.TextField(_("finding on its supervision"), blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.OPEN)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    concluded_at = models.DateTimeField(_("concluded at"), null=True, blank=True)

    class Meta:
        ordering = ["status", "-created_at"]
        verbose_name = _("dual accountability")
        verbose_name_plural = _("dual accountability")

    def __str__(self) -> str:
        return f"{self.red_line} {self.body}"
