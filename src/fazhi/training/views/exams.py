"""Officials' law exams and 述法."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from fazhi.accounts.roles import Perm
from fazhi.accounts.selectors import region_in_scope
from fazhi.core.clock import today
from fazhi.core.errors import ApplicationError
from fazhi.core.params import param_date, param_id, param_ids, param_int, param_year
from fazhi.core.web import AppView
from fazhi.training import selectors, services
from fazhi.training.services.common import pass_mark
from fazhi.training.views.common import base_context, year_of


class LawExamListView(AppView):
    permission = Perm.TRAINING_VIEW

    def get(self, request: HttpRequest) -> HttpResponse:
        year = year_of(request)
        ctx = base_context(
            request,
            year=year,
            rows=selectors.law_exam_list(user=request.user, year=year),
            reports=selectors.law_report_list(user=request.user, year=year),
            regions=region_in_scope(user=request.user),
            people=selectors.trainee_list(user=request.user)[:500],
        )
        return render(request, "training/exams.html", ctx)

    def post(self, request: HttpRequest) -> HttpResponse:
        p = request.POST
        try:
            if p.get("action") == "report":
                person = selectors.trainee_get(user=request.user, pk=param_id(p, "trainee", required=True))
                files = [(f.name or "document", f.read()) for f in request.FILES.getlist("documents")]
                services.law_report_create(
                    actor=request.user,
                    trainee=person,
                    year=param_year(p, default=today().year),
                    day=param_date(p, "day"),
                    title=p.get("title", ""),
                    summary=p.get("summary", ""),
                    documents=files,
                )
                messages.success(request, _("Law report saved."))
                return redirect("training:exams")
            region = region_in_scope(user=request.user).filter(pk=param_id(p, "region") or 0).first()
            if region is None:
                raise ApplicationError(_("Choose the area the exam is for."))
            exam = services.law_exam_create(
                actor=request.user,
                region=region,
                title=p.get("title", ""),
                day=param_date(p, "day"),
                max_score=param_int(p, "max_score", min=1, max=1000) or 100,
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect("training:exams")
        messages.success(request, _("Exam saved. List who must sit it."))
        return redirect("training:exam", pk=exam.pk)


class LawExamView(AppView):
    permission = Perm.TRAINING_VIEW

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        exam = selectors.law_exam_get(user=request.user, pk=pk)
        candidates = selectors.law_exam_candidates(exam=exam)
        listed = {c.trainee_id for c in candidates}
        ctx = base_context(
            request,
            obj=exam,
            candidates=candidates,
            pass_mark=pass_mark(exam.max_score),
            people=[t for t in selectors.trainee_list(user=request.user)[:500] if t.pk not in listed],
        )
        return render(request, "training/exam_detail.html", ctx)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        exam = selectors.law_exam_get(user=request.user, pk=pk)
        p = request.POST
        try:
            if p.get("action") == "candidates":
                ids = param_ids(p, "trainees")
                people = list(selectors.trainee_list(user=request.user).filter(pk__in=ids))
                services.law_exam_candidates_add(actor=request.user, exam=exam, trainees=people)
            else:
                scores = {
                    c.trainee_id: p.get(f"score_{c.trainee_id}", "")
                    for c in selectors.law_exam_candidates(exam=exam)
                    if f"score_{c.trainee_id}" in p
                }
                services.law_exam_scores_record(actor=request.user, exam=exam, scores=scores)
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect("training:exam", pk=pk)
        messages.success(request, _("Saved."))
        return redirect("training:exam", pk=pk)
