"""The annual report as PDF (issue 23): the page asks, a background task converts the report's
.docx with LibreOffice (``core.pdf``), the page offers the file with the time it was made.

The PDF is of the report as it stood when asked for (words and figures): the page says when it was
made, and asking again makes a new one. Files: ``reports/annual/<region code>-<year>.docx`` (what
the task converts) and ``.pdf`` in the default storage; a ``.pending`` marker holds the time asked.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from fazhi.accounts.models import Region
from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import require, require_region
from fazhi.core import crypto
from fazhi.core.ledger import actor_of, ledger_append
from fazhi.core.pdf import PdfUnavailable, docx_to_pdf, soffice, unavailable_message

# A request whose task has not stored the PDF after this long failed (every retry included).
STALE_AFTER = dt.timedelta(minutes=15)


@dataclass(frozen=True)
class PdfStatus:
    state: Literal["none", "pending", "ready", "failed"]
    made_at: dt.datetime | None = None
    # ready, but a record changed since it was asked for: its words or figures may be out of date
    outdated: bool = False
    # ready from an earlier request; the latest request failed
    retry_failed: bool = False


def _ledger_seq() -> int:
    from fazhi.core.models import LedgerHead

    return LedgerHead.objects.filter(pk=1).values_list("seq", flat=True).first() or 0


def _base(region: Region, year: int) -> str:
    return f"reports/annual/{region.code}-{year}"


def pdf_status(region: Region, year: int) -> PdfStatus:
    """none (never asked), pending (生成中), failed (asked long ago, nothing made), or ready (with
    the time it was made; a newer request in progress is pending)."""
    base = _base(region, year)
    failed = False
    if default_storage.exists(base + ".pending"):
        with default_storage.open(base + ".pending", "rb") as fh:
            asked = dt.datetime.fromisoformat(fh.read().decode())
        if timezone.now() - asked <= STALE_AFTER:
            return PdfStatus("pending")
        failed = True
    if default_storage.exists(base + ".pdf"):
        made_from = -1
        if default_storage.exists(base + ".seq"):
            with default_storage.open(base + ".seq", "rb") as fh:
                made_from = int(fh.read().decode() or -1)
        # its own two entries (asked for, made) follow the number read when it was asked for
        outdated = _ledger_seq() > made_from + 2
        return PdfStatus("ready", default_storage.get_modified_time(base + ".pdf"), outdated, failed)
    return PdfStatus("failed" if failed else "none")


def annual_pdf_request(*, actor: Any, region: Region, year: int) -> PdfStatus:
    """Queue the PDF of the region's report for the year as it stands now."""
    from fazhi.core.hooks import enqueue
    from fazhi.reports.document import annual_report_docx
    from fazhi.reports.tasks import annual_pdf_make

    require(actor, Perm.REPORT_VIEW)
    require_region(actor, region)
    status = pdf_status(region, year)
    if status.state == "pending":
        return status
    if soffice() is None:
        raise PdfUnavailable(unavailable_message(), code="pdf_unavailable")
    from fazhi.reports.selectors import report_source

    seq = _ledger_seq()  # what the document is made from: the records as of this entry
    data = annual_report_docx(region=region, year=year, template=report_source(region=region, year=year))
    base = _base(region, year)
    with transaction.atomic():
        for suffix in (".docx", ".pending", ".askseq"):
            if default_storage.exists(base + suffix):
                default_storage.delete(base + suffix)
        default_storage.save(base + ".docx", ContentFile(data))
        default_storage.save(base + ".askseq", ContentFile(str(seq).encode()))
        default_storage.save(base + ".pending", ContentFile(timezone.now().isoformat().encode()))
        ledger_append(
            actor=actor_of(actor),
            verb="report.pdf_request",
            target=region,
            payload={"year": year},
        )
        transaction.on_commit(lambda: enqueue(annual_pdf_make, region_id=region.pk, year=year))
    return PdfStatus("pending")


def annual_pdf_make(*, region_id: int, year: int) -> None:
    """The task's work: convert the stored .docx, store the PDF, put its hash in the ledger."""
    region = Region.objects.get(pk=region_id)
    base = _base(region, year)
    if not default_storage.exists(base + ".pending"):
        return  # made already (a retry after success)
    with default_storage.open(base + ".docx", "rb") as fh:
        data = docx_to_pdf(fh.read())
    algorithm = settings.FAZHI_LEDGER_ALGORITHM
    with transaction.atomic():
        if default_storage.exists(base + ".pdf"):
            default_storage.delete(base + ".pdf")
        default_storage.save(base + ".pdf", ContentFile(data))
        ledger_append(
            actor=actor_of(None),
            verb="report.pdf",
            target=region,
            payload={"year": year, "digest": crypto.digest(data, algorithm), "algorithm": algorithm},
        )
    if default_storage.exists(base + ".askseq"):  # the records this PDF was made from
        with default_storage.open(base + ".askseq", "rb") as fh:
            asked_at = fh.read()
        if default_storage.exists(base + ".seq"):
            default_storage.delete(base + ".seq")
        default_storage.save(base + ".seq", ContentFile(asked_at))
    default_storage.delete(base + ".pending")


def annual_pdf_open(*, actor: Any, region: Region, year: int) -> Any:
    """The stored PDF (the caller checks the state first)."""
    require(actor, Perm.REPORT_VIEW)
    require_region(actor, region)
    return default_storage.open(_base(region, year) + ".pdf", "rb")
