"""Access logging of sensitive reads, and the retention of logs (等保: ≥ 184 days, then archived).

Reads that reveal personal data (a complainant's full number, evidence files) call :func:`log_read`
with the reason the reader gave. ``fazhi retention archive`` moves access-log rows older than the
retention period into a gzip JSON-lines file under ``$FAZHI_VAR_DIR/archive`` — its hash and row
count go into the ledger first — and copies the ledger's own old entries there too (the ledger
itself is append-only: nothing is ever deleted from it).
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core.context import client_ip
from fazhi.core.errors import ValidationError
from fazhi.core.ledger import SYSTEM, actor_of, ledger_append
from fazhi.core.models import AccessLog, LedgerEntry


def log_read(*, user: Any, target: Any, reason: str, label: str = "") -> AccessLog:
    reason = reason.strip()
    if len(reason) < 2:
        raise ValidationError(_("State why you need to see this (it is logged)."), details={"reason": "required"})
    actor = actor_of(user)
    return AccessLog.objects.create(
        user_id=actor.id,
        username=actor.name,
        org_unit_name=actor.org_unit_name,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        target_label=(label or str(target))[:200],
        reason=reason[:300],
        ip=client_ip.get(),
    )


def retention_days() -> int:
    return max(184, int(settings.FAZHI_LOG_RETENTION_DAYS))


def archive(*, today: dt.date | None = None) -> dict[str, Any]:
    """Archive what is older than the retention period; returns the file and counts."""
    today = today or timezone.localdate()
    cutoff = timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=retention_days()), dt.time()))
    old_access = AccessLog.objects.filter(created_at__lt=cutoff).order_by("pk")
    previous = LedgerEntry.objects.filter(verb="logs.archived").order_by("-seq").first()
    through = json.loads(previous.payload).get("ledger_through_seq", 0) if previous else 0
    old_ledger = LedgerEntry.objects.filter(created_at__lt=cutoff, seq__gt=through).order_by("seq")
    if not old_access.exists() and not old_ledger.exists():
        return {"file": "", "sha256": "", "deleted_access_log": 0, "access_log": 0, "ledger": 0}
    folder = Path(settings.VAR_DIR) / "archive"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"logs-before-{cutoff:%Y%m%d}-{timezone.localtime():%Y%m%d%H%M%S}.jsonl.gz"
    counts = {"access_log": 0, "ledger": 0}
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        for row in old_access.values().iterator():
            fh.write(json.dumps({"kind": "access_log", **row}, ensure_ascii=False, default=str) + "\n")
            counts["access_log"] += 1
        for entry in old_ledger.values().iterator():
            fh.write(json.dumps({"kind": "ledger", **entry}, ensure_ascii=False, default=str) + "\n")
            counts["ledger"] += 1
            through = max(through, entry["seq"])
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    with transaction.atomic():
        ledger_append(
            actor=SYSTEM,
            verb="logs.archived",
            target_type="archive",
            target_id=path.name,
            payload={"before": cutoff.isoformat(), "sha256": digest, "ledger_through_seq": through, **counts},
        )
        deleted, _details = old_access.delete()  # archived and hashed above; the ledger stays whole
    return {"file": str(path), "sha256": digest, "deleted_access_log": deleted, **counts}
