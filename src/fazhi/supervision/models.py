"""Enforcement supervision (执法监督). This first part: complaints about inspections (投诉举报),
taken from the enterprise portal and answered by the justice bureau — never by the department
complained about. Warning rules, the public form, the hotline and lead checks come with issue 5."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.accounts.models import Region
from fazhi.core.models import TimeStampedModel
from fazhi.inspections.models import InspectionRecord
from fazhi.registry.models import EnforcementBody, Enterprise


class Complaint(TimeStampedModel):
    class Source(models.TextChoices):
        PORTAL = "portal", _("Enterprise portal")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        ANSWERED = "answered", _("Answered")

    source = models.CharField(_("source"), max_length=16, choices=Source.choices, default=Source.PORTAL)
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
