"""Enforcement cases (行政处罚案件) and the rules they are checked against, all as data.

A case moves through the statutory steps of 行政处罚法 2021 only through ``cases.services``; the
tables here hold the state, the catalogue data (violations, discretion benchmarks, waiver lists,
review sheets, document templates) and the records the annual report counts.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.accounts.models import Region
from fazhi.core.fields import EncryptedTextField
from fazhi.core.models import TimeStampedModel, VersionedModel
from fazhi.inspections.models import InspectionRecord
from fazhi.registry.models import EnforcementBody, Enterprise, Matter, Officer


class Violation(VersionedModel):
    """A violation a body may penalise: the provision broken and the provision that punishes it."""

    body = models.ForeignKey(EnforcementBody, verbose_name=_("body"), on_delete=models.PROTECT, related_name="+")
    matter = models.ForeignKey(
        Matter, verbose_name=_("inspection matter"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("violation"), max_length=200)
    violated_provision = models.CharField(_("provision violated"), max_length=300)
    penalty_provision = models.CharField(_("penalty provision"), max_length=300)
    # art. 36: two years; five when life, health or financial safety is involved
    limitation_years = models.PositiveSmallIntegerField(_("limitation (years)"), default=2)
    active = models.BooleanField(_("in force"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("violation")
        verbose_name_plural = _("violations")

    def __str__(self) -> str:
        return self.name


class Circumstance(models.TextChoices):
    MITIGATED = "mitigated", _("Mitigated (从轻)")
    ORDINARY = "ordinary", _("Ordinary (一般)")
    AGGRAVATED = "aggravated", _("Aggravated (从重)")


class DiscretionBenchmark(VersionedModel):
    """裁量基准: the fine range for a violation under given circumstances."""

    violation = models.ForeignKey(Violation, on_delete=models.CASCADE, related_name="benchmarks")
    circumstance = models.CharField(_("circumstances"), max_length=16, choices=Circumstance.choices)
    description = models.CharField(_("when it applies"), max_length=300)
    fine_min = models.DecimalField(_("lowest fine (yuan)"), max_digits=12, decimal_places=2, default=Decimal(0))
    fine_max = models.DecimalField(_("highest fine (yuan)"), max_digits=12, decimal_places=2, default=Decimal(0))
    warning_allowed = models.BooleanField(_("a warning is allowed"), default=False)

    class Meta:
        ordering = ["violation", "circumstance"]
        verbose_name = _("discretion benchmark")
        verbose_name_plural = _("discretion benchmarks")
        constraints = [models.UniqueConstraint(fields=["violation", "circumstance"], name="unique_benchmark")]

    def __str__(self) -> str:
        return f"{self.violation} {self.get_circumstance_display()}"


class Waiver(VersionedModel):
    """One line of the county's 首违不罚 / 轻微免罚 lists (处罚法 art. 33), with its conditions."""

    class Kind(models.TextChoices):
        FIRST_VIOLATION = "first_violation", _("First-violation waiver (首违不罚)")
        MINOR = "minor", _("Minor-violation waiver (轻微免罚)")

    class Harm(models.TextChoices):
        NONE = "none", _("No harm")
        SLIGHT = "slight", _("Slight harm")

    violation = models.ForeignKey(Violation, on_delete=models.CASCADE, related_name="waivers")
    kind = models.CharField(_("list"), max_length=16, choices=Kind.choices)
    legal_ground = models.CharField(_("legal ground"), max_length=300)
    conditions_text = models.CharField(_("conditions as published"), max_length=500)
    # 0: no history condition; N: no penalised or waived case for this violation within N years
    first_within_years = models.PositiveSmallIntegerField(_("first violation within (years)"), default=0)
    max_harm = models.CharField(_("harm at most"), max_length=8, choices=Harm.choices, default=Harm.SLIGHT)
    correction_required = models.BooleanField(_("corrected within the deadline"), default=True)
    no_consequence_required = models.BooleanField(_("no harmful consequence"), default=True)
    active = models.BooleanField(_("in force"), default=True)

    class Meta:
        ordering = ["violation", "kind"]
        verbose_name = _("waiver list entry")
        verbose_name_plural = _("waiver lists")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.violation}"


class ServiceMethod(models.TextChoices):
    DIRECT = "direct", _("Direct service")
    LEFT = "left", _("Left at the address")
    MAIL = "mail", _("By post")
    ELECTRONIC = "electronic", _("Electronic, with consent")
    ANNOUNCEMENT = "announcement", _("Public announcement")


class Case(VersionedModel):
    """One enforcement case (一案一卷). Status moves only forward through the services."""

    class Source(models.TextChoices):
        INSPECTION = "inspection", _("Inspection finding")
        COMPLAINT = "complaint", _("Complaint or report")
        TRANSFER = "transfer", _("Transferred by another body")
        OTHER = "other", _("Other")

    class Procedure(models.TextChoices):
        GENERAL = "general", _("General procedure")
        SUMMARY = "summary", _("Summary procedure (简易程序)")

    class PartyKind(models.TextChoices):
        ORGANISATION = "organisation", _("Organisation")
        PERSON = "person", _("Natural person")

    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered, awaiting filing")
        FILED = "filed", _("Filed, under investigation")
        PROPOSED = "proposed", _("Handling proposed")
        NOTIFIED = "notified", _("Party notified")
        HEARING = "hearing", _("Hearing requested")
        DECIDED = "decided", _("Decided")
        SERVED = "served", _("Served")
        EXECUTED = "executed", _("Executed")
        CLOSED = "closed", _("Closed")
        DROPPED = "dropped", _("Not filed / withdrawn")

    class Outcome(models.TextChoices):
        PENALTY = "penalty", _("Penalty")
        WAIVER = "waiver", _("No penalty under a waiver list")
        NO_PENALTY = "no_penalty", _("No penalty (violation not established)")

    class Harm(models.TextChoices):
        NONE = "none", _("No harm")
        SLIGHT = "slight", _("Slight harm")
        SERIOUS = "serious", _("Harm beyond slight")

    number = models.CharField(_("case number"), max_length=60, blank=True, db_index=True)
    body = models.ForeignKey(EnforcementBody, verbose_name=_("body"), on_delete=models.PROTECT, related_name="cases")
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+")
    procedure = models.CharField(_("procedure"), max_length=16, choices=Procedure.choices, default=Procedure.GENERAL)
    source = models.CharField(_("source"), max_length=16, choices=Source.choices)
    source_record = models.ForeignKey(
        InspectionRecord,
        verbose_name=_("inspection"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    source_note = models.CharField(_("source details"), max_length=300, blank=True)
    party_kind = models.CharField(_("party"), max_length=16, choices=PartyKind.choices)
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), null=True, blank=True, on_delete=models.PROTECT, related_name="cases"
    )
    party_name = models.CharField(_("party name"), max_length=200)
    party_id_number = EncryptedTextField(_("party's identity number"), blank=True)
    party_address = models.CharField(_("party address"), max_length=300, blank=True)
    violation = models.ForeignKey(Violation, verbose_name=_("violation"), on_delete=models.PROTECT, related_name="+")
    occurred_on = models.DateField(_("date of the violation"))
    facts = models.TextField(_("facts"))
    major = models.BooleanField(_("complex or major case"), default=False)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.REGISTERED)
    filed_on = models.DateField(_("filed on"), null=True, blank=True)
    decision_due = models.DateField(_("decide by"), null=True, blank=True)
    investigated = models.BooleanField(_("investigation recorded"), default=False)
    # handling proposal
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    circumstance = models.CharField(_("circumstances"), max_length=16, choices=Circumstance.choices, blank=True)
    harm = models.CharField(_("harm"), max_length=8, choices=Harm.choices, blank=True)
    harmful_consequence = models.BooleanField(_("harmful consequence"), default=False)
    warning_penalty = models.BooleanField(_("warning"), default=False)
    fine = models.DecimalField(_("fine (yuan)"), max_digits=12, decimal_places=2, default=Decimal(0))
    other_penalties = models.CharField(_("other penalties"), max_length=300, blank=True)
    discretion_note = models.CharField(_("discretion explanation"), max_length=500, blank=True)
    out_of_range_reason = models.CharField(_("why outside the benchmark"), max_length=500, blank=True)
    waiver = models.ForeignKey(
        Waiver, verbose_name=_("waiver applied"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    rectification_due = models.DateField(_("rectify by"), null=True, blank=True)
    corrected_on = models.DateField(_("corrected on"), null=True, blank=True)
    legal_review_required = models.BooleanField(_("legal review required"), default=False)
    legal_reviewed_on = models.DateField(_("legal review on"), null=True, blank=True)
    legal_review_passed = models.BooleanField(_("legal review passed"), null=True, blank=True)
    legal_review_opinion = models.TextField(_("legal review opinion"), blank=True)
    collective_required = models.BooleanField(_("collective discussion required"), default=False)
    hearing_eligible = models.BooleanField(_("hearing right"), default=False)
    # notice, statement, hearing
    notified_on = models.DateField(_("notice received on"), null=True, blank=True)
    notified_fine = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    statement_until = models.DateField(_("statement until"), null=True, blank=True)
    hearing_request_until = models.DateField(_("hearing request until"), null=True, blank=True)
    statement = models.TextField(_("party's statement and defence"), blank=True)
    statement_waived = models.BooleanField(_("party waived statement and hearing"), default=False)
    hearing_requested_on = models.DateField(_("hearing requested on"), null=True, blank=True)
    hearing_on = models.DateField(_("hearing date"), null=True, blank=True)
    hearing_held = models.BooleanField(_("hearing held"), default=False)
    # decision, service, execution
    collective_discussed_on = models.DateField(_("collective discussion on"), null=True, blank=True)
    collective_minutes = models.TextField(_("collective discussion minutes"), blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    service_due = models.DateField(_("serve by"), null=True, blank=True)
    served_on = models.DateField(_("served on"), null=True, blank=True)
    service_method = models.CharField(_("service method"), max_length=16, choices=ServiceMethod.choices, blank=True)
    service_recipient = models.CharField(_("received by"), max_length=100, blank=True)
    payment_due = models.DateField(_("pay by"), null=True, blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    paid_amount = models.DecimalField(_("amount paid"), max_digits=12, decimal_places=2, null=True, blank=True)
    late_fee = models.DecimalField(_("late fee"), max_digits=12, decimal_places=2, default=Decimal(0))
    executed_note = models.CharField(_("execution"), max_length=300, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    drop_reason = models.CharField(_("why not filed / withdrawn"), max_length=300, blank=True)
    officers = models.ManyToManyField(Officer, verbose_name=_("investigating officers"), related_name="cases")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("enforcement case")
        verbose_name_plural = _("enforcement cases")
        indexes = [
            models.Index(fields=["body", "-id"]),
            models.Index(fields=["region", "-id"]),
            models.Index(fields=["status", "decision_due"]),
        ]

    def __str__(self) -> str:
        return self.number or f"#{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status not in {self.Status.CLOSED, self.Status.DROPPED}

    @property
    def publication_or_none(self) -> Any:
        """The decision's public notice (结果公示), if the decision is one that is published."""
        try:
            return self.publication
        except models.ObjectDoesNotExist:
            return None

    @property
    def party_id_masked(self) -> str:
        from fazhi.core.masking import mask_id_number

        return mask_id_number(self.party_id_number)


class CaseExtension(TimeStampedModel):
    """An approved extension of the 90-day decision deadline (art. 60)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="extensions")
    days = models.PositiveSmallIntegerField(_("days"))
    reason = models.CharField(_("reason"), max_length=300)
    new_due = models.DateField(_("new deadline"))
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.case} +{self.days}"


class CaseStep(models.Model):
    """The case's full-process record (全过程记录 art. 47): one row per step, in order."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(_("step"), max_length=40)
    day = models.DateField(_("date"))
    summary = models.CharField(_("summary"), max_length=300)
    text = models.TextField(_("record"), blank=True)
    officers = models.ManyToManyField(Officer, related_name="+", blank=True)
    certificate_shown = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.case} {self.kind}"


class CaseEvidence(models.Model):
    class Kind(models.TextChoices):
        DOCUMENT = "document", _("Document")
        PHOTO = "photo", _("Photo")
        AUDIO_VIDEO = "audio_video", _("Audio or video record")
        STATEMENT = "statement", _("Witness or party statement")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    description = models.CharField(_("description"), max_length=300)
    file = models.FileField(upload_to="cases/evidence/%Y/%m/", blank=True)
    original_name = models.CharField(_("file name"), max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    digest = models.CharField(_("hash"), max_length=64, blank=True)
    algorithm = models.CharField(max_length=16, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("case evidence")
        verbose_name_plural = _("case evidence")

    def __str__(self) -> str:
        return self.description


class Preservation(TimeStampedModel):
    """先行登记保存 (art. 56): goods registered and kept; a decision within 7 working days."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="preservations")
    items = models.CharField(_("items preserved"), max_length=500)
    registered_on = models.DateField(_("registered on"))
    decide_by = models.DateField(_("decide by"))
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision = models.CharField(_("decision"), max_length=300, blank=True)

    class Meta:
        ordering = ["registered_on", "pk"]

    def __str__(self) -> str:
        return self.items[:40]


class DocumentKind(models.TextChoices):
    INSPECTION_RECORD = "inspection_record", _("On-site inspection record (现场检查笔录)")
    RECTIFICATION_ORDER = "rectification_order", _("Rectification order (责令改正通知书)")
    PENALTY_NOTICE = "penalty_notice", _("Notice of proposed penalty (行政处罚事先告知书)")
    PENALTY_DECISION = "penalty_decision", _("Penalty decision (行政处罚决定书)")
    NO_PENALTY_DECISION = "no_penalty_decision", _("No-penalty decision (不予行政处罚决定书)")
    SERVICE_RECEIPT = "service_receipt", _("Service receipt (送达回证)")


class DocumentTemplate(TimeStampedModel):
    """A county's own .docx template for a document kind (docxtpl tags). The newest active one
    replaces the packaged default; older ones stay for the documents made with them."""

    kind = models.CharField(_("document"), max_length=24, choices=DocumentKind.choices)
    file = models.FileField(upload_to="cases/templates/")
    digest = models.CharField(max_length=64)
    note = models.CharField(_("note"), max_length=200, blank=True)
    active = models.BooleanField(default=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["kind", "-pk"]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"


class CaseDocument(models.Model):
    """A generated document: numbered per body, year and kind (文号), archived with its hash."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("document"), max_length=24, choices=DocumentKind.choices)
    number = models.CharField(_("document number"), max_length=80)
    file = models.FileField(upload_to="cases/documents/%Y/")
    digest = models.CharField(_("hash"), max_length=64)
    algorithm = models.CharField(max_length=16)
    template = models.CharField(max_length=80, help_text="template used (default or county template id)")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("case document")
        verbose_name_plural = _("case documents")

    def __str__(self) -> str:
        return self.number


class NumberCounter(models.Model):
    """The last number given per body, year and series (case numbers and document numbers)."""

    body = models.ForeignKey(EnforcementBody, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    series = models.CharField(max_length=24)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["body", "year", "series"], name="unique_number_series")]

    def __str__(self) -> str:
        return f"{self.body_id} {self.year} {self.series} {self.last}"


class ReviewItem(VersionedModel):
    """One line of the case-file review sheet (评查标准, domain-rules §5), as data the county
    supervisor edits on the review-sheet page (``cases.services.review_sheet``): every save raises
    the line's version and is in the ledger."""

    class Section(models.TextChoices):
        VETO = "veto", _("Veto item")
        PRESENTATION = "presentation", _("Presentation (20 points)")
        CONTENT = "content", _("Content (80 points)")

    class Metric(models.TextChoices):
        PROCEDURE = "procedure", _("Procedure compliance")
        DOCUMENT = "document", _("Document standardisation")
        EVIDENCE = "evidence", _("Evidence sufficiency")
        OTHER = "other", _("Other")

    code = models.CharField(_("code"), max_length=40, unique=True)
    section = models.CharField(_("section"), max_length=16, choices=Section.choices)
    seq = models.PositiveSmallIntegerField(_("order"))
    text = models.CharField(_("criterion"), max_length=300)
    points = models.PositiveSmallIntegerField(_("points"), default=0)
    metric = models.CharField(_("counts towards"), max_length=16, choices=Metric.choices)
    auto_check = models.CharField(_("automatic pre-check"), max_length=40, blank=True)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["section", "seq"]
        verbose_name = _("review criterion")
        verbose_name_plural = _("review sheet")

    def __str__(self) -> str:
        return self.text


class CaseReview(TimeStampedModel):
    """A reviewer's scoring of one closed case file."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="review")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    vetoed = models.BooleanField(_("vetoed"), default=False)
    presentation = models.DecimalField(_("presentation"), max_digits=5, decimal_places=1)
    content = models.DecimalField(_("content"), max_digits=5, decimal_places=1)
    total = models.DecimalField(_("score"), max_digits=5, decimal_places=1)
    procedure_ok = models.BooleanField(_("procedure compliant"))
    documents_ok = models.BooleanField(_("documents standard"))
    evidence_ok = models.BooleanField(_("evidence sufficient"))
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("case-file review")
        verbose_name_plural = _("case-file reviews")

    def __str__(self) -> str:
        return f"{self.case} {self.total}"


class ReviewScore(models.Model):
    review = models.ForeignKey(CaseReview, on_delete=models.CASCADE, related_name="scores")
    item = models.ForeignKey(ReviewItem, on_delete=models.PROTECT, related_name="+")
    failed = models.BooleanField(default=False)  # a veto item not met
    deduction = models.DecimalField(max_digits=5, decimal_places=1, default=Decimal(0))
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["review", "item"], name="unique_review_score")]

    def __str__(self) -> str:
        return f"{self.item_id} -{self.deduction}"


class Remedy(TimeStampedModel):
    """行政复议 / 行政诉讼 against a case's decision, and how it ended."""

    class Kind(models.TextChoices):
        RECONSIDERATION = "reconsideration", _("Administrative reconsideration (行政复议)")
        LITIGATION = "litigation", _("Administrative litigation (行政诉讼)")

    class Result(models.TextChoices):
        PENDING = "pending", _("Pending")
        UPHELD = "upheld", _("Decision upheld")
        CHANGED = "changed", _("Decision changed")
        REVOKED = "revoked", _("Decision revoked")
        ILLEGAL = "illegal", _("Confirmed unlawful")
        WITHDRAWN = "withdrawn", _("Withdrawn / settled")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="remedies")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    filed_on = models.DateField(_("filed on"))
    organ = models.CharField(_("reconsideration organ or court"), max_length=200)
    result = models.CharField(_("result"), max_length=16, choices=Result.choices, default=Result.PENDING)
    concluded_on = models.DateField(_("concluded on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["-filed_on", "-pk"]
        verbose_name = _("reconsideration or litigation")
        verbose_name_plural = _("reconsideration and litigation")

    def __str__(self) -> str:
        return f"{self.case} {self.kind}"

    @property
    def corrected(self) -> bool:
        return self.result in {self.Result.CHANGED, self.Result.REVOKED, self.Result.ILLEGAL}


class GuidanceVisit(TimeStampedModel):
    """合规指导 / 上门送法: a visit that helps enterprises comply (also the education art. 33
    requires with every waiver)."""

    class Kind(models.TextChoices):
        GUIDANCE = "guidance", _("Compliance guidance (合规指导)")
        LAW_DELIVERY = "law_delivery", _("Law delivered to the door (上门送法)")

    body = models.ForeignKey(
        EnforcementBody, verbose_name=_("body"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    organiser = models.CharField(_("organised by"), max_length=200)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    day = models.DateField(_("date"))
    enterprises = models.ManyToManyField(Enterprise, verbose_name=_("enterprises"), related_name="guidance_visits")
    topics = models.CharField(_("topics"), max_length=500)
    problems_found = models.PositiveSmallIntegerField(_("problems found"), default=0)
    problems_solved = models.PositiveSmallIntegerField(_("problems solved"), default=0)
    notes = models.TextField(_("notes"), blank=True)
    case = models.ForeignKey(
        Case,
        verbose_name=_("case (education with a waiver)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="guidance",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-day", "-pk"]
        verbose_name = _("compliance guidance visit")
        verbose_name_plural = _("compliance guidance visits")
        indexes = [models.Index(fields=["region", "day"])]

    def __str__(self) -> str:
        return f"{self.day} {self.topics[:30]}"


from fazhi.cases.publication_models import DecisionPublication as DecisionPublication  # noqa: E402
