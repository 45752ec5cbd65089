"""What the publicity services share: dates, villages, photos checked by their first bytes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.accounts.models import Region
from fazhi.core import files
from fazhi.core.errors import ValidationError

# Photos are accepted by their first bytes, never by the name or type the phone sends.
PHOTO_TYPES = frozenset({files.JPEG, files.PNG, files.GIF, files.WEBP, files.HEIC})


def check_photos(photos: list[Any], errors: dict[str, str]) -> list[tuple[Any, str, int]]:
    """Every photo an image of acceptable size, else one message naming the files at fault."""
    checked: list[tuple[Any, str, int]] = []
    bad: list[str] = []
    big: list[str] = []
    limit = settings.FAZHI_PUBLICITY_PHOTO_MAX_BYTES
    not_photos = _("These files are not photos (JPEG, PNG, GIF, WebP or HEIC): %(names)s")
    for f in photos:
        f.seek(0)
        head = f.read(16)
        size = getattr(f, "size", None)
        if size is None:  # a plain file object: measure it
            size = f.seek(0, 2)
        f.seek(0)
        name = str(getattr(f, "name", "") or "?")
        try:
            kind = files.upload_type(
                head, allowed=PHOTO_TYPES, max_bytes=limit, size=size, wrong_type=not_photos % {"names": name}
            )
        except ValidationError as exc:
            # a large file that is not a photo either is named as not a photo, the first thing to fix
            photo_too_large = exc.details == {"file": "too_large"} and files.sniff(head, PHOTO_TYPES) is not None
            (big if photo_too_large else bad).append(name)
        else:
            checked.append((f, kind, size))
    if bad:
        errors["photos"] = not_photos % {"names": "、".join(bad)}
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
