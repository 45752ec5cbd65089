"""Monthly inspection plans and their coordination into joint inspections (综合查一次)."""

from __future__ import annotations

import uuid

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
    # back from a visit its department missed (issue 15.4): why, shown on the plan page
    return_reason = models.CharField(_("why back in the plan"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("empty: loaded by a command"),
    )
    # 非现场: a check by documents, data or video; coordinated into a remote visit (no trip)
    remote = models.BooleanField(_("remote (非现场)"), default=False)
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
        constraints = [
            # one live line per body, enterprise, matter and month (withdrawn and refused lines do not count)
            models.UniqueConstraint(
                fields=["body", "enterprise", "matter", "month"],
                condition=~models.Q(status__in=["withdrawn", "late_refused"]),
                name="one_plan_item_per_month",
            )
        ]

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
    merged_items = models.PositiveIntegerField(_("items merged into one check (合并同类项)"), default=0)

    class Proof(models.TextChoices):  # the solver's proof status (scheduling.model.PROOF_*)
        OPTIMAL = "optimal", _("Optimal: proven by the solver")
        LOWER_BOUND = "lower_bound", _("At the lower bound: every schedulable item in the fewest visits")
        BEST_FOUND = "best_found", _("Best found within the time limit: not proven optimal")

    # Quality figures (issue 17); empty on runs made before they were kept.
    proof = models.CharField(_("proof"), max_length=16, choices=Proof.choices, blank=True)
    left_by_constraint = models.JSONField(_("items left, by binding constraint"), default=dict, blank=True)

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

    @property
    def gap(self) -> int:
        """Joint visits above the lower bound (below it only when items were left out)."""
        return self.visits - self.lower_bound

    def left_reasons(self) -> list[tuple[str, int]]:
        """(what bound them, how many items) for the items left out, most first."""
        from fazhi.inspections.coordination_quality import constraint_label

        counts = self.left_by_constraint or {}
        return [(constraint_label(code), n) for code, n in sorted(counts.items(), key=lambda c: (-c[1], c[0]))]


class JointInspection(TimeStampedModel):
    """综合查一次: one visit to one enterprise on one day, by one team, for several items."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        RETURNED = "returned", _("Returned to the coordinator")
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
    # 合并同类项: groups of plan item ids that are one check (the first item's body does it, its
    # result shared with the others, 结果互认) — the solver's ``visits[].merged``
    merged = models.JSONField(_("items merged into one check"), default=list, blank=True)
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
    # an approver sends the visit back to the coordinator with a reason (docs/coordination.md)
    return_reason = models.CharField(_("reason for returning"), max_length=500, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("returned by"),
    )
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    # a remote visit (非现场): one department's remote items of one enterprise, approved like a visit,
    # made without a trip (no code to scan; the record is made against it)
    remote = models.BooleanField(_("remote (非现场)"), default=False)

    class Meta:
        ordering = ["date", "enterprise"]
        verbose_name = _("joint inspection")
        verbose_name_plural = _("joint inspections")
        indexes = [models.Index(fields=["enterprise", "date"])]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.date}"


class InspectionRecord(TimeStampedModel):
    """检查记录: one inspection as it was carried out — on site by scanning codes, on site without
    a code (emergency, network down; filed afterwards), or remotely (非现场监管) — with its unified
    checklist, evidence, signatures, result and feedback."""

    class Mode(models.TextChoices):
        ON_SITE = "on_site", _("On site, by code (扫码入企)")
        NO_CODE = "no_code", _("On site without a code (certificate only)")
        REMOTE = "remote", _("Remote (非现场)")

    class RemoteMethod(models.TextChoices):
        DOCUMENTS = "documents", _("Document review")
        DATA = "data", _("Data check")
        VIDEO = "video", _("Video")

    class Status(models.TextChoices):
        CHECKING_IN = "checking_in", _("Checking in")
        IN_PROGRESS = "in_progress", _("In progress")
        FINISHED = "finished", _("Finished")
        CANCELLED = "cancelled", _("Cancelled")

    class Outcome(models.TextChoices):
        NO_ISSUE = "no_issue", _("No issue found")
        RECTIFY = "rectify", _("Rectification ordered")
        CASE = "case", _("Case to be opened")

    joint_inspection = models.OneToOneField(
        JointInspection, null=True, blank=True, on_delete=models.PROTECT, related_name="record"
    )
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="inspection_records"
    )
    lead_body = models.ForeignKey(
        EnforcementBody, verbose_name=_("lead department"), on_delete=models.PROTECT, related_name="+"
    )
    bodies = models.ManyToManyField(EnforcementBody, verbose_name=_("departments"), related_name="inspection_records")
    matters = models.ManyToManyField(Matter, verbose_name=_("inspection matters"), related_name="inspection_records")
    officers = models.ManyToManyField(Officer, verbose_name=_("team"), related_name="inspection_records")
    inspection_type = models.CharField(_("inspection type"), max_length=16, choices=InspectionType.choices)
    date = models.DateField(_("date"))
    mode = models.CharField(_("mode"), max_length=16, choices=Mode.choices)
    remote_method = models.CharField(_("remote method"), max_length=16, choices=RemoteMethod.choices, blank=True)
    no_code_reason = models.CharField(_("why without a code"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.CHECKING_IN)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # 无码检查: filed with the justice bureau within FAZHI_NO_CODE_FILING_WORKDAYS
    filing_due = models.DateField(_("filing due"), null=True, blank=True)
    filed_at = models.DateTimeField(_("filed at"), null=True, blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # 事后补批: a check made without an approved visit (no code, or remote and not routine) is approved
    # afterwards by the lead body's head by ``approval_due`` (FAZHI_NO_CODE_FILING_WORKDAYS)
    approval_due = models.DateField(_("approve afterwards by"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved afterwards at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("approved afterwards by"),
    )
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    representative_name = models.CharField(_("enterprise representative"), max_length=50, blank=True)
    representative_signature = models.ForeignKey(
        "Evidence", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    representative_refused = models.CharField(_("why the representative did not sign"), max_length=300, blank=True)
    statement = models.TextField(_("the enterprise's statement"), blank=True)
    outcome = models.CharField(_("result"), max_length=16, choices=Outcome.choices, blank=True)
    findings = models.TextField(_("findings"), blank=True)
    rectification_due = models.DateField(_("rectify by"), null=True, blank=True)
    rechecked_at = models.DateTimeField(_("re-checked at"), null=True, blank=True)
    rectified = models.BooleanField(_("rectified"), null=True, blank=True)
    recheck_note = models.CharField(_("re-check note"), max_length=500, blank=True)
    result_due = models.DateField(_("result due to the enterprise"), null=True, blank=True)
    result_sent_at = models.DateTimeField(_("result sent"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("inspection record")
        verbose_name_plural = _("inspection records")
        indexes = [
            models.Index(fields=["enterprise", "date"]),
            models.Index(fields=["lead_body", "date"]),
            models.Index(fields=["mode", "filing_due"]),
            models.Index(fields=["outcome", "rectification_due"]),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.date}"

    @property
    def on_site(self) -> bool:
        return self.mode != self.Mode.REMOTE


class CheckIn(models.Model):
    """扫码入企: an officer of the team present at the enterprise (by scan, or on certificate)."""

    class Method(models.TextChoices):
        SCAN = "scan", _("Scanned the enterprise code")
        CERTIFICATE = "certificate", _("Certificate shown, no code")

    record = models.ForeignKey(InspectionRecord, on_delete=models.CASCADE, related_name="checkins")
    officer = models.ForeignKey(Officer, on_delete=models.PROTECT, related_name="checkins")
    at = models.DateTimeField(_("time"))
    method = models.CharField(_("method"), max_length=16, choices=Method.choices)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)

    class Meta:
        ordering = ["at"]
        constraints = [models.UniqueConstraint(fields=["record", "officer"], name="one_checkin_per_officer")]

    def __str__(self) -> str:
        return f"{self.officer} {self.at}"


class ChecklistAnswer(models.Model):
    """One line of the record's unified checklist (一表通查), frozen when the inspection starts.
    ``body`` is the department whose section the line belongs to; empty: a line several share."""

    class Answer(models.TextChoices):
        PASS = "pass", _("Compliant")
        FAIL = "fail", _("Not compliant")
        NA = "na", _("Not applicable")

    record = models.ForeignKey(InspectionRecord, on_delete=models.CASCADE, related_name="answers")
    seq = models.PositiveIntegerField()
    text = models.CharField(_("check point"), max_length=300)
    body = models.ForeignKey(EnforcementBody, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    bodies_label = models.CharField(max_length=200, blank=True)
    answer = models.CharField(_("answer"), max_length=8, choices=Answer.choices, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["record", "seq"]
        constraints = [models.UniqueConstraint(fields=["record", "seq"], name="unique_answer_seq")]

    def __str__(self) -> str:
        return self.text


class SectionSignoff(models.Model):
    """A department signs its own part of the unified checklist."""

    record = models.ForeignKey(InspectionRecord, on_delete=models.CASCADE, related_name="signoffs")
    body = models.ForeignKey(EnforcementBody, on_delete=models.PROTECT, related_name="+")
    officer = models.ForeignKey(Officer, on_delete=models.PROTECT, related_name="+")
    signature = models.ForeignKey("Evidence", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["record", "body"], name="one_signoff_per_body")]

    def __str__(self) -> str:
        return f"{self.body} {self.officer}"


class Evidence(models.Model):
    """A photo, document or drawn signature; its hash goes into the ledger when it is stored."""

    class Kind(models.TextChoices):
        PHOTO = "photo", _("Photo")
        DOCUMENT = "document", _("Document")
        SIGNATURE = "signature", _("Signature")

    record = models.ForeignKey(InspectionRecord, on_delete=models.CASCADE, related_name="evidence")
    answer = models.ForeignKey(
        ChecklistAnswer, null=True, blank=True, on_delete=models.SET_NULL, related_name="evidence"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    file = models.FileField(upload_to="evidence/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size"))
    digest = models.CharField(_("hash"), max_length=64)
    algorithm = models.CharField(max_length=16)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return self.original_name


class RatingRight(models.Model):
    """The enterprise's one-time right to rate one finished inspection (issue 15.6), issued at the
    finish and consumed on use. It says only whether it was used: no time, no score, and no score
    row says which right it came from."""

    record = models.OneToOneField(InspectionRecord, on_delete=models.CASCADE, related_name="rating_right")
    used = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"{self.record_id} {self.used}"


class RatingScore(models.Model):
    """One anonymous score, detached from the inspection: the department rated and the quarter the
    rating was given in, nothing else — a random id (no order), no time, no record, no user.
    Departments read a quarter's figures only once it is closed and holds at least
    FAZHI_RATING_MIN_GROUP scores (docs/inspections.md)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    body = models.ForeignKey(EnforcementBody, on_delete=models.PROTECT, related_name="+")
    period = models.DateField()  # the first day of the quarter the rating was given in
    score = models.PositiveSmallIntegerField(_("score"))
    comment = models.CharField(_("comment"), max_length=500, blank=True)

    class Meta:
        ordering = ["period", "body", "score", "comment"]  # never the order the scores came in
        constraints = [
            models.CheckConstraint(condition=models.Q(score__gte=1, score__lte=5), name="rating_score_1_to_5")
        ]

    def __str__(self) -> str:
        return str(self.score)


class Publication(TimeStampedModel):
    """结果公示: the public, redacted notice of an inspection's result."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting publication")
        PUBLISHED = "published", _("Published")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    record = models.OneToOneField(InspectionRecord, on_delete=models.PROTECT, related_name="publication")
    body = models.ForeignKey(EnforcementBody, on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=300)
    content = models.JSONField(default=dict)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    due = models.DateField(_("publish by"))
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    retire_on = models.DateField(_("retired on"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdraw_reason = models.CharField(_("why withdrawn"), max_length=300, blank=True)

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        indexes = [models.Index(fields=["status", "published_at"]), models.Index(fields=["status", "due"])]

    def __str__(self) -> str:
        return self.title


class RandomDraw(TimeStampedModel):
    """双随机: a reproducible draw of enterprises and inspectors from published lists. Anyone can
    re-run it from the seed, the parameters and the two lists (docs/inspections.md)."""

    body = models.ForeignKey(EnforcementBody, verbose_name=_("enforcement body"), on_delete=models.PROTECT)
    matter = models.ForeignKey(Matter, verbose_name=_("inspection matter"), on_delete=models.PROTECT)
    region = models.ForeignKey(Region, verbose_name=_("area"), on_delete=models.PROTECT, related_name="+")
    seed = models.CharField(_("seed"), max_length=64)
    params = models.JSONField(default=dict)
    entity_pool = models.JSONField(default=list)
    officer_pool = models.JSONField(default=list)
    result = models.JSONField(default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("random draw")
        verbose_name_plural = _("random draws")

    def __str__(self) -> str:
        return f"{self.matter} {self.created_at:%Y-%m-%d}"

    @property
    def param_fields(self) -> list[tuple[str, str]]:
        """The draw's parameters as (label, value) for the public page."""
        p = self.params
        rows = [
            (_("Area"), str(p.get("region") or "")),
            (_("Industry"), str(p.get("industry") or _("all industries"))),
            (_("Enterprises drawn"), str(p.get("count", ""))),
            (_("Share of enterprises drawn"), f"{p['ratio_pct']}%" if "ratio_pct" in p else ""),
            (_("Inspectors per enterprise"), str(p.get("officers", ""))),
        ]
        return [(str(label), value) for label, value in rows if value]
