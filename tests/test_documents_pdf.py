"""PDF copies of case documents (issue 16): each kind converted with LibreOffice headless and read
back with pdftotext (A4, the parts present, a CJK font embedded); the case page asks for one as a
background job, shows "生成中", then the link; without LibreOffice it says so. LibreOffice and
poppler-utils missing skip these tests on a laptop and fail them in CI (.ci/run installs them)."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.test import Client, override_settings
from django.utils import timezone

from fazhi.cases.models import CaseDocument, DocumentKind
from fazhi.cases.services import pdf
from fazhi.core.errors import ValidationError
from fazhi.core.models import LedgerEntry
from tests.dbutil import assert_nothing_changed
from tests.factories import CaseWorld
from tests.test_documents import general_penalty, waived

pytestmark = pytest.mark.django_db


def require_tools(soffice: str | None, pdftotext: str | None) -> tuple[str, str]:
    """The converter and the reader, or skip (locally) / fail (CI) with what to install."""
    if soffice and Path(soffice).exists() and pdftotext and Path(pdftotext).exists():
        return soffice, pdftotext
    if os.environ.get("CI") == "true":
        pytest.fail("CI must run the PDF tests: install libreoffice-writer-nogui, fonts-noto-cjk and poppler-utils")
    pytest.skip(
        "LibreOffice or pdftotext is not installed: "
        "apt-get install libreoffice-writer-nogui fonts-noto-cjk poppler-utils to run the PDF tests"
    )


@pytest.fixture
def tools() -> tuple[str, str]:
    return require_tools(shutil.which("soffice"), shutil.which("pdftotext"))


@pytest.fixture
def cw(world: Any) -> CaseWorld:
    return CaseWorld(world)


def client_for(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def pdf_text(data: bytes, tmp_path: Path, name: str) -> tuple[str, str, str]:
    """(text, page info, fonts) of a PDF, read by poppler's tools."""
    f = tmp_path / f"{name}.pdf"
    f.write_bytes(data)

    def run(*args: str) -> str:
        return subprocess.run(args, check=True, capture_output=True, text=True).stdout  # noqa: S603

    text = run("pdftotext", str(f), "-")
    return "".join(text.split()), run("pdfinfo", str(f)), run("pdffonts", str(f))


def test_missing_tools_fail_in_ci(monkeypatch: Any) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI must run the PDF tests"):
        require_tools(None, "/usr/bin/pdftotext")


def test_missing_tools_skip_locally(monkeypatch: Any, tmp_path: Path) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception):
        require_tools(str(tmp_path / "no-soffice"), None)


def test_every_document_converts_to_an_a4_pdf_that_reads_back(
    cw: CaseWorld, tools: Any, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    cases = [waived(cw), general_penalty(cw)]  # the first violation first
    docs = list(CaseDocument.objects.filter(case__in=cases))
    assert {d.kind for d in docs} == set(DocumentKind.values)
    for doc in docs:
        with doc.file.open("rb") as fh:
            text, info, fonts = pdf_text(pdf.docx_to_pdf(fh.read()), tmp_path, doc.kind)
        assert "(A4)" in info, info
        assert "NotoSerifCJK" in fonts and " yes " in fonts  # the CJK font embedded
        assert doc.number.replace(" ", "") in text and cw.body.name in text
        assert "：。" not in text and "{{" not in text
        if doc.kind not in {DocumentKind.INSPECTION_RECORD, DocumentKind.SERVICE_RECEIPT}:
            assert "（印章）" in text
        if doc.kind in {DocumentKind.PENALTY_DECISION, DocumentKind.NO_PENALTY_DECISION}:
            assert "巫溪县人民政府申请行政复议" in text and "巫溪县人民法院" in text
        if doc.kind == DocumentKind.PENALTY_DECISION:  # every comma kept, also one ending a line
            assert "初次被查，配合调查，按一般情节裁量。" in text and "对事实无异议，请求从轻处理。" in text


def test_the_inspection_approval_form_converts_too(world: Any, tools: Any, tmp_path: Path) -> None:
    from fazhi.inspections.documents import approval_form
    from tests.test_documents_inspection import approved

    visit = approved(world)
    _visit, data = approval_form(actor=world["head_a"], inspection_id=visit.pk)
    text, info, fonts = pdf_text(pdf.docx_to_pdf(data), tmp_path, "approval_form")
    assert "(A4)" in info and "NotoSerifCJK" in fonts
    assert "行政检查审批表" in text and visit.enterprise.name in text and "执法主体负责人审批意见" in text


def test_the_case_page_queues_the_pdf_shows_it_being_made_then_links_it(
    cw: CaseWorld, tools: Any, django_capture_on_commit_callbacks: Any
) -> None:
    case = waived(cw)
    doc = case.documents.get(kind=DocumentKind.NO_PENALTY_DECISION)
    head = client_for(cw.head)
    page = head.get(f"/cases/{case.pk}/").content.decode()
    assert f'action="/cases/documents/{doc.pk}/pdf/"' in page
    with django_capture_on_commit_callbacks(execute=False) as queued:
        head.post(f"/cases/documents/{doc.pk}/pdf/")
    assert len(queued) == 1 and pdf.pdf_state(doc) == "pending"
    page = head.get(f"/cases/{case.pk}/").content.decode()
    assert 'data-pdf="pending"' in page and "生成中" in page
    assert head.get(f"/cases/documents/{doc.pk}/pdf/").status_code == 302  # not ready yet
    queued[0]()  # the worker runs the task
    assert pdf.pdf_state(doc) == "ready"
    entry = LedgerEntry.objects.filter(verb="case.document_pdf").get()
    assert json.loads(entry.payload)["document"] == doc.pk
    page = head.get(f"/cases/{case.pk}/").content.decode()
    assert f'href="/cases/documents/{doc.pk}/pdf/" data-pdf="ready"' in page
    response = head.get(f"/cases/documents/{doc.pk}/pdf/")
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert pdf.document_pdf_request(actor=cw.head, document_id=doc.pk) == "ready"
    pdf.document_pdf_make(document_id=doc.pk)  # a retry after success keeps the stored file
    assert LedgerEntry.objects.filter(verb="case.document_pdf").count() == 1


def test_without_libreoffice_the_page_says_so_and_nothing_is_queued(cw: CaseWorld) -> None:
    case = waived(cw)
    doc = case.documents.get(kind=DocumentKind.NO_PENALTY_DECISION)
    head = client_for(cw.head)
    with override_settings(FAZHI_SOFFICE="/nonexistent/soffice"), assert_nothing_changed():
        response = head.post(f"/cases/documents/{doc.pk}/pdf/", follow=True)
        with pytest.raises(ValidationError, match="LibreOffice"):
            pdf.docx_to_pdf(b"")
    assert "LibreOffice" in response.content.decode() and pdf.pdf_state(doc) == "none"


def test_another_body_cannot_ask_for_or_read_the_pdf(cw: CaseWorld) -> None:
    case = waived(cw)
    doc = case.documents.get(kind=DocumentKind.NO_PENALTY_DECISION)
    outsider = client_for(cw.w["inspector_b"])
    outsider.get("/")  # the login's own writes (last login) before the refusal is watched
    with assert_nothing_changed():
        assert outsider.post(f"/cases/documents/{doc.pk}/pdf/").status_code == 404
        assert outsider.get(f"/cases/documents/{doc.pk}/pdf/").status_code == 404
    assert pdf.pdf_state(doc) == "none"


def test_a_request_never_fulfilled_is_offered_again(cw: CaseWorld) -> None:
    case = waived(cw)
    doc = case.documents.get(kind=DocumentKind.NO_PENALTY_DECISION)
    asked = timezone.now() - pdf.STALE_AFTER - dt.timedelta(minutes=1)
    default_storage.save(pdf.pdf_path(doc) + ".pending", pdf.ContentFile(asked.isoformat().encode()))
    assert pdf.pdf_state(doc) == "failed"
    page = client_for(cw.head).get(f"/cases/{case.pk}/").content.decode()
    assert 'data-pdf="failed"' in page and f'action="/cases/documents/{doc.pk}/pdf/"' in page
