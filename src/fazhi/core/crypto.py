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
