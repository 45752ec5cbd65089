"""The annual report of a region (法治政府建设年度报告): its text per year, approved and published."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.accounts.models import Region
from fazhi.core.models import VersionedModel


class AnnualReport(VersionedModel):
    """The words of one region's report for one year. The numbers are never typed: the text holds
    figure placeholders filled from the records. Publishing freezes the filled text and the figures
    it used, so a published report does not change when a record changes afterwards."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", _("Approved")
        PUBLISHED = "published", _("Published")

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="annual_reports")
    year = models.PositiveIntegerField(_("year"))
    text = models.TextField(_("text"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_text = models.TextField(blank=True)
    published_figures = models.JSONField(default=dict, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["region", "year"], name="one_annual_report_per_region_year")]
        ordering = ["-year", "region__path"]
        verbose_name = _("annual report")

    def __str__(self) -> str:
        return f"{self.region.name} {self.year}"
