"""Complaints: submitted by the inspected enterprise, answered by the justice bureau, audited."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import require, require_region, scope_of, user_or_none
from fazhi.core.errors import PermissionDenied, ValidationError
from fazhi.core.ledger import actor_of, ledger_append
from fazhi.core.workdays import add_workdays
from fazhi.inspections.models import InspectionRecord
from fazhi.supervision.models import Complaint


def complaint_submit(*, actor: Any, record: InspectionRecord, text: str) -> Complaint:
    """The inspected enterprise complains about an inspection (from its portal). The complaint goes
    to the justice bureau, due within FAZHI_COMPLAINT_ANSWER_WORKDAYS working days."""
    require(actor, Perm.COMPLAIN)
    scope = scope_of(actor)
    if not scope.enterprise_only or record.enterprise.org_unit_id != scope.org_unit_id:
        raise PermissionDenied(_("Only the inspected enterprise complains about this inspection here."))
    text = text.strip()
    if len(text) < 5:
        raise ValidationError(_("Describe what happened (at least 5 characters)."), details={"text": "short"})
    with transaction.atomic():
        complaint = Complaint.objects.create(
            enterprise=record.enterprise,
            record=record,
            body=record.lead_body,
            region=record.enterprise.region,
            text=text[:5000],
            due=add_workdays(timezone.localdate(), settings.FAZHI_COMPLAINT_ANSWER_WORKDAYS),
            created_by=user_or_none(actor),
        )
        ledger_append(actor=actor_of(actor), verb="complaint.submit", target=complaint, payload={"record": record.pk})
    return complaint


def complaint_answer(*, actor: Any, complaint: Complaint, answer: str) -> Complaint:
    require(actor, Perm.COMPLAINT_HANDLE)
    require_region(actor, complaint.region)
    if complaint.status == Complaint.Status.ANSWERED:
        raise ValidationError(_("This complaint is already answered."))
    if len(answer.strip()) < 5:
        raise ValidationError(_("Write the answer the complainant will read."), details={"answer": "short"})
    with transaction.atomic():
        complaint.answer = answer.strip()
        complaint.status = Complaint.Status.ANSWERED
        complaint.answered_at = timezone.now()
        complaint.answered_by = user_or_none(actor)
        complaint.save()
        ledger_append(
            actor=actor_of(actor),
            verb="complaint.answer",
            target=complaint,
            payload={"late": timezone.localdate() > complaint.due},
        )
    return complaint
