"""Major administrative decisions (重大行政决策, 国务院令第713号; domain-rules §4).

A township's yearly catalogue (决策事项目录) lists its decisions; a decision carries its statutory
steps as rows (:class:`DecisionStep`): public participation, hearing, expert argumentation, risk
assessment, legality review, collective discussion, publication, archive, post-evaluation. A step
that does not apply carries its reason. The public comments without an account; comments are
grouped and each group gets one answer, published with the decision. Normative documents
(规范性文件) have their filing register. Commenters' contacts are sealed (core.crypto).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fazhi.accounts.models import Region
from fazhi.core.fields import EncryptedTextField
from fazhi.core.models import TimeStampedModel, VersionedModel
from fazhi.registry.models import Enterprise

USER = settings.AUTH_USER_MODEL


class Catalogue(VersionedModel):
    """The yearly list of a township's (or the county's) major decisions (art. 3)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", _("Approved")
        PUBLISHED = "published", _("Published")

    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    approved_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    published_on = models.DateField(_("published on"), null=True, blank=True)

    class Meta:
        ordering = ["-year", "region__path"]
        constraints = [models.UniqueConstraint(fields=["region", "year"], name="decisions_catalogue_once_a_year")]
        verbose_name = _("decision catalogue")
        verbose_name_plural = _("decision catalogues")

    def __str__(self) -> str:
        return f"{self.region} {self.year}"


class CatalogueItem(models.Model):
    catalogue = models.ForeignKey(Catalogue, on_delete=models.CASCADE, related_name="items")
    title = models.CharField(_("title"), max_length=100)
    drafting_office = models.CharField(_("drafting office"), max_length=100, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("catalogue item")
        verbose_name_plural = _("catalogue items")

    def __str__(self) -> str:
        return self.title


class Decision(VersionedModel):
    class Status(models.TextChoices):
        DRAFTING = "drafting", _("Drafting")
        ADOPTED = "adopted", _("Adopted")
        NOT_ADOPTED = "not_adopted", _("Not adopted")
        PUBLISHED = "published", _("Published")

    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    title = models.CharField(_("title"), max_length=100)
    catalogue_item = models.ForeignKey(
        CatalogueItem, verbose_name=_("catalogue item"), null=True, blank=True, on_delete=models.PROTECT
    )
    outside_reason = models.CharField(_("why outside the catalogue"), max_length=300, blank=True)
    drafting_office = models.CharField(_("drafting office"), max_length=100)
    draft_text = models.TextField(_("draft"))
    explanation = models.TextField(_("explanation"), blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFTING)
    # public participation (art. 14–16): the window, shorter than the rule only with a reason
    comment_opens_on = models.DateField(_("comments from"), null=True, blank=True)
    comment_closes_on = models.DateField(_("comments until"), null=True, blank=True)
    short_window_reason = models.CharField(_("why the window is shorter"), max_length=300, blank=True)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True, db_index=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    created_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-year", "-pk"]
        verbose_name = _("major decision")
        verbose_name_plural = _("major decisions")

    def __str__(self) -> str:
        return self.title

    @property
    def status_label(self) -> Any:
        """The status as pages show it, following the step the decision is at: a draft whose public
        comment window is open today reads 征求意见中, not 起草中 (the stored status stays drafting:
        the window is a step of the draft, art. 14–16)."""
        return OPEN_FOR_COMMENT if self.comment_window_open() else self.get_status_display()

    def comment_window_open(self, day: dt.date | None = None) -> bool:
        """A draft takes public comments on ``day`` (today when None)."""
        from django.utils import timezone

        day = day or timezone.localdate()
        return (
            self.status == self.Status.DRAFTING
            and self.comment_opens_on is not None
            and self.comment_closes_on is not None
            and self.comment_opens_on <= day <= self.comment_closes_on
        )


OPEN_FOR_COMMENT = pgettext_lazy("decision status", "Open for comment")


class DecisionStep(models.Model):
    """One statutory step of a decision: pending, done (with its day and data) or not applicable
    (with the reason). The rows are made with the decision, one per kind, in the order of art. 36."""

    class Kind(models.TextChoices):
        PARTICIPATION = "participation", _("Public participation")
        HEARING = "hearing", _("Hearing")
        EXPERTS = "experts", _("Expert argumentation")
        RISK = "risk", _("Risk assessment")
        LEGALITY = "legality", _("Legality review")
        DISCUSSION = "discussion", _("Collective discussion")
        PUBLICATION = "publication", _("Publication")
        ARCHIVE = "archive", _("Archive")
        EVALUATION = "evaluation", _("Post-evaluation")

    class State(models.TextChoices):
        PENDING = "pending", _("To do")
        DONE = "done", _("Done")
        NOT_APPLICABLE = "not_applicable", _("Not applicable")

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(_("step"), max_length=16, choices=Kind.choices)
    order = models.PositiveSmallIntegerField(default=0)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.PENDING)
    done_on = models.DateField(_("done on"), null=True, blank=True, db_index=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    data = models.JSONField(default=dict, blank=True)
    updated_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["decision", "kind"], name="decisions_step_once")]

    def __str__(self) -> str:
        return f"{self.decision} {self.get_kind_display()}"


class ExpertSession(TimeStampedModel):
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="expert_sessions")
    held_on = models.DateField(_("held on"), db_index=True)
    experts = models.CharField(_("experts"), max_length=300)
    opinion = models.TextField(_("written opinions"))

    class Meta:
        ordering = ["held_on", "pk"]
        verbose_name = _("expert argumentation session")
        verbose_name_plural = _("expert argumentation sessions")

    def __str__(self) -> str:
        return f"{self.decision} {self.held_on}"


class LegalityReview(TimeStampedModel):
    class Result(models.TextChoices):
        PASS = "pass", _("Passed")
        PASS_WITH_CHANGES = "changes", _("Passed with changes")
        FAIL = "fail", _("Not passed")

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="reviews")
    number = models.CharField(_("number"), max_length=60, unique=True)
    submitted_on = models.DateField(_("submitted on"))
    reviewed_on = models.DateField(_("reviewed on"), db_index=True)
    short_reason = models.CharField(_("why shorter than the minimum"), max_length=300, blank=True)
    result = models.CharField(_("result"), max_length=16, choices=Result.choices)
    opinion = models.TextField(_("opinion"))
    reviewer = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["reviewed_on", "pk"]
        verbose_name = _("legality review")
        verbose_name_plural = _("legality reviews")

    def __str__(self) -> str:
        return self.number


class NumberCounter(models.Model):
    """Document numbers per region, year and series, without gaps (like case documents)."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    series = models.CharField(max_length=16)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["region", "year", "series"], name="decisions_counter_once")]

    def __str__(self) -> str:
        return f"{self.region_id} {self.year} {self.series}: {self.last}"


class CommentGroup(TimeStampedModel):
    """Similar comments answered once (adopted / partly / not adopted, and why)."""

    class Answer(models.TextChoices):
        ADOPTED = "adopted", pgettext_lazy("comment answer", "Adopted")
        PARTLY = "partly", pgettext_lazy("comment answer", "Partly adopted")
        NOT_ADOPTED = "not_adopted", pgettext_lazy("comment answer", "Not adopted")

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="comment_groups")
    summary = models.CharField(_("summary"), max_length=300)
    answer_kind = models.CharField(_("answer"), max_length=16, choices=Answer.choices, blank=True)
    answer = models.TextField(_("answer and why"), blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("comment group")
        verbose_name_plural = _("comment groups")

    def __str__(self) -> str:
        return self.summary


class Comment(models.Model):
    class Source(models.TextChoices):
        PUBLIC = "public", _("Public site")
        PORTAL = "portal", _("Enterprise portal")
        LETTER = "letter", _("Letter or visit (entered by the office)")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        PUBLISHED = "published", _("Published")
        HIDDEN = "hidden", _("Hidden as abuse")

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="comments")
    source = models.CharField(_("source"), max_length=16, choices=Source.choices, default=Source.PUBLIC)
    name = models.CharField(_("name"), max_length=50, blank=True)
    contact = EncryptedTextField(_("contact"), blank=True)
    enterprise = models.ForeignKey(Enterprise, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("comment"))
    received_on = models.DateField(_("received on"), db_index=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.RECEIVED)
    hidden_reason = models.CharField(_("why hidden"), max_length=300, blank=True)
    group = models.ForeignKey(CommentGroup, null=True, blank=True, on_delete=models.SET_NULL, related_name="comments")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["decision", "status", "id"])]
        verbose_name = _("public comment")
        verbose_name_plural = _("public comments")

    def __str__(self) -> str:
        return f"{self.decision} #{self.pk}"


class NormativeDocument(VersionedModel):
    """规范性文件 or 重大合同 of a region: drafted, reviewed for legality and only then published (a
    draft has no 文号 and no dates); filed within the filing period after publication, valid for the
    validity period, reminded before expiry; repealed or amended with its history. A document entered
    as already published (history, the import) skips the draft."""

    class Kind(models.TextChoices):
        NORMATIVE = "normative", _("Normative document")
        CONTRACT = "contract", _("Major contract")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft, not published")
        IN_FORCE = "in_force", _("In force")
        AMENDED = "amended", _("Amended")
        REPEALED = "repealed", _("Repealed")

    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.NORMATIVE)
    title = models.CharField(_("title"), max_length=100)
    number = models.CharField(_("number"), max_length=60, blank=True)  # 文号: given at publication
    # the draft's words, which the legality review reads; revised while a draft (after a failed review)
    text = models.TextField(_("text of the draft"), blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True, db_index=True)
    filing_due = models.DateField(_("to be filed by"), null=True, blank=True)
    filed_on = models.DateField(_("filed on"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True, db_index=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.IN_FORCE)
    replaced_by = models.ForeignKey(
        "self", verbose_name=_("amended by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision = models.ForeignKey(Decision, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-published_on", "-pk"]
        verbose_name = _("normative document")
        verbose_name_plural = _("normative documents")

    def __str__(self) -> str:
        return f"{self.number} {self.title}" if self.number else self.title  # a draft has no 文号 yet


class Attachment(models.Model):
    """A file attached to a draft (explanations, maps, the legal basis), shown on the public page
    once the draft is open; its type read from the bytes and matched to its name, its hash in the
    ledger."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="decisions/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size"))
    digest = models.CharField(_("hash"), max_length=64)
    algorithm = models.CharField(max_length=16)
    uploaded_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name


class DocumentReview(TimeStampedModel):
    """The legality review of a normative document or a major contract (合法性审查), the same flow
    as a decision's: before it is filed."""

    document = models.ForeignKey(NormativeDocument, on_delete=models.CASCADE, related_name="reviews")
    number = models.CharField(_("number"), max_length=60, unique=True)
    submitted_on = models.DateField(_("submitted on"))
    reviewed_on = models.DateField(_("reviewed on"), db_index=True)
    short_reason = models.CharField(_("why shorter than the minimum"), max_length=300, blank=True)
    result = models.CharField(_("result"), max_length=16, choices=LegalityReview.Result.choices)
    opinion = models.TextField(_("opinion"))
    reviewer = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["reviewed_on", "pk"]
        verbose_name = _("document legality review")
        verbose_name_plural = _("document legality reviews")

    def __str__(self) -> str:
        return self.number
