"""Cases' background jobs: the PDF copy of a document (LibreOffice headless, seconds per file),
and the publication and withdrawal of penalty decisions (registered in ``CasesConfig.ready`` on
the events ``case.decided`` and ``case.decision_corrected``)."""

from __future__ import annotations

from fazhi.core.hooks import retried_task


@retried_task
def document_pdf_make(*, document_id: int) -> None:
    """Convert one archived .docx to PDF and store it (idempotent: a stored PDF is kept)."""
    from fazhi.cases.services import pdf

    pdf.document_pdf_make(document_id=document_id)


@retried_task
def decision_publish(*, case_id: int) -> None:
    """结果公示 of a penalty decision just made (idempotent: a published notice is left)."""
    from fazhi.cases.services import publication

    publication.decision_publish(case_id=case_id)


@retried_task
def decision_withdraw(*, case_id: int) -> None:
    """Withdraw the notice of a decision changed or revoked (处罚法 art. 48); idempotent."""
    from fazhi.cases.services import publication

    publication.decision_withdraw(case_id=case_id)
