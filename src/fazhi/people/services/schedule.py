"""Visits by rule (domain-rules §7; rules as settings, FAZHI_PEOPLE_VISIT_RULES).

A category names its rule. ``mental`` (severe mental disorder, 精神卫生法): every ``days`` (91: at
least four a year), or within ``unstable_days`` (14) while the latest danger level is at least
``unstable_level`` (3). ``quarter`` (cult-related, the township's 每季度必访): once in each calendar
quarter — due by the last day of the quarter after the one last visited (of the current quarter
when never visited). ``plan`` (community corrections): the interval of the file's corrections
plan, else the rule's ``days``. Anything else: ``default``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings


def _quarter_end(day: dt.date) -> dt.date:
    month = ((day.month - 1) // 3) * 3 + 3
    nxt = dt.date(day.year + (month == 12), month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def next_due(file: Any, *, today: dt.date) -> dt.date | None:
    """When the next visit of ``file`` is due, from its rule, last visit and danger level."""
    if file.status != "active":
        return None
    rules = settings.FAZHI_PEOPLE_VISIT_RULES
    rule = rules.get(file.category.visit_rule) or rules["default"]
    last = file.last_visit_on
    if rule.get("quarter"):
        if last is None:
            return _quarter_end(today)
        return _quarter_end(_quarter_end(last) + dt.timedelta(days=1))
    days = int(rule.get("days", rules["default"]["days"]))
    if file.category.visit_rule == "plan" and file.plan_interval_days:
        days = int(file.plan_interval_days)
    unstable = rule.get("unstable_level")
    if unstable is not None and file.danger_level is not None and file.danger_level >= int(unstable):
        days = int(rule["unstable_days"])
        # an unstable assessment made after the last visit counts from the assessment
    start = last or today
    return start + dt.timedelta(days=days)


def requires_assessment(file: Any) -> bool:
    """Every visit of a severe-mental-disorder file carries a danger assessment."""
    return "unstable_level" in (settings.FAZHI_PEOPLE_VISIT_RULES.get(file.category.visit_rule) or {})
