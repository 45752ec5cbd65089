"""Writes of the decisions app, split by sub-domain; import the services from here."""

from fazhi.decisions.services.attachments import attachment_add, attachment_bytes
from fazhi.decisions.services.catalogue import catalogue_approve, catalogue_create
from fazhi.decisions.services.comments import (
    comment_hide,
    comment_receipt,
    comment_submit,
    comments_group,
    comments_publish,
    consultation_close,
    consultation_open,
    group_answer,
    is_open,
)
from fazhi.decisions.services.document_review import document_passed_review, document_review_record
from fazhi.decisions.services.documents import (
    document_draft,
    document_file,
    document_publish,
    document_register,
    document_repeal,
    document_text_revise,
)
from fazhi.decisions.services.notice import publication_notice, publication_number
from fazhi.decisions.services.procedure import (
    decision_archive,
    decision_create,
    decision_evaluate,
    decision_publish,
    discussion_record,
    expert_session_record,
    hearing_record,
    missing_before_discussion,
    risk_assessment_record,
    step_not_applicable,
)
from fazhi.decisions.services.review import answers_document, review_document, review_record
from fazhi.decisions.services.steps import next_steps

__all__ = [
    "answers_document",
    "attachment_add",
    "attachment_bytes",
    "catalogue_approve",
    "catalogue_create",
    "comment_hide",
    "comment_receipt",
    "comment_submit",
    "comments_group",
    "comments_publish",
    "consultation_close",
    "consultation_open",
    "decision_archive",
    "decision_create",
    "decision_evaluate",
    "decision_publish",
    "discussion_record",
    "document_draft",
    "document_file",
    "document_passed_review",
    "document_publish",
    "document_register",
    "document_repeal",
    "document_review_record",
    "document_text_revise",
    "expert_session_record",
    "group_answer",
    "hearing_record",
    "is_open",
    "missing_before_discussion",
    "next_steps",
    "publication_notice",
    "publication_number",
    "review_document",
    "review_record",
    "risk_assessment_record",
    "step_not_applicable",
]
