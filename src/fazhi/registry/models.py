"""The county's registers: enforcement bodies, officers, enterprises and the matters catalogue."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.accounts.models import OrgUnit, Region
from fazhi.core.fields import EncryptedTextField
from fazhi.core.masking import mask_phone
from fazhi.core.models import TimeStampedModel, VersionedModel


class EnforcementBody(VersionedModel):
    """执法主体: a body legally allowed to inspect and penalise; its qualification is published."""

    class Level(models.TextChoices):
        COUNTY = "county", _("County")
        TOWNSHIP = "township", _("Township")

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    region = models.ForeignKey(
        Region, verbose_name=_("area of jurisdiction"), on_delete=models.PROTECT, related_name="bodies"
    )
    qualification_basis = models.TextField(_("qualification basis"), blank=True)
    published = models.BooleanField(_("qualification published"), default=False)
    org_unit = models.OneToOneField(
        OrgUnit,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="body",
    )
    name_initials = models.CharField(max_length=200, blank=True, db_index=True, editable=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("enforcement body")
        verbose_name_plural = _("enforcement bodies")

    def __str__(self) -> str:
        return self.name


class Officer(VersionedModel):
    """执法人员 with the enforcement certificate (执法证). Pre-service officers may not inspect."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        PRE_SERVICE = "pre_service", _("Pre-service")
        SUSPENDED = "suspended", _("Suspended")

    name = models.CharField(_("name"), max_length=50)
    body = models.ForeignKey(
        EnforcementBody, verbose_name=_("enforcement body"), on_delete=models.PROTECT, related_name="officers"
    )
    certificate_no = models.CharField(_("certificate number"), max_length=40, unique=True)
    issuing_authority = models.CharField(_("issuing authority"), max_length=100, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PRE_SERVICE)
    phone = EncryptedTextField(_("mobile phone"), blank=True)
    photo = models.FileField(_("photo"), upload_to="officers/", blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="officer",
    )
    name_initials = models.CharField(max_length=100, blank=True, db_index=True, editable=False)

    class Meta:
        ordering = ["body__code", "name"]
        verbose_name = _("officer")
        verbose_name_plural = _("officers")

    def __str__(self) -> str:
        return self.name

    def may_inspect_on(self, day: dt.date) -> bool:
        """Active, and the certificate valid on ``day`` (pre-service or expired: never)."""
        return self.status == self.Status.ACTIVE and self.valid_until is not None and self.valid_until >= day

    @classmethod
    def may_inspect_q(cls, day: dt.date) -> models.Q:
        """:meth:`may_inspect_on` as a query filter (the same rule, for lists)."""
        return models.Q(status=cls.Status.ACTIVE, valid_until__gte=day)

    @property
    def phone_masked(self) -> str:
        return mask_phone(self.phone)


class OfficerAbsence(TimeStampedModel):
    """Days an officer cannot inspect (leave, training, sick): coordination never schedules them."""

    officer = models.ForeignKey(Officer, on_delete=models.CASCADE, related_name="absences")
    start = models.DateField(_("from"))
    end = models.DateField(_("to"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["start"]
        verbose_name = _("officer absence")
        verbose_name_plural = _("officer absences")

    def __str__(self) -> str:
        return f"{self.officer} {self.start}..{self.end}"


class Enterprise(VersionedModel):
    class RiskGrade(models.TextChoices):
        LOW = "low", _("Low risk")
        MEDIUM = "medium", _("Medium risk")
        HIGH = "high", _("High risk")
        MAJOR = "major", _("Major risk")

    uscc = models.CharField(_("unified social credit code"), max_length=18, unique=True)
    uscc_warning = models.CharField(_("code warning"), max_length=200, blank=True)
    name = models.CharField(_("name"), max_length=200, db_index=True)
    legal_representative = models.CharField(_("legal representative"), max_length=50, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="enterprises")
    industry = models.CharField(_("industry"), max_length=50, blank=True, db_index=True)
    risk_grade = models.CharField(_("risk grade"), max_length=10, choices=RiskGrade.choices, default=RiskGrade.LOW)
    do_not_disturb = models.BooleanField(_("do-not-disturb list"), default=False)
    do_not_disturb_until = models.DateField(_("do-not-disturb until"), null=True, blank=True)
    email = models.EmailField(_("email for inspection results"), blank=True)
    code_serial = models.PositiveIntegerField(
        _("enterprise code serial"), default=1, help_text=_("raised when a lost code is replaced")
    )
    org_unit = models.OneToOneField(
        OrgUnit,
        verbose_name=_("enterprise account organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="enterprise",
    )
    name_initials = models.CharField(max_length=200, blank=True, db_index=True, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        # Lists filter by region (the scope) and then by one of these, ordered by name.
        indexes = [
            models.Index(fields=["region", "name"]),
            models.Index(fields=["region", "risk_grade"]),
            models.Index(fields=["region", "industry"]),
        ]

    def __str__(self) -> str:
        return self.name

    def is_do_not_disturb_on(self, day: dt.date) -> bool:
        return self.do_not_disturb and (self.do_not_disturb_until is None or self.do_not_disturb_until >= day)


class EnterpriseContact(TimeStampedModel):
    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=50)
    position = models.CharField(_("position"), max_length=50, blank=True)
    phone = EncryptedTextField(_("mobile phone"), blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("enterprise contact")
        verbose_name_plural = _("enterprise contacts")

    def __str__(self) -> str:
        return self.name

    @property
    def phone_masked(self) -> str:
        return mask_phone(self.phone)


class InspectionType(models.TextChoices):
    ROUTINE = "routine", _("Routine check")
    SPECIAL = "special", _("Special campaign")
    LEAD = "lead", _("Lead / complaint check")
    IMMEDIATE = "immediate", _("Immediate check")


class Matter(VersionedModel):
    """An item of the published inspection-matters catalogue (检查事项清单)."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    body = models.ForeignKey(
        EnforcementBody, verbose_name=_("enforcement body"), on_delete=models.PROTECT, related_name="matters"
    )
    # The published catalogue's matter code (目录事项编码), shared by every body that holds the
    # same matter (e.g. a county department and the township body it entrusted): items of one
    # enterprise with the same catalogue matter are checked once (合并同类项). Empty: the matter's
    # own code stands alone.
    catalogue_code = models.CharField(_("catalogue matter code"), max_length=40, blank=True, db_index=True)
    legal_basis = models.TextField(_("legal basis"), blank=True)
    inspection_type = models.CharField(
        _("inspection type"), max_length=16, choices=InspectionType.choices, default=InspectionType.ROUTINE
    )
    published = models.BooleanField(_("published"), default=False)
    name_initials = models.CharField(max_length=200, blank=True, db_index=True, editable=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("inspection matter")
        verbose_name_plural = _("inspection matters")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def catalogue_key(self) -> str:
        """The catalogue identity that 合并同类项 compares: the catalogue code, else the own code."""
        return self.catalogue_code or self.code


class ChecklistItem(models.Model):
    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="checklist_items")
    seq = models.PositiveIntegerField(_("order"))
    text = models.CharField(_("check point"), max_length=300)

    class Meta:
        ordering = ["matter", "seq"]
        constraints = [models.UniqueConstraint(fields=["matter", "seq"], name="unique_checklist_seq")]
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")

    def __str__(self) -> str:
        return self.text


class ImportJob(TimeStampedModel):
    """An Excel import started from a page, run by the worker, with its report kept."""

    class Kind(models.TextChoices):
        ENTERPRISES = "enterprises", _("Enterprises")
        OFFICERS = "officers", _("Officers")
        MATTERS = "matters", _("Inspection matters")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        REJECTED = "rejected", _("Rejected: nothing written")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    partial = models.BooleanField(_("write valid rows only"), default=False)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.QUEUED)
    file = models.FileField(upload_to="imports/%Y/%m/")
    original_name = models.CharField(max_length=200)
    error_file = models.FileField(upload_to="imports/%Y/%m/", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    summary = models.JSONField(default=dict)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")

    def __str__(self) -> str:
        return f"{self.kind} {self.original_name}"
