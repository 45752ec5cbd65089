"""Writes to the training records: each checks permission and scope, validates (every error at
once, in Chinese), writes in one transaction and appends to the ledger in it."""

from fazhi.training.services.exams import (
    law_exam_candidates_add,
    law_exam_create,
    law_exam_scores_record,
    law_report_create,
)
from fazhi.training.services.online_import import online_hours_import, online_hours_template
from fazhi.training.services.people import trainee_create, trainee_for_officer
from fazhi.training.services.qualification import (
    certificate_issue,
    certificate_renew,
    certificate_revoke,
    qualification_exam_create,
    qualification_result_record,
)
from fazhi.training.services.sessions import attendance_add, attendance_set, session_create, session_delete

__all__ = [
    "attendance_add",
    "attendance_set",
    "certificate_issue",
    "certificate_renew",
    "certificate_revoke",
    "law_exam_candidates_add",
    "law_exam_create",
    "law_exam_scores_record",
    "law_report_create",
    "online_hours_import",
    "online_hours_template",
    "qualification_exam_create",
    "qualification_result_record",
    "session_create",
    "session_delete",
    "trainee_create",
    "trainee_for_officer",
]
