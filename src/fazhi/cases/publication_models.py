"""结果公示 of penalty decisions (国办发〔2018〕118号; 处罚法 art. 48): the public, redacted notice of
a decision, published within FAZHI_DECISION_PUBLICATION_WORKDAYS working days of the decision and
withdrawn within FAZHI_DECISION_WITHDRAWAL_WORKDAYS working days of the decision being changed or
revoked. Imported by ``cases.models`` (Django finds the model there)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.accounts.models import Region
from fazhi.core.models import TimeStampedModel
from fazhi.registry.models import EnforcementBody


class DecisionPublication(TimeStampedModel):
    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting publication")
        PUBLISHED = "published", _("Published")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    case = models.OneToOneField("cases.Case", on_delete=models.PROTECT, related_name="publication")
    body = models.ForeignKey(EnforcementBody, on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=300)
    content = models.JSONField(default=dict)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    decided_on = models.DateField(_("decided on"))
    due = models.DateField(_("publish by"))
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    retire_on = models.DateField(_("retired on"), null=True, blank=True)
    # set when the decision is changed or revoked (a remedy's result, or the body's own correction)
    corrected_on = models.DateField(_("decision changed or revoked on"), null=True, blank=True)
    withdraw_due = models.DateField(_("withdraw by"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdraw_reason = models.CharField(_("why withdrawn"), max_length=300, blank=True)

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("published penalty decision")
        verbose_name_plural = _("published penalty decisions")
        indexes = [models.Index(fields=["status", "published_at"]), models.Index(fields=["status", "due"])]

    def __str__(self) -> str:
        return self.title
