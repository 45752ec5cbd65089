"""core.files: an upload's type read from its bytes (never its name), its size limited; the one
check inspection and case evidence, decision attachments and publicity photos all call."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.utils import translation

from fazhi.core import files
from fazhi.core.errors import ValidationError

JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
GIF = b"GIF89a" + b"\x00" * 32
PDF = b"%PDF-1.7\n" + b"\x00" * 32
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 32
WAV = b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x00" * 32
HEIC = b"\x00\x00\x00\x18ftypheic" + b"\x00" * 32
MIF1 = b"\x00\x00\x00\x18ftypmif1" + b"\x00" * 32
MP4 = b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 32
MP3 = b"ID3\x04\x00" + b"\x00" * 32

ALL = {
    "image/jpeg",
    "image/png",
    "image/gif",
    "image/webp",
    "image/heic",
    "application/pdf",
    "application/zip",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "video/mp4",
    "audio/wav",
    "audio/mpeg",
}
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _zip(*parts: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for part in parts:
            z.writestr(part, "<x/>")
    return out.getvalue()


DOCX = _zip("[Content_Types].xml", "word/document.xml")
XLSX = _zip("[Content_Types].xml", "xl/workbook.xml")
PLAIN_ZIP = _zip("readme.txt")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (JPEG, "image/jpeg"),
        (PNG, "image/png"),
        (GIF, "image/gif"),
        (b"GIF87a" + b"\x00" * 8, "image/gif"),
        (PDF, "application/pdf"),
        (WEBP, "image/webp"),
        (WAV, "audio/wav"),
        (HEIC, "image/heic"),
        (MIF1, "image/heic"),
        (MP4, "video/mp4"),
        (MP3, "audio/mpeg"),
        (DOCX, DOCX_TYPE),
        (XLSX, XLSX_TYPE),
        (PLAIN_ZIP, "application/zip"),
    ],
)
def test_each_type_is_read_from_its_bytes(data: bytes, expected: str) -> None:
    assert files.sniff(data, ALL) == expected


@pytest.mark.parametrize("data", [b"", b"<script>alert(1)</script>", b"MZ\x90\x00\x03", b"\x00" * 64])
def test_bytes_of_no_known_type_are_none(data: bytes) -> None:
    assert files.sniff(data, ALL) is None


def test_only_an_allowed_type_is_returned() -> None:
    assert files.sniff(PNG, {"image/jpeg"}) is None
    assert files.sniff(GIF, {"image/jpeg", "image/png"}) is None
    assert files.sniff(MP4, {"image/heic"}) is None  # an ISO box that is no HEIC photo
    assert files.sniff(WAV, {"image/webp"}) is None  # a RIFF that is no WebP


def test_where_two_types_match_the_narrower_wins() -> None:
    # an HEIC photo is also an ISO "ftyp" file, a WebP also a RIFF, an Office file also a zip
    assert files.sniff(HEIC, {"video/mp4", "image/heic"}) == "image/heic"
    assert files.sniff(HEIC, {"video/mp4"}) == "video/mp4"
    assert files.sniff(WEBP, {"audio/wav", "image/webp"}) == "image/webp"
    assert files.sniff(DOCX, {"application/zip", DOCX_TYPE}) == DOCX_TYPE
    assert files.sniff(DOCX, {"application/zip"}) == "application/zip"


def test_an_office_file_is_told_from_another_zip_by_its_parts() -> None:
    assert files.sniff(XLSX, {DOCX_TYPE}) is None
    assert files.sniff(DOCX, {XLSX_TYPE}) is None
    assert files.sniff(XLSX, {XLSX_TYPE, "application/zip"}) == XLSX_TYPE
    assert files.sniff(DOCX, {XLSX_TYPE, "application/zip"}) == "application/zip"
    assert files.sniff(PLAIN_ZIP, {DOCX_TYPE, XLSX_TYPE}) is None
    # the parts without the package's table of content types are not an Office file
    assert files.sniff(_zip("word/document.xml"), {DOCX_TYPE}) is None
    # a Word file cut off (more than the limit was not read) is not one either
    assert files.sniff(DOCX[:-30], {DOCX_TYPE}) is None


def test_upload_type_returns_the_type_read() -> None:
    assert files.upload_type(PNG, allowed={"image/png"}, max_bytes=1024, wrong_type="x") == "image/png"
    # the head of a file is enough when its size is given
    assert (
        files.upload_type(JPEG[:16], allowed={"image/jpeg"}, max_bytes=1024, size=1000, wrong_type="x") == "image/jpeg"
    )


def test_upload_type_refuses_an_empty_file_in_chinese() -> None:
    with translation.override("zh-hans"), pytest.raises(ValidationError) as exc:
        files.upload_type(b"", allowed={"image/png"}, max_bytes=1024, wrong_type="x")
    assert exc.value.message == "文件为空。"
    assert exc.value.details == {"file": "empty"}
    with pytest.raises(ValidationError) as exc:
        files.upload_type(PNG[:16], allowed={"image/png"}, max_bytes=1024, size=0, wrong_type="x", field="photo")
    assert exc.value.details == {"photo": "empty"}


def test_upload_type_refuses_a_file_over_the_limit_in_chinese() -> None:
    limit = 2 * 1024 * 1024
    with translation.override("zh-hans"), pytest.raises(ValidationError) as exc:
        files.upload_type(PNG, allowed={"image/png"}, max_bytes=limit, size=limit + 1, wrong_type="x")
    assert exc.value.message == "文件超过 2 MB。"
    assert exc.value.details == {"file": "too_large"}
    # exactly at the limit is accepted
    assert files.upload_type(PNG, allowed={"image/png"}, max_bytes=limit, size=limit, wrong_type="x") == "image/png"


def test_the_size_is_checked_before_the_type() -> None:
    # a caller reads max_bytes + 1 bytes: a cut-off Word file is refused as too large, not as "not Word"
    with pytest.raises(ValidationError) as exc:
        files.upload_type(DOCX[:-30], allowed={DOCX_TYPE}, max_bytes=len(DOCX) - 31, wrong_type="x")
    assert exc.value.details == {"file": "too_large"}


def test_upload_type_refuses_the_wrong_type_with_the_callers_message() -> None:
    with pytest.raises(ValidationError) as exc:
        files.upload_type(PDF, allowed={"image/png", "image/jpeg"}, max_bytes=1024, wrong_type="只接受照片。")
    assert exc.value.message == "只接受照片。"
    assert exc.value.details == {"file": "type"}
