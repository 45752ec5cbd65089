"""The county's qualification exam, its results and the certificates issued on them."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from fazhi.accounts.roles import Perm
from fazhi.accounts.selectors import region_in_scope
from fazhi.core.errors import ApplicationError
from fazhi.core.params import param_date, param_id, param_int
from fazhi.core.web import AppView
from fazhi.registry import selectors as registry
from fazhi.training import selectors, services
from fazhi.training.views.common import base_context, year_of


class QualificationView(AppView):
    permission = Perm.TRAINING_VIEW

    def get(self, request: HttpRequest) -> HttpResponse:
        year = year_of(request)
        ctx = base_context(
            request,
            year=year,
            rows=selectors.qualification_exam_list(user=request.user, year=year),
            expiring=selectors.certificates_expiring(user=request.user),
            regions=region_in_scope(user=request.user),
        )
        return render(request, "training/qualification.html", ctx)

    def post(self, request: HttpRequest) -> HttpResponse:
        p = request.POST
        try:
            region = region_in_scope(user=request.user).filter(pk=param_id(p, "region") or 0).first()
            if region is None:
                raise ApplicationError(_("Choose the area the exam is for."))
            exam = services.qualification_exam_create(
                actor=request.user,
                region=region,
                title=p.get("title", ""),
                day=param_date(p, "day"),
                training_hours=p.get("training_hours", ""),
                max_score=param_int(p, "max_score", min=1, max=1000) or 100,
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect("training:qualification")
        return redirect("training:qualification_exam", pk=exam.pk)


class QualificationExamView(AppView):
    permission = Perm.TRAINING_VIEW

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        exam = selectors.qualification_exam_get(user=request.user, pk=pk)
        results = selectors.qualification_results(user=request.user, exam=exam)
        done = {r.officer_id for r in results}
        officers = [o for o in registry.officer_list(user=request.user)[:500] if o.pk not in done]
        ctx = base_context(request, obj=exam, results=results, officers=officers)
        return render(request, "training/qualification_exam.html", ctx)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        exam = selectors.qualification_exam_get(user=request.user, pk=pk)
        p = request.POST
        try:
            if p.get("action") == "issue":
                result = selectors.qualification_result_get(user=request.user, pk=param_id(p, "result", required=True))
                services.certificate_issue(
                    actor=request.user,
                    result=result,
                    issued_on=param_date(p, "issued_on"),
                    valid_until=param_date(p, "valid_until"),
                )
                messages.success(
                    request, _("Certificate issued: %(name)s is now active.") % {"name": result.officer.name}
                )
            else:
                officer = registry.officer_get(user=request.user, pk=param_id(p, "officer", required=True))
                services.qualification_result_record(
                    actor=request.user,
                    exam=exam,
                    officer=officer,
                    general_score=p.get("general_score", ""),
                    special_score=p.get("special_score", ""),
                )
                messages.success(request, _("Result saved."))
        except ApplicationError as exc:
            messages.error(request, exc.message)
        return redirect("training:qualification_exam", pk=pk)


class CertificateView(AppView):
    permission = Perm.TRAINING_VIEW

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        cert = selectors.certificate_get(user=request.user, pk=pk)
        history = selectors.certificate_list(user=request.user).filter(officer=cert.officer)
        return render(request, "training/certificate.html", base_context(request, obj=cert, history=history))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        cert = selectors.certificate_get(user=request.user, pk=pk)
        p = request.POST
        try:
            if p.get("action") == "revoke":
                services.certificate_revoke(actor=request.user, certificate=cert, reason=p.get("reason", ""))
                messages.success(request, _("Certificate revoked: the officer may no longer inspect."))
                return redirect("training:certificate", pk=pk)
            renewed = services.certificate_renew(
                actor=request.user, certificate=cert, valid_until=param_date(p, "valid_until")
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect("training:certificate", pk=pk)
        messages.success(request, _("Certificate renewed."))
        return redirect("training:certificate", pk=renewed.pk)
