"""Issue 15.10: the chain anchored outside the host, and the labels covered by the MAC."""

from __future__ import annotations

import hashlib
import hmac
import json
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from fazhi.core.anchor import ledger_anchor_write, ledger_head_signed, ledger_verify_against, read_heads
from fazhi.core.ledger import SYSTEM, Actor, Event, ledger_append_many, ledger_verify
from fazhi.core.models import LedgerEntry
from tests.test_ledger import _triggers_in_place, behind_the_back  # noqa: F401 - the fixture is used

pytestmark = pytest.mark.django_db

ORG = Actor(id=None, name="someone", org_unit_id=7, org_unit_name="峰灵镇人民政府")


def _append(n: int, actor: Actor = SYSTEM) -> None:
    ledger_append_many(
        actor=actor,
        events=[
            Event(verb="test.event", target_id=str(i), target_label=f"企业{i}", payload={"i": i}) for i in range(n)
        ],
    )


@pytest.mark.parametrize("column", ["target_label", "org_unit_name"])
def test_the_labels_a_reader_sees_are_covered(column: str) -> None:
    _append(4, ORG)
    with behind_the_back() as c:
        c.execute(f"UPDATE core_ledgerentry SET {column} = '别人' WHERE seq = 2")  # noqa: S608 - fixed names
    result = ledger_verify()
    assert not result.ok and result.broken_seq == 2


def test_a_new_entry_mac_is_recomputable_by_hand() -> None:
    _append(1, ORG)
    e = LedgerEntry.objects.get(seq=1)
    assert e.algorithm == "sha256/2"
    created = e.created_at.astimezone(__import__("datetime").UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    fields = [1, created, None, "someone", 7, "test.event", "", "0", e.payload, e.ip, "sha256/2", e.key_id]
    fields += ["0" * 64, "峰灵镇人民政府", "企业0"]
    message = json.dumps(fields, ensure_ascii=False, separators=(",", ":")).encode()
    key = bytes.fromhex(settings.FAZHI_LEDGER_KEYS[e.key_id])
    assert hmac.new(key, message, hashlib.sha256).hexdigest() == e.mac


def test_older_entries_keep_verifying_under_format_one() -> None:
    """Entries written before format 2 cover 13 fields; the chain stays whole across the change."""
    key_id = settings.FAZHI_LEDGER_KEY_ID
    key = bytes.fromhex(settings.FAZHI_LEDGER_KEYS[key_id])
    from django.utils import timezone

    now = timezone.now()
    created = now.astimezone(__import__("datetime").UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    fields = [1, created, None, "system", None, "old.event", "", "", "{}", "", "sha256", key_id, "0" * 64]
    mac = hmac.new(key, json.dumps(fields, separators=(",", ":")).encode(), hashlib.sha256).hexdigest()
    LedgerEntry.objects.create(
        seq=1,
        created_at=now,
        actor_name="system",
        verb="old.event",
        payload="{}",
        algorithm="sha256",
        key_id=key_id,
        prev_mac="0" * 64,
        mac=mac,
        target_label="not covered in format 1",
    )
    from fazhi.core.models import LedgerHead

    LedgerHead.objects.update_or_create(pk=1, defaults={"seq": 1, "mac": mac})
    _append(2)
    assert ledger_verify().ok


def test_the_head_is_signed_and_checks_out(tmp_path: Path) -> None:
    _append(3)
    head = ledger_head_signed()
    assert head["seq"] == 3 and head["mac"] == LedgerEntry.objects.get(seq=3).mac
    signed = {k: head[k] for k in ("format", "seq", "mac", "at", "date", "public_key")}
    body = json.dumps(signed, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    Ed25519PublicKey.from_public_bytes(bytes.fromhex(head["public_key"])).verify(
        bytes.fromhex(head["signature"]), body
    )  # raises when the signature does not hold
    path = ledger_anchor_write(tmp_path)
    assert path.name == f"ledger-head-{head['date']}.json"
    _append(2)  # entries after the anchor are fine
    result = ledger_verify_against(read_heads(tmp_path))
    assert result.ok and result.checked == 5


def test_a_rewritten_history_with_the_key_is_caught_by_the_kept_head(tmp_path: Path) -> None:
    """Whoever holds the server and its key rewrites entry 2 and recomputes every MAC after it:
    the chain verifies, the head kept elsewhere does not."""
    _append(4)
    ledger_anchor_write(tmp_path)
    key = bytes.fromhex(settings.FAZHI_LEDGER_KEYS[settings.FAZHI_LEDGER_KEY_ID])
    from fazhi.core.ledger import _entry_bytes

    with behind_the_back() as c:
        c.execute("UPDATE core_ledgerentry SET payload = '{\"i\":99}' WHERE seq = 2")
    prev = LedgerEntry.objects.get(seq=1).mac
    for seq in (2, 3, 4):
        e = LedgerEntry.objects.get(seq=seq)
        e.prev_mac = prev
        mac = hmac.new(key, _entry_bytes(e), hashlib.sha256).hexdigest()
        with behind_the_back() as c:
            c.execute("UPDATE core_ledgerentry SET prev_mac = %s, mac = %s WHERE seq = %s", [prev, mac, seq])
        prev = mac
    from fazhi.core.models import LedgerHead

    LedgerHead.objects.update(mac=prev)
    assert ledger_verify().ok  # the rewrite is invisible to the chain alone
    result = ledger_verify_against(read_heads(tmp_path))
    assert not result.ok and result.broken_seq == 4
    assert "改写" in result.reason or "rewritten" in result.reason


def test_a_forged_or_truncated_head_is_refused(tmp_path: Path) -> None:
    _append(2)
    head = ledger_head_signed()
    forged = dict(head, seq=1, mac=LedgerEntry.objects.get(seq=1).mac)  # signature no longer matches
    assert not ledger_verify_against([forged]).ok
    other = Ed25519PrivateKey.generate()
    assert not ledger_verify_against([dict(head, signature=other.sign(b"x").hex())]).ok
    later = dict(head)
    with behind_the_back() as c:
        c.execute("DELETE FROM core_ledgerentry WHERE seq = 2")
    assert not ledger_verify_against([later]).ok


def test_commands_anchor_and_verify_against(tmp_path: Path, capsys: Any) -> None:
    _append(3)
    call_command("ledger", "anchor", "--dir", str(tmp_path))
    assert "第 3 条" in capsys.readouterr().out
    call_command("ledger", "verify", "--against", str(tmp_path))
    out = capsys.readouterr().out
    assert "账本完整" in out and "1 个外部保存的账本头一致" in out
    bad = tmp_path / "bad.json"
    bad.write_text("not json at all {", encoding="utf-8")
    with pytest.raises(SystemExit) as exc:
        from fazhi.cli import main

        main(["ledger", "verify", "--against", str(bad)])
    assert exc.value.code == 2
    assert "无法读取外部保存的账本头" in capsys.readouterr().err


def test_the_api_serves_the_signed_head(world: Any) -> None:
    from fazhi.accounts.services import api_token_create

    _append(2)
    _, raw = api_token_create(actor=world["head_a"], name="县司法局备份服务器", system=True)
    response = Client().get("/api/v1/ledger/head", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200
    head = response.json()
    assert head["seq"] == LedgerEntry.objects.order_by("-seq").first().seq  # type: ignore[union-attr]
    assert ledger_verify_against([head]).ok
    assert Client().get("/api/v1/ledger/head").status_code == 401
