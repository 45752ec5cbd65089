"""Dispute screening and mediation (矛盾纠纷排查化解, 人民调解法; domain-rules §6).

A dispute is registered once (intake), routed to the level that handles it (组 → 村 → 镇 → 司法所 /
派出所 / 法院 / 信访), mediated in sessions by mediators of the register, ends in an agreement (written
or oral), a termination or a referral, and is followed up (回头看): an agreement not performed
reopens it. Parties' ID numbers and phones are sealed (core.crypto) with a blind index for lookup.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.accounts.models import OrgUnit, Region
from fazhi.core.fields import EncryptedTextField
from fazhi.core.models import TimeStampedModel, VersionedModel


class DisputeCategory(models.Model):
    """The §6 list of categories, as data (a county may add its own)."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=50)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("dispute category")
        verbose_name_plural = _("dispute categories")

    def __str__(self) -> str:
        return self.name


class MediationCommittee(TimeStampedModel):
    """人民调解委员会 of a village or a township (the 镇-村-组 network's nodes)."""

    name = models.CharField(_("name"), max_length=100)
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["name"]
        verbose_name = _("mediation committee")
        verbose_name_plural = _("mediation committees")

    def __str__(self) -> str:
        return self.name


class Mediator(TimeStampedModel):
    """A mediator of the register; ``user`` when the mediator also has an account (a grid worker)."""

    name = models.CharField(_("name"), max_length=100)
    committee = models.ForeignKey(
        MediationCommittee, verbose_name=_("committee"), on_delete=models.PROTECT, related_name="mediators"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mediator_entries",
    )
    specialty = models.CharField(_("specialty"), max_length=100, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("mediator")
        verbose_name_plural = _("mediators")

    def __str__(self) -> str:
        return self.name


class MediatorTraining(TimeStampedModel):
    """A training session for mediators (调解员培训), counted per region and year."""

    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField(_("held on"), db_index=True)
    title = models.CharField(_("title"), max_length=100)
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1, default=0)
    mediators = models.ManyToManyField(Mediator, verbose_name=_("mediators"), blank=True, related_name="trainings")

    class Meta:
        ordering = ["-held_on"]
        verbose_name = _("mediator training")
        verbose_name_plural = _("mediator trainings")

    def __str__(self) -> str:
        return self.title


class ScreeningCampaign(TimeStampedModel):
    """A screening campaign (集中排查) of a township: disputes found in it are counted per village.
    Never a quota: the campaign has no target number (domain-rules §12)."""

    township = models.ForeignKey(Region, verbose_name=_("township"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=100)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("screening campaign")
        verbose_name_plural = _("screening campaigns")

    def __str__(self) -> str:
        return self.title


class Dispute(VersionedModel):
    class Source(models.TextChoices):
        SCREENING = "screening", _("Grid screening")
        WALK_IN = "walk_in", _("Walk-in")
        HOTLINE = "hotline", _("Hotline")
        POLICE = "police", _("Police transfer")
        COURT = "court", _("Court transfer")
        PETITION = "petition", _("Petition office")

    class Level(models.TextChoices):
        GROUP = "group", _("Group")
        VILLAGE = "village", _("Village")
        TOWNSHIP = "township", _("Township")
        JUSTICE_OFFICE = "justice_office", _("Justice office")
        POLICE = "police", _("Police station")
        COURT = "court", _("Court")
        PETITION = "petition", _("Petition office")

    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        MEDIATING = "mediating", _("In mediation")
        AGREED = "agreed", _("Agreement reached")
        TERMINATED = "terminated", _("Mediation terminated")
        REFERRED = "referred", _("Referred")
        CLOSED = "closed", _("Closed")
        MERGED = "merged", _("Merged into another")

    class Outcome(models.TextChoices):
        RESOLVED = "resolved", _("Resolved")
        PARTLY = "partly", _("Partly resolved")
        NOT_RESOLVED = "not_resolved", _("Not resolved")

    number = models.CharField(_("number"), max_length=40, unique=True)
    township = models.ForeignKey(Region, verbose_name=_("township"), on_delete=models.PROTECT, related_name="+")
    village = models.ForeignKey(
        Region, verbose_name=_("village"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    group_name = models.CharField(_("group"), max_length=50, blank=True)
    # the most specific area's path (village, else township): scope and figures filter by prefix
    area_path = models.CharField(max_length=400, db_index=True, editable=False)
    source = models.CharField(_("source"), max_length=16, choices=Source.choices)
    category = models.ForeignKey(DisputeCategory, verbose_name=_("category"), on_delete=models.PROTECT)
    police_related = models.BooleanField(_("police-related"), default=False)
    petition_related = models.BooleanField(_("petition-related"), default=False)
    mass_risk = models.BooleanField(_("many parties / escalation risk"), default=False)
    # the flags as set at intake, kept for the identification rate (flags confirmed on review)
    police_flag_at_intake = models.BooleanField(default=False)
    petition_flag_at_intake = models.BooleanField(default=False)
    flags_reviewed_on = models.DateField(_("flags reviewed on"), null=True, blank=True)
    amount = models.DecimalField(_("amount at stake"), max_digits=14, decimal_places=2, null=True, blank=True)
    description = models.TextField(_("description"))
    received_on = models.DateField(_("received on"), db_index=True)
    campaign = models.ForeignKey(
        ScreeningCampaign, verbose_name=_("campaign"), null=True, blank=True, on_delete=models.SET_NULL
    )
    level = models.CharField(_("handled at"), max_length=16, choices=Level.choices, default=Level.VILLAGE)
    lead_org = models.ForeignKey(
        OrgUnit, verbose_name=_("lead"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    joined_orgs = models.ManyToManyField(OrgUnit, verbose_name=_("joined bodies"), blank=True, related_name="+")
    mediators = models.ManyToManyField(Mediator, verbose_name=_("mediators"), blank=True, related_name="disputes")
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.REGISTERED)
    accepted_on = models.DateField(_("accepted for mediation"), null=True, blank=True)
    deadline = models.DateField(_("time limit"), null=True, blank=True, db_index=True)
    extension_reason = models.CharField(_("extension reason"), max_length=300, blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    closed_on = models.DateField(_("concluded on"), null=True, blank=True)
    termination_reason = models.CharField(_("termination reason"), max_length=300, blank=True)
    referred_to = models.CharField(_("referred to"), max_length=16, choices=Level.choices, blank=True)
    mass_incident_on = models.DateField(_("mass incident on"), null=True, blank=True)
    reopened = models.PositiveSmallIntegerField(_("times reopened"), default=0)
    merged_into = models.ForeignKey(
        "self", verbose_name=_("merged into"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = _("dispute")
        verbose_name_plural = _("disputes")
        indexes = [models.Index(fields=["township", "received_on"]), models.Index(fields=["status", "deadline"])]

    def __str__(self) -> str:
        return self.number


class DisputeParty(models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", _("Person")
        ORGANISATION = "organisation", _("Organisation")

    class Side(models.TextChoices):
        APPLICANT = "applicant", _("Applicant")
        RESPONDENT = "respondent", _("Respondent")

    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="parties")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.PERSON)
    side = models.CharField(_("side"), max_length=16, choices=Side.choices, default=Side.APPLICANT)
    name = models.CharField(_("name"), max_length=100)
    id_number = EncryptedTextField(_("ID number / credit code"), blank=True)
    id_index = models.CharField(max_length=64, blank=True, db_index=True)
    phone = EncryptedTextField(_("phone"), blank=True)
    phone_index = models.CharField(max_length=64, blank=True, db_index=True)
    refused_on = models.DateField(_("refused mediation on"), null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("party")
        verbose_name_plural = _("parties")

    def __str__(self) -> str:
        return self.name

    @property
    def id_number_masked(self) -> str:
        from fazhi.core.masking import mask_id_number

        return mask_id_number(self.id_number)

    @property
    def phone_masked(self) -> str:
        from fazhi.core.masking import mask_phone

        return mask_phone(self.phone)


class MediationSession(TimeStampedModel):
    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="sessions")
    held_on = models.DateField(_("held on"))
    place = models.CharField(_("place"), max_length=100, blank=True)
    present = models.ManyToManyField(DisputeParty, verbose_name=_("parties present"), blank=True)
    mediators = models.ManyToManyField(Mediator, verbose_name=_("mediators"), blank=True, related_name="+")
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["held_on", "pk"]
        verbose_name = _("mediation session")
        verbose_name_plural = _("mediation sessions")

    def __str__(self) -> str:
        return f"{self.dispute} {self.held_on}"


class Agreement(TimeStampedModel):
    class Form(models.TextChoices):
        WRITTEN = "written", _("Written agreement")
        ORAL = "oral", _("Oral agreement")

    class Performance(models.TextChoices):
        PENDING = "pending", _("Not yet checked")
        PERFORMED = "performed", _("Performed")
        NOT_PERFORMED = "not_performed", _("Not performed")

    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="agreements")
    form = models.CharField(_("form"), max_length=16, choices=Form.choices)
    made_on = models.DateField(_("made on"), db_index=True)
    terms = models.TextField(_("terms"))
    perform_by = models.DateField(_("to be performed by"), null=True, blank=True)
    performance = models.CharField(
        _("performance"), max_length=16, choices=Performance.choices, default=Performance.PENDING
    )
    confirmation_requested_on = models.DateField(_("judicial confirmation applied for"), null=True, blank=True)

    class Meta:
        ordering = ["made_on", "pk"]
        verbose_name = _("mediation agreement")
        verbose_name_plural = _("mediation agreements")

    def __str__(self) -> str:
        return f"{self.dispute} {self.made_on}"


class FollowUp(TimeStampedModel):
    """A 回头看 visit, scheduled by rule after an agreement (FAZHI_DISPUTE_FOLLOW_UP_DAYS)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="follow_ups")
    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="follow_ups")
    due_on = models.DateField(_("due on"), db_index=True)
    visited_on = models.DateField(_("visited on"), null=True, blank=True)
    performed = models.BooleanField(_("agreement performed"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    visited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("follow-up visit")
        verbose_name_plural = _("follow-up visits")

    def __str__(self) -> str:
        return f"{self.dispute} {self.due_on}"


class DisputeStep(models.Model):
    """The dispute's own history line (the ledger holds the same, hash-chained)."""

    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(max_length=32)
    day = models.DateField()
    summary = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.dispute} {self.kind}"


class RiskWarning(TimeStampedModel):
    """A dispute likely to escalate (人民调解法 art. 25): shown to the township's
    comprehensive-governance officer until acknowledged."""

    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="risk_warnings")
    township = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    reasons = models.CharField(_("reasons"), max_length=300)
    acknowledged_on = models.DateField(_("acknowledged on"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("dispute risk warning")
        verbose_name_plural = _("dispute risk warnings")

    def __str__(self) -> str:
        return f"{self.dispute}: {self.reasons}"
