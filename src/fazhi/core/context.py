"""Request facts that services record in the ledger without every caller passing them."""

from __future__ import annotations

from contextvars import ContextVar

client_ip: ContextVar[str] = ContextVar("fazhi_client_ip", default="")
