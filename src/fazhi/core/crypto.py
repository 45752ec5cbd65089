"""The one place that knows algorithms: MAC and hashing with SHA-256 (default) or SM3.

Issue 7 extends this module with encryption (AES-256-GCM / SM4-GCM); callers only name an
algorithm string, never a primitive.
"""

from __future__ import annotations

import hashlib
import hmac as std_hmac

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import hmac as c_hmac

ALGORITHMS = ("sha256", "sm3")


def mac(key: bytes, message: bytes, algorithm: str = "sha256") -> str:
    """Hex HMAC of ``message``. SHA-256 uses the stdlib (fast path); SM3 uses ``cryptography``."""
    if algorithm == "sha256":
        return std_hmac.new(key, message, hashlib.sha256).hexdigest()
    if algorithm == "sm3":
        h = c_hmac.HMAC(key, hashes.SM3())
        h.update(message)
        return h.finalize().hex()
    raise ValueError(f"unknown algorithm {algorithm!r}; choose one of {ALGORITHMS}")


def digest(data: bytes, algorithm: str = "sha256") -> str:
    if algorithm == "sha256":
        return hashlib.sha256(data).hexdigest()
    if algorithm == "sm3":
        h = hashes.Hash(hashes.SM3())
        h.update(data)
        return h.finalize().hex()
    raise ValueError(f"unknown algorithm {algorithm!r}; choose one of {ALGORITHMS}")


def constant_time_equal(a: str, b: str) -> bool:
    return std_hmac.compare_digest(a.encode(), b.encode())


# --- encryption at rest ------------------------------------------------------------------------
# A value is stored as "fz1$<key id>$<cipher>$<base64(nonce ‖ ciphertext ‖ tag)>". The associated
# data binds it to its column, so a ciphertext copied into another column does not decrypt.

CIPHERS = ("aes-256-gcm", "sm4-gcm")
PREFIX = "fz1$"


class DecryptionError(ValueError):
    pass


def _key(key_id: str, cipher: str) -> bytes:
    from django.conf import settings

    try:
        raw = bytes.fromhex(settings.FAZHI_DATA_KEYS[key_id])
    except KeyError as exc:
        raise DecryptionError(f"data key {key_id!r} is not configured") from exc
    if cipher == "sm4-gcm":  # SM4 takes 128 bits: derived, not truncated
        return bytes.fromhex(mac(raw, b"fazhi sm4-gcm key", "sm3"))[:16]
    return raw


def _aead(cipher: str, key: bytes, nonce: bytes, data: bytes, aad: bytes, *, encrypt: bool) -> bytes:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    if cipher == "aes-256-gcm":
        try:
            return AESGCM(key).encrypt(nonce, data, aad) if encrypt else AESGCM(key).decrypt(nonce, data, aad)
        except InvalidTag as exc:
            raise DecryptionError("the value was altered or belongs elsewhere") from exc
    if cipher == "sm4-gcm":
        if encrypt:
            enc = Cipher(algorithms.SM4(key), modes.GCM(nonce)).encryptor()
            enc.authenticate_additional_data(aad)
            return enc.update(data) + enc.finalize() + enc.tag
        body, tag = data[:-16], data[-16:]
        dec = Cipher(algorithms.SM4(key), modes.GCM(nonce, tag)).decryptor()
        dec.authenticate_additional_data(aad)
        try:
            return dec.update(body) + dec.finalize()
        except InvalidTag as exc:
            raise DecryptionError("the value was altered or belongs elsewhere") from exc
    raise ValueError(f"unknown cipher {cipher!r}; choose one of {CIPHERS}")


def encrypt(plaintext: str, *, aad: str, key_id: str | None = None, cipher: str | None = None) -> str:
    import base64
    import os

    from django.conf import settings

    key_id = key_id or settings.FAZHI_DATA_KEY_ID
    cipher = cipher or settings.FAZHI_DATA_CIPHER
    nonce = os.urandom(12)
    sealed = _aead(cipher, _key(key_id, cipher), nonce, plaintext.encode(), aad.encode(), encrypt=True)
    return f"{PREFIX}{key_id}${cipher}${base64.b64encode(nonce + sealed).decode()}"


def decrypt(stored: str, *, aad: str) -> str:
    import base64
    import binascii

    if not stored.startswith(PREFIX):
        return stored  # written before encryption was switched on; `fazhi keys rotate` seals it
    try:
        _, key_id, cipher, body = stored.split("$", 3)
        raw = base64.b64decode(body, validate=True)
    except (ValueError, binascii.Error) as exc:
        raise DecryptionError("malformed encrypted value") from exc
    return _aead(cipher, _key(key_id, cipher), raw[:12], raw[12:], aad.encode(), encrypt=False).decode()


def key_id_of(stored: str) -> str | None:
    return stored.split("$", 2)[1] if stored.startswith(PREFIX) else None


def blind_index(value: str, *, purpose: str) -> str:
    """HMAC of the normalised value with the blind-index key: equal values give equal indexes, so
    an exact lookup works on an indexed column without decrypting (ID numbers, phones)."""
    from django.conf import settings

    normalised = "".join(value.split()).upper()
    return mac(bytes.fromhex(settings.FAZHI_BLIND_INDEX_KEY), f"{purpose}:{normalised}".encode(), "sha256")
