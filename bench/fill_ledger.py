"""Append entries to the ledger through the real append path until it holds N."""

from __future__ import annotations

import os
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")
django.setup()

from django.db import transaction  # noqa: E402

from fazhi.core.ledger import SYSTEM, Event, ledger_append_many  # noqa: E402
from fazhi.core.models import LedgerEntry  # noqa: E402


def main(target: int) -> None:
    have = LedgerEntry.objects.count()
    start = time.perf_counter()
    while have < target:
        n = min(20000, target - have)
        with transaction.atomic():
            ledger_append_many(
                actor=SYSTEM,
                events=[
                    Event(
                        verb="enterprise.update",
                        target_type="registry.enterprise",
                        target_id=str(i),
                        target_label=f"企业{i}",
                        payload={"changes": {"risk_grade": ["low", "high"]}, "n": i},
                    )
                    for i in range(have, have + n)
                ],
            )
        have += n
    print(f"ledger holds {have} entries (filled in {time.perf_counter() - start:.0f} s)", file=sys.stderr)


if __name__ == "__main__":
    main(int(sys.argv[1]))
