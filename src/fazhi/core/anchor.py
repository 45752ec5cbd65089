"""Anchoring the ledger outside the host (issue 15.10).

The HMAC chain proves that nobody *without the key* changed an entry. Whoever holds the server holds
the key too, and could rewrite history and recompute every MAC. So the chain's head is published:
every day a small signed, dated head (``seq`` and ``mac`` of the last entry) is written to
``$FAZHI_VAR_DIR/anchors/`` and served at ``GET /api/v1/ledger/head``, for the justice bureau or a
second server to keep. ``fazhi ledger verify --against HEADS`` then proves that the entry each kept
head names still has the MAC it had that day: since each MAC covers the one before it, nothing at or
before an anchored entry has changed since the day it was anchored.

The head is signed with an Ed25519 key of its own (``ledger_anchor_key``), so a keeper can show
which server issued it; the public key travels inside the head.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core.ledger import GENESIS, VerifyResult, ledger_verify
from fazhi.core.models import LedgerEntry, LedgerHead

FORMAT = "fazhi-ledger-anchor/1"
SIGNED_FIELDS = ("format", "seq", "mac", "at", "date", "public_key")


def _private_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(bytes.fromhex(settings.FAZHI_LEDGER_ANCHOR_KEY))


def public_key_hex() -> str:
    return _private_key().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw).hex()


def _signed_bytes(head: dict[str, Any]) -> bytes:
    body = {k: head[k] for k in SIGNED_FIELDS}
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def ledger_head_signed() -> dict[str, Any]:
    """The current head of the chain, dated and signed: what a keeper stores."""
    head = LedgerHead.objects.filter(pk=1).first()
    now = timezone.now()
    anchored: dict[str, Any] = {
        "format": FORMAT,
        "seq": head.seq if head else 0,
        "mac": (head.mac if head else "") or GENESIS,
        "at": now.isoformat(),
        "date": timezone.localdate(now).isoformat(),
        "public_key": public_key_hex(),
    }
    anchored["signature"] = _private_key().sign(_signed_bytes(anchored)).hex()
    return anchored


def ledger_anchor_write(directory: Path | None = None) -> Path:
    """Write today's signed head to ``directory`` (default ``$FAZHI_VAR_DIR/anchors``); one file a
    day, rewritten when anchored again that day."""
    head = ledger_head_signed()
    target = Path(directory) if directory else settings.VAR_DIR / "anchors"
    target.mkdir(parents=True, exist_ok=True)
    path = target / f"ledger-head-{head['date']}.json"
    path.write_text(json.dumps(head, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path


def signature_valid(head: dict[str, Any]) -> bool:
    try:
        key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(str(head["public_key"])))
        key.verify(bytes.fromhex(str(head["signature"])), _signed_bytes(head))
    except (InvalidSignature, KeyError, ValueError, TypeError):
        return False
    return True


class AnchorFileError(ValueError):
    """A kept-heads file that cannot be read (named in Chinese for the command)."""


def read_heads(path: Path) -> list[dict[str, Any]]:
    """Kept heads from a file (one JSON head, a JSON list, or one head per line) or a directory
    of such files."""
    files = sorted(p for p in path.glob("*.json")) if path.is_dir() else [path]
    heads: list[dict[str, Any]] = []
    for file in files:
        try:
            text = file.read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as exc:
            raise AnchorFileError(_("Cannot read %(file)s: %(error)s") % {"file": file, "error": exc}) from exc
        try:
            data = json.loads(text) if text else []
        except json.JSONDecodeError:
            try:
                data = [json.loads(line) for line in text.splitlines() if line.strip()]
            except json.JSONDecodeError as exc:
                raise AnchorFileError(
                    _("%(file)s is not a ledger head file (JSON): %(error)s") % {"file": file, "error": exc}
                ) from exc
        items = data if isinstance(data, list) else [data]
        for item in items:
            if not isinstance(item, dict) or item.get("format") != FORMAT:
                raise AnchorFileError(_("%(file)s holds something that is not a ledger head.") % {"file": file})
            heads.append(item)
    if not heads:
        raise AnchorFileError(_("No ledger heads found in %(path)s.") % {"path": path})
    return heads


@dataclass
class AnchorResult(VerifyResult):
    anchors: int = 0
    latest_anchor: str = ""


def ledger_verify_against(heads: list[dict[str, Any]]) -> AnchorResult:
    """The chain is intact (``ledger_verify``) and every kept head still matches its entry."""
    chain = ledger_verify()
    if not chain.ok:
        return AnchorResult(chain.ok, chain.checked, chain.broken_seq, chain.reason)
    ordered = sorted(heads, key=lambda h: (int(h.get("seq", 0)), str(h.get("at", ""))))
    for head in ordered:
        day = str(head.get("date", "?"))
        if not signature_valid(head):
            return AnchorResult(
                False, chain.checked, None, _("the head kept for %(day)s is not validly signed") % {"day": day}
            )
        seq, mac = int(head["seq"]), str(head["mac"])
        if seq == 0:
            continue  # anchored before the first entry: nothing to compare
        stored = LedgerEntry.objects.filter(seq=seq).values_list("mac", flat=True).first()
        if stored is None:
            return AnchorResult(
                False,
                chain.checked,
                seq,
                _("entry #%(n)d, anchored on %(day)s, is no longer in the ledger") % {"n": seq, "day": day},
            )
        if stored != mac:
            return AnchorResult(
                False,
                chain.checked,
                seq,
                _("the ledger up to entry #%(n)d was rewritten after %(day)s (its MAC differs from the anchored one)")
                % {"n": seq, "day": day},
            )
    latest = max(ordered, key=lambda h: int(h["seq"]))
    return AnchorResult(True, chain.checked, anchors=len(ordered), latest_anchor=str(latest.get("date", "")))
