"""The coordinators' pages (mediator register, trainings, campaigns, risk warnings, the import of a
past register) and the figures page (the county sees figures, not names)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.accounts.roles import Perm
from fazhi.core.errors import ApplicationError, ValidationError
from fazhi.core.params import param_date, param_id, param_ids, param_money, param_year
from fazhi.core.web import AppView, xlsx_response
from fazhi.disputes import figures, imports, selectors, services


class FiguresView(AppView):
    permission = Perm.DISPUTE_FIGURES

    def get(self, request: HttpRequest) -> HttpResponse:
        regions = list(selectors.figure_regions(user=request.user))
        year = param_year(request.GET, default=timezone.localdate().year)
        chosen = next((r for r in regions if r.pk == param_id(request.GET, "region")), regions[0] if regions else None)
        rows = figures.figure_values(chosen, year) if chosen else []
        return render(
            request,
            "disputes/figures.html",
            {"regions": regions, "region": chosen, "year": year, "rows": rows, "years": range(year - 4, year + 1)},
        )


class RegisterView(AppView):
    """Committees, mediators (with the cases each handled), trainings, screening campaigns."""

    permission = Perm.DISPUTE_COORDINATE

    def context(self, request: HttpRequest) -> dict[str, Any]:
        campaigns = list(selectors.campaign_list(user=request.user))
        return {
            "townships": selectors.townships_for_intake(user=request.user),
            "committees": selectors.committee_list(user=request.user),
            "mediators": selectors.mediator_list(user=request.user),
            "trainings": selectors.training_list(user=request.user),
            "campaigns": [(c, selectors.campaign_counts(user=request.user, campaign=c)) for c in campaigns],
            "regions": selectors.register_regions(user=request.user),
            "today": timezone.localdate(),
        }

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, "disputes/register.html", self.context(request))

    def post(self, request: HttpRequest) -> HttpResponse:
        p = request.POST
        action = p.get("action", "")
        user = request.user
        try:
            if action == "committee":
                region = selectors.register_regions(user=user).filter(pk=param_id(p, "region") or 0).first()
                if region is None:
                    raise ValidationError(_("Choose the township or village."), details={"region": "required"})
                services.committee_create(actor=user, region=region, name=p.get("name", ""))
            elif action == "mediator":
                committee = selectors.committee_list(user=user).filter(pk=param_id(p, "committee") or 0).first()
                if committee is None:
                    raise ValidationError(_("Choose the committee."), details={"committee": "required"})
                services.mediator_create(
                    actor=user, committee=committee, name=p.get("name", ""), specialty=p.get("specialty", "")
                )
            elif action == "training":
                region = selectors.register_regions(user=user).filter(pk=param_id(p, "region") or 0).first()
                if region is None:
                    raise ValidationError(_("Choose the township or village."), details={"region": "required"})
                services.training_record(
                    actor=user,
                    region=region,
                    held_on=param_date(p, "held_on", required=True),
                    title=p.get("title", ""),
                    hours=param_money(p, "hours"),
                    mediators=list(selectors.mediator_list(user=user).filter(pk__in=param_ids(p, "mediators"))),
                )
            elif action == "campaign":
                township = selectors.townships_for_intake(user=user).filter(pk=param_id(p, "township") or 0).first()
                if township is None:
                    raise ValidationError(_("Choose the township."), details={"township": "required"})
                services.campaign_create(
                    actor=user,
                    township=township,
                    title=p.get("title", ""),
                    starts_on=param_date(p, "starts_on", required=True),
                    ends_on=param_date(p, "ends_on", required=True),
                )
            else:
                raise ValidationError(_("Choose an action."))
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return render(request, "disputes/register.html", self.context(request), status=exc.http_status)
        messages.success(request, _("Saved."))
        return redirect("disputes:register")


class RiskView(AppView):
    """Risk warnings for the township's comprehensive-governance officer (人民调解法 art. 25)."""

    permission = Perm.DISPUTE_COORDINATE

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, "disputes/risks.html", {"rows": selectors.risk_warnings(user=request.user)})

    def post(self, request: HttpRequest) -> HttpResponse:
        try:
            warning = (
                selectors.risk_warnings(user=request.user).filter(pk=param_id(request.POST, "warning") or 0).first()
            )
            if warning is None:
                raise ValidationError(_("The warning was already taken in hand or is not yours."))
            services.risk_acknowledge(actor=request.user, warning=warning, note=request.POST.get("note", ""))
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Saved."))
        return redirect("disputes:risks")


class ImportView(AppView):
    permission = Perm.DISPUTE_COORDINATE

    def get(self, request: HttpRequest) -> HttpResponse:
        if request.GET.get("template") == "1":
            return xlsx_response(imports.template(), _("Dispute register import template") + ".xlsx")
        return render(
            request,
            "disputes/import.html",
            {"townships": selectors.townships_for_intake(user=request.user), "errors": []},
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        townships = selectors.townships_for_intake(user=request.user)
        errors: list[str] = []
        try:
            township = townships.filter(pk=param_id(request.POST, "township") or 0).first()
            upload = request.FILES.get("file")
            if township is None or upload is None:
                raise ValidationError(_("Choose the township and the file."))
            n = imports.register_import(actor=request.user, township=township, fh=upload)
        except ApplicationError as exc:
            messages.error(request, exc.message)
            if isinstance(exc.details, dict):
                errors = list(exc.details.get("errors", []))
            return render(request, "disputes/import.html", {"townships": townships, "errors": errors}, status=422)
        messages.success(request, _("%(n)d disputes imported.") % {"n": n})
        return redirect("disputes:list")
