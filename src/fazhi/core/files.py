"""Uploads checked by their bytes, never by the name or the type the phone or browser sends.

One table of signatures serves every app that takes files (inspection and case evidence, a
decision's attachments, publicity photos); each caller says which types it accepts and keeps its
own message for a file of the wrong type."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Collection

from django.utils.translation import gettext as _

from fazhi.core.errors import ValidationError

JPEG = "image/jpeg"
PNG = "image/png"
GIF = "image/gif"
WEBP = "image/webp"
HEIC = "image/heic"
PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ZIP = "application/zip"
MP4 = "video/mp4"
WAV = "audio/wav"
MP3 = "audio/mpeg"

ZIP_MAGIC = b"PK\x03\x04"

# (content type, first bytes, at offset), tried in this order: where two signatures can both
# match, the narrower comes first (an HEIC photo is also an ISO "ftyp" box like an MP4; a Word or
# Excel file is also a zip), so a caller that accepts both gets the narrower type.
_SIGNATURES: list[tuple[str, bytes, int]] = [
    (JPEG, b"\xff\xd8\xff", 0),
    (PNG, b"\x89PNG\r\n\x1a\n", 0),
    (GIF, b"GIF87a", 0),
    (GIF, b"GIF89a", 0),
    (PDF, b"%PDF-", 0),
    (WEBP, b"WEBP", 8),
    (HEIC, b"ftypheic", 4),
    (HEIC, b"ftypmif1", 4),
    (DOCX, ZIP_MAGIC, 0),
    (XLSX, ZIP_MAGIC, 0),
    (ZIP, ZIP_MAGIC, 0),
    (MP4, b"ftyp", 4),
    (WAV, b"RIFF", 0),
    (MP3, b"ID3", 0),
]

# An Office Open XML package is a zip with these parts; any other zip is not one.
_OFFICE_PART = {DOCX: "word/document.xml", XLSX: "xl/workbook.xml"}


def _office_kind(data: bytes) -> str | None:
    """DOCX or XLSX for an Office Open XML package, None for any other zip or broken bytes."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = set(z.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    return next((kind for kind, part in _OFFICE_PART.items() if part in names), None)


def sniff(data: bytes, allowed: Collection[str]) -> str | None:
    """The first of the ``allowed`` content types the bytes carry the signature of, or None.

    Images, PDF, zip and audio/video need only the first 16 bytes; telling a Word or Excel file
    from another zip needs the whole file (its table of contents is at the end)."""
    office: str | None = None  # the zip's Office kind ("" for none), read once, when first needed
    for kind, magic, offset in _SIGNATURES:
        if kind not in allowed or data[offset : offset + len(magic)] != magic:
            continue
        if kind in _OFFICE_PART:
            if office is None:
                office = _office_kind(data) or ""
            if office != kind:
                continue
        return kind
    return None


def upload_type(
    data: bytes,
    *,
    allowed: Collection[str],
    max_bytes: int,
    wrong_type: str,
    size: int | None = None,
    field: str = "file",
) -> str:
    """The content type of an upload read from its bytes, or a ValidationError whose Chinese
    message says what is wrong: the file is empty, larger than ``max_bytes``, or not one of the
    ``allowed`` types (``wrong_type``, the caller's message naming what it accepts).

    ``data`` may be only the head of the file when ``size`` gives its length and no Office type
    is allowed; ``details`` is ``{field: "empty" | "too_large" | "type"}``. The size is checked
    before the type: a caller reads at most ``max_bytes + 1`` bytes, and a cut-off Word file
    would otherwise be refused as the wrong type."""
    size = len(data) if size is None else size
    if size <= 0:
        raise ValidationError(_("The file is empty."), details={field: "empty"})
    if size > max_bytes:
        raise ValidationError(
            _("The file is larger than %(mb)d MB.") % {"mb": max_bytes // (1024 * 1024)},
            details={field: "too_large"},
        )
    found = sniff(data, allowed)
    if found is None:
        raise ValidationError(wrong_type, details={field: "type"})
    return found
