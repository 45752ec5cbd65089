"""PDF copies of case documents (the county often prints and seals): LibreOffice headless converts
the archived .docx (``core.pdf``) in a background task; the page shows "生成中" until the file is stored.

The PDF is derived: the .docx stays the archived, hashed original; the PDF's own hash goes into
the ledger when it is made. No PDF without LibreOffice: a clear message, never a 500.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import require
from fazhi.cases import selectors
from fazhi.cases.models import CaseDocument
from fazhi.core import crypto
from fazhi.core.errors import ValidationError
from fazhi.core.ledger import actor_of, ledger_append
from fazhi.core.pdf import PdfUnavailable, docx_to_pdf, soffice, unavailable_message

# A request whose task has not stored the PDF after this long failed (every retry included).
STALE_AFTER = dt.timedelta(minutes=15)

PdfState = Literal["none", "pending", "ready", "failed"]


def pdf_path(doc: CaseDocument) -> str:
    return f"cases/documents/pdf/{doc.pk}-{doc.digest[:16]}.pdf"


def _marker(doc: CaseDocument) -> str:
    return pdf_path(doc) + ".pending"


def pdf_state(doc: CaseDocument) -> PdfState:
    """none (not asked for), pending (生成中), ready, failed (asked for long ago and never stored)."""
    if default_storage.exists(pdf_path(doc)):
        return "ready"
    if not default_storage.exists(_marker(doc)):
        return "none"
    with default_storage.open(_marker(doc), "rb") as fh:
        asked = dt.datetime.fromisoformat(fh.read().decode())
    return "failed" if timezone.now() - asked > STALE_AFTER else "pending"


def document_pdf_request(*, actor: Any, document_id: int) -> PdfState:
    """Ask for the PDF of a document the user may see: queued for the worker, "pending" until then."""
    require(actor, Perm.CASE_VIEW)
    doc = selectors.document_get(user=actor, pk=document_id)
    state = pdf_state(doc)
    if state in {"ready", "pending"}:
        return state
    if soffice() is None:
        raise PdfUnavailable(unavailable_message(), code="pdf_unavailable")
    from fazhi.cases.tasks import document_pdf_make
    from fazhi.core.hooks import enqueue

    with transaction.atomic():
        if default_storage.exists(_marker(doc)):
            default_storage.delete(_marker(doc))
        default_storage.save(_marker(doc), ContentFile(timezone.now().isoformat().encode()))
        ledger_append(
            actor=actor_of(actor),
            verb="case.document_pdf_request",
            target=doc.case,
            payload={"document": doc.pk, "number": doc.number},
        )
        transaction.on_commit(lambda: enqueue(document_pdf_make, document_id=doc.pk))
    return "pending"


def document_pdf_make(*, document_id: int) -> None:
    """The task's work: convert, store, put the PDF's hash in the ledger. Idempotent."""
    doc = CaseDocument.objects.select_related("case").get(pk=document_id)
    if default_storage.exists(pdf_path(doc)):
        return
    with doc.file.open("rb") as fh:
        data = docx_to_pdf(fh.read())
    algorithm = settings.FAZHI_LEDGER_ALGORITHM
    with transaction.atomic():
        default_storage.save(pdf_path(doc), ContentFile(data))
        ledger_append(
            actor=actor_of(None),
            verb="case.document_pdf",
            target=doc.case,
            payload={"document": doc.pk, "digest": crypto.digest(data, algorithm), "algorithm": algorithm},
        )
    if default_storage.exists(_marker(doc)):
        default_storage.delete(_marker(doc))


def pdf_open(*, actor: Any, document_id: int) -> tuple[CaseDocument, Any]:
    """The stored PDF of a document the user may see (NotFound-like refusal when not made yet)."""
    require(actor, Perm.CASE_VIEW)
    doc = selectors.document_get(user=actor, pk=document_id)
    if not default_storage.exists(pdf_path(doc)):
        raise ValidationError(_("The PDF is not ready yet."), code="pdf_pending")
    return doc, default_storage.open(pdf_path(doc), "rb")


def pdf_states(docs: list[CaseDocument]) -> dict[int, PdfState]:
    return {d.pk: pdf_state(d) for d in docs}
