"""Drawn signatures: is there a signature in the PNG the signature pad sent?

An empty canvas is a transparent (or white) PNG like any other, so "a PNG arrived" proves nothing:
the pixels are decoded (zlib and the PNG filters, no imaging library) and the ink counted — dark,
visible pixels. Too little ink is no signature.
"""

from __future__ import annotations

import struct
import zlib

SIGNATURE = b"\x89PNG\r\n\x1a\n"
MAX_SIDE = 4096  # a phone's or desktop's signature pad is far smaller; bounds the decompressed size
_CHANNELS = {0: 1, 2: 3, 4: 2, 6: 4}  # grey, RGB, grey+alpha, RGBA (8 bits each)


class NotAPng(ValueError):
    """The bytes are not a PNG this module reads (8-bit, not interlaced, not palette)."""


def ink_pixels(png: bytes) -> tuple[int, int]:
    """(ink pixels, all pixels) of an 8-bit PNG: a pixel is ink when it is visible (alpha ≥ 128)
    and dark (the mean of its colour below 160)."""
    if not png.startswith(SIGNATURE):
        raise NotAPng("not a PNG")
    pos, header, idat = 8, b"", []
    while pos + 8 <= len(png):
        (length,) = struct.unpack(">I", png[pos : pos + 4])
        kind, body = png[pos + 4 : pos + 8], png[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
    if len(header) != 13 or not idat:
        raise NotAPng("no header or no image data")
    width, height, depth, colour, _compression, _filter, interlace = struct.unpack(">IIBBBBB", header)
    if depth != 8 or colour not in _CHANNELS or interlace or not (0 < width <= MAX_SIDE and 0 < height <= MAX_SIDE):
        raise NotAPng("unsupported PNG")
    channels = _CHANNELS[colour]
    stride = width * channels
    expected = (stride + 1) * height
    inflater = zlib.decompressobj()
    try:
        raw = inflater.decompress(b"".join(idat), expected + 1)
    except zlib.error as exc:
        raise NotAPng("damaged image data") from exc
    if len(raw) != expected:
        raise NotAPng("truncated image data")
    ink = 0
    previous = bytearray(stride)
    previous_blank = True
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        if kind > 4:
            raise NotAPng("bad filter")
        if previous_blank and not any(line):
            previous = line  # zero in, zero out, whatever the filter: a blank row
            continue
        _unfilter(kind, line, previous, channels)
        previous, previous_blank = line, not any(line)
        ink += _count_ink(line, colour, channels)
    return ink, width * height


def has_signature(png: bytes, *, min_pixels: int = 60, min_share: float = 0.002) -> bool:
    """Enough ink for a signature: at least ``min_pixels`` and ``min_share`` of the pad."""
    ink, total = ink_pixels(png)
    return ink >= max(min_pixels, min_share * total)


def _unfilter(kind: int, line: bytearray, previous: bytearray, bpp: int) -> None:
    if kind == 1:  # Sub
        for i in range(bpp, len(line)):
            line[i] = (line[i] + line[i - bpp]) & 0xFF
    elif kind == 2:  # Up
        for i in range(len(line)):
            line[i] = (line[i] + previous[i]) & 0xFF
    elif kind == 3:  # Average
        for i in range(len(line)):
            left = line[i - bpp] if i >= bpp else 0
            line[i] = (line[i] + ((left + previous[i]) >> 1)) & 0xFF
    elif kind == 4:  # Paeth
        for i in range(len(line)):
            a = line[i - bpp] if i >= bpp else 0
            b = previous[i]
            c = previous[i - bpp] if i >= bpp else 0
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF


def _count_ink(line: bytearray, colour: int, channels: int) -> int:
    ink = 0
    for x in range(0, len(line), channels):
        if colour == 6:
            r, g, b, alpha = line[x], line[x + 1], line[x + 2], line[x + 3]
            dark = r + g + b < 480
        elif colour == 2:
            r, g, b, alpha = line[x], line[x + 1], line[x + 2], 255
            dark = r + g + b < 480
        elif colour == 4:
            dark, alpha = line[x] < 160, line[x + 1]
        else:
            dark, alpha = line[x] < 160, 255
        if dark and alpha >= 128:
            ink += 1
    return ink


def png_rgba(width: int, height: int, ink: set[tuple[int, int]]) -> bytes:
    """A transparent PNG with black pixels at ``ink`` — the demo's drawn signatures."""
    rows = bytearray()
    for y in range(height):
        rows.append(0)
        for x in range(width):
            rows.extend(b"\x00\x00\x00\xff" if (x, y) in ink else b"\x00\x00\x00\x00")

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return SIGNATURE + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(bytes(rows))) + chunk(b"IEND", b"")


def sample_signature(seed: int = 0) -> str:
    """A drawn-looking scribble as the pad's data URL (the demo county's officers sign with it)."""
    import base64
    import math

    width, height = 300, 120
    ink: set[tuple[int, int]] = set()
    for step in range(600):
        t = step / 600
        x = int(20 + t * 260)
        y = int(60 + 30 * math.sin(t * 12 + seed) * math.cos(t * 3))
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                ink.add((x + dx, y + dy))
    return "data:image/png;base64," + base64.b64encode(png_rgba(width, height, ink)).decode()
