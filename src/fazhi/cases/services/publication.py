"""结果公示 of penalty decisions (国办发〔2018〕118号 and 处罚法 art. 48), docs/cases.md.

- ``decision_publication_prepare`` runs inside ``case_decide``'s transaction: a general-procedure
  penalty decision gets its pending notice, due FAZHI_DECISION_PUBLICATION_WORKDAYS working days
  after the decision, and the ``case.decided`` event queues ``cases.tasks.decision_publish``.
- ``decision_publish`` (the task) publishes it: the party named by
  ``registry.disclosure.public_party`` (a 个体工商户 or a person redacted), structured data and
  catalogue text only — never the free-text facts, the party's address or identity number.
- A decision changed or revoked (a reconsideration or a court: ``remedy_conclude``; or the body's
  own correction: ``decision_publication_withdraw``) must be withdrawn within
  FAZHI_DECISION_WITHDRAWAL_WORKDAYS working days: the obligation is recorded in the same
  transaction and the ``case.decision_corrected`` event queues ``cases.tasks.decision_withdraw``.
- Supervision warns when either happens late (``case_publication_late``, ``case_withdrawal_late``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.cases.models import Case, CaseDocument, DecisionPublication, DocumentKind
from fazhi.cases.services.common import not_future, record_step, require_body
from fazhi.cases.signals import announce
from fazhi.core import hooks
from fazhi.core.errors import ValidationError
from fazhi.core.ledger import SYSTEM, ledger_append
from fazhi.core.masking import mask_free_text
from fazhi.core.text import LINE, text_limits
from fazhi.core.workdays import add_workdays
from fazhi.registry.disclosure import public_party

P = DecisionPublication.Status
DECIDED = "case.decided"
CORRECTED = "case.decision_corrected"


def is_published_kind(case: Case) -> bool:
    """Which decisions are published: penalties under the general procedure. A waiver or a
    no-penalty decision is not a penalty; an on-the-spot (简易程序) decision is not published."""
    return case.outcome == Case.Outcome.PENALTY and case.procedure == Case.Procedure.GENERAL


def decision_content(case: Case) -> dict[str, Any]:
    natural = case.party_kind == Case.PartyKind.PERSON
    if case.enterprise is not None:
        party = public_party(name=case.enterprise.name, uscc=case.enterprise.uscc, natural_person=natural)
    else:
        party = public_party(name=case.party_name, natural_person=natural)
    number = (
        CaseDocument.objects.filter(case=case, kind=DocumentKind.PENALTY_DECISION)
        .order_by("-pk")
        .values_list("number", flat=True)
        .first()
    )
    return {
        "number": number or case.number,
        "party": party.name,
        "uscc": party.uscc,
        "redacted": party.redacted,
        "violation": case.violation.name,
        "violated_provision": case.violation.violated_provision,
        "penalty_provision": case.violation.penalty_provision,
        "warning": case.warning_penalty,
        "fine": str(case.fine),
        "other_penalties": mask_free_text(case.other_penalties),
        "body": case.body.name,
        "decided_on": case.decided_on.isoformat() if case.decided_on else "",
    }


def _title(content: dict[str, Any]) -> str:
    return _("Penalty decision %(number)s: %(party)s") % {"number": content["number"], "party": content["party"]}


def decision_publication_prepare(*, case: Case) -> DecisionPublication | None:
    """Called by ``case_decide`` inside its transaction: the pending notice and its deadline, and
    the event that queues its publication."""
    if not is_published_kind(case) or case.decided_on is None:
        return None
    content = decision_content(case)
    pub, _created = DecisionPublication.objects.update_or_create(
        case=case,
        defaults={
            "body": case.body,
            "region": case.region,
            "title": _title(content),
            "content": content,
            "decided_on": case.decided_on,
            "due": add_workdays(case.decided_on, settings.FAZHI_DECISION_PUBLICATION_WORKDAYS),
        },
    )
    hooks.emit(DECIDED, case_id=case.pk)
    return pub


def decision_publish(*, case_id: int) -> DecisionPublication | None:
    """The queued task's work: publish the pending notice (idempotent: anything else is left)."""
    with transaction.atomic():
        pub = DecisionPublication.objects.select_for_update().filter(case_id=case_id).first()
        if pub is None or pub.status != P.PENDING or pub.corrected_on is not None:
            return pub
        case = Case.objects.select_related("enterprise", "violation", "body").get(pk=case_id)
        pub.content = decision_content(case)  # the document number is known by now
        pub.title = _title(pub.content)
        pub.status, pub.published_at = P.PUBLISHED, timezone.now()
        pub.retire_on = timezone.localdate() + dt.timedelta(days=settings.FAZHI_PUBLICATION_RETENTION_DAYS)
        pub.save()
        ledger_append(
            actor=SYSTEM,
            verb="decision_publication.published",
            target=pub,
            payload={"case": case_id, "late": timezone.localdate() > pub.due, "content": pub.content},
        )
        announce(case_id)  # supervision looks at the deadline again
    return pub


def decision_corrected(*, case: Case, corrected_on: dt.date, reason: str) -> bool:
    """The decision was changed or revoked on ``corrected_on``: its notice must be withdrawn within
    FAZHI_DECISION_WITHDRAWAL_WORKDAYS working days. Called inside the caller's transaction; False
    when there is no notice to withdraw (none, or already withdrawn or due to be)."""
    pub = DecisionPublication.objects.select_for_update().filter(case=case).first()
    if pub is None or pub.status == P.WITHDRAWN or pub.corrected_on is not None:
        return False
    pub.corrected_on = corrected_on
    pub.withdraw_due = add_workdays(corrected_on, settings.FAZHI_DECISION_WITHDRAWAL_WORKDAYS)
    pub.withdraw_reason = reason.strip()[:300]
    pub.save(update_fields=["corrected_on", "withdraw_due", "withdraw_reason", "updated_at"])
    hooks.emit(CORRECTED, case_id=case.pk)
    return True


def decision_withdraw(*, case_id: int) -> DecisionPublication | None:
    """The queued task's work: withdraw the notice of a changed or revoked decision. A notice never
    published is withdrawn unseen. Idempotent."""
    with transaction.atomic():
        pub = DecisionPublication.objects.select_for_update().filter(case_id=case_id).first()
        if pub is None or pub.status == P.WITHDRAWN or pub.corrected_on is None:
            return pub
        pub.status, pub.withdrawn_at = P.WITHDRAWN, timezone.now()
        pub.save(update_fields=["status", "withdrawn_at", "updated_at"])
        ledger_append(
            actor=SYSTEM,
            verb="decision_publication.withdrawn",
            target=pub,
            payload={
                "case": case_id,
                "reason": pub.withdraw_reason,
                "late": pub.withdraw_due is not None and timezone.localdate() > pub.withdraw_due,
            },
        )
        announce(case_id)
    return pub


@text_limits(reason=(gettext_lazy("Why the decision was changed or revoked"), LINE))
def decision_publication_withdraw(*, actor: Any, case: Case, corrected_on: dt.date, reason: str) -> Case:
    """The body itself changed or revoked its decision (自行纠正): the head records it; the notice
    is withdrawn by the queued task, within the deadline from ``corrected_on``."""
    from fazhi.accounts.roles import Perm

    require_body(actor, case.body, Perm.CASE_APPROVE)
    errors: dict[str, str] = {}
    if len(reason.strip()) < 4:
        errors["reason"] = _("Say how the decision was changed or revoked, and by what.")
    try:
        not_future(corrected_on, "corrected_on")
    except ValidationError as exc:
        errors["corrected_on"] = exc.message
    if case.decided_on is not None and corrected_on < case.decided_on:
        errors["corrected_on"] = _("A decision cannot be changed before it was made.")
    if errors:
        raise ValidationError(" ".join(errors.values()), details=errors)
    with transaction.atomic():
        if not decision_corrected(case=case, corrected_on=corrected_on, reason=reason):
            raise ValidationError(_("This decision has no notice waiting to be withdrawn."))
        record_step(
            actor=actor,
            case=case,
            kind="decision_corrected",
            day=corrected_on,
            summary=_("Decision changed or revoked; its public notice is withdrawn"),
            text=reason.strip(),
        )
    return case
