"""The case page (what the case and the user allow next), and its documents and evidence."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.accounts.roles import Perm
from fazhi.cases import selectors, services
from fazhi.cases.models import Case, CaseEvidence, Circumstance, DocumentKind, Remedy, ServiceMethod
from fazhi.cases.views.steps import ACTIONS
from fazhi.core.errors import ApplicationError
from fazhi.core.web import AppView, file_download
from fazhi.registry import selectors as registry

S = Case.Status


def _waivers(case: Case) -> list[Any]:
    """The waiver entries of the case's violation while a proposal can still change."""
    return services.waiver_evaluate(case) if case.status in {S.FILED, S.PROPOSED} else []


class CaseDetailView(AppView):
    permission = Perm.CASE_VIEW

    def get(self, request: HttpRequest, pk: int, posted: Any = None, status: int = 200) -> HttpResponse:
        case = selectors.case_get(user=request.user, pk=pk)
        today = timezone.localdate()
        user = request.user
        waivers = _waivers(case)
        return render(
            request,
            "cases/detail.html",
            {
                "case": case,
                "today": today,
                "handle": services.can_handle(user, case),
                "approve": services.can_approve(user, case),
                "legal": services.can_legal_review(user, case),
                "officers": registry.officer_list(user=user, body_id=case.body_id, status="active")
                if services.is_handler(user, case)
                else [],
                "evidence_kinds": CaseEvidence.Kind.choices,
                "circumstances": Circumstance.choices,
                "harms": Case.Harm.choices,
                "outcomes": Case.Outcome.choices,
                "methods": ServiceMethod.choices,
                "remedy_kinds": Remedy.Kind.choices,
                "remedy_results": [c for c in Remedy.Result.choices if c[0] != Remedy.Result.PENDING],
                "benchmarks": list(case.violation.benchmarks.all()),
                "waivers": [
                    (w, [(str(services.CONDITION_LABELS[r.code]), r.met) for r in results]) for w, results in waivers
                ],
                "waiver_choices": [w for w, _r in waivers],
                "decision_blockers": services.decision_blockers(case, today)
                if case.status in {S.PROPOSED, S.NOTIFIED, S.HEARING}
                else [],
                "close_blockers": services.close_blockers(case) if case.status in {S.SERVED, S.EXECUTED} else [],
                "review_checks": services.prechecks(case) if case.status == S.CLOSED else {},
                "can_review": services.can_review_file(user, case),
                "posted": posted or {},
            },
            status=status,
        )

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
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
    permission = Perm.CASE_VIEW

    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        doc = selectors.document_get(user=request.user, pk=pk)
        name = f"{doc.number}-{DocumentKind(doc.kind).label}.docx"
        return file_download(doc.file.open("rb"), name)


class EvidenceView(AppView):
    permission = Perm.CASE_VIEW

    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        item = selectors.evidence_get(user=request.user, pk=pk)
        return file_download(item.file.open("rb"), item.original_name or _("Evidence"))
