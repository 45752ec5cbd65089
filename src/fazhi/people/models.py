"""Special-population files (重点人群 一人一档; domain-rules §7).

One file per person and category. Identity (name, ID number, address, phone, guardian) is sealed
with the crypto interface (core.fields.EncryptedTextField) and never stored in the clear; the ID
number has a blind index for exact lookups; lists show the masked forms kept beside it (surname,
3+4), so a list never decrypts. ``__str__`` is the file number: the ledger and the access log name
a file by its number, never by the person.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fazhi.accounts.models import OrgUnit, Region
from fazhi.core.fields import EncryptedTextField
from fazhi.core.models import TimeStampedModel, VersionedModel


class PersonCategory(models.Model):
    """A category as data: its visit rule (a key of FAZHI_PEOPLE_VISIT_RULES) and retention."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=50)
    visit_rule = models.CharField(_("visit rule"), max_length=32, default="default")
    legal_basis = models.CharField(_("legal basis"), max_length=200, blank=True)
    retention_years = models.PositiveSmallIntegerField(_("kept for (years after the basis ends)"), default=5)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("population category")
        verbose_name_plural = _("population categories")

    def __str__(self) -> str:
        return self.name


class PersonFile(VersionedModel):
    class Status(models.TextChoices):
        ACTIVE = "active", pgettext_lazy("people", "Active")
        ENDED = "ended", _("Basis ended")

    number = models.CharField(_("file number"), max_length=40, unique=True)
    township = models.ForeignKey(Region, verbose_name=_("township"), on_delete=models.PROTECT, related_name="+")
    village = models.ForeignKey(
        Region, verbose_name=_("village"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    area_path = models.CharField(max_length=400, db_index=True, editable=False)
    category = models.ForeignKey(PersonCategory, verbose_name=_("category"), on_delete=models.PROTECT)
    # identity, sealed
    name = EncryptedTextField(_("name"))
    id_number = EncryptedTextField(_("ID number"), blank=True)
    id_index = models.CharField(max_length=64, blank=True, db_index=True)
    address = EncryptedTextField(_("address"), blank=True)
    phone = EncryptedTextField(_("phone"), blank=True)
    guardian = EncryptedTextField(_("guardian"), blank=True)
    # the masked forms, computed when the identity is written (what every list shows)
    name_masked = models.CharField(max_length=40, blank=True)
    id_masked = models.CharField(max_length=40, blank=True)
    phone_masked = models.CharField(max_length=40, blank=True)
    minor = models.BooleanField(_("minor (sealed: 社区矫正法 art. 54)"), default=False)
    purpose = models.CharField(_("purpose of processing"), max_length=200)
    legal_basis = models.CharField(pgettext_lazy("people", "legal basis"), max_length=200)
    basis_ends_on = models.DateField(_("basis ends on"), null=True, blank=True)
    retain_until = models.DateField(_("delete after"), null=True, blank=True, db_index=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE)
    danger_level = models.PositiveSmallIntegerField(_("danger level"), null=True, blank=True)
    plan_interval_days = models.PositiveSmallIntegerField(
        _("visit every (days, corrections plan)"), null=True, blank=True
    )
    last_visit_on = models.DateField(_("last visit"), null=True, blank=True)
    next_visit_due = models.DateField(_("next visit due"), null=True, blank=True, db_index=True)
    responsible = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("responsible officials"), blank=True, related_name="+"
    )
    responsible_org = models.ForeignKey(
        OrgUnit, verbose_name=_("responsible body"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["next_visit_due", "pk"]
        verbose_name = _("person file")
        verbose_name_plural = _("person files")
        indexes = [models.Index(fields=["township", "status", "next_visit_due"])]

    def __str__(self) -> str:
        return self.number


class Visit(TimeStampedModel):
    """A visit recorded on a phone: who, when, where, findings, help given, legal education."""

    file = models.ForeignKey(PersonFile, on_delete=models.CASCADE, related_name="visits")
    visited_on = models.DateField(_("visited on"), db_index=True)
    due_on = models.DateField(_("was due on"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=100)
    findings = models.TextField(_("findings"))
    help_given = models.CharField(_("help given"), max_length=300, blank=True)
    legal_education = models.BooleanField(_("legal education given"), default=False)
    visited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-visited_on", "-pk"]
        verbose_name = _("visit")
        verbose_name_plural = _("visits")

    def __str__(self) -> str:
        return f"{self.file} {self.visited_on}"


class DangerAssessment(TimeStampedModel):
    """危险性评估, levels 0–5 (3–5 unstable); the file keeps the latest, this table the history."""

    file = models.ForeignKey(PersonFile, on_delete=models.CASCADE, related_name="assessments")
    visit = models.ForeignKey(Visit, null=True, blank=True, on_delete=models.CASCADE, related_name="assessments")
    assessed_on = models.DateField(_("assessed on"))
    level = models.PositiveSmallIntegerField(_("level"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-assessed_on", "-pk"]
        verbose_name = _("danger assessment")
        verbose_name_plural = _("danger assessments")

    def __str__(self) -> str:
        return f"{self.file} {self.assessed_on} {self.level}"


class RiskMeeting(TimeStampedModel):
    """风险研判会: attendance, the files discussed (by number, never by name), decisions."""

    township = models.ForeignKey(Region, verbose_name=_("township"), on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField(_("held on"), db_index=True)
    title = models.CharField(_("title"), max_length=100)
    attendees = models.CharField(_("attendance"), max_length=500)
    decisions = models.TextField(_("decisions"))
    files = models.ManyToManyField(PersonFile, verbose_name=_("files discussed"), blank=True, related_name="meetings")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("risk meeting")
        verbose_name_plural = _("risk meetings")

    def __str__(self) -> str:
        return f"{self.held_on} {self.title}"


class MeetingAction(TimeStampedModel):
    meeting = models.ForeignKey(RiskMeeting, on_delete=models.CASCADE, related_name="actions")
    file = models.ForeignKey(PersonFile, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(_("follow-up action"), max_length=300)
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.action


class Incident(TimeStampedModel):
    """肇事肇祸 by a person on file, recorded without identity (the file number links it)."""

    township = models.ForeignKey(Region, verbose_name=_("township"), on_delete=models.PROTECT, related_name="+")
    file = models.ForeignKey(PersonFile, null=True, blank=True, on_delete=models.SET_NULL, related_name="incidents")
    occurred_on = models.DateField(_("occurred on"), db_index=True)
    description = models.TextField(_("what happened"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-occurred_on", "-pk"]
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")

    def __str__(self) -> str:
        return f"{self.township} {self.occurred_on}"


class MentalScreening(TimeStampedModel):
    """A screening campaign's aggregates (no identities): screened, suspected, confirmed, referred."""

    township = models.ForeignKey(Region, verbose_name=_("township"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=100)
    ends_on = models.DateField(_("ends on"), db_index=True)
    screened = models.PositiveIntegerField(_("screened"))
    suspected = models.PositiveIntegerField(_("suspected"))
    confirmed = models.PositiveIntegerField(_("confirmed"))
    referred = models.PositiveIntegerField(_("referred"), default=0)

    class Meta:
        ordering = ["-ends_on", "-pk"]
        verbose_name = _("screening campaign")
        verbose_name_plural = _("screening campaigns")

    def __str__(self) -> str:
        return self.title


class FileDeletion(models.Model):
    """What remains when a file's basis has ended and its retention passed: no identity."""

    number = models.CharField(max_length=40)
    category_code = models.CharField(max_length=32)
    township = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    basis_ends_on = models.DateField(null=True, blank=True)
    retain_until = models.DateField(null=True, blank=True)
    deleted_on = models.DateField()
    visits = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-deleted_on", "-pk"]

    def __str__(self) -> str:
        return self.number


class ExportApproval(TimeStampedModel):
    """A bulk export with identities: requested by one, approved by another, both logged."""

    township = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    purpose = models.CharField(_("purpose"), max_length=300)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"export {self.pk}"


# the county bodies a township's files may be shared with (公安, 卫健, 司法…): county departments and
# the justice bureau, at county level — never an enterprise, a township or a village
SHARE_BODY_KINDS = (OrgUnit.Kind.DEPARTMENT, OrgUnit.Kind.JUSTICE_BUREAU)


class ShareGrant(TimeStampedModel):
    """Sharing with a county body (公安, 卫健, 司法) through the API, by purpose and scope."""

    org = models.ForeignKey(OrgUnit, verbose_name=_("body"), on_delete=models.PROTECT, related_name="+")
    township = models.ForeignKey(Region, verbose_name=_("township"), on_delete=models.PROTECT, related_name="+")
    purpose = models.CharField(_("purpose"), max_length=300)
    categories = models.ManyToManyField(PersonCategory, verbose_name=_("categories"), related_name="+")
    min_danger_level = models.PositiveSmallIntegerField(_("from danger level"), default=0)
    valid_until = models.DateField(_("valid until"))
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # revoked: the body reads nothing under it from then on (the row stays, as the ledger does)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.org} {self.purpose}"
