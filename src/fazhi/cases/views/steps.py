"""The steps on the case page, one small handler each: the form's ``action`` names the handler,
which parses the form, calls the service and says what was done. The service decides who may
take the step and when; its refusal comes back as the page's message."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest
from django.utils.translation import gettext as _

from fazhi.cases import selectors, services
from fazhi.cases.models import Case
from fazhi.cases.views.common import chosen, chosen_officers, form_day
from fazhi.core.params import param_count, param_date, param_id, param_money

Handler = Callable[[HttpRequest, Case], str]


def _a_file(r: HttpRequest, c: Case) -> str:
    services.case_file(actor=r.user, case=c)
    return _("Case filed (立案).")


def _a_drop(r: HttpRequest, c: Case) -> str:
    services.case_drop(actor=r.user, case=c, reason=r.POST.get("reason", ""))
    return _("Recorded.")


def _a_extend(r: HttpRequest, c: Case) -> str:
    services.case_extend(actor=r.user, case=c, days=param_count(r.POST, "days"), reason=r.POST.get("reason", ""))
    return _("Deadline extended.")


def _a_investigate(r: HttpRequest, c: Case) -> str:
    services.case_investigate(
        actor=r.user,
        case=c,
        officers=chosen_officers(r, c.body),
        day=form_day(r),
        record=r.POST.get("record", ""),
        certificate_shown=r.POST.get("certificate_shown") == "1",
    )
    return _("Investigation recorded; the inspection record is in the documents.")


def _a_evidence(r: HttpRequest, c: Case) -> str:
    upload = r.FILES.get("file")
    services.case_evidence_add(
        actor=r.user,
        case=c,
        kind=r.POST.get("kind", ""),
        description=r.POST.get("description", ""),
        fh=upload.file if upload else None,
        name=(upload.name or "") if upload else "",
    )
    return _("Evidence added.")


def _a_preserve(r: HttpRequest, c: Case) -> str:
    services.preservation_register(
        actor=r.user,
        case=c,
        items=r.POST.get("items", ""),
        registered_on=form_day(r),
    )
    return _("Preservation registered.")


def _a_preserve_decide(r: HttpRequest, c: Case) -> str:
    p = selectors.preservation_get(user=r.user, pk=param_id(r.POST, "preservation", required=True))
    services.preservation_decide(
        actor=r.user,
        preservation=p,
        decision=r.POST.get("decision", ""),
        decided_on=form_day(r),
    )
    return _("Recorded.")


def _a_rectify(r: HttpRequest, c: Case) -> str:
    services.case_order_rectification(
        actor=r.user, case=c, due=param_date(r.POST, "due", required=True), requirements=r.POST.get("requirements", "")
    )
    return _("Rectification ordered; the order is in the documents.")


def _a_corrected(r: HttpRequest, c: Case) -> str:
    services.case_correction_record(
        actor=r.user,
        case=c,
        corrected_on=form_day(r),
        note=r.POST.get("note", ""),
    )
    return _("Recorded.")


def _a_propose(r: HttpRequest, c: Case) -> str:
    p = r.POST
    waiver = chosen(r, "waiver", selectors.waiver_get)
    services.case_propose(
        actor=r.user,
        case=c,
        outcome=p.get("outcome", ""),
        circumstance=p.get("circumstance", ""),
        harm=p.get("harm", ""),
        harmful_consequence=p.get("harmful_consequence") == "1",
        fine=param_money(p, "fine"),
        warning=p.get("warning") == "1",
        other_penalties=p.get("other_penalties", ""),
        discretion_note=p.get("discretion_note", ""),
        out_of_range_reason=p.get("out_of_range_reason", ""),
        waiver=waiver,
        proposed_on=form_day(r),
    )
    return _("Proposal recorded.")


def _a_legal_review(r: HttpRequest, c: Case) -> str:
    services.case_legal_review(
        actor=r.user, case=c, passed=r.POST.get("passed") == "1", opinion=r.POST.get("opinion", "")
    )
    return _("Review recorded.")


def _a_notify(r: HttpRequest, c: Case) -> str:
    services.case_notify(actor=r.user, case=c, notified_on=form_day(r))
    return _("Notice recorded; the notice is in the documents.")


def _a_statement(r: HttpRequest, c: Case) -> str:
    services.case_statement_record(
        actor=r.user, case=c, statement=r.POST.get("statement", ""), waived=r.POST.get("waived") == "1"
    )
    return _("Recorded.")


def _a_hearing_request(r: HttpRequest, c: Case) -> str:
    services.case_hearing_request(actor=r.user, case=c, requested_on=form_day(r))
    return _("Hearing request recorded.")


def _a_hearing_schedule(r: HttpRequest, c: Case) -> str:
    services.case_hearing_schedule(actor=r.user, case=c, hearing_on=param_date(r.POST, "day", required=True))
    return _("Hearing scheduled.")


def _a_hearing_hold(r: HttpRequest, c: Case) -> str:
    services.case_hearing_hold(actor=r.user, case=c, record=r.POST.get("record", ""))
    return _("Hearing recorded.")


def _a_collective(r: HttpRequest, c: Case) -> str:
    services.case_collective_discussion(
        actor=r.user,
        case=c,
        day=form_day(r),
        minutes=r.POST.get("minutes", ""),
    )
    return _("Recorded.")


def _a_decide(r: HttpRequest, c: Case) -> str:
    services.case_decide(actor=r.user, case=c)
    return _("Decided; serve the decision within 7 working days.")


def _a_serve(r: HttpRequest, c: Case) -> str:
    services.case_serve(
        actor=r.user,
        case=c,
        served_on=form_day(r),
        method=r.POST.get("method", ""),
        recipient=r.POST.get("recipient", ""),
    )
    return _("Service recorded; the receipt is in the documents.")


def _a_pay(r: HttpRequest, c: Case) -> str:
    services.case_payment_record(
        actor=r.user,
        case=c,
        paid_on=form_day(r),
        amount=param_money(r.POST, "amount"),
    )
    return _("Payment recorded.")


def _a_execute(r: HttpRequest, c: Case) -> str:
    services.case_execute(actor=r.user, case=c, note=r.POST.get("note", ""), executed_on=form_day(r))
    return _("Recorded.")


def _a_close(r: HttpRequest, c: Case) -> str:
    services.case_close(actor=r.user, case=c, closed_on=form_day(r))
    return _("Closed.")


def _a_remedy(r: HttpRequest, c: Case) -> str:
    services.remedy_record(
        actor=r.user,
        case=c,
        kind=r.POST.get("kind", ""),
        filed_on=param_date(r.POST, "day", required=True),
        organ=r.POST.get("organ", ""),
    )
    return _("Recorded.")


def _a_remedy_result(r: HttpRequest, c: Case) -> str:
    remedy = selectors.remedy_get(user=r.user, pk=param_id(r.POST, "remedy", required=True))
    services.remedy_conclude(
        actor=r.user,
        remedy=remedy,
        result=r.POST.get("result", ""),
        concluded_on=param_date(r.POST, "day", required=True),
        note=r.POST.get("note", ""),
    )
    return _("Recorded.")


def _a_publication_withdraw(r: HttpRequest, c: Case) -> str:
    services.decision_publication_withdraw(
        actor=r.user,
        case=c,
        corrected_on=param_date(r.POST, "day", required=True),
        reason=r.POST.get("reason", ""),
    )
    return _("Recorded; the public notice of the decision is being withdrawn.")


def _a_education(r: HttpRequest, c: Case) -> str:
    services.case_education_record(
        actor=r.user,
        case=c,
        day=form_day(r),
        topics=r.POST.get("topics", ""),
        problems_found=param_count(r.POST, "found"),
        problems_solved=param_count(r.POST, "solved"),
    )
    return _("Education recorded.")


ACTIONS: dict[str, Handler] = {
    "file": _a_file,
    "drop": _a_drop,
    "extend": _a_extend,
    "investigate": _a_investigate,
    "evidence": _a_evidence,
    "preserve": _a_preserve,
    "preserve_decide": _a_preserve_decide,
    "rectify": _a_rectify,
    "corrected": _a_corrected,
    "propose": _a_propose,
    "legal_review": _a_legal_review,
    "notify": _a_notify,
    "statement": _a_statement,
    "hearing_request": _a_hearing_request,
    "hearing_schedule": _a_hearing_schedule,
    "hearing_hold": _a_hearing_hold,
    "collective": _a_collective,
    "decide": _a_decide,
    "serve": _a_serve,
    "pay": _a_pay,
    "execute": _a_execute,
    "close": _a_close,
    "remedy": _a_remedy,
    "remedy_result": _a_remedy_result,
    "education": _a_education,
    "publication_withdraw": _a_publication_withdraw,
}
