"""Supervision's background jobs: the incremental warning checks after a committed change.

Registered in ``SupervisionConfig.ready`` on the events inspections and cases emit (``core.hooks``);
each is idempotent (warnings are keyed per fact), retried on failure and listed for the system
administrator when it still fails — the officer's write is never failed by a warning check."""

from __future__ import annotations

from fazhi.core.hooks import retried_task


@retried_task
def check_enterprise(*, record_id: int, enterprise_id: int) -> None:
    """An inspection record of the enterprise changed: its rules again."""
    from fazhi.supervision import engine

    engine.check_enterprise(enterprise_id)


@retried_task
def check_case(*, case_id: int) -> None:
    """A case step committed: its deadlines again (the daily scan catches deadlines passing)."""
    from fazhi.supervision import case_rules

    case_rules.check_case(case_id)
