"""core.web's download responses: the one place a generated .docx or .xlsx (or a stored file) is
sent as a file to save, under a Chinese file name (RFC 6266 ``filename*``, RFC 5987 encoding) after
an ASCII ``filename`` for the clients that cannot read it."""

from __future__ import annotations

import io
from typing import Any
from urllib.parse import unquote

import pytest

from fazhi.core.web import content_disposition, docx_response, download_response, file_download, xlsx_response


def test_docx_response_sends_a_word_file_with_its_chinese_name_and_an_ascii_fallback() -> None:
    response = docx_response(b"PK\x03\x04word", "行政检查审批表.docx")
    assert response.status_code == 200
    assert response.content == b"PK\x03\x04word"
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    # 行政检查审批表 in UTF-8, percent-encoded; no ASCII letters in the name: "download"
    assert response["Content-Disposition"] == (
        'attachment; filename="download.docx"; '
        "filename*=UTF-8''%E8%A1%8C%E6%94%BF%E6%A3%80%E6%9F%A5%E5%AE%A1%E6%89%B9%E8%A1%A8.docx"
    )


def test_the_annual_report_name_keeps_its_digits_in_the_fallback() -> None:
    response = docx_response(b"x", "峰灵镇2025年法治政府建设情况报告.docx")  # pinned: the seed report's year
    header = response["Content-Disposition"]
    assert header.startswith("attachment; filename=\"2025.docx\"; filename*=UTF-8''")
    assert unquote(header.split("filename*=UTF-8''")[1]) == "峰灵镇2025年法治政府建设情况报告.docx"


def test_xlsx_response_sends_a_workbook() -> None:
    response = xlsx_response(b"PK\x03\x04xl", "线上学时.xlsx")
    assert response.content == b"PK\x03\x04xl"
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == (
        "attachment; filename=\"download.xlsx\"; filename*=UTF-8''%E7%BA%BF%E4%B8%8A%E5%AD%A6%E6%97%B6.xlsx"
    )


def test_a_plain_name_is_sent_as_it_is() -> None:
    response = docx_response(b"x", "legality-review-7.docx")
    assert response["Content-Disposition"] == 'attachment; filename="legality-review-7.docx"'


def test_a_name_cannot_break_out_of_the_header() -> None:
    # quotes and line breaks in a user's file name stay inside the one header value
    assert download_response(b"x", 'a"b.pdf', "application/pdf")["Content-Disposition"] == (
        "attachment; filename=\"a-b.pdf\"; filename*=UTF-8''a%22b.pdf"
    )
    crlf = download_response(b"x", "a\r\nSet-Cookie: x=1.pdf", "application/pdf")
    assert "\n" not in crlf["Content-Disposition"] and "\r" not in crlf["Content-Disposition"]
    assert crlf["Content-Disposition"] == (
        "attachment; filename=\"a-Set-Cookie-x-1.pdf\"; filename*=UTF-8''a%20%20Set-Cookie%3A%20x%3D1.pdf"
    )


def test_a_stored_file_goes_out_the_same_way_inline_or_attached() -> None:
    attached = file_download(io.BytesIO(b"%PDF"), "处罚决定书.pdf", content_type="application/pdf")
    assert attached["Content-Disposition"] == (
        "attachment; filename=\"download.pdf\"; filename*=UTF-8''%E5%A4%84%E7%BD%9A%E5%86%B3%E5%AE%9A%E4%B9%A6.pdf"
    )
    assert content_disposition("处罚决定书.pdf", inline=True).startswith('inline; filename="download.pdf"; ')


@pytest.mark.django_db
def test_the_downloads_of_the_pages_have_chinese_names(world: Any) -> None:
    from django.urls import reverse

    from tests.test_onsite_pages import client_for

    head = client_for(world["head_a"])
    plan = head.get(reverse("inspections:plan_import"))
    assert unquote(plan["Content-Disposition"].split("filename*=UTF-8''")[1]) == "检查计划导入模板.xlsx"
    template = client_for(world["inspector_a"]).get(reverse("registry:import_template", args=["enterprises"]))
    assert unquote(template["Content-Disposition"].split("filename*=UTF-8''")[1]) == "企业导入模板.xlsx"
