"""``{% pdf_state doc as state %}``: whether a document's PDF copy is none / pending / ready / failed."""

from __future__ import annotations

from django import template

from fazhi.cases.models import CaseDocument
from fazhi.cases.services.pdf import PdfState
from fazhi.cases.services.pdf import pdf_state as _pdf_state

register = template.Library()


@register.simple_tag
def pdf_state(doc: CaseDocument) -> PdfState:
    return _pdf_state(doc)
