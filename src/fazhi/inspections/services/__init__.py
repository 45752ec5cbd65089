"""Writes for plans and coordination: checked against the law's rules (domain-rules §1), audited.

One module per sub-domain: ``plans`` (plan items and caps), ``coordination`` (the run and a change
after approval), ``approval`` (approve, return, re-submit, cancel); callers import from here.
"""

from __future__ import annotations

from fazhi.core.clock import month_end, month_start, next_month
from fazhi.inspections.services.approval import (
    approvals_approve_all,
    can_approve,
    cancel_visit,
    joint_inspection_approve,
    joint_inspection_cancel,
    joint_inspection_resubmit,
    joint_inspection_return,
)
from fazhi.inspections.services.coordination import build_problem, coordination_run_create, joint_inspection_replan
from fazhi.inspections.services.plans import (
    CAPPED,
    DEAD_ITEMS,
    frequency_cap_set,
    parse_month,
    plan_item_add,
    plan_item_late_decide,
    plan_item_withdraw,
)

__all__ = [
    "CAPPED",
    "DEAD_ITEMS",
    "approvals_approve_all",
    "build_problem",
    "can_approve",
    "cancel_visit",
    "coordination_run_create",
    "frequency_cap_set",
    "joint_inspection_approve",
    "joint_inspection_cancel",
    "joint_inspection_replan",
    "joint_inspection_resubmit",
    "joint_inspection_return",
    "month_end",
    "month_start",
    "next_month",
    "parse_month",
    "plan_item_add",
    "plan_item_late_decide",
    "plan_item_withdraw",
]
