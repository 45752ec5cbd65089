"""简易程序 (art. 51–52): a warning or a small fine decided and handed over on the spot."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import user_or_none
from fazhi.cases import rules
from fazhi.cases.models import Case, DocumentKind, ServiceMethod, Violation
from fazhi.cases.services.common import certified_officers, next_number, record_step, require_body
from fazhi.cases.services.documents import document_generate
from fazhi.cases.services.filing import _party, _record_party_warning
from fazhi.core.errors import ValidationError
from fazhi.core.text import LONG, NAME, text_limits
from fazhi.registry.models import EnforcementBody, Enterprise, Officer

S = Case.Status


@text_limits(
    facts=(gettext_lazy("Facts"), LONG),
    statement=(gettext_lazy("Statement and defence"), LONG),
    party_name=(gettext_lazy("Party name"), NAME),
)
def case_summary(
    *,
    actor: Any,
    body: EnforcementBody,
    violation: Violation,
    party_kind: str,
    facts: str,
    officers: Iterable[Officer],
    fine: Decimal,
    warning: bool,
    statement: str,
    enterprise: Enterprise | None = None,
    party_name: str = "",
    party_id_number: str = "",
    paid_on_the_spot: bool = False,
) -> Case:
    """简易程序 (art. 51–52): on the spot, a warning or a fine up to 200 yuan (person) / 3,000
    yuan (organisation); certificates shown, facts and rights told, the statement heard, the
    decision handed over. A fine up to 100 yuan may be collected on the spot (art. 68)."""
    require_body(actor, body, Perm.CASE_HANDLE)
    today = timezone.localdate()
    name, id_number, errors, id_warning = _party(
        party_kind=party_kind, enterprise=enterprise, party_name=party_name, party_id_number=party_id_number
    )
    organisation = party_kind == Case.PartyKind.ORGANISATION
    if violation.body_id != body.pk or not violation.active:
        errors["violation"] = _("Choose a violation from your body's catalogue.")
    if fine < 0 or (fine == 0 and not warning):
        errors["fine"] = _("The summary procedure gives a warning or a fine.")
    elif not rules.summary_allowed(
        organisation=organisation,
        fine=fine,
        cap_person=settings.FAZHI_CASE_SUMMARY_MAX_PERSON,
        cap_organisation=settings.FAZHI_CASE_SUMMARY_MAX_ORGANISATION,
    ):
        cap = settings.FAZHI_CASE_SUMMARY_MAX_ORGANISATION if organisation else settings.FAZHI_CASE_SUMMARY_MAX_PERSON
        errors["fine"] = _(
            "The summary procedure allows at most %(cap)d yuan for this party (art. 51); use the general procedure."
        ) % {"cap": cap}
    if paid_on_the_spot and fine > settings.FAZHI_CASE_ON_THE_SPOT_MAX:
        errors["paid_on_the_spot"] = _("Only fines up to %(n)d yuan are collected on the spot (art. 68).") % {
            "n": settings.FAZHI_CASE_ON_THE_SPOT_MAX
        }
    if len(facts.strip()) < 10:
        errors["facts"] = _("Describe the facts found: what, when, where (at least 10 characters).")
    if errors:
        raise ValidationError(" ".join(errors.values()), details=errors)
    team = certified_officers(body, officers, today)
    with transaction.atomic():
        case = Case.objects.create(
            number=next_number(body, "case", today.year),
            body=body,
            region=enterprise.region if enterprise else body.region,
            procedure=Case.Procedure.SUMMARY,
            source=Case.Source.INSPECTION,
            party_kind=party_kind,
            enterprise=enterprise,
            party_name=name[:200],
            party_id_number=id_number,
            party_address=enterprise.address if enterprise else "",
            violation=violation,
            occurred_on=today,
            facts=facts.strip(),
            investigated=True,
            outcome=Case.Outcome.PENALTY,
            harm=Case.Harm.SLIGHT,
            fine=fine,
            warning_penalty=warning,
            discretion_note=_("Summary procedure"),
            statement=statement.strip(),
            statement_waived=not statement.strip(),
            decided_on=today,
            decided_by=user_or_none(actor),
            service_due=today,
            served_on=today,
            service_method=ServiceMethod.DIRECT,
            service_recipient=name[:100],
            payment_due=today + dt.timedelta(days=settings.FAZHI_CASE_PAYMENT_DAYS) if fine > 0 else None,
            status=S.SERVED,
            created_by=user_or_none(actor),
        )
        case.officers.set(team)
        step = record_step(
            actor=actor,
            case=case,
            kind="summary",
            summary=_("Summary procedure: decided and handed over on the spot"),
            text=facts.strip(),
            officers=team,
            certificate_shown=True,
        )
        _record_party_warning(actor=actor, case=case, warning=id_warning)
        if paid_on_the_spot and fine > 0:  # before the documents: the decision says the fine was paid
            case.paid_on, case.paid_amount, case.status = today, fine, S.EXECUTED
            case.save()
            record_step(actor=actor, case=case, kind="payment", summary=_("Paid on the spot"))
        document_generate(actor=actor, case=case, kind=DocumentKind.PENALTY_DECISION, step=step)
        document_generate(actor=actor, case=case, kind=DocumentKind.SERVICE_RECEIPT, step=step)
    return case
