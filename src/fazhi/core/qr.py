"""QR codes as SVG (segno, drawn on the server: no outside service).

One form for every use: a complete SVG document — the SVG namespace (without it a browser does not
draw a served ``image/svg+xml`` at all: the task code showed as a broken image), a white
background and the standard's four-module quiet zone (scannable on any page colour), width and
height plus a viewBox (an ``<img width=200>`` scales it instead of cropping it). The same text is
served as a file and put inline into pages.
"""

from __future__ import annotations

import io

import segno

BORDER = 4  # modules of quiet zone (ISO/IEC 18004)


def qr_svg(data: str, *, scale: int = 6) -> str:
    """An SVG QR code of ``data`` (error correction M: survives a smudged poster)."""
    code = segno.make(data, error="m")
    out = io.BytesIO()
    code.save(out, kind="svg", scale=scale, border=BORDER, xmldecl=False, svgns=True, nl=False, light="#fff")
    width, height = code.symbol_size(scale=scale, border=BORDER)
    svg = out.getvalue().decode()
    return svg.replace("<svg ", f'<svg viewBox="0 0 {width} {height}" ', 1)
