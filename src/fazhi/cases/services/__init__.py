"""Every write on cases: the statutory steps, documents, review, and the records around them."""

from fazhi.cases.services.catalogue import benchmark_save, violation_save, waiver_save
from fazhi.cases.services.common import can_approve, can_handle, can_legal_review, can_review_file, is_handler
from fazhi.cases.services.decision import case_collective_discussion, case_decide, case_legal_review, decision_blockers
from fazhi.cases.services.documents import document_generate, document_intact, template_reset, template_upload
from fazhi.cases.services.execution import case_close, case_execute, case_payment_record, case_serve, close_blockers
from fazhi.cases.services.filing import case_drop, case_extend, case_file, case_register, registering_body
from fazhi.cases.services.hearing import (
    case_hearing_hold,
    case_hearing_request,
    case_hearing_schedule,
    case_notify,
    case_statement_record,
)
from fazhi.cases.services.investigation import (
    case_correction_record,
    case_evidence_add,
    case_investigate,
    case_order_rectification,
    preservation_decide,
    preservation_register,
)
from fazhi.cases.services.proposal import CONDITION_LABELS, case_propose, waiver_evaluate
from fazhi.cases.services.publication import decision_publication_withdraw
from fazhi.cases.services.records import case_education_record, guidance_record, remedy_conclude, remedy_record
from fazhi.cases.services.review import Mark, case_review_submit, prechecks
from fazhi.cases.services.summary import case_summary

__all__ = [
    "CONDITION_LABELS",
    "Mark",
    "benchmark_save",
    "can_approve",
    "can_handle",
    "can_legal_review",
    "can_review_file",
    "case_close",
    "case_collective_discussion",
    "case_correction_record",
    "case_decide",
    "case_drop",
    "case_education_record",
    "case_evidence_add",
    "case_execute",
    "case_extend",
    "case_file",
    "case_hearing_hold",
    "case_hearing_request",
    "case_hearing_schedule",
    "case_investigate",
    "case_legal_review",
    "case_notify",
    "case_order_rectification",
    "case_payment_record",
    "case_propose",
    "case_register",
    "case_review_submit",
    "case_serve",
    "case_statement_record",
    "case_summary",
    "close_blockers",
    "decision_blockers",
    "decision_publication_withdraw",
    "document_generate",
    "document_intact",
    "guidance_record",
    "is_handler",
    "prechecks",
    "preservation_decide",
    "preservation_register",
    "registering_body",
    "remedy_conclude",
    "remedy_record",
    "template_reset",
    "template_upload",
    "violation_save",
    "waiver_evaluate",
    "waiver_save",
]
