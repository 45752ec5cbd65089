"""Case pages: list, registration (also from an inspection), the case page with the next steps the
case and the user allow, documents, rules, case-file review, guidance visits. Views only parse
input and call services; every refusal comes back as the service's Chinese message."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import can, require, scope_of
from fazhi.cases import selectors, services
from fazhi.cases.models import (
    Case,
    CaseEvidence,
    Circumstance,
    DocumentKind,
    GuidanceVisit,
    Remedy,
    ReviewItem,
    ServiceMethod,
    Waiver,
)
from fazhi.cases.services.proposal import CONDITION_LABELS
from fazhi.core.errors import ApplicationError, ValidationError
from fazhi.core.params import param_count, param_date, param_id, param_ids, param_money, param_year
from fazhi.core.web import AppView, ScopedListView
from fazhi.inspections import selectors as inspections
from fazhi.registry import selectors as registry


def _day(request: HttpRequest) -> dt.date:
    """The form's ``day`` (today when left empty)."""
    return param_date(request.POST, "day", default=timezone.localdate())


def _body_and_violation(request: HttpRequest) -> tuple[Any, Any]:
    """The user's own body and the violation chosen from its catalogue, or a refusal saying which."""
    body = registry.own_body(user=request.user)
    if body is None:
        raise ApplicationError(_("Your account is not tied to an enforcement body."))
    violation = (
        selectors.violation_list(user=request.user, body_id=body.pk)
        .filter(pk=param_id(request.POST, "violation") or 0)
        .first()
    )
    if violation is None:
        raise ValidationError(_("Choose a violation from your body's catalogue."), details={"violation": "required"})
    return body, violation


def _officers(request: HttpRequest, body: Any) -> list[Any]:
    ids = param_ids(request.POST, "officers")
    return list(registry.officer_list(user=request.user, body_id=body.pk).filter(pk__in=ids))


class CaseListView(ScopedListView):
    selector = selectors.case_list
    template_name = "cases/list.html"
    partial_template = "cases/_rows.html"
    filters = ("q", "status")
    bool_filters = ("overdue",)

    def get(self, request: HttpRequest) -> HttpResponse:
        require(request.user, Perm.CASE_VIEW)
        return super().get(request)

    def extra_context(self, request: HttpRequest) -> dict[str, Any]:
        return {
            "statuses": Case.Status.choices,
            "status": request.GET.get("status", ""),
            "q": request.GET.get("q", ""),
            "can_handle": can(request.user, Perm.CASE_HANDLE),
            "today": timezone.localdate(),
        }


class CaseNewView(AppView):
    """Register a case source; ``?record=`` starts from an inspection that found the violation."""

    def context(self, request: HttpRequest, values: dict[str, Any]) -> dict[str, Any]:
        body = registry.own_body(user=request.user)
        return {
            "body": body,
            "violations": selectors.violation_list(user=request.user, body_id=body.pk if body else None),
            "enterprises": registry.enterprise_list(user=request.user)[:0],
            "sources": Case.Source.choices,
            "party_kinds": Case.PartyKind.choices,
            "values": values,
            "today": timezone.localdate(),
        }

    def get(self, request: HttpRequest) -> HttpResponse:
        require(request.user, Perm.CASE_HANDLE)
        values: dict[str, Any] = {"source": Case.Source.INSPECTION, "party_kind": Case.PartyKind.ORGANISATION}
        record_id = param_id(request.GET, "record")
        if record_id:
            record = inspections.record_get(user=request.user, pk=record_id)
            values.update(
                record=record,
                enterprise=record.enterprise,
                occurred_on=record.date.isoformat(),
                facts=record.findings,
            )
        return render(request, "cases/new.html", self.context(request, values))

    def post(self, request: HttpRequest) -> HttpResponse:
        require(request.user, Perm.CASE_HANDLE)
        p = request.POST
        values: dict[str, Any] = dict(p.items())
        try:
            body, violation = _body_and_violation(request)
            record = (
                inspections.record_get(user=request.user, pk=param_id(p, "record", required=True))
                if p.get("record", "").strip()
                else None
            )
            enterprise = (
                registry.enterprise_get(user=request.user, pk=param_id(p, "enterprise", required=True))
                if p.get("enterprise", "").strip()
                else None
            )
            values.update(record=record, enterprise=enterprise)
            case = services.case_register(
                actor=request.user,
                body=body,
                violation=violation,
                source=p.get("source", ""),
                party_kind=p.get("party_kind", ""),
                enterprise=enterprise,
                party_name=p.get("party_name", ""),
                party_id_number=p.get("party_id_number", ""),
                party_address=p.get("party_address", ""),
                occurred_on=param_date(p, "occurred_on", required=True),
                facts=p.get("facts", ""),
                source_record=record,
                source_note=p.get("source_note", ""),
                major=p.get("major") == "1",
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return render(request, "cases/new.html", self.context(request, values), status=422)
        messages.success(request, _("Registered. The body head files the case."))
        return redirect("cases:detail", pk=case.pk)


class SummaryView(AppView):
    """简易程序 on the spot (a phone form)."""

    def context(self, request: HttpRequest, values: dict[str, Any]) -> dict[str, Any]:
        body = registry.own_body(user=request.user)
        return {
            "body": body,
            "violations": selectors.violation_list(user=request.user, body_id=body.pk if body else None),
            "officers": registry.officer_list(user=request.user, body_id=body.pk, status="active") if body else [],
            "party_kinds": Case.PartyKind.choices,
            "values": values,
        }

    def get(self, request: HttpRequest) -> HttpResponse:
        require(request.user, Perm.CASE_HANDLE)
        return render(request, "cases/summary.html", self.context(request, {"party_kind": "person"}))

    def post(self, request: HttpRequest) -> HttpResponse:
        require(request.user, Perm.CASE_HANDLE)
        p = request.POST
        values: dict[str, Any] = dict(p.items())
        try:
            body, violation = _body_and_violation(request)
            enterprise = (
                registry.enterprise_get(user=request.user, pk=param_id(p, "enterprise", required=True))
                if p.get("enterprise", "").strip()
                else None
            )
            case = services.case_summary(
                actor=request.user,
                body=body,
                violation=violation,
                party_kind=p.get("party_kind", ""),
                enterprise=enterprise,
                party_name=p.get("party_name", ""),
                party_id_number=p.get("party_id_number", ""),
                facts=p.get("facts", ""),
                officers=_officers(request, body),
                fine=param_money(p, "fine"),
                warning=p.get("warning") == "1",
                statement=p.get("statement", ""),
                paid_on_the_spot=p.get("paid") == "1",
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return render(request, "cases/summary.html", self.context(request, values), status=422)
        messages.success(request, _("Decided on the spot; print or show the decision to the party."))
        return redirect("cases:detail", pk=case.pk)


# --- the case page ---------------------------------------------------------------------------------

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
        officers=_officers(r, c.body),
        day=_day(r),
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
        registered_on=_day(r),
    )
    return _("Preservation registered.")


def _a_preserve_decide(r: HttpRequest, c: Case) -> str:
    p = selectors.preservation_get(user=r.user, pk=param_id(r.POST, "preservation", required=True))
    services.preservation_decide(
        actor=r.user,
        preservation=p,
        decision=r.POST.get("decision", ""),
        decided_on=_day(r),
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
        corrected_on=_day(r),
        note=r.POST.get("note", ""),
    )
    return _("Recorded.")


def _a_propose(r: HttpRequest, c: Case) -> str:
    p = r.POST
    waiver = (
        selectors.waiver_get(user=r.user, pk=param_id(p, "waiver", required=True))
        if p.get("waiver", "").strip()
        else None
    )
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
    )
    return _("Proposal recorded.")


def _a_legal_review(r: HttpRequest, c: Case) -> str:
    services.case_legal_review(
        actor=r.user, case=c, passed=r.POST.get("passed") == "1", opinion=r.POST.get("opinion", "")
    )
    return _("Review recorded.")


def _a_notify(r: HttpRequest, c: Case) -> str:
    services.case_notify(actor=r.user, case=c, notified_on=_day(r))
    return _("Notice recorded; the notice is in the documents.")


def _a_statement(r: HttpRequest, c: Case) -> str:
    services.case_statement_record(
        actor=r.user, case=c, statement=r.POST.get("statement", ""), waived=r.POST.get("waived") == "1"
    )
    return _("Recorded.")


def _a_hearing_request(r: HttpRequest, c: Case) -> str:
    services.case_hearing_request(actor=r.user, case=c, requested_on=_day(r))
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
        day=_day(r),
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
        served_on=_day(r),
        method=r.POST.get("method", ""),
        recipient=r.POST.get("recipient", ""),
    )
    return _("Service recorded; the receipt is in the documents.")


def _a_pay(r: HttpRequest, c: Case) -> str:
    services.case_payment_record(
        actor=r.user,
        case=c,
        paid_on=_day(r),
        amount=param_money(r.POST, "amount"),
    )
    return _("Payment recorded.")


def _a_execute(r: HttpRequest, c: Case) -> str:
    services.case_execute(actor=r.user, case=c, note=r.POST.get("note", ""))
    return _("Recorded.")


def _a_close(r: HttpRequest, c: Case) -> str:
    services.case_close(actor=r.user, case=c)
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


def _a_education(r: HttpRequest, c: Case) -> str:
    services.case_education_record(
        actor=r.user,
        case=c,
        day=_day(r),
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
}


class CaseDetailView(AppView):
    def get(self, request: HttpRequest, pk: int, posted: Any = None, status: int = 200) -> HttpResponse:
        require(request.user, Perm.CASE_VIEW)
        case = selectors.case_get(user=request.user, pk=pk)
        today = timezone.localdate()
        user = request.user
        own = scope_of(user).body_bound and scope_of(user).org_unit_id == case.body.org_unit_id
        waivers = services.waiver_evaluate(case) if case.status in {Case.Status.FILED, Case.Status.PROPOSED} else []
        return render(
            request,
            "cases/detail.html",
            {
                "case": case,
                "today": today,
                "handle": own and can(user, Perm.CASE_HANDLE),
                "approve": own and can(user, Perm.CASE_APPROVE),
                "legal": can(user, Perm.LEGAL_REVIEW) and not scope_of(user).body_bound,
                "officers": registry.officer_list(user=user, body_id=case.body_id, status="active") if own else [],
                "evidence_kinds": CaseEvidence.Kind.choices,
                "circumstances": Circumstance.choices,
                "harms": Case.Harm.choices,
                "outcomes": Case.Outcome.choices,
                "methods": ServiceMethod.choices,
                "remedy_kinds": Remedy.Kind.choices,
                "remedy_results": [c for c in Remedy.Result.choices if c[0] != Remedy.Result.PENDING],
                "benchmarks": list(case.violation.benchmarks.all()),
                "waivers": [(w, [(str(CONDITION_LABELS[r.code]), r.met) for r in results]) for w, results in waivers],
                "waiver_choices": [w for w, _r in waivers],
                "decision_blockers": services.decision_blockers(case, today)
                if case.status in {Case.Status.PROPOSED, Case.Status.NOTIFIED, Case.Status.HEARING}
                else [],
                "close_blockers": services.close_blockers(case)
                if case.status in {Case.Status.SERVED, Case.Status.EXECUTED}
                else [],
                "review_checks": services.prechecks(case) if case.status == Case.Status.CLOSED else {},
                "can_review": can(user, Perm.CASE_FILE_REVIEW) and not scope_of(user).body_bound,
                "posted": posted or {},
            },
            status=status,
        )

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        require(request.user, Perm.CASE_VIEW)
        case = selectors.case_get(user=request.user, pk=pk)
        handler = ACTIONS.get(request.POST.get("action", ""))
        if handler is None:
            messages.error(request, _("Unknown action."))
        else:
            try:
                messages.success(request, handler(request, case))
            except ApplicationError as exc:
                # the page again with what was typed, so a refusal never loses the user's input
                messages.error(request, exc.message)
                return self.get(request, pk, posted=request.POST, status=422)
        return redirect("cases:detail", pk=case.pk)


class DocumentView(AppView):
    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        require(request.user, Perm.CASE_VIEW)
        doc = selectors.document_get(user=request.user, pk=pk)
        name = f"{doc.number}-{DocumentKind(doc.kind).label}.docx"
        return FileResponse(doc.file.open("rb"), as_attachment=True, filename=name)


class EvidenceView(AppView):
    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        require(request.user, Perm.CASE_VIEW)
        item = selectors.evidence_get(user=request.user, pk=pk)
        return FileResponse(item.file.open("rb"), as_attachment=True, filename=item.original_name or "evidence")


# --- rules, review, guidance -----------------------------------------------------------------------


class RulesView(AppView):
    """Violations, discretion benchmarks, waiver lists and document templates: data the county edits."""

    def get(self, request: HttpRequest) -> HttpResponse:
        if not (can(request.user, Perm.CASE_VIEW) or can(request.user, Perm.CASE_RULES_EDIT)):
            require(request.user, Perm.CASE_VIEW)
        from fazhi.cases.services.documents import sample_context

        return render(
            request,
            "cases/rules.html",
            {
                "violations": selectors.catalogue(user=request.user),
                "can_edit": can(request.user, Perm.CASE_RULES_EDIT),
                "bodies": registry.body_list(user=request.user),
                "circumstances": Circumstance.choices,
                "waiver_kinds": Waiver.Kind.choices,
                "harms": Waiver.Harm.choices,
                "document_kinds": DocumentKind.choices,
                "templates": selectors.templates_active(),
                "fields": sorted(sample_context()),
            },
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        require(request.user, Perm.CASE_RULES_EDIT)
        p = request.POST
        action = p.get("action", "")
        try:
            if action == "violation":
                body = registry.body_list(user=request.user).filter(pk=p.get("body") or 0).first()
                if body is None:
                    raise ValidationError(_("Choose the body."))
                services.violation_save(
                    actor=request.user,
                    body=body,
                    code=p.get("code", ""),
                    name=p.get("name", ""),
                    violated_provision=p.get("violated_provision", ""),
                    penalty_provision=p.get("penalty_provision", ""),
                    limitation_years=param_count(p, "limitation_years", default=2),
                )
            elif action in {"benchmark", "waiver"}:
                violation = selectors.violation_list(user=request.user).filter(pk=p.get("violation") or 0).first()
                if violation is None:
                    raise ValidationError(_("Choose the violation."))
                if action == "benchmark":
                    services.benchmark_save(
                        actor=request.user,
                        violation=violation,
                        circumstance=p.get("circumstance", ""),
                        description=p.get("description", ""),
                        fine_min=param_money(p, "fine_min"),
                        fine_max=param_money(p, "fine_max"),
                        warning_allowed=p.get("warning_allowed") == "1",
                    )
                else:
                    existing = (
                        selectors.waiver_get(user=request.user, pk=param_id(p, "waiver", required=True))
                        if p.get("waiver", "").strip()
                        else None
                    )
                    services.waiver_save(
                        actor=request.user,
                        violation=violation,
                        kind=p.get("kind", ""),
                        legal_ground=p.get("legal_ground", ""),
                        conditions_text=p.get("conditions_text", ""),
                        first_within_years=param_count(p, "first_within_years", default=0),
                        max_harm=p.get("max_harm", ""),
                        correction_required=p.get("correction_required") == "1",
                        no_consequence_required=p.get("no_consequence_required") == "1",
                        active=p.get("active", "1") == "1",
                        waiver=existing,
                    )
            elif action == "template":
                upload = request.FILES.get("file")
                if upload is None:
                    raise ValidationError(_("Choose a .docx file."))
                services.template_upload(
                    actor=request.user,
                    kind=p.get("kind", ""),
                    fh=upload.file,  # type: ignore[arg-type]
                    note=p.get("note", ""),
                )
            elif action == "template_reset":
                services.template_reset(actor=request.user, kind=p.get("kind", ""))
            else:
                raise ValidationError(_("Unknown action."))
            messages.success(request, _("Saved; it applies from now on (the change is in the ledger)."))
        except ApplicationError as exc:
            messages.error(request, exc.message)
        return redirect("cases:rules")


class ReviewListView(AppView):
    def get(self, request: HttpRequest) -> HttpResponse:
        require(request.user, Perm.CASE_VIEW)
        year = param_year(request.GET, default=timezone.localdate().year)
        return render(
            request,
            "cases/review_list.html",
            {
                "year": year,
                "rates": selectors.review_rates(user=request.user, year=year),
                "pending": selectors.reviewable(user=request.user, year=year)[:100],
                "can_review": can(request.user, Perm.CASE_FILE_REVIEW),
                "figures": selectors.case_figures(user=request.user, year=year),
                "guidance": selectors.guidance_figures(user=request.user, year=year),
            },
        )


class ReviewView(AppView):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        require(request.user, Perm.CASE_FILE_REVIEW)
        case = selectors.case_get(user=request.user, pk=pk)
        checks = services.prechecks(case)
        items = [(i, checks.get(i.auto_check)) for i in selectors.review_items()]
        return render(request, "cases/review.html", {"case": case, "items": items, "sections": ReviewItem.Section})

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        require(request.user, Perm.CASE_FILE_REVIEW)
        case = selectors.case_get(user=request.user, pk=pk)
        try:
            marks = {}
            for item in selectors.review_items():
                failed = request.POST.get(f"fail_{item.code}") == "1"
                deduction = param_money(request.POST, f"deduct_{item.code}")
                note = request.POST.get(f"note_{item.code}", "")
                if failed or deduction or note.strip():
                    marks[item.code] = services.Mark(failed=failed, deduction=deduction, note=note)
            review = services.case_review_submit(
                actor=request.user, case=case, marks=marks, comment=request.POST.get("comment", "")
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect("cases:review", pk=case.pk)
        messages.success(request, _("Reviewed: %(t)s points.") % {"t": review.total})
        return redirect("cases:reviews")


class GuidanceView(AppView):
    def get(self, request: HttpRequest) -> HttpResponse:
        if not can(request.user, Perm.GUIDANCE_RECORD):
            require(request.user, Perm.CASE_VIEW)
        year = param_year(request.GET, default=timezone.localdate().year)
        return render(
            request,
            "cases/guidance.html",
            {
                "year": year,
                "rows": selectors.guidance_list(user=request.user, year=year)[:200],
                "figures": selectors.guidance_figures(user=request.user, year=year),
                "kinds": GuidanceVisit.Kind.choices,
                "can_record": can(request.user, Perm.GUIDANCE_RECORD),
                "today": timezone.localdate(),
            },
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        require(request.user, Perm.GUIDANCE_RECORD)
        p = request.POST
        try:
            ids = param_ids(p, "enterprises")
            enterprises = list(registry.enterprise_list(user=request.user).filter(pk__in=ids))
            services.guidance_record(
                actor=request.user,
                kind=p.get("kind", ""),
                day=_day(request),
                enterprises=enterprises,
                topics=p.get("topics", ""),
                problems_found=param_count(p, "found"),
                problems_solved=param_count(p, "solved"),
                notes=p.get("notes", ""),
            )
            messages.success(request, _("Recorded."))
        except ApplicationError as exc:
            messages.error(request, exc.message)
        return redirect("cases:guidance")
