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
from fazhi.core import crypto
from fazhi.core.errors import ValidationError
from fazhi.core.ledger import actor_of, ledger_append
from fazhi.core.text import text_limits

DEFAULTS = Path(__file__).resolve().parent.parent / "docx"
MAX_TEMPLATE_BYTES = 5 * 1024 * 1024


def _env() -> SandboxedEnvironment:
    return SandboxedEnvironment(undefined=StrictUndefined, autoescape=False)


def _date(d: Any) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if d else ""


def _money(v: Any) -> str:
    return f"{v:,.2f}" if v else "0.00"


def context(case: Case, *, number: str, step: CaseStep | None) -> dict[str, Any]:
    """Everything a template may print: plain strings only (the sandbox sees no model)."""
    officers = list(step.officers.all()) if step is not None else list(case.officers.all())
    if not officers:
        officers = list(case.officers.all())
    return {
        "number": number,
        "case_number": case.number,
        "body": case.body.name,
        "date": _date(timezone.localdate()),
        "party": {
            "name": case.party_name,
            "kind": case.get_party_kind_display(),
            "id_number": case.party_id_number,
            "address": case.party_address,
            "uscc": case.enterprise.uscc if case.enterprise else "",
            "legal_representative": case.enterprise.legal_representative if case.enterprise else "",
        },
        "violation": {
            "name": case.violation.name,
            "violated": case.violation.violated_provision,
            "penalty": case.violation.penalty_provision,
        },
        "occurred_on": _date(case.occurred_on),
        "facts": case.facts,
        "record": step.text if step is not None else "",
        "step_date": _date(step.day) if step is not None else "",
        "officers": [{"name": o.name, "certificate": o.certificate_no} for o in officers],
        "procedure": case.get_procedure_display(),
        "outcome": case.get_outcome_display() if case.outcome else "",
        "fine": _money(case.fine),
        "fine_value": str(case.fine),
        "warning": case.warning_penalty,
        "other_penalties": case.other_penalties,
        "discretion": case.discretion_note,
        "circumstance": case.get_circumstance_display() if case.circumstance else "",
        "waiver": {
            "kind": case.waiver.get_kind_display() if case.waiver else "",
            "ground": case.waiver.legal_ground if case.waiver else "",
            "conditions": case.waiver.conditions_text if case.waiver else "",
        },
        "rectification_due": _date(case.rectification_due),
        "statement_until": _date(case.statement_until),
        "hearing_right": case.hearing_eligible,
        "hearing_request_until": _date(case.hearing_request_until),
        "statement": case.statement,
        "decided_on": _date(case.decided_on),
        "payment_due": _date(case.payment_due),
        "payment_days": settings.FAZHI_CASE_PAYMENT_DAYS,
        "served_on": _date(case.served_on),
        "service_method": case.get_service_method_display() if case.service_method else "",
        "service_recipient": case.service_recipient,
        "remedy": _(
            "If you disagree with this decision you may apply for administrative reconsideration within 60 days "
            "of receiving it, or bring an administrative lawsuit within 6 months."
        ),
    }


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
    year = (step.day if step is not None else timezone.localdate()).year
    with transaction.atomic():
        number = next_number(case.body, kind, year)
        template, template_id = _template_source(kind)
        try:
            data = render(template, context(case, number=number, step=step))
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


def sample_context() -> dict[str, Any]:
    """A complete context with sample values: an uploaded template must render with it."""
    party = {
        "name": "示例有限公司",
        "kind": "单位",
        "id_number": "",
        "address": "示例镇示例路1号",
        "uscc": "91500000000000000X",
        "legal_representative": "张三",
    }
    return {
        "number": "示例罚决〔2026〕1号", "case_number": "示例立〔2026〕1号", "body": "示例执法主体",
        "date": "2026年1月1日", "party": party,
        "violation": {"name": "示例违法行为", "violated": "《示例法》第一条", "penalty": "《示例法》第二条"},
        "occurred_on": "2026年1月1日", "facts": "示例事实", "record": "示例笔录", "step_date": "2026年1月1日",
        "officers": [{"name": "李四", "certificate": "00000001"}, {"name": "王五", "certificate": "00000002"}],
        "procedure": "一般程序", "outcome": "处罚", "fine": "1,000.00", "fine_value": "1000.00", "warning": True,
        "other_penalties": "", "discretion": "示例说理", "circumstance": "一般",
        "waiver": {"kind": "", "ground": "", "conditions": ""}, "rectification_due": "2026年1月15日",
        "statement_until": "2026年1月6日", "hearing_right": False, "hearing_request_until": "",
        "statement": "", "decided_on": "2026年1月1日", "payment_due": "2026年1月16日", "payment_days": 15,
        "served_on": "2026年1月1日", "service_method": "direct", "service_recipient": "张三", "remedy": "示例救济途径",
    }  # fmt: skip


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
