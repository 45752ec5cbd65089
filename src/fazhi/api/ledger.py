"""The ledger's signed head, for a second server to keep (issue 15.10, core/anchor.py).

Any organisation's token may fetch it: it carries a sequence number and a MAC, nothing of the
entries, and the more places keep it the harder history is to rewrite unnoticed.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from fazhi.api.schemas import ERRORS
from fazhi.core.anchor import ledger_head_signed

router = Router(tags=["ledger"])


class LedgerHeadOut(Schema):
    format: str
    seq: int
    mac: str
    at: str
    date: str
    public_key: str
    signature: str


@router.get("/ledger/head", response={200: LedgerHeadOut, **ERRORS})
def ledger_head(request: HttpRequest) -> Any:
    """Today's signed head of the ledger chain: keep it; `fazhi ledger verify --against` checks it."""
    return ledger_head_signed()
