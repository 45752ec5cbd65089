"""The audit ledger (全过程记录): append inside the caller's transaction, verify the chain.

Every service that changes data calls :func:`ledger_append` (or :func:`ledger_append_many`) in the
same transaction as the change, so a change and its record commit or roll back together.
Appends are serialised by locking the single :class:`LedgerHead` row, so the chain never forks.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core import crypto
from fazhi.core.context import client_ip
from fazhi.core.models import LedgerEntry, LedgerHead

GENESIS = "0" * 64


@dataclass(frozen=True)
class Actor:
    """Who did it: a user, or the system (``id=None``) for commands and background jobs."""

    id: int | None
    name: str
    org_unit_id: int | None = None
    org_unit_name: str = ""


SYSTEM = Actor(id=None, name="system")


@dataclass
class Event:
    verb: str
    target_type: str = ""
    target_id: str = ""
    target_label: str = ""
    payload: Mapping[str, Any] = field(default_factory=dict)


def actor_of(user: Any) -> Actor:
    """The ledger's view of a user (or of ``None``: the system)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return SYSTEM
    org = getattr(user, "org_unit", None)
    return Actor(
        id=user.pk,
        name=user.get_username(),
        org_unit_id=org.pk if org else None,
        org_unit_name=org.name if org else "",
    )


def _keys() -> dict[str, bytes]:
    return {k: bytes.fromhex(v) for k, v in settings.FAZHI_LEDGER_KEYS.items()}


def _iso(dt: datetime) -> str:
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


# The fields the MAC covers, in this order (everything but the MAC itself).
COVERED = (
    "seq",
    "created_at",
    "actor_id",
    "actor_name",
    "org_unit_id",
    "verb",
    "target_type",
    "target_id",
    "payload",
    "ip",
    "algorithm",
    "key_id",
    "prev_mac",
    # Since format 2 (issue 15.10) the labels a reader sees are covered too: changing who an
    # organisation was, or what a target was called, breaks the MAC like any other field.
    "org_unit_name",
    "target_label",
)
_SEQ, _CREATED, _ALGORITHM, _KEY_ID, _PREV = 0, 1, 10, 11, 12
_V1_FIELDS = 13  # format 1 (entries written before format 2) covers the first 13 fields only
FORMAT = 2


def stored_algorithm(algorithm: str) -> str:
    """The ``algorithm`` column of a new entry: the hash and the format ("sha256/2"). The column
    is itself covered by the MAC, so an entry cannot be downgraded to the older format."""
    return f"{algorithm}/{FORMAT}"


def _split_algorithm(stored: str) -> tuple[str, int]:
    base, _sep, version = stored.partition("/")
    return base, int(version) if version.isdigit() else 1


def canonical(values: Sequence[Any]) -> bytes:
    """The exact bytes the MAC covers: the ``COVERED`` values as a JSON array (unambiguous field
    boundaries), the time in UTC with microseconds; format-1 entries cover the first 13 only."""
    items = list(values)
    items[_CREATED] = _iso(items[_CREATED])
    if _split_algorithm(items[_ALGORITHM])[1] < 2:
        items = items[:_V1_FIELDS]
    return json.dumps(items, ensure_ascii=False, separators=(",", ":")).encode()


def _payload_text(payload: Mapping[str, Any]) -> str:
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def ledger_append_many(*, actor: Actor, events: Iterable[Event]) -> list[LedgerEntry]:
    """Append events in order; must run inside the caller's transaction (it opens one if not)."""
    events = list(events)
    if not events:
        return []
    algorithm = settings.FAZHI_LEDGER_ALGORITHM
    key_id = settings.FAZHI_LEDGER_KEY_ID
    key = _keys()[key_id]
    ip = client_ip.get()
    now = timezone.now()
    with transaction.atomic():
        head = _locked_head()
        seq, prev = head.seq, head.mac or GENESIS
        rows = []
        for ev in events:
            seq += 1
            text = _payload_text(ev.payload)
            entry = LedgerEntry(
                seq=seq,
                created_at=now,
                actor_id=actor.id,
                actor_name=actor.name[:150],
                org_unit_id=actor.org_unit_id,
                org_unit_name=actor.org_unit_name[:200],
                verb=ev.verb,
                target_type=ev.target_type,
                target_id=str(ev.target_id),
                target_label=ev.target_label[:200],
                payload=text,
                ip=ip,
                algorithm=stored_algorithm(algorithm),
                key_id=key_id,
                prev_mac=prev,
            )
            entry.mac = crypto.mac(key, _entry_bytes(entry), algorithm)
            prev = entry.mac
            rows.append(entry)
        LedgerEntry.objects.bulk_create(rows, batch_size=1000)
        LedgerHead.objects.filter(pk=1).update(seq=seq, mac=prev)
    return rows


def ledger_append(
    *,
    actor: Actor,
    verb: str,
    target: Any = None,
    payload: Mapping[str, Any] | None = None,
    target_type: str = "",
    target_id: str = "",
    target_label: str = "",
) -> LedgerEntry:
    """Append one event. ``target`` may be a model instance (type, id and label are taken from it)."""
    if target is not None:
        target_type = target_type or target._meta.label_lower
        target_id = target_id or str(target.pk)
        target_label = target_label or str(target)
    ev = Event(
        verb=verb,
        target_type=target_type,
        target_id=target_id,
        target_label=target_label,
        payload=payload or {},
    )
    return ledger_append_many(actor=actor, events=[ev])[0]


def _locked_head() -> LedgerHead:
    # PostgreSQL: the row lock queues concurrent appenders. SQLite ignores FOR UPDATE, but its
    # IMMEDIATE transactions already hold the database write lock from BEGIN.
    head = LedgerHead.objects.select_for_update().filter(pk=1).first()
    if head is None:  # migration 0002 creates the row; only an emptied (flushed) database lacks it
        LedgerHead.objects.get_or_create(pk=1)
        head = LedgerHead.objects.select_for_update().get(pk=1)
    return head


def _entry_bytes(e: LedgerEntry) -> bytes:
    return canonical([getattr(e, name) for name in COVERED])


@dataclass
class VerifyResult:
    ok: bool
    checked: int
    broken_seq: int | None = None
    reason: str = ""


def _rows(chunk: int) -> Iterator[tuple[Any, ...]]:
    """All entries in seq order, streamed by keyset pages (bounded memory, any database)."""
    last = -1
    while True:
        page = list(LedgerEntry.objects.filter(seq__gt=last).order_by("seq").values_list(*COVERED, "mac")[:chunk])
        if not page:
            return
        yield from page
        last = page[-1][0]


def ledger_verify(*, chunk: int = 20000) -> VerifyResult:
    """Recompute every MAC and check the links, the sequence and the head.

    Finds: an edited entry (its MAC no longer matches), a deleted entry (a gap in ``seq`` or a
    broken link), an inserted entry (a MAC made without the key), a truncated tail (the head
    records a later entry than the last one present).
    """
    keys = _keys()
    expected_seq = 1
    prev = GENESIS
    checked = 0
    for row in _rows(chunk):
        *covered, mac = row
        seq, prev_mac, key_id = covered[_SEQ], covered[_PREV], covered[_KEY_ID]
        if seq != expected_seq:
            return VerifyResult(
                False,
                checked,
                expected_seq,
                _("entry #%(n)d is missing (the next present is #%(next)d)") % {"n": expected_seq, "next": seq},
            )
        if prev_mac != prev:
            return VerifyResult(
                False, checked, seq, _("entry #%(n)d does not link to entry #%(prev)d") % {"n": seq, "prev": seq - 1}
            )
        key = keys.get(key_id)
        if key is None:
            return VerifyResult(
                False, checked, seq, _("entry #%(n)d names an unknown key id %(key)s") % {"n": seq, "key": key_id}
            )
        message = canonical(covered)
        algorithm = _split_algorithm(covered[_ALGORITHM])[0]
        if not crypto.constant_time_equal(crypto.mac(key, message, algorithm), mac):
            return VerifyResult(
                False, checked, seq, _("entry #%(n)d was altered (its MAC does not match)") % {"n": seq}
            )
        prev = mac
        expected_seq += 1
        checked += 1
    head = LedgerHead.objects.filter(pk=1).first()
    head_seq = head.seq if head else 0
    if head_seq != checked or (head and head.mac and head.mac != prev):
        return VerifyResult(
            False,
            checked,
            checked + 1 if head_seq > checked else head_seq,
            _("the ledger head records entry #%(head)d but the chain ends at #%(last)d")
            % {"head": head_seq, "last": checked},
        )
    return VerifyResult(True, checked)
