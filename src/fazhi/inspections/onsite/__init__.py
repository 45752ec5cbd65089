"""Writes for inspections as carried out: scan check-in, no-code and remote inspections, the unified
checklist, evidence, signatures, the result and its follow-up, the rating and the API push. Each
refuses what the law forbids (domain-rules §1–2) and says why; each change goes into the ledger in
its own transaction.

One module per step (``checkin``, ``records``, ``checklist``, ``evidence``, ``signatures``,
``finish``, ``rating``, ``push``); callers import the names from here. The ``can_*`` predicates say
what a page may offer; the services still refuse on their own.
"""

from __future__ import annotations

from fazhi.inspections.onsite.checkin import (
    ScanVerdict,
    can_replace_code,
    check_in,
    enterprise_code_replace,
    enterprise_url,
    min_officers,
    officer_of,
    scan_verdict,
    task_url,
)
from fazhi.inspections.onsite.checklist import (
    absent_bodies,
    answer_checked,
    answer_set,
    can_edit,
    can_record_section,
    is_on_team,
    section_refusal,
)
from fazhi.inspections.onsite.evidence import evidence_add, evidence_content_type, evidence_intact
from fazhi.inspections.onsite.finish import can_recheck, recheck, record_finish
from fazhi.inspections.onsite.push import PushedAnswer, record_push
from fazhi.inspections.onsite.rating import quarter_after, quarter_of, rating_add
from fazhi.inspections.onsite.records import can_file, no_code_file, record_remote, record_without_code
from fazhi.inspections.onsite.remote_visit import (
    can_approve_afterwards,
    can_start_remote,
    needs_approval_afterwards,
    record_approve_afterwards,
    remote_record_start,
    remote_window,
)
from fazhi.inspections.onsite.signatures import (
    absent_sections,
    section_sign,
    sections_of,
    signers_label,
    unsigned_sections,
)

__all__ = [
    "PushedAnswer",
    "ScanVerdict",
    "absent_bodies",
    "absent_sections",
    "answer_checked",
    "answer_set",
    "can_approve_afterwards",
    "can_edit",
    "can_file",
    "can_recheck",
    "can_record_section",
    "can_replace_code",
    "can_start_remote",
    "check_in",
    "enterprise_code_replace",
    "enterprise_url",
    "evidence_add",
    "evidence_content_type",
    "evidence_intact",
    "is_on_team",
    "min_officers",
    "needs_approval_afterwards",
    "no_code_file",
    "officer_of",
    "quarter_after",
    "quarter_of",
    "rating_add",
    "recheck",
    "record_approve_afterwards",
    "record_finish",
    "record_push",
    "record_remote",
    "record_without_code",
    "remote_record_start",
    "remote_window",
    "scan_verdict",
    "section_refusal",
    "section_sign",
    "sections_of",
    "signers_label",
    "task_url",
    "unsigned_sections",
]
