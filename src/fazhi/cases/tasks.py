"""Cases' background jobs: the PDF copy of a document (LibreOffice headless, seconds per file)."""

from __future__ import annotations

from fazhi.core.hooks import retried_task


@retried_task
def document_pdf_make(*, document_id: int) -> None:
    """Convert one archived .docx to PDF and store it (idempotent: a stored PDF is kept)."""
    from fazhi.cases.services import pdf

    pdf.document_pdf_make(document_id=document_id)
