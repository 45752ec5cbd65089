"""Server-side masking (domain-rules §8): phone 3+4, ID number 3+4. Never send the full value."""

from __future__ import annotations

import re


def mask_phone(value: str | None) -> str:
    if not value:
        return ""
    digits = value.strip()
    if len(digits) <= 7:
        return "*" * len(digits)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


def mask_id_number(value: str | None) -> str:
    if not value:
        return ""
    v = value.strip()
    if len(v) <= 7:
        return "*" * len(v)
    return v[:3] + "*" * (len(v) - 7) + v[-4:]


def mask_name(value: str | None) -> str:
    """Natural persons' names on public pages: keep the surname (张**)."""
    if not value:
        return ""
    return value[0] + "*" * (len(value) - 1)


_MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")


def mask_free_text(value: str | None) -> str:
    """Free text typed by people (complaints, notes, findings) may carry a mobile or ID number:
    masked wherever it is shown."""
    if not value:
        return ""
    text = _ID_NUMBER.sub(lambda m: mask_id_number(m.group(0)), value)
    return _MOBILE.sub(lambda m: mask_phone(m.group(0)), text)
