"""Registry pages: Excel exports of the filtered lists, imports and their templates."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.accounts.roles import Perm
from fazhi.core.errors import ApplicationError, NotFound
from fazhi.core.files import XLSX
from fazhi.core.web import AppView, ScopedListView, xlsx_response
from fazhi.registry import selectors
from fazhi.registry.forms import (
    ImportForm,
)
from fazhi.registry.imports import IMPORTERS, get_importer
from fazhi.registry.imports.kinds import export
from fazhi.registry.jobs import import_job_start
from fazhi.registry.views.enterprises import EnterpriseListView
from fazhi.registry.views.matters import MatterListView
from fazhi.registry.views.officers import OfficerListView


def _register_name(kind: str, pattern: str, **values: str) -> str:
    """A workbook's file name in Chinese: the register's own title (企业, 执法人员, 检查事项)."""
    importer = IMPORTERS.get(kind)
    return pattern % {"register": importer.sheet_title if importer else kind, **values} + ".xlsx"


class ExportView(AppView):
    """The filtered list of a register as a workbook in its import layout (phones masked)."""

    lists: dict[str, type[ScopedListView]] = {}

    def get(self, request: HttpRequest, kind: str) -> HttpResponse:
        view = self.lists.get(kind)
        if view is None:
            raise Http404
        qs = view.selector(user=request.user, **view().selector_kwargs(request))
        return xlsx_response(
            export(actor=request.user, kind=kind, qs=qs),
            _register_name(kind, _("%(register)s register %(date)s"), date=f"{timezone.localdate():%Y%m%d}"),
        )


class ImportView(AppView):
    permission = Perm.IMPORT

    def get(self, request: HttpRequest, form: ImportForm | None = None) -> HttpResponse:
        return render(
            request,
            "registry/import.html",
            {
                "form": form or ImportForm(initial={"kind": request.GET.get("kind", "enterprises")}),
                "jobs": selectors.import_job_list(user=request.user)[:10],
                "kinds": [(k, v.sheet_title) for k, v in IMPORTERS.items()],
            },
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.get(request, form)
        try:
            job = import_job_start(
                actor=request.user,
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
                partial=form.cleaned_data["partial"],
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
            return self.get(request, form)
        return redirect("registry:import_job", pk=job.pk)


class ImportJobView(AppView):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        job = selectors.import_job_get(user=request.user, pk=pk)
        template = "registry/_import_job.html" if getattr(request, "htmx", False) else "registry/import_job.html"
        return render(request, template, {"job": job})


class ImportErrorsView(AppView):
    def get(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        job = selectors.import_job_get(user=request.user, pk=pk)
        if not job.error_file:
            return redirect("registry:import_job", pk=pk)
        return FileResponse(
            job.error_file.open("rb"),
            as_attachment=True,
            filename=_register_name(job.kind, _("%(register)s import: rejected rows")),
            content_type=XLSX,
        )


class TemplateView(AppView):
    def get(self, request: HttpRequest, kind: str) -> HttpResponse:
        if kind not in IMPORTERS:  # a crafted address: there is no such template
            raise NotFound(_("There is no import template of this kind."))
        importer = get_importer(kind, request.user)
        return xlsx_response(importer.template(), _register_name(kind, _("%(register)s import template")))


ExportView.lists = {"enterprises": EnterpriseListView, "officers": OfficerListView, "matters": MatterListView}
