"""PDF copies of case documents: ask for one (queued for the worker), then download it."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from fazhi.accounts.roles import Perm
from fazhi.cases import selectors
from fazhi.cases.models import DocumentKind
from fazhi.cases.services import pdf
from fazhi.core.errors import ApplicationError
from fazhi.core.web import AppView, file_download


class DocumentPdfView(AppView):
    permission = Perm.CASE_VIEW

    def get(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        doc = selectors.document_get(user=request.user, pk=pk)
        try:
            doc, fh = pdf.pdf_open(actor=request.user, document_id=doc.pk)
        except ApplicationError as exc:
            messages.info(request, exc.message)
            return redirect("cases:detail", pk=doc.case_id)
        name = f"{doc.number}-{DocumentKind(doc.kind).label}.pdf"
        return file_download(fh, name, content_type="application/pdf", inline=True)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        doc = selectors.document_get(user=request.user, pk=pk)
        try:
            state = pdf.document_pdf_request(actor=request.user, document_id=doc.pk)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            if state == "ready":
                messages.success(request, _("The PDF is ready: open it from the documents."))
            else:
                messages.info(request, _("The PDF is being made (生成中); reload the page in a moment."))
        return redirect("cases:detail", pk=doc.case_id)
