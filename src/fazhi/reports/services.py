"""Writing, approving and publishing the annual report (法治政府建设与责任落实督察工作规定 art. 24:
public before 1 April of the next year)."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.accounts.models import Region
from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import can, require, require_region, scope_of, user_or_none
from fazhi.core.errors import ConflictError, ValidationError
from fazhi.core.figures import load_all
from fazhi.core.ledger import actor_of, ledger_append
from fazhi.core.text import text_limits
from fazhi.core.versioning import versioned_update
from fazhi.reports.figures import SEED_FIGURES
from fazhi.reports.models import AnnualReport
from fazhi.reports.text import blocks, template_check

REPORT_TEXT_MAX = 60_000


def _check_text(text: str) -> str:
    text = text.replace("\r\n", "\n").strip()
    if not text:
        raise ValidationError(_("Write the report's text."), details={"text": "required"})
    if not any(level == 1 for level, _t in blocks(text)):
        raise ValidationError(_("The text needs a title: a first line starting with “# ”."), details={"text": "title"})
    template_check(text, set(load_all()) | set(SEED_FIGURES))
    return text


@text_limits(text=(gettext_lazy("Report text"), REPORT_TEXT_MAX))
def annual_report_save(
    *, actor: Any, region: Region, year: int, text: str, expected_version: int | None = None
) -> AnnualReport:
    """Save the words of a region's report for a year (a draft again if it had been approved)."""
    require(actor, Perm.REPORT_EDIT)
    require_region(actor, region)
    text = _check_text(text)
    with transaction.atomic():
        report = AnnualReport.objects.select_for_update().filter(region=region, year=year).first()
        if report is None:
            if expected_version not in (None, 0):
                raise ConflictError()
            try:
                with transaction.atomic():
                    report = AnnualReport.objects.create(region=region, year=year, text=text)
            except IntegrityError as exc:  # two first saves at once
                raise ConflictError() from exc
            changes: dict[str, Any] = {"text": ["", "…"]}
        else:
            if report.status == AnnualReport.Status.PUBLISHED:
                raise ValidationError(_("The report is published; its text can no longer change."))
            changes = versioned_update(
                report,
                expected_version=expected_version,
                fields={"text": text, "status": AnnualReport.Status.DRAFT, "approved_by": None, "approved_at": None},
            )
        ledger_append(
            actor=actor_of(actor),
            verb="report.save",
            target=report,
            payload={"year": year, "fields": sorted(changes), "length": len(text)},
        )
    return report


def annual_report_approve(*, actor: Any, report: AnnualReport, expected_version: int | None = None) -> AnnualReport:
    """The township leader (or the county's) approves the words and the figures as they stand."""
    require(actor, Perm.REPORT_APPROVE)
    require_region(actor, report.region)
    if report.status != AnnualReport.Status.DRAFT:
        raise ValidationError(_("Only a draft can be approved."))
    with transaction.atomic():
        versioned_update(
            report,
            expected_version=expected_version,
            fields={
                "status": AnnualReport.Status.APPROVED,
                "approved_by": user_or_none(actor),
                "approved_at": timezone.now(),
            },
        )
        ledger_append(actor=actor_of(actor), verb="report.approve", target=report, payload={"year": report.year})
    return report


def annual_report_publish(*, actor: Any, report: AnnualReport, expected_version: int | None = None) -> AnnualReport:
    """Publish the approved report: the filled text and the figures are frozen as published."""
    from fazhi.reports.document import report_fill

    require(actor, Perm.REPORT_APPROVE)
    require_region(actor, report.region)
    if report.status != AnnualReport.Status.APPROVED:
        raise ValidationError(_("Approve the report before publishing it."))
    filled, figs = report_fill(region=report.region, year=report.year, template=report.text)
    with transaction.atomic():
        versioned_update(
            report,
            expected_version=expected_version,
            fields={
                "status": AnnualReport.Status.PUBLISHED,
                "published_at": timezone.now(),
                "published_text": filled.text,
                "published_figures": {fid: figs.figures[fid]["value"] for fid in filled.used},
            },
        )
        ledger_append(
            actor=actor_of(actor),
            verb="report.publish",
            target=report,
            payload={"year": report.year, "figures": report.published_figures},
        )
    return report


# --- what a page may offer (the services above still decide) ---------------------------------


def _in_area(user: Any, region: Region) -> bool:
    return scope_of(user).covers(region) and not scope_of(user).enterprise_only


def can_edit(user: Any, region: Region, report: AnnualReport | None) -> bool:
    published = report is not None and report.status == AnnualReport.Status.PUBLISHED
    return can(user, Perm.REPORT_EDIT) and _in_area(user, region) and not published


def can_approve(user: Any, region: Region, report: AnnualReport | None) -> bool:
    return (
        report is not None
        and report.status == AnnualReport.Status.DRAFT
        and can(user, Perm.REPORT_APPROVE)
        and _in_area(user, region)
    )


def can_publish(user: Any, region: Region, report: AnnualReport | None) -> bool:
    return (
        report is not None
        and report.status == AnnualReport.Status.APPROVED
        and can(user, Perm.REPORT_APPROVE)
        and _in_area(user, region)
    )
