"""Base models shared by every app, and the audit ledger."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class VersionedModel(TimeStampedModel):
    """A record several people edit: saves go through ``core.versioning.versioned_update``."""

    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        abstract = True


class LedgerQuerySet(models.QuerySet["LedgerEntry"]):
    def update(self, **kwargs: Any) -> int:
        raise TypeError("the ledger is append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise TypeError("the ledger is append-only")


class LedgerEntry(models.Model):
    """One entry of the append-only, HMAC-chained ledger (全过程记录).

    ``mac`` = HMAC(key[key_id], algorithm, canonical(entry) including ``prev_mac``). Database
    triggers refuse UPDATE and DELETE; ``fazhi ledger verify`` recomputes the chain.
    """

    seq = models.BigIntegerField(_("sequence"), unique=True)
    created_at = models.DateTimeField(_("time"), db_index=True)
    actor_id = models.BigIntegerField(_("actor id"), null=True, blank=True)
    actor_name = models.CharField(_("actor"), max_length=150, blank=True)
    org_unit_id = models.BigIntegerField(_("organisation id"), null=True, blank=True, db_index=True)
    org_unit_name = models.CharField(_("organisation"), max_length=200, blank=True)
    verb = models.CharField(_("action"), max_length=80, db_index=True)
    target_type = models.CharField(_("target type"), max_length=80, blank=True)
    target_id = models.CharField(_("target id"), max_length=64, blank=True)
    target_label = models.CharField(_("target"), max_length=200, blank=True)
    payload = models.TextField(_("payload"), blank=True, default="{}")
    ip = models.CharField(_("IP address"), max_length=64, blank=True)
    algorithm = models.CharField(_("algorithm"), max_length=16)
    key_id = models.CharField(_("key id"), max_length=16)
    prev_mac = models.CharField(max_length=64)
    mac = models.CharField(max_length=64)

    objects = LedgerQuerySet.as_manager()

    class Meta:
        ordering = ["seq"]
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"#{self.seq} {self.verb} {self.target_type}:{self.target_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise TypeError("the ledger is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise TypeError("the ledger is append-only")


class LedgerHead(models.Model):
    """The single row that serialises appends and remembers the chain's tip (detects truncation)."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.BigIntegerField(default=0)
    mac = models.CharField(max_length=64, default="")

    def __str__(self) -> str:
        return f"ledger head #{self.seq}"


class CalendarOverride(TimeStampedModel):
    """A day whose working status differs from the rule: adjusted holidays for years the
    ``chinesecalendar`` package does not know yet, or a local decision."""

    date = models.DateField(_("date"), unique=True)
    is_workday = models.BooleanField(_("working day"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("calendar override")
        verbose_name_plural = _("calendar overrides")

    def __str__(self) -> str:
        return f"{self.date} {'workday' if self.is_workday else 'holiday'}"


class CalendarYear(TimeStampedModel):
    """The State Council's holiday arrangement for a year the bundled ``chinesecalendar`` data does
    not know, entered by the county (its days are :class:`CalendarOverride` rows). Until a year has
    one, its working days are Monday–Friday and every page and command that counts them says so."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    source = models.CharField(_("source"), max_length=200, blank=True)
    entered_by = models.CharField(_("entered by"), max_length=150, blank=True)
    holidays = models.PositiveSmallIntegerField(_("holidays"), default=0)
    workdays = models.PositiveSmallIntegerField(_("make-up working days"), default=0)

    class Meta:
        ordering = ["year"]
        verbose_name = _("holiday arrangement")
        verbose_name_plural = _("holiday arrangements")

    def __str__(self) -> str:
        return str(self.year)


class AccessLog(models.Model):
    """A read of a sensitive record (who, what, when, why). Only the audit administrator reads
    these; they are kept FAZHI_LOG_RETENTION_DAYS (≥ 184) and then archived, never just dropped."""

    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    user_id = models.BigIntegerField(null=True, blank=True)
    username = models.CharField(_("user"), max_length=150)
    org_unit_name = models.CharField(_("organisation"), max_length=200, blank=True)
    target_type = models.CharField(_("record type"), max_length=80)
    target_id = models.CharField(_("record"), max_length=64)
    target_label = models.CharField(_("record"), max_length=200, blank=True)
    reason = models.CharField(_("stated reason"), max_length=300)
    ip = models.CharField(_("IP address"), max_length=64, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")

    def __str__(self) -> str:
        return f"{self.username} {self.target_type}:{self.target_id}"
