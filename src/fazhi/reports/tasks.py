"""Reports' background jobs: the PDF of the annual report (LibreOffice headless, seconds)."""

from __future__ import annotations

from fazhi.core.hooks import retried_task


@retried_task
def annual_pdf_make(*, region_id: int, year: int) -> None:
    """Convert the report's stored .docx to PDF and store it (idempotent)."""
    from fazhi.reports import pdf

    pdf.annual_pdf_make(region_id=region_id, year=year)
