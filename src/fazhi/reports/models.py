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


class StatisticsEntry(VersionedModel):
    """One table of a body's 行政执法统计年报 for a year that fazhi keeps no register for (许可, 强制,
    征收, 征用): entered on the page or imported from Excel, by whom; or 无此职能 (the body has no
    such power) — never a silent 0. Penalties and inspections are counted from the records."""

    class Table(models.TextChoices):
        LICENSING = "licensing", _("Administrative licensing (行政许可)")
        COERCION = "coercion", _("Administrative coercion (行政强制)")
        LEVY = "levy", _("Administrative levies (行政征收)")
        REQUISITION = "requisition", _("Administrative requisitions (行政征用)")

    class Source(models.TextChoices):
        ENTERED = "entered", _("Entered")
        IMPORTED = "imported", _("Imported")

    body = models.ForeignKey(
        "registry.EnforcementBody", verbose_name=_("enforcement body"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveIntegerField(_("year"))
    table = models.CharField(_("table"), max_length=16, choices=Table.choices)
    no_power = models.BooleanField(_("no such power"), default=False)
    values = models.JSONField(_("values"), default=dict, blank=True)
    source = models.CharField(_("source"), max_length=16, choices=Source.choices)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField(_("entered at"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["body", "year", "table"], name="one_statistics_table_per_body_year")
        ]
        ordering = ["body__code", "year", "table"]
        verbose_name = _("enforcement statistics table")

    def __str__(self) -> str:
        return f"{self.body_id} {self.year} {self.table}"


class WorkTarget(VersionedModel):
    """One of a region's work targets for a year (工作目标, §五/§六 of the report): the region's own
    commitment about its work or an outcome, never a person's quota (domain-rules §12). Either bound
    to a figure of the registry (``figure``: its progress is computed from the records) or a fact
    fazhi does not keep (``figure`` empty: its achieved value is entered, with who and when).
    Withdrawing keeps the row: the register's history shows it, the report leaves it out."""

    class Comparison(models.TextChoices):
        AT_LEAST = "at_least", _("at least")
        AT_MOST = "at_most", _("at most")

    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveIntegerField(_("year"))
    text = models.CharField(_("target"), max_length=100)
    figure = models.CharField(_("figure"), max_length=64, blank=True)
    comparison = models.CharField(_("comparison"), max_length=16, choices=Comparison.choices)
    value = models.DecimalField(_("target value"), max_digits=12, decimal_places=1)
    unit = models.CharField(_("unit"), max_length=8, blank=True)
    achieved = models.DecimalField(_("achieved"), max_digits=12, decimal_places=1, null=True, blank=True)
    achieved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    achieved_at = models.DateTimeField(_("entered at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_reason = models.CharField(_("reason for withdrawal"), max_length=300, blank=True)

    class Meta:
        ordering = ["region__path", "year", "pk"]
        indexes = [models.Index(fields=["region", "year"], name="work_target_region_year")]
        verbose_name = _("work target")

    def __str__(self) -> str:
        return f"{self.region_id} {self.year} {self.text}"
