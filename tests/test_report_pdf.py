"""The annual report as PDF (issue 23): asked for on the page, made by a background task with
LibreOffice from the report's .docx, read back with pdftotext (A4, the title and a figure's value,
a CJK font embedded); refused outside the area and without LibreOffice, with nothing written."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings
from django.utils import timezone

from fazhi.core.models import LedgerEntry
from fazhi.reports import pdf
from fazhi.reports.services import annual_report_save
from tests.dbutil import assert_nothing_changed
from tests.test_documents_pdf import pdf_text, require_tools
from tests.test_onsite_pages import client_for

pytestmark = pytest.mark.django_db

TEXT = (
    "# {region}{year}年法治政府建设情况报告\n\n## 一、依法行政\n\n全年纠正不规范执法行为{supervision.corrected}起。\n"
)


@pytest.fixture
def tools() -> tuple[str, str]:
    return require_tools(shutil.which("soffice"), shutil.which("pdftotext"))


def test_the_page_asks_for_the_pdf_and_the_task_makes_it(
    world: Any, tools: Any, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    year = timezone.localdate().year
    annual_report_save(actor=world["leader_a"], region=world.town_a, year=year, text=TEXT)
    leader = client_for(world["leader_a"])
    url = f"/reports/annual/?region={world.town_a.code}&year={year}"
    assert 'data-pdf="none"' in leader.get(url).content.decode()
    # the Word file is of the words the township wrote, not the default template
    import io
    import zipfile

    docx = leader.get(f"/reports/annual.docx?region={world.town_a.code}&year={year}").content
    body = zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml").decode()
    assert f"峰灵镇{year}年法治政府建设情况报告" in body and "强化政治引领" not in body
    pdf_url = f"/reports/annual.pdf?region={world.town_a.code}&year={year}"
    assert leader.get(pdf_url).status_code == 302  # nothing made yet: back to the page
    with django_capture_on_commit_callbacks(execute=False) as queued:
        r = leader.post(pdf_url, {"back": "annual"})
    assert r.status_code == 302 and r["Location"] == url
    assert len(queued) == 1 and pdf.pdf_status(world.town_a, year).state == "pending"
    page = leader.get(url).content.decode()
    assert 'data-pdf="pending"' in page and "PDF 生成中" in page
    queued[0]()  # the worker runs the task
    assert pdf.pdf_status(world.town_a, year).state == "ready"
    made = LedgerEntry.objects.get(verb="report.pdf")
    assert json.loads(made.payload)["year"] == year and len(json.loads(made.payload)["digest"]) == 64
    page = leader.get(url).content.decode()
    assert 'data-pdf="ready"' in page and "生成于" in page and "重新生成" in page
    assert "data-pdf-outdated" not in page
    # a record changes after the PDF was made: the page says the PDF may be out of date
    annual_report_save(actor=world["leader_a"], region=world.town_a, year=year, text=TEXT + "\n补充一段。\n")
    page = leader.get(url).content.decode()
    assert "data-pdf-outdated" in page and "生成后记录有变化" in page
    response = leader.get(pdf_url)
    assert response["Content-Type"] == "application/pdf"
    data = b"".join(response.streaming_content)
    text, info, fonts = pdf_text(data, tmp_path, "annual")
    assert f"峰灵镇{year}年法治政府建设情况报告" in text and "全年纠正不规范执法行为0起" in text
    assert "(A4)" in info and "NotoSerifCJK" in fonts
    # the county supervisor asks from the figures page and comes back there
    supervisor = client_for(world["supervisor"])
    with django_capture_on_commit_callbacks(execute=True):
        r = supervisor.post(pdf_url, {"back": "figures"})
    assert r["Location"] == f"/reports/?region={world.town_a.code}&year={year}"
    assert LedgerEntry.objects.filter(verb="report.pdf").count() == 2
    assert "data-pdf-outdated" not in leader.get(url).content.decode()  # made again: current


def test_another_township_may_not_ask_for_or_read_the_pdf(world: Any) -> None:
    from fazhi.accounts.roles import Role
    from tests.factories import UserFactory

    year = timezone.localdate().year
    leader_b = UserFactory(username="leader_b", org_unit=world["inspector_b"].org_unit, roles=[Role.TOWNSHIP_LEADER])
    other = client_for(leader_b)
    other.get("/")  # the login's own writes before the refusal is watched
    pdf_url = f"/reports/annual.pdf?region={world.town_a.code}&year={year}"
    with assert_nothing_changed():
        assert other.post(pdf_url).status_code == 404
        assert other.get(pdf_url).status_code == 404
    inspector = client_for(world["inspector_a"])
    inspector.get("/")
    with assert_nothing_changed():
        assert inspector.post(pdf_url).status_code == 403
    assert pdf.pdf_status(world.town_a, year).state == "none"


def test_without_libreoffice_the_page_says_so_and_nothing_is_queued(world: Any) -> None:
    year = timezone.localdate().year
    leader = client_for(world["leader_a"])
    leader.get("/")
    pdf_url = f"/reports/annual.pdf?region={world.town_a.code}&year={year}"
    with override_settings(FAZHI_SOFFICE="/nonexistent/soffice"), assert_nothing_changed():
        page = leader.post(pdf_url, {"back": "annual"}, follow=True).content.decode()
    assert "LibreOffice" in page and pdf.pdf_status(world.town_a, year).state == "none"


def test_the_command_writes_the_saved_words_as_pdf(world: Any, tools: Any, tmp_path: Path) -> None:
    from django.core.management import call_command

    year = timezone.localdate().year
    annual_report_save(actor=world["leader_a"], region=world.town_a, year=year, text=TEXT)
    out = tmp_path / "报告.pdf"
    call_command("report", "annual", "--region", "峰灵镇", "--year", str(year), "--out", str(out))
    text, info, _fonts = pdf_text(out.read_bytes(), tmp_path, "cmd")
    assert f"峰灵镇{year}年法治政府建设情况报告" in text and "(A4)" in info


def test_the_command_without_libreoffice_says_so(world: Any, tmp_path: Path) -> None:
    from django.core.management import call_command
    from django.core.management.base import CommandError

    out = tmp_path / "报告.pdf"
    with override_settings(FAZHI_SOFFICE="/nonexistent/soffice"), pytest.raises(CommandError, match="LibreOffice"):
        call_command(
            "report", "annual", "--region", "峰灵镇", "--year", str(timezone.localdate().year), "--out", str(out)
        )
    assert not out.exists()
