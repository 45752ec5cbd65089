"""What the publicity services share: dates, villages, photos checked by their first bytes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.accounts.models import Region

# Photos are accepted by their first bytes, never by the name or type the phone sends.
_IMAGES: list[tuple[bytes, int, str]] = [
    (b"\xff\xd8\xff", 0, "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", 0, "image/png"),
    (b"GIF87a", 0, "image/gif"),
    (b"GIF89a", 0, "image/gif"),
    (b"WEBP", 8, "image/webp"),
    (b"ftypheic", 4, "image/heic"),
    (b"ftypmif1", 4, "image/heic"),
]


def image_type(head: bytes) -> str | None:
    for magic, offset, kind in _IMAGES:
        if head[offset : offset + len(magic)] == magic:
            return kind
    return None


def check_photos(photos: list[Any], errors: dict[str, str]) -> list[tuple[Any, str, int]]:
    """Every photo an image of acceptable size, else one message naming the files at fault."""
    checked: list[tuple[Any, str, int]] = []
    bad: list[str] = []
    big: list[str] = []
    limit = settings.FAZHI_PUBLICITY_PHOTO_MAX_BYTES
    for f in photos:
        f.seek(0)
        head = f.read(16)
        f.seek(0)
        size = int(getattr(f, "size", 0) or 0)
        kind = image_type(head)
        name = str(getattr(f, "name", "") or "?")
        if kind is None:
            bad.append(name)
        elif size > limit:
            big.append(name)
        else:
            checked.append((f, kind, size))
    if bad:
        errors["photos"] = _("These files are not photos (JPEG, PNG, GIF, WebP or HEIC): %(names)s") % {
            "names": "、".join(bad)
        }
    elif big:
        errors["photos"] = _("These photos are larger than %(mb)d MB: %(names)s") % {
            "mb": limit // (1024 * 1024),
            "names": "、".join(big),
        }
    return checked


def not_future(day: dt.date | None, field: str, errors: dict[str, str]) -> None:
    if day is None:
        errors[field] = _("Enter the date.")
    elif day > timezone.localdate():
        errors[field] = _("The date cannot be in the future: an activity is recorded after it is held.")


def is_village(region: Region | None) -> bool:
    return region is not None and region.level == Region.Level.VILLAGE


def village_error(region: Region | None, field: str, errors: dict[str, str]) -> None:
    if not is_village(region):
        errors[field] = _("Choose a village or community.")
