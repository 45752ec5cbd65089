"""core.web's download responses: the one place a generated .docx or .xlsx (or a stored file) is
sent as a file to save, with a Chinese file name encoded by RFC 5987."""

from __future__ import annotations

from fazhi.core.web import docx_response, download_response, xlsx_response


def test_docx_response_sends_a_word_file_with_its_chinese_name() -> None:
    response = docx_response(b"PK\x03\x04word", "行政检查审批表.docx")
    assert response.status_code == 200
    assert response.content == b"PK\x03\x04word"
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    # 行政检查审批表 in UTF-8, percent-encoded
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''%E8%A1%8C%E6%94%BF%E6%A3%80%E6%9F%A5%E5%AE%A1%E6%89%B9%E8%A1%A8.docx"
    )


def test_xlsx_response_sends_a_workbook() -> None:
    response = xlsx_response(b"PK\x03\x04xl", "线上学时.xlsx")
    assert response.content == b"PK\x03\x04xl"
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''%E7%BA%BF%E4%B8%8A%E5%AD%A6%E6%97%B6.xlsx"


def test_a_plain_name_is_sent_as_it_is() -> None:
    response = docx_response(b"x", "legality-review-7.docx")
    assert response["Content-Disposition"] == 'attachment; filename="legality-review-7.docx"'


def test_a_name_cannot_break_out_of_the_header() -> None:
    # quotes, spaces and line breaks in a user's file name stay inside the one header value
    assert download_response(b"x", 'a"b.pdf', "application/pdf")["Content-Disposition"] == (
        'attachment; filename="a\\"b.pdf"'
    )
    crlf = download_response(b"x", "a\r\nSet-Cookie: x=1.pdf", "application/pdf")
    assert "\n" not in crlf["Content-Disposition"] and "\r" not in crlf["Content-Disposition"]
    assert crlf["Content-Disposition"] == "attachment; filename*=utf-8''a%0D%0ASet-Cookie%3A%20x%3D1.pdf"
