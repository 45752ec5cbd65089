"""The home page's totals for the inspections app's to-do lists (issue 24): each is the count of
the list's own selector, so the page never counts (a figure of the owning app)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fazhi.inspections.selectors.plans import approvals_waiting, my_inspections, returned_visits
from fazhi.inspections.selectors.records import (
    approvals_afterwards_waiting,
    filings_waiting,
    publications_waiting,
    rectifications_due,
)


def approvals_waiting_count(*, user: Any) -> int:
    return approvals_waiting(user=user).count()


def returned_visits_count(*, user: Any) -> int:
    return returned_visits(user=user).count()


def filings_waiting_count(*, user: Any) -> int:
    return filings_waiting(user=user).count()


def rectifications_due_count(*, user: Any) -> int:
    return rectifications_due(user=user).count()


def publications_waiting_count(*, user: Any) -> int:
    return publications_waiting(user=user).count()


def my_inspections_count(*, user: Any, start: dt.date) -> int:
    return my_inspections(user=user, start=start).count()


def approvals_afterwards_waiting_count(*, user: Any) -> int:
    return approvals_afterwards_waiting(user=user).count()
