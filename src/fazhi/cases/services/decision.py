"""Before and at the decision: legal review (法制审核, art. 58), the heads' collective discussion
(art. 57), what still blocks the decision, and the decision itself (art. 57, 60)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import user_or_none
from fazhi.cases.models import Case, DocumentKind, GuidanceVisit
from fazhi.cases.services.common import locked, not_future, record_step, require_area, require_body, require_text
from fazhi.cases.services.documents import document_generate
from fazhi.cases.services.proposal import proposal_summary
from fazhi.cases.services.publication import decision_publication_prepare
from fazhi.cases.services.step_dates import step_date_check
from fazhi.core.errors import ValidationError
from fazhi.core.text import LONG, NOTE, text_limits
from fazhi.core.workdays import add_workdays

S = Case.Status


@text_limits(opinion=(gettext_lazy("Legal review opinion"), NOTE))
def case_legal_review(*, actor: Any, case: Case, passed: bool, opinion: str) -> Case:
    """法制审核 (art. 58) by the legal office, before the decision."""
    require_area(actor, case, Perm.LEGAL_REVIEW)
    require_text(opinion, 4, _("Write the review opinion."), field="opinion")
    with transaction.atomic():
        case = locked(case, [S.PROPOSED, S.NOTIFIED, S.HEARING], _("Legal review"))
        case.legal_reviewed_on = timezone.localdate()
        case.legal_review_passed = passed
        case.legal_review_opinion = opinion.strip()
        case.save()
        record_step(
            actor=actor,
            case=case,
            kind="legal_review",
            summary=_("Legal review passed") if passed else _("Legal review: returned for correction"),
            text=case.legal_review_opinion,
            payload={"passed": passed},
        )
    return case


@text_limits(minutes=(gettext_lazy("Minutes"), LONG))
def case_collective_discussion(*, actor: Any, case: Case, day: dt.date, minutes: str) -> Case:
    """集体讨论 of the heads for complex or major cases (art. 57)."""
    require_body(actor, case.body, Perm.CASE_APPROVE)
    not_future(day, "day")
    require_text(minutes, 10, _("Write the minutes of the discussion."), field="minutes", code="short")
    with transaction.atomic():
        case = locked(case, [S.PROPOSED, S.NOTIFIED], _("Collective discussion"))
        step_date_check(case=case, kind="collective", day=day)
        case.collective_discussed_on, case.collective_minutes = day, minutes.strip()
        case.save()
        record_step(
            actor=actor, case=case, kind="collective", day=day, summary=_("Collective discussion held"), text=minutes
        )
    return case


def decision_blockers(case: Case, today: dt.date) -> list[str]:
    """Why the case cannot be decided yet (empty: it can). Shown on the case page, enforced here."""
    out: list[str] = []
    if case.outcome == Case.Outcome.PENALTY:
        if case.status not in {S.NOTIFIED}:
            out.append(_("The party must first be notified of the proposed penalty (art. 44)."))
        elif not case.statement_waived:
            if not case.statement and case.statement_until and today <= case.statement_until:
                out.append(
                    _("The party may state and defend until %(d)s; record the statement or wait.")
                    % {"d": case.statement_until}
                )
            if case.hearing_request_until and today <= case.hearing_request_until and not case.hearing_held:
                out.append(_("The party may request a hearing until %(d)s.") % {"d": case.hearing_request_until})
    elif case.outcome in {Case.Outcome.WAIVER, Case.Outcome.NO_PENALTY}:
        if case.status != S.PROPOSED:
            out.append(_("Propose the handling first."))
        if case.outcome == Case.Outcome.WAIVER and not GuidanceVisit.objects.filter(case=case).exists():
            out.append(_("Record the education or compliance guidance given with the waiver (art. 33)."))
    else:
        out.append(_("Propose the handling first."))
    if case.status == S.HEARING:
        out.append(_("The requested hearing must be held first."))
    if case.legal_review_required and not case.legal_review_passed:
        out.append(_("Legal review must pass first (art. 58)."))
    if case.collective_required and not case.collective_discussed_on:
        out.append(_("A complex or major case needs the heads' collective discussion (art. 57)."))
    return out


def case_decide(*, actor: Any, case: Case, decided_on: dt.date | None = None) -> Case:
    """The decision by the body head (art. 57): penalty or no penalty; the decision document is
    generated and must be served within 7 working days (art. 61). A decision after the 90-day
    deadline is still made (the party is owed one) but supervision raises the warning."""
    require_body(actor, case.body, Perm.CASE_APPROVE)
    decided_on = decided_on or timezone.localdate()
    not_future(decided_on, "decided_on")
    with transaction.atomic():
        case = locked(case, [S.PROPOSED, S.NOTIFIED, S.HEARING], _("The decision"))
        step_date_check(case=case, kind="decide", day=decided_on, field="decided_on")
        blockers = decision_blockers(case, decided_on)
        if blockers:
            raise ValidationError(" ".join(blockers), code="out_of_order", details={"blockers": blockers})
        case.decided_on = decided_on
        case.decided_by = user_or_none(actor)
        case.service_due = add_workdays(decided_on, settings.FAZHI_CASE_SERVICE_WORKDAYS)
        case.status = S.DECIDED
        case.save()
        late = case.decision_due is not None and decided_on > case.decision_due
        step = record_step(
            actor=actor,
            case=case,
            kind="decide",
            day=decided_on,
            summary=(_("Decided after the deadline") if late else _("Decided")) + f": {proposal_summary(case)}",
            payload={"late": late},
        )
        kind = (
            DocumentKind.PENALTY_DECISION if case.outcome == Case.Outcome.PENALTY else DocumentKind.NO_PENALTY_DECISION
        )
        document_generate(actor=actor, case=case, kind=kind, step=step)
        decision_publication_prepare(case=case)  # 结果公示: pending notice, published by the queued task
    return case
