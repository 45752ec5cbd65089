"""Attachments to a draft: the drafting office uploads them while the decision is drafted; each
file must be what its name says (PDF, Word .docx, Excel .xlsx, JPEG, PNG — read from the bytes),
within the size limit (core.files reads the type); its hash goes into the ledger."""

from __future__ import annotations

import os
from typing import IO, Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import user_or_none
from fazhi.core import crypto, files
from fazhi.core.errors import ValidationError
from fazhi.core.text import refuse
from fazhi.decisions.access import require_area
from fazhi.decisions.models import Attachment, Decision
from fazhi.decisions.services.common import log, require_drafting

MAX_BYTES_DEFAULT = 20 * 1024 * 1024

# extension → the content type its bytes must be
TYPES: dict[str, str] = {
    ".pdf": files.PDF,
    ".docx": files.DOCX,
    ".xlsx": files.XLSX,
    ".jpg": files.JPEG,
    ".jpeg": files.JPEG,
    ".png": files.PNG,
}


def max_bytes() -> int:
    return int(getattr(settings, "FAZHI_DECISION_ATTACHMENT_MAX_BYTES", MAX_BYTES_DEFAULT))


def check_file(name: str, data: bytes) -> tuple[str, str]:
    """(clean name, content type) or a ValidationError listing every problem."""
    errors: dict[str, str] = {}
    base = os.path.basename(name.replace("\\", "/")).strip()[:120]
    ext = os.path.splitext(base)[1].lower()
    if ext not in TYPES:
        errors["file"] = _("Attach a PDF, Word (.docx), Excel (.xlsx), JPEG or PNG file.")
    else:
        try:
            files.upload_type(
                data,
                allowed={TYPES[ext]},
                max_bytes=max_bytes(),
                wrong_type=_("The file “%(name)s” is not what its name says: its content is not a %(ext)s file.")
                % {"name": base, "ext": ext.lstrip(".").upper()},
            )
        except ValidationError as exc:
            errors["file"] = exc.message
    refuse(errors)
    return base, TYPES[ext]


def attachment_add(*, actor: Any, decision: Decision, fh: IO[bytes], name: str) -> Attachment:
    """Attach a file to the draft (the drafting office, while the decision is drafted)."""
    require_area(actor, decision.region, Perm.DECISION_DRAFT)
    require_drafting(decision, _("Attaching a file"))
    data = fh.read(max_bytes() + 1)
    base, content_type = check_file(name, data)
    algorithm = settings.FAZHI_LEDGER_ALGORITHM
    digest = crypto.digest(data, algorithm)
    with transaction.atomic():
        item = Attachment(
            decision=decision,
            original_name=base,
            content_type=content_type,
            size=len(data),
            digest=digest,
            algorithm=algorithm,
            uploaded_by=user_or_none(actor),
        )
        item.file.save(f"{digest[:16]}{os.path.splitext(base)[1].lower()}", ContentFile(data), save=False)
        item.save()
        log(actor, "attached", decision, attachment=item.pk, name=base, size=len(data), **{algorithm: digest})
    return item


def attachment_bytes(item: Attachment) -> bytes:
    """The stored file, refused if it no longer hashes to what the ledger recorded."""
    with item.file.open("rb") as fh:
        data = fh.read()
    if not crypto.constant_time_equal(crypto.digest(data, item.algorithm), item.digest):
        raise ValidationError(_("The stored file does not match its recorded hash; tell the administrator."))
    return data
