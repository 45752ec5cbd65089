"""Evidence of an inspection: its type read from the bytes, its size limited, its hash in the ledger."""

from __future__ import annotations

import os
from typing import IO, Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.accounts.scopes import user_or_none
from fazhi.core import crypto, files
from fazhi.core.errors import ValidationError
from fazhi.core.ledger import actor_of, ledger_append
from fazhi.core.text import text_limits
from fazhi.inspections.models import (
    Evidence,
    InspectionRecord,
)
from fazhi.inspections.onsite.checkin import _coordinate
from fazhi.inspections.onsite.checklist import _require_open, _require_team

# Files accepted as evidence, by their first bytes (never by the name the phone sends); an
# Office document is kept as the zip it is.
EVIDENCE_TYPES = frozenset({files.JPEG, files.PNG, files.PDF, files.WEBP, files.HEIC, files.ZIP})
# Cases also take the audio/video record of the whole procedure (全过程记录).
AUDIO_VIDEO_TYPES = frozenset({files.MP4, files.WAV, files.MP3})


def evidence_content_type(data: bytes, *, audio_video: bool = False) -> str:
    """The checks every evidence upload passes (inspections and cases): not empty, within
    FAZHI_EVIDENCE_MAX_BYTES, and a type read from the bytes, never from the name. Cases also
    take audio/video records (全过程记录)."""
    return files.upload_type(
        data,
        allowed=EVIDENCE_TYPES | AUDIO_VIDEO_TYPES if audio_video else EVIDENCE_TYPES,
        max_bytes=settings.FAZHI_EVIDENCE_MAX_BYTES,
        wrong_type=_("Only photos, PDF, Office documents and audio/video (MP4, WAV, MP3) are accepted.")
        if audio_video
        else _("Only photos (JPEG, PNG, WebP, HEIC), PDF and Office documents are accepted."),
    )


@text_limits(caption=(gettext_lazy("Caption"), 200), name=(gettext_lazy("File name"), 200))
def evidence_add(
    *,
    actor: Any,
    record: InspectionRecord,
    fh: IO[bytes],
    name: str,
    kind: str = Evidence.Kind.PHOTO,
    caption: str = "",
    seq: int | None = None,
    latitude: Any = None,
    longitude: Any = None,
) -> Evidence:
    """Store a photo or document; its hash (SHA-256 or SM3, FAZHI_LEDGER_ALGORITHM) goes into the
    ledger with the record, so a swapped file is detected."""
    _require_team(actor, record)
    _require_open(record)
    data = fh.read(settings.FAZHI_EVIDENCE_MAX_BYTES + 1)
    return _store_evidence(
        actor, record, data, name=name, kind=kind, caption=caption, seq=seq, latitude=latitude, longitude=longitude
    )


def _store_evidence(
    actor: Any,
    record: InspectionRecord,
    data: bytes,
    *,
    name: str,
    kind: str,
    caption: str = "",
    seq: int | None = None,
    latitude: Any = None,
    longitude: Any = None,
) -> Evidence:
    if kind not in Evidence.Kind.values:
        raise ValidationError(_("Unknown kind of evidence."), details={"kind": "choice"})
    content_type = evidence_content_type(data)
    answer = record.answers.filter(seq=seq).first() if seq else None
    algorithm = settings.FAZHI_LEDGER_ALGORITHM
    digest = crypto.digest(data, algorithm)
    base = os.path.basename(name or "evidence")[:120] or "evidence"
    with transaction.atomic():
        item = Evidence(
            record=record,
            answer=answer,
            kind=kind,
            original_name=base,
            content_type=content_type,
            size=len(data),
            digest=digest,
            algorithm=algorithm,
            caption=caption.strip()[:200],
            latitude=_coordinate(latitude),
            longitude=_coordinate(longitude),
            uploaded_by=user_or_none(actor),
        )
        item.file.save(f"{digest[:16]}{os.path.splitext(base)[1][:10]}", ContentFile(data), save=False)
        item.save()
        ledger_append(
            actor=actor_of(actor),
            verb="inspection.evidence",
            target=record,
            payload={"evidence": item.pk, "kind": kind, "name": base, "size": len(data), algorithm: digest},
        )
    return item


def evidence_intact(item: Evidence) -> bool:
    """Does the stored file still hash to what the ledger recorded?"""
    with item.file.open("rb") as fh:
        return crypto.constant_time_equal(crypto.digest(fh.read(), item.algorithm), item.digest)
