"""Build workbooks for import tests."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook


def workbook(header: Sequence[Any], rows: Sequence[Sequence[Any]], merge: str | None = None) -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    if merge:
        ws.merge_cells(merge)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    return buf


def header(kind: str) -> list[str]:
    from fazhi.registry.imports import IMPORTERS

    return [c.zh() for c in IMPORTERS[kind].columns]
