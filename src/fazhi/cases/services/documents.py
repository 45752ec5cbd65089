"""Case documents (.docx through docxtpl): generated from the case, numbered, hashed, archived.

Templates are the county's: the newest active :class:`DocumentTemplate` of a kind, else the
packaged default in ``cases/docx/``. Templates are rendered in Jinja's sandbox, so an uploaded
template can read the context it is given and nothing else.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment

from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import require, user_or_none
from fazhi.cases.models import Case, CaseDocument, CaseStep, DocumentKind, DocumentTemplate
from fazhi.cases.services.common import next_number
from fazhi.cases.services.doc_context import REQUIRED_FIELDS, TITLES, context, document_date, sample_context
from fazhi.core import crypto
from fazhi.core.errors import ValidationError
from fazhi.core.ledger import actor_of, ledger_append
from fazhi.core.text import text_limits

DEFAULTS = Path(__file__).resolve().parent.parent / "docx"
MAX_TEMPLATE_BYTES = 5 * 1024 * 1024


def _env() -> SandboxedEnvironment:
    return SandboxedEnvironment(undefined=StrictUndefined, autoescape=False)


def _template_source(kind: str) -> tuple[bytes, str]:
    custom = DocumentTemplate.objects.filter(kind=kind, active=True).order_by("-pk").first()
    if custom is not None:
        with custom.file.open("rb") as fh:
            return fh.read(), f"county:{custom.pk}"
    return (DEFAULTS / f"{kind}.docx").read_bytes(), "default"


_DOUBLED = re.compile(r"([。！？；])[。.]+")
_W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _tidy_punctuation(doc: Any) -> None:
    """A template's "{{ statement }}。" with a statement that ends in "。" gave "。。": drop a full
    stop that follows a sentence end, within a paragraph's text (also across its runs)."""
    for part in [doc.docx.element.body]:
        for para in part.iter(f"{_W_NS}p"):
            prev = None
            for node in para.iter(f"{_W_NS}t"):
                text = node.text or ""
                if prev is not None and text[:1] in ("。", ".") and (prev.text or "")[-1:] in "。！？；":
                    text = text.lstrip("。.")
                node.text = _DOUBLED.sub(r"\1", text)
                if node.text:
                    prev = node


FIELD_LABELS = {
    "number": gettext_lazy("the document number {{ number }}"),
    "body": gettext_lazy("the body's name {{ body }}"),
    "date": gettext_lazy("the date {{ date }}"),
    "seal": gettext_lazy("the seal area {{ seal }}"),
    "party": gettext_lazy("the party {{ party.name }}"),
    "facts": gettext_lazy("the facts {{ facts }}"),
    "evidence": gettext_lazy("the evidence {{ evidence }}"),
    "violation": gettext_lazy("the legal basis {{ violation.violated }}"),
    "penalty_text": gettext_lazy("the penalty {{ penalty_text }}"),
    "payment": gettext_lazy("the payment {{ payment.text }}"),
    "remedy": gettext_lazy("the remedies {{ remedy }}"),
    "statement_until": gettext_lazy("the statement deadline {{ statement_until }}"),
    "rectification_due": gettext_lazy("the rectification deadline {{ rectification_due }}"),
    "step_date": gettext_lazy("the date of the step {{ step_date }}"),
    "officers": gettext_lazy("the officers {{ officers }}"),
    "record": gettext_lazy("the record {{ record }}"),
    "served_document": gettext_lazy("the served document {{ served_document.title }}"),
    "served_on": gettext_lazy("the service date {{ served_on }}"),
    "service_method": gettext_lazy("the service method {{ service_method }}"),
}


def missing_fields(template: bytes, kind: str) -> list[str]:
    """What a template of ``kind`` must print and does not (an unreadable template: nothing here,
    the render check reports it)."""
    try:
        used = DocxTemplate(io.BytesIO(template)).get_undeclared_template_variables(jinja_env=_env())
    except Exception:  # a damaged document or a syntax error: the render check says which
        return []
    return [str(FIELD_LABELS[f]) for f in REQUIRED_FIELDS.get(kind, ()) if f not in used]


def render(template: bytes, ctx: dict[str, Any]) -> bytes:
    doc = DocxTemplate(io.BytesIO(template))
    doc.render(ctx, jinja_env=_env())
    _tidy_punctuation(doc)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def document_generate(*, actor: Any, case: Case, kind: str, step: CaseStep | None = None) -> CaseDocument:
    """Number, render and archive one document; its hash goes into the ledger. Called by the step
    that produces it, inside that step's transaction (a refused step leaves no document)."""
    if kind not in DocumentKind.values:
        raise ValidationError(_("Unknown document."))
    year = (document_date(case, kind, step) or timezone.localdate()).year
    with transaction.atomic():
        number = next_number(case.body, kind, year)
        template, template_id = _template_source(kind)
        try:
            data = render(template, context(case, number=number, step=step, kind=kind))
        except TemplateError as exc:
            raise ValidationError(
                _("The county's template for this document has an error (%(e)s); fix or withdraw it.") % {"e": exc}
            ) from exc
        algorithm = settings.FAZHI_LEDGER_ALGORITHM
        doc = CaseDocument(
            case=case,
            kind=kind,
            number=number,
            digest=crypto.digest(data, algorithm),
            algorithm=algorithm,
            template=template_id,
            created_by=user_or_none(actor),
        )
        doc.file.save(f"{case.pk}-{kind}-{doc.digest[:12]}.docx", ContentFile(data), save=False)
        doc.save()
        ledger_append(
            actor=actor_of(actor),
            verb="case.document",
            target=case,
            payload={"document": doc.pk, "kind": kind, "number": number, "digest": doc.digest, "template": template_id},
        )
    return doc


def document_intact(doc: CaseDocument) -> bool:
    with doc.file.open("rb") as fh:
        return crypto.digest(fh.read(), doc.algorithm) == doc.digest


@text_limits(note=(gettext_lazy("Note"), 200))
def template_upload(*, actor: Any, kind: str, fh: IO[bytes], note: str = "") -> DocumentTemplate:
    """The county replaces a document's template (no code change). Refused unless it is a .docx
    that renders with every field of the sample case."""
    require(actor, Perm.CASE_RULES_EDIT)
    if kind not in DocumentKind.values:
        raise ValidationError(_("Choose the document the template is for."), details={"kind": "required"})
    data = fh.read(MAX_TEMPLATE_BYTES + 1)
    if len(data) > MAX_TEMPLATE_BYTES:
        raise ValidationError(_("A template is at most 5 MB."), details={"file": "too_large"})
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            if "word/document.xml" not in z.namelist():
                raise zipfile.BadZipFile
    except zipfile.BadZipFile:
        raise ValidationError(_("The file is not a Word .docx document."), details={"file": "type"}) from None
    try:
        render(data, sample_context())
    except TemplateError as exc:
        raise ValidationError(
            _("The template does not render: %(e)s. Use only the fields listed on this page.") % {"e": exc},
            details={"file": "template"},
        ) from exc
    except Exception as exc:  # a damaged document: python-docx raises many kinds
        raise ValidationError(
            _("The template could not be read: %(e)s") % {"e": exc}, details={"file": "damaged"}
        ) from exc
    missing = missing_fields(data, kind)
    if missing:
        raise ValidationError(
            _("The template for %(title)s must print %(fields)s; add them and upload it again.")
            % {"title": TITLES[kind], "fields": "、".join(missing)},
            details={"file": "fields"},
        )
    with transaction.atomic():
        DocumentTemplate.objects.filter(kind=kind, active=True).update(active=False)
        tpl = DocumentTemplate(
            kind=kind, digest=crypto.digest(data, "sha256"), note=note.strip()[:200], uploaded_by=actor
        )
        tpl.file.save(f"{kind}-{tpl.digest[:12]}.docx", ContentFile(data), save=False)
        tpl.save()
        ledger_append(
            actor=actor_of(actor), verb="case.template_upload", target=tpl, payload={"kind": kind, "digest": tpl.digest}
        )
    return tpl


def template_reset(*, actor: Any, kind: str) -> None:
    """Back to the packaged default template."""
    require(actor, Perm.CASE_RULES_EDIT)
    with transaction.atomic():
        n = DocumentTemplate.objects.filter(kind=kind, active=True).update(active=False)
        ledger_append(
            actor=actor_of(actor),
            verb="case.template_reset",
            target_type="cases.documenttemplate",
            target_id=kind,
            payload={"withdrawn": n},
        )
