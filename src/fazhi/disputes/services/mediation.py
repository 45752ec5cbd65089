"""Mediation (人民调解法 art. 17–33; 司法部令第75号): acceptance and its one-month limit, sessions,
a party's refusal, extension or termination, agreements written or oral, judicial confirmation,
referral, and the 调解协议书 rendered from data."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import user_or_none
from fazhi.core.errors import ValidationError
from fazhi.core.ledger import actor_of, ledger_append
from fazhi.core.masking import mask_free_text
from fazhi.core.text import LINE, LONG, NOTE, refuse, text_limits
from fazhi.disputes.access import require_dispute
from fazhi.disputes.models import Agreement, Dispute, DisputeParty, FollowUp, MediationSession, Mediator
from fazhi.disputes.services.common import add_months, not_future, record_step, require_status, update

TEMPLATE = Path(__file__).resolve().parent.parent / "docx" / "mediation_agreement.docx"


def dispute_accept(
    *, actor: Any, dispute: Dispute, day: dt.date | None = None, expected_version: int | None = None
) -> Dispute:
    """Accept for mediation (free, art. 4): the time limit runs one month from today (setting)."""
    require_dispute(actor, dispute, Perm.DISPUTE_MEDIATE)
    require_status(dispute, [Dispute.Status.REGISTERED], _("Accepting for mediation"))
    day = day or timezone.localdate()
    errors: dict[str, str] = {}
    not_future(day, "day", errors)
    if day < dispute.received_on:
        errors["day"] = _("Acceptance cannot be before the dispute was received.")
    refuse(errors)
    with transaction.atomic():
        update(
            dispute,
            expected_version=expected_version,
            status=Dispute.Status.MEDIATING,
            accepted_on=day,
            deadline=add_months(day, settings.FAZHI_DISPUTE_TIME_LIMIT_MONTHS),
        )
        record_step(
            actor=actor,
            dispute=dispute,
            kind="accepted",
            day=day,
            summary=_("Accepted for mediation; to be settled by %(d)s") % {"d": dispute.deadline},
            payload={"deadline": str(dispute.deadline)},
        )
    return dispute


@text_limits(place=(gettext_lazy("Place"), 100), notes=(gettext_lazy("Notes"), LONG))
def session_record(
    *,
    actor: Any,
    dispute: Dispute,
    held_on: dt.date,
    notes: str,
    present: Iterable[DisputeParty] = (),
    mediators: Iterable[Mediator] = (),
    place: str = "",
) -> MediationSession:
    """A mediation session with attendance and notes (art. 27: record)."""
    require_dispute(actor, dispute, Perm.DISPUTE_MEDIATE)
    require_status(dispute, [Dispute.Status.MEDIATING], _("A mediation session"))
    present = list(present)
    errors: dict[str, str] = {}
    not_future(held_on, "held_on", errors)
    if dispute.accepted_on and held_on < dispute.accepted_on:
        errors["held_on"] = _("The session cannot be before the dispute was accepted.")
    if any(p.dispute_id != dispute.pk for p in present):
        errors["present"] = _("Only the dispute's own parties can be marked present.")
    if not present:
        errors["present"] = _("Mark which parties attended.")
    if not notes.strip():
        errors["notes"] = _("Write what was discussed and agreed in the session.")
    refuse(errors)
    with transaction.atomic():
        session = MediationSession.objects.create(
            dispute=dispute, held_on=held_on, place=place.strip(), notes=notes.strip(), created_by=user_or_none(actor)
        )
        session.present.set(present)
        session.mediators.set(list(mediators))
        record_step(
            actor=actor,
            dispute=dispute,
            kind="session",
            day=held_on,
            summary=_("Mediation session, %(n)d parties present") % {"n": len(present)},
            payload={"session": session.pk, "present": [p.pk for p in present]},
        )
    return session


@text_limits(reason=(gettext_lazy("Reason"), LINE))
def party_refuse(
    *, actor: Any, dispute: Dispute, party: DisputeParty, reason: str, day: dt.date | None = None
) -> Dispute:
    """A party refuses mediation: it ends (人民调解法 art. 17), not resolved; the parties are told
    of other ways (litigation, arbitration)."""
    require_dispute(actor, dispute, Perm.DISPUTE_MEDIATE)
    require_status(dispute, [Dispute.Status.REGISTERED, Dispute.Status.MEDIATING], _("Recording a refusal"))
    day = day or timezone.localdate()
    errors: dict[str, str] = {}
    if party.dispute_id != dispute.pk:
        errors["party"] = _("Choose a party of this dispute.")
    not_future(day, "day", errors)
    refuse(errors)
    with transaction.atomic():
        DisputeParty.objects.filter(pk=party.pk).update(refused_on=day)
        update(
            dispute,
            expected_version=None,
            status=Dispute.Status.TERMINATED,
            outcome=Dispute.Outcome.NOT_RESOLVED,
            closed_on=day,
            termination_reason=(
                _("%(party)s refused mediation: %(reason)s") % {"party": party.name, "reason": reason.strip() or "-"}
            )[:300],
        )
        record_step(
            actor=actor,
            dispute=dispute,
            kind="refused",
            day=day,
            summary=dispute.termination_reason,
            payload={"party": party.pk},
        )
    return dispute


@text_limits(reason=(gettext_lazy("Reason"), LINE))
def dispute_extend(
    *, actor: Any, dispute: Dispute, days: int, reason: str, expected_version: int | None = None
) -> Dispute:
    """Extend the time limit, with the reason (司法部令第75号 art. 33)."""
    require_dispute(actor, dispute, Perm.DISPUTE_MEDIATE)
    require_status(dispute, [Dispute.Status.MEDIATING], _("An extension"))
    errors: dict[str, str] = {}
    if not reason.strip():
        errors["reason"] = _("Say why the mediation needs more time.")
    if not 1 <= days <= settings.FAZHI_DISPUTE_EXTENSION_MAX_DAYS:
        errors["days"] = _("An extension is 1 to %(n)d days.") % {"n": settings.FAZHI_DISPUTE_EXTENSION_MAX_DAYS}
    if dispute.extension_reason:
        errors["days"] = _("The time limit was already extended once; settle or terminate the mediation.")
    refuse(errors)
    base = dispute.deadline or timezone.localdate()
    with transaction.atomic():
        update(
            dispute,
            expected_version=expected_version,
            deadline=base + dt.timedelta(days=days),
            extension_reason=reason.strip(),
        )
        record_step(
            actor=actor,
            dispute=dispute,
            kind="extended",
            summary=_("Time limit extended to %(d)s: %(reason)s") % {"d": dispute.deadline, "reason": reason.strip()},
            payload={"days": days, "deadline": str(dispute.deadline)},
        )
    return dispute


@text_limits(reason=(gettext_lazy("Reason"), LINE))
def dispute_terminate(
    *, actor: Any, dispute: Dispute, reason: str, day: dt.date | None = None, expected_version: int | None = None
) -> Dispute:
    """Terminate the mediation (termination notice): no agreement within the time limit, or other grounds."""
    require_dispute(actor, dispute, Perm.DISPUTE_MEDIATE)
    require_status(dispute, [Dispute.Status.MEDIATING], _("Termination"))
    day = day or timezone.localdate()
    if not reason.strip():
        raise ValidationError(_("State the reason for the termination notice."), details={"reason": "required"})
    with transaction.atomic():
        update(
            dispute,
            expected_version=expected_version,
            status=Dispute.Status.TERMINATED,
            outcome=Dispute.Outcome.NOT_RESOLVED,
            closed_on=day,
            termination_reason=reason.strip(),
        )
        record_step(
            actor=actor,
            dispute=dispute,
            kind="terminated",
            day=day,
            summary=_("Termination notice: %(r)s") % {"r": reason.strip()},
        )
    return dispute


REFER_TO = (Dispute.Level.JUSTICE_OFFICE, Dispute.Level.POLICE, Dispute.Level.COURT, Dispute.Level.PETITION)


@text_limits(note=(gettext_lazy("Note"), LINE))
def dispute_refer(
    *, actor: Any, dispute: Dispute, to: str, note: str = "", expected_version: int | None = None
) -> Dispute:
    """Not resolved → referred (诉调对接 / 警调对接 / 访调对接)."""
    require_dispute(actor, dispute, Perm.DISPUTE_MEDIATE)
    require_status(dispute, [Dispute.Status.TERMINATED, Dispute.Status.REGISTERED], _("Referral"))
    if to not in REFER_TO:
        raise ValidationError(_("Choose where the dispute is referred."), details={"to": "required"})
    with transaction.atomic():
        update(
            dispute,
            expected_version=expected_version,
            status=Dispute.Status.REFERRED,
            referred_to=to,
            outcome=Dispute.Outcome.NOT_RESOLVED,
            closed_on=dispute.closed_on or timezone.localdate(),
        )
        record_step(
            actor=actor,
            dispute=dispute,
            kind="referred",
            summary=_("Referred to %(to)s %(note)s") % {"to": Dispute.Level(to).label, "note": note.strip()},
            payload={"to": to},
        )
    return dispute


@text_limits(terms=(gettext_lazy("Terms"), NOTE))
def agreement_record(
    *,
    actor: Any,
    dispute: Dispute,
    form: str,
    terms: str,
    outcome: str = Dispute.Outcome.RESOLVED,
    made_on: dt.date | None = None,
    perform_by: dt.date | None = None,
    expected_version: int | None = None,
) -> Agreement:
    """An agreement, written or oral (art. 28–30); 回头看 visits are scheduled by rule."""
    require_dispute(actor, dispute, Perm.DISPUTE_MEDIATE)
    require_status(dispute, [Dispute.Status.MEDIATING], _("An agreement"))
    made_on = made_on or timezone.localdate()
    errors: dict[str, str] = {}
    if form not in Agreement.Form.values:
        errors["form"] = _("Choose a written or an oral agreement.")
    if outcome not in (Dispute.Outcome.RESOLVED, Dispute.Outcome.PARTLY):
        errors["outcome"] = _("An agreement resolves the dispute wholly or partly.")
    if not terms.strip():
        errors["terms"] = _("Write the terms the parties agreed (for an oral agreement too: art. 30).")
    not_future(made_on, "made_on", errors)
    if dispute.accepted_on and made_on < dispute.accepted_on:
        errors["made_on"] = _("The agreement cannot be before the dispute was accepted.")
    if perform_by is not None and perform_by < made_on:
        errors["perform_by"] = _("The date of performance cannot be before the agreement.")
    if not dispute.sessions.exists():
        errors["sessions"] = _("Record the mediation session first.")
    refuse(errors)
    with transaction.atomic():
        agreement = Agreement.objects.create(
            dispute=dispute, form=form, made_on=made_on, terms=terms.strip(), perform_by=perform_by
        )
        FollowUp.objects.bulk_create(
            [
                FollowUp(agreement=agreement, dispute=dispute, due_on=made_on + dt.timedelta(days=d))
                for d in sorted(set(settings.FAZHI_DISPUTE_FOLLOW_UP_DAYS))
            ]
        )
        update(
            dispute, expected_version=expected_version, status=Dispute.Status.AGREED, outcome=outcome, closed_on=made_on
        )
        record_step(
            actor=actor,
            dispute=dispute,
            kind="agreement",
            day=made_on,
            summary=_("%(form)s made (%(outcome)s)")
            % {"form": agreement.get_form_display(), "outcome": dispute.get_outcome_display()},
            payload={"agreement": agreement.pk, "form": form, "outcome": outcome},
        )
    return agreement


def confirmation_due(agreement: Agreement) -> dt.date:
    """Judicial confirmation is applied for within 30 days of the agreement (art. 33)."""
    return agreement.made_on + dt.timedelta(days=settings.FAZHI_DISPUTE_CONFIRMATION_DAYS)


def agreement_confirmation_record(*, actor: Any, agreement: Agreement, day: dt.date | None = None) -> Agreement:
    """The parties applied to the court for judicial confirmation (art. 33)."""
    dispute = agreement.dispute
    require_dispute(actor, dispute, Perm.DISPUTE_MEDIATE)
    day = day or timezone.localdate()
    errors: dict[str, str] = {}
    if agreement.form != Agreement.Form.WRITTEN:
        errors["agreement"] = _("Only a written agreement can be confirmed by a court.")
    if agreement.confirmation_requested_on:
        errors["agreement"] = _("The application was already recorded.")
    not_future(day, "day", errors)
    if day < agreement.made_on or day > confirmation_due(agreement):
        errors["day"] = _("The application is made within %(n)d days of the agreement (%(a)s to %(b)s).") % {
            "n": settings.FAZHI_DISPUTE_CONFIRMATION_DAYS,
            "a": agreement.made_on,
            "b": confirmation_due(agreement),
        }
    refuse(errors)
    with transaction.atomic():
        Agreement.objects.filter(pk=agreement.pk).update(confirmation_requested_on=day)
        agreement.confirmation_requested_on = day
        record_step(
            actor=actor,
            dispute=dispute,
            kind="confirmation",
            day=day,
            summary=_("Judicial confirmation applied for"),
            payload={"agreement": agreement.pk},
        )
    return agreement


def _date(d: dt.date | None) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if d else ""


def agreement_context(agreement: Agreement) -> dict[str, Any]:
    """What the 调解协议书 prints (art. 29): plain strings; ID numbers masked on the document too."""
    dispute = agreement.dispute
    mediators = list(dispute.mediators.all())
    return {
        "number": dispute.number,
        "committee": mediators[0].committee.name if mediators else dispute.township.name,
        "parties": [
            {
                "side": p.get_side_display(),
                "name": p.name,
                "kind": p.get_kind_display(),
                "id_number": p.id_number_masked,
            }
            for p in dispute.parties.all()
        ],
        "category": dispute.category.name,
        "facts": mask_free_text(dispute.description),
        "terms": mask_free_text(agreement.terms),
        "perform_by": _date(agreement.perform_by),
        "made_on": _date(agreement.made_on),
        "mediators": "、".join(m.name for m in mediators),
        "confirmation_days": settings.FAZHI_DISPUTE_CONFIRMATION_DAYS,
    }


def agreement_document(*, actor: Any, agreement: Agreement) -> bytes:
    """The 调解协议书 as .docx from data (docxtpl, sandboxed); the download is in the ledger."""
    from docxtpl import DocxTemplate
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    require_dispute(actor, agreement.dispute, Perm.DISPUTE_MEDIATE)
    if agreement.form != Agreement.Form.WRITTEN:
        raise ValidationError(_("An oral agreement has no agreement document; its terms are in the record."))
    doc = DocxTemplate(io.BytesIO(TEMPLATE.read_bytes()))
    doc.render(
        agreement_context(agreement), jinja_env=SandboxedEnvironment(undefined=StrictUndefined, autoescape=False)
    )
    out = io.BytesIO()
    doc.save(out)
    with transaction.atomic():
        ledger_append(
            actor=actor_of(actor),
            verb="dispute.document",
            target=agreement.dispute,
            payload={"agreement": agreement.pk, "kind": "mediation_agreement"},
        )
    return out.getvalue()
