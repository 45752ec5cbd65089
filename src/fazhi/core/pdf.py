"""PDF copies of Word documents (a county prints and seals them): LibreOffice headless converts a
.docx. Used by the case documents and the annual report, each in a background task.

Fonts: the documents name 仿宋/宋体; LibreOffice runs with ``core/fontconfig/fonts.conf``, which maps
them to Debian's Noto CJK (``fonts-noto-cjk``) and embeds the font in the PDF. No PDF without
LibreOffice: a clear message, never a 500.
"""

from __future__ import annotations

import os
import shutil
import subprocess  # nosec B404: runs LibreOffice, a fixed program with fixed arguments
import tempfile
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from fazhi.core.errors import ValidationError

FONTS_CONF = Path(__file__).resolve().parent / "fontconfig" / "fonts.conf"


class PdfUnavailable(ValidationError):
    """LibreOffice is not installed on the server."""


def soffice() -> str | None:
    """The LibreOffice program, or None when it is not installed."""
    return shutil.which(settings.FAZHI_SOFFICE)


def unavailable_message() -> str:
    return str(
        _(
            "PDF copies need LibreOffice on the server, which is not installed: download the Word file and "
            "print it, or ask the system administrator to install libreoffice-writer-nogui and fonts-noto-cjk."
        )
    )


def docx_to_pdf(data: bytes) -> bytes:
    """Convert a .docx with LibreOffice headless (a profile of its own, so conversions never share a lock)."""
    exe = soffice()
    if exe is None:
        raise PdfUnavailable(unavailable_message(), code="pdf_unavailable")
    with tempfile.TemporaryDirectory(prefix="fazhi-pdf-") as tmp:
        src = Path(tmp) / "document.docx"
        src.write_bytes(data)
        env = {**os.environ, "FONTCONFIG_FILE": str(FONTS_CONF), "HOME": tmp}
        subprocess.run(  # noqa: S603  (fixed program and arguments, the file is ours)
            [
                exe,
                f"-env:UserInstallation=file://{tmp}/profile",
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
                tmp,
                str(src),
            ],
            env=env,
            check=True,
            capture_output=True,
            timeout=settings.FAZHI_PDF_TIMEOUT_SECONDS,
        )
        out = Path(tmp) / "document.pdf"
        if not out.exists():
            raise RuntimeError("LibreOffice wrote no PDF")
        return out.read_bytes()
