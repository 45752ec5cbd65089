from __future__ import annotations

import threading
from typing import Any

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from fazhi.core.ledger import SYSTEM, Event, ledger_append, ledger_append_many, ledger_verify
from fazhi.core.models import LedgerEntry, LedgerHead
from tests.dbutil import set_ledger_triggers

pytestmark = pytest.mark.django_db


def _append(n: int) -> None:
    ledger_append_many(
        actor=SYSTEM, events=[Event(verb="test.event", target_id=str(i), payload={"i": i}) for i in range(n)]
    )


@pytest.fixture(autouse=True)
def _triggers_in_place(db: Any) -> None:
    """A transactional test drops the triggers so the database can be flushed; put them back."""
    set_ledger_triggers(True)


class behind_the_back:
    """Run raw SQL the way an intruder with database access would: the append-only triggers
    are dropped for the statement and restored afterwards."""

    def __enter__(self) -> Any:
        with connection.cursor() as c:
            if connection.vendor == "postgresql":
                c.execute("ALTER TABLE core_ledgerentry DISABLE TRIGGER USER")
            else:
                c.execute("DROP TRIGGER core_ledgerentry_no_update")
                c.execute("DROP TRIGGER core_ledgerentry_no_delete")
        return connection.cursor()

    def __exit__(self, *exc: Any) -> None:
        with connection.cursor() as c:
            if connection.vendor == "postgresql":
                c.execute("ALTER TABLE core_ledgerentry ENABLE TRIGGER USER")
            else:
                from fazhi.core.migrations import _ledger_sql

                for sql in _ledger_sql.SQLITE:
                    c.execute(sql)


def test_chain_of_appends_verifies() -> None:
    _append(25)
    result = ledger_verify(chunk=7)  # several pages
    assert result.ok, result.reason
    assert result.checked == 25
    head = LedgerHead.objects.get()
    assert head.seq == 25
    assert head.mac == LedgerEntry.objects.get(seq=25).mac


def test_entries_link_to_their_predecessor() -> None:
    _append(3)
    e1, e2, e3 = LedgerEntry.objects.order_by("seq")
    assert e2.prev_mac == e1.mac and e3.prev_mac == e2.mac
    assert len({e1.mac, e2.mac, e3.mac}) == 3


def test_payload_is_canonical_json() -> None:
    entry = ledger_append(actor=SYSTEM, verb="x", payload={"b": 1, "a": "中文"})
    assert entry.payload == '{"a":"中文","b":1}'


def test_application_cannot_update_or_delete() -> None:
    _append(2)
    entry = LedgerEntry.objects.first()
    assert entry is not None
    with pytest.raises(TypeError):
        entry.save()
    with pytest.raises(TypeError):
        entry.delete()
    with pytest.raises(TypeError):
        LedgerEntry.objects.filter(seq=1).update(verb="x")
    with pytest.raises(TypeError):
        LedgerEntry.objects.all().delete()


@pytest.mark.parametrize(
    "sql",
    ["UPDATE core_ledgerentry SET verb = 'x' WHERE seq = 1", "DELETE FROM core_ledgerentry WHERE seq = 1"],
)
def test_database_refuses_raw_update_and_delete(sql: str) -> None:
    _append(2)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as c:
        c.execute(sql)
    assert LedgerEntry.objects.get(seq=1).verb == "test.event"


@pytest.mark.parametrize(
    ("sql", "broken"),
    [
        ("UPDATE core_ledgerentry SET payload = '{\"i\":99}' WHERE seq = 4", 4),
        ("UPDATE core_ledgerentry SET actor_name = 'someone' WHERE seq = 2", 2),
        ("DELETE FROM core_ledgerentry WHERE seq = 5", 5),
        ("DELETE FROM core_ledgerentry WHERE seq = 8", 8),  # the tail: caught by the head
        ("UPDATE core_ledgerentry SET seq = seq + 100 WHERE seq >= 6", 6),
    ],
)
def test_tampering_is_found_at_the_first_broken_entry(sql: str, broken: int) -> None:
    _append(8)
    with behind_the_back() as c:
        c.execute(sql)
    result = ledger_verify()
    assert not result.ok
    assert result.broken_seq == broken


def test_inserted_forged_entry_is_found() -> None:
    _append(3)
    last = LedgerEntry.objects.get(seq=3)
    LedgerEntry.objects.create(
        seq=4,
        created_at=last.created_at,
        verb="forged",
        payload="{}",
        algorithm="sha256",
        key_id="1",
        prev_mac=last.mac,
        mac="0" * 64,
    )
    LedgerHead.objects.update(seq=4, mac="0" * 64)
    result = ledger_verify()
    assert not result.ok and result.broken_seq == 4


def test_verify_command_exit_codes(capsys: Any) -> None:
    _append(5)
    call_command("ledger", "verify")
    assert "5" in capsys.readouterr().out
    with behind_the_back() as c:
        c.execute("UPDATE core_ledgerentry SET verb = 'x' WHERE seq = 3")
    with pytest.raises(SystemExit) as exc:
        from fazhi.cli import main

        main(["ledger", "verify"])
    assert exc.value.code == 1
    assert "第 3 条记录被改动" in capsys.readouterr().err


def test_sm3_chain(settings: Any) -> None:
    settings.FAZHI_LEDGER_ALGORITHM = "sm3"
    _append(3)
    settings.FAZHI_LEDGER_ALGORITHM = "sha256"
    _append(2)
    assert list(LedgerEntry.objects.values_list("algorithm", flat=True)) == ["sm3/2"] * 3 + ["sha256/2"] * 2
    assert ledger_verify().ok


def test_key_rotation_keeps_old_entries_verifiable(settings: Any) -> None:
    _append(2)
    settings.FAZHI_LEDGER_KEYS = {**settings.FAZHI_LEDGER_KEYS, "2": "ab" * 32}
    settings.FAZHI_LEDGER_KEY_ID = "2"
    _append(2)
    assert ledger_verify().ok
    settings.FAZHI_LEDGER_KEYS = {"2": "ab" * 32}
    result = ledger_verify()
    assert not result.ok and result.broken_seq == 1


def test_rolled_back_change_leaves_no_entry() -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        ledger_append(actor=SYSTEM, verb="will.rollback")
        raise RuntimeError
    assert not LedgerEntry.objects.exists()
    assert LedgerHead.objects.get().seq == 0
    assert ledger_verify().ok


@pytest.fixture
def flushable(transactional_db: Any) -> Any:
    yield
    set_ledger_triggers(False)  # the test database is emptied after this test; the ledger must allow it


def test_concurrent_appends_never_fork(flushable: Any) -> None:
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            for _ in range(10):
                with transaction.atomic():
                    ledger_append(actor=SYSTEM, verb="concurrent")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert LedgerEntry.objects.count() == 40
    assert ledger_verify().ok
