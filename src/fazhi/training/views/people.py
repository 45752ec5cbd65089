"""People who train, a person's year (progress and reminders), the reminder list, the import and
the body's workbook for the annual assessment."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from fazhi.accounts.roles import Perm
from fazhi.accounts.selectors import region_in_scope
from fazhi.core.clock import today
from fazhi.core.errors import ApplicationError
from fazhi.core.params import param_choice, param_id, param_year
from fazhi.core.web import AppView, xlsx_response
from fazhi.registry import selectors as registry
from fazhi.training import selectors, services
from fazhi.training.exports import body_year_workbook
from fazhi.training.models import Trainee
from fazhi.training.views.common import base_context, year_of


class PeopleView(AppView):
    permission = Perm.TRAINING_VIEW

    def get(self, request: HttpRequest) -> HttpResponse:
        category = param_choice(request.GET, "category", Trainee.Category.values)
        q = request.GET.get("q", "").strip()[:50]
        ctx = base_context(
            request,
            rows=selectors.trainee_list(user=request.user, q=q, category=category)[:500],
            q=q,
            category=category,
            categories=Trainee.Category.choices,
            staff_categories=[c for c in Trainee.Category.choices if c[0] != Trainee.Category.OFFICER],
            officers=selectors.officers_without_record(user=request.user)[:200],
            regions=region_in_scope(user=request.user),
        )
        return render(request, "training/people.html", ctx)

    def post(self, request: HttpRequest) -> HttpResponse:
        p = request.POST
        try:
            officer_id = param_id(p, "officer")
            if officer_id:
                officer = registry.officer_get(user=request.user, pk=officer_id)
                person = services.trainee_for_officer(actor=request.user, officer=officer)
            else:
                region = region_in_scope(user=request.user).filter(pk=param_id(p, "region") or 0).first()
                if region is None:
                    raise ApplicationError(_("Choose the area the person works in."))
                person = services.trainee_create(
                    actor=request.user,
                    name=p.get("name", ""),
                    region=region,
                    category=param_choice(p, "category", Trainee.Category.values, default=Trainee.Category.OFFICIAL),
                    position=p.get("position", ""),
                    id_number=p.get("id_number", ""),
                )
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect("training:people")
        messages.success(request, _("%(name)s added.") % {"name": person.name})
        return redirect("training:person", pk=person.pk)


class PersonView(AppView):
    """A person's year: hours against the requirement, study, exams, certificate, reminders."""

    permission = Perm.TRAINING_VIEW

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        person = selectors.trainee_get(user=request.user, pk=pk)
        year = year_of(request)
        ctx = base_context(
            request, obj=person, year=year, rec=selectors.year_record(user=request.user, trainee=person, year=year)
        )
        return render(request, "training/person.html", ctx)


class RemindersView(AppView):
    permission = Perm.TRAINING_VIEW

    def get(self, request: HttpRequest) -> HttpResponse:
        year = year_of(request)
        ctx = base_context(
            request,
            year=year,
            rows=selectors.reminders(user=request.user, year=year),
            expiring=selectors.certificates_expiring(user=request.user),
        )
        return render(request, "training/reminders.html", ctx)


class ImportView(AppView):
    permission = Perm.TRAINING_MANAGE

    def get(self, request: HttpRequest) -> HttpResponse:
        if request.GET.get("template"):
            return xlsx_response(services.online_hours_template(), "线上学时导入模板.xlsx")
        return render(request, "training/import.html", base_context(request, year=today().year))

    def post(self, request: HttpRequest) -> HttpResponse:
        upload = request.FILES.get("file")
        report = None
        try:
            year = param_year(request.POST, default=today().year)
            if upload is None:
                raise ApplicationError(_("Choose the Excel file exported from the platform."))
            report = services.online_hours_import(
                actor=request.user, fh=upload, year=year, platform=request.POST.get("platform", "")
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return render(request, "training/import.html", base_context(request, year=today().year), status=422)
        status = 200 if report.ok else 422
        return render(request, "training/import.html", base_context(request, year=year, report=report), status=status)


class WorkbookView(AppView):
    """The body's officers' training and exam year, for the annual assessment."""

    permission = Perm.TRAINING_VIEW

    def get(self, request: HttpRequest) -> HttpResponse:
        year = year_of(request)
        body_id = param_id(request.GET, "body_id")
        if body_id is None:
            ctx = base_context(request, year=year, bodies=selectors.body_list(user=request.user))
            return render(request, "training/workbook.html", ctx)
        body = selectors.body_get(user=request.user, pk=body_id)
        records = selectors.body_officer_records(user=request.user, body=body, year=year)
        data = body_year_workbook(body=body, year=year, records=records)
        return xlsx_response(data, f"{body.name}{year}年度培训考试情况.xlsx")
