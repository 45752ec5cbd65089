"""The crypto interface: known answers for SM3 and SM4, sealed fields, key rotation, blind index."""

from __future__ import annotations

from typing import Any

import pytest
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.db import connection
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from fazhi.core import crypto, keys
from fazhi.registry.models import EnterpriseContact, Officer
from tests.factories import ContactFactory


def test_sm3_known_answer() -> None:
    # GB/T 32905-2016, example 1: "abc"
    assert crypto.digest(b"abc", "sm3") == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"


def test_sm4_known_answer() -> None:
    # GB/T 32907-2016, example 1: key = plaintext = 0123456789abcdeffedcba9876543210
    block = bytes.fromhex("0123456789abcdeffedcba9876543210")
    enc = Cipher(algorithms.SM4(block), modes.ECB()).encryptor()  # noqa: S305 - one block, as the standard states it
    assert (enc.update(block) + enc.finalize()).hex() == "681edf34d206965e86b3e94f536e4246"


@hsettings(max_examples=50, deadline=None)
@given(text=st.text(max_size=200), cipher=st.sampled_from(crypto.CIPHERS))
def test_encrypt_round_trip(text: str, cipher: str) -> None:
    sealed = crypto.encrypt(text, aad="t.c", cipher=cipher)
    assert sealed.startswith("fz1$") and f"${cipher}$" in sealed
    assert crypto.decrypt(sealed, aad="t.c") == text
    assert crypto.encrypt(text, aad="t.c", cipher=cipher) != sealed  # a fresh nonce every time


def test_tampered_or_moved_values_do_not_decrypt() -> None:
    sealed = crypto.encrypt("13812345678", aad="registry.officer.phone")
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(sealed, aad="registry.enterprisecontact.phone")  # copied into another column
    body = sealed[:-4] + ("AAAA" if sealed[-4:] != "AAAA" else "BBBB")
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(body, aad="registry.officer.phone")


def test_blind_index_matches_exact_values_only() -> None:
    a = crypto.blind_index("500238 19900101 1234", purpose="id_number")
    assert a == crypto.blind_index("500238199001011234", purpose="id_number")
    assert a != crypto.blind_index("500238199001011235", purpose="id_number")
    assert a != crypto.blind_index("500238199001011234", purpose="phone")


@pytest.mark.django_db
def test_phones_are_sealed_in_the_database_and_rotate(world: Any, settings: Any, tmp_path: Any) -> None:
    ContactFactory(enterprise=world.ent_a, phone="13900001111")
    with connection.cursor() as cur:
        cur.execute("SELECT phone FROM registry_enterprisecontact WHERE phone <> ''")
        raw = [r[0] for r in cur.fetchall()]
    assert raw and all(v.startswith("fz1$1$aes-256-gcm$") for v in raw)
    assert not any("13900001111" in v for v in raw)
    assert "13900001111" in EnterpriseContact.objects.values_list("phone", flat=True)
    settings.FAZHI_DATA_KEYS = {**settings.FAZHI_DATA_KEYS, "2": "ab" * 32}
    settings.FAZHI_DATA_KEY_ID = "2"
    settings.FAZHI_DATA_CIPHER = "sm4-gcm"
    changed = keys.rotate()
    assert changed >= EnterpriseContact.objects.count() + Officer.objects.exclude(phone="").count()
    status = keys.status()
    assert set(status["registry.enterprisecontact.phone"]) == {"2"}
    assert "13900001111" in EnterpriseContact.objects.values_list("phone", flat=True)
    assert keys.rotate() == 0  # nothing left to re-seal
