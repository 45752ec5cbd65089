"""Registry pages. Views parse input, call a selector or a service, and render; nothing else."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import can
from fazhi.accounts.selectors import region_list
from fazhi.accounts.services import region_create
from fazhi.core.errors import ApplicationError, NotFound, PermissionDenied
from fazhi.core.params import param_date, param_id
from fazhi.core.web import AppView, ScopedListView, form_error
from fazhi.registry import selectors, services
from fazhi.registry.forms import (
    BodyCreateForm,
    BodyForm,
    ContactsForm,
    EnterpriseForm,
    ImportForm,
    MatterForm,
    OfficerForm,
    RegionForm,
)
from fazhi.registry.imports import IMPORTERS, get_importer
from fazhi.registry.imports.kinds import export
from fazhi.registry.jobs import import_job_start
from fazhi.registry.models import Enterprise, Officer

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response


def _save(request: HttpRequest, form: Any, save: Callable[[], Any], detail: str) -> HttpResponse | None:
    """Run a form's service call: on success "Saved." and the record's page, on a refusal the
    message on the form (None: render the form again)."""
    try:
        obj = save()
    except ApplicationError as exc:
        form_error(request, form, exc)
        return None
    messages.success(request, _("Saved."))
    return redirect(detail, pk=obj.pk)


# --- enterprises ----------------------------------------------------------------------------------


class EnterpriseListView(ScopedListView):
    selector = staticmethod(selectors.enterprise_list)
    template_name = "registry/enterprise_list.html"
    partial_template = "registry/_enterprise_rows.html"
    filters = ("q", "industry", "risk_grade")
    int_filters = ("region_id",)
    bool_filters = ("do_not_disturb",)

    def extra_context(self, request: HttpRequest) -> dict[str, Any]:
        from fazhi.accounts.selectors import region_in_scope

        return {
            "regions": region_in_scope(user=request.user).filter(level__in=["township", "village"]),
            "industries": selectors.enterprise_industries(user=request.user),
            "risk_grades": Enterprise.RiskGrade.choices,
            "f": request.GET,
            "can_edit": can(request.user, Perm.ENTERPRISE_EDIT),
        }


class EnterpriseDetailView(AppView):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        ent = selectors.enterprise_get(user=request.user, pk=pk)
        return render(
            request,
            "registry/enterprise_detail.html",
            {
                "obj": ent,
                "can_edit": can(request.user, Perm.ENTERPRISE_EDIT),
                "can_inspect": can(request.user, Perm.INSPECT),
                "can_view_records": can(request.user, Perm.INSPECTION_VIEW),
                "today": timezone.localdate(),
            },
        )


def _enterprise_input(cd: dict[str, Any]) -> services.EnterpriseInput:
    return services.EnterpriseInput(
        uscc=cd["uscc"],
        name=cd["name"],
        region=cd["region"],
        legal_representative=cd["legal_representative"],
        address=cd["address"],
        industry=cd["industry"],
        risk_grade=cd["risk_grade"],
        do_not_disturb=cd["do_not_disturb"],
        do_not_disturb_until=cd["do_not_disturb_until"],
    )


class EnterpriseEditView(AppView):
    """Create (pk None) or edit an enterprise, with its contacts."""

    permission = Perm.ENTERPRISE_EDIT

    def _render(self, request: HttpRequest, form: EnterpriseForm, contacts: ContactsForm, obj: Any) -> HttpResponse:
        return render(request, "registry/enterprise_form.html", {"form": form, "contacts": contacts, "obj": obj})

    def get(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        obj = selectors.enterprise_get(user=request.user, pk=pk) if pk else None
        initial: dict[str, Any] = {}
        contacts_text = ""
        if obj:
            initial = {
                f: getattr(obj, f)
                for f in (
                    "uscc",
                    "name",
                    "legal_representative",
                    "address",
                    "industry",
                    "risk_grade",
                    "do_not_disturb",
                    "do_not_disturb_until",
                    "version",
                )
            }
            initial["region"] = obj.region_id
            contacts_text = "\n".join(f"{c.name}, {c.phone_masked}, {c.position}" for c in obj.contacts.all())
        return self._render(
            request,
            EnterpriseForm(initial=initial, user=request.user),
            ContactsForm(initial={"contacts": contacts_text}),
            obj,
        )

    def post(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        obj = selectors.enterprise_get(user=request.user, pk=pk) if pk else None
        form = EnterpriseForm(request.POST, user=request.user)
        contacts = ContactsForm(request.POST)
        if not (form.is_valid() and contacts.is_valid()):
            return self._render(request, form, contacts, obj)
        contact_rows = [
            services.ContactInput(*[p.strip() for p in line.replace("，", ",").split(",")][:3])
            for line in contacts.cleaned_data["contacts"].splitlines()
            if line.strip()
        ]
        data = _enterprise_input(form.cleaned_data)
        try:
            obj = services.enterprise_save(
                actor=request.user,
                enterprise=obj,
                expected_version=form.cleaned_data["version"],
                data=data,
                contacts=contact_rows,
            )
        except ApplicationError as exc:
            form_error(request, form, exc)
            return self._render(request, form, contacts, obj if pk else None)
        for w in data.warnings:
            messages.warning(request, w)
        messages.success(request, _("Saved."))
        return redirect("registry:enterprise_detail", pk=obj.pk)


# --- officers -------------------------------------------------------------------------------------


class OfficerListView(ScopedListView):
    selector = staticmethod(selectors.officer_list)
    template_name = "registry/officer_list.html"
    partial_template = "registry/_officer_rows.html"
    filters = ("q", "status")
    int_filters = ("body_id",)

    def extra_context(self, request: HttpRequest) -> dict[str, Any]:
        return {
            "bodies": selectors.body_list(user=request.user),
            "statuses": Officer.Status.choices,
            "f": request.GET,
            "today": timezone.localdate(),
            "can_edit": can(request.user, Perm.OFFICER_EDIT),
        }


class OfficerDetailView(AppView):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Add or remove an absence (days the officer cannot inspect)."""
        obj = selectors.officer_get(user=request.user, pk=pk)
        try:
            photo = request.FILES.get("photo")
            if photo is not None:
                services.officer_photo_set(actor=request.user, officer=obj, data=photo.read(3 * 1024 * 1024))
            elif request.POST.get("delete"):
                absence = selectors.officer_absence_find(
                    officer=obj, pk=param_id(request.POST, "delete", required=True)
                )
                if absence is not None:
                    services.officer_absence_delete(actor=request.user, absence=absence)
            else:
                start = param_date(request.POST, "start", required=True)
                end = param_date(request.POST, "end", default=start)
                services.officer_absence_add(
                    actor=request.user, officer=obj, start=start, end=end, note=request.POST.get("note", "")
                )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Saved."))
        return redirect("registry:officer_detail", pk=pk)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        obj = selectors.officer_get(user=request.user, pk=pk)
        return render(
            request,
            "registry/officer_detail.html",
            {"obj": obj, "today": timezone.localdate(), "can_edit": can(request.user, Perm.OFFICER_EDIT)},
        )


class OfficerEditView(AppView):
    permission = Perm.OFFICER_EDIT

    fields = ("name", "certificate_no", "issuing_authority", "valid_until", "status", "phone", "version")

    def get(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        obj = selectors.officer_get(user=request.user, pk=pk) if pk else None
        initial = {f: getattr(obj, f) for f in self.fields} | {"body": obj.body_id} if obj else {}
        form = OfficerForm(initial=initial, bodies=selectors.body_editable(user=request.user))
        return render(request, "registry/form.html", {"form": form, "obj": obj, "title": _("Officer")})

    def post(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        obj = selectors.officer_get(user=request.user, pk=pk) if pk else None
        form = OfficerForm(request.POST, bodies=selectors.body_editable(user=request.user))
        if form.is_valid():
            cd = form.cleaned_data
            data = services.OfficerInput(
                name=cd["name"],
                certificate_no=cd["certificate_no"],
                body=cd["body"],
                issuing_authority=cd["issuing_authority"],
                valid_until=cd["valid_until"],
                status=cd["status"],
                phone=cd["phone"],
            )
            current = obj
            done = _save(
                request,
                form,
                lambda: (
                    services.officer_create(actor=request.user, data=data)
                    if current is None
                    else services.officer_update(
                        actor=request.user, officer=current, expected_version=cd["version"], data=data
                    )
                ),
                "registry:officer_detail",
            )
            if done is not None:
                return done
        return render(request, "registry/form.html", {"form": form, "obj": obj, "title": _("Officer")})


# --- bodies ---------------------------------------------------------------------------------------


class BodyListView(ScopedListView):
    selector = staticmethod(selectors.body_list)
    template_name = "registry/body_list.html"
    partial_template = "registry/_body_rows.html"
    filters = ("q", "level")

    def extra_context(self, request: HttpRequest) -> dict[str, Any]:
        return {"f": request.GET, "can_edit": can(request.user, Perm.BODY_EDIT)}


class BodyDetailView(AppView):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        obj = selectors.body_get(user=request.user, pk=pk)
        return render(
            request,
            "registry/body_detail.html",
            {
                "obj": obj,
                "officers": selectors.officer_list(user=request.user, body_id=obj.pk),
                "matters": selectors.matter_list(user=request.user, body_id=obj.pk),
                "today": timezone.localdate(),
                "can_edit": can(request.user, Perm.BODY_EDIT),
                "can_set_caps": services.can_change_body_records(request.user, obj, Perm.MATTER_EDIT),
                "default_cap": settings.FAZHI_ROUTINE_CAP_PER_YEAR,
            },
        )


class BodyCreateView(AppView):
    permission = Perm.BODY_EDIT

    def get(self, request: HttpRequest, form: BodyCreateForm | None = None) -> HttpResponse:
        return render(
            request,
            "registry/form.html",
            {"form": form or BodyCreateForm(user=request.user), "obj": None, "title": _("Enforcement body")},
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        form = BodyCreateForm(request.POST, user=request.user)
        if form.is_valid():
            cd = form.cleaned_data
            try:
                body = services.body_create(
                    actor=request.user,
                    code=cd["code"],
                    name=cd["name"],
                    short_name=cd["short_name"],
                    level=cd["level"],
                    region=cd["region"],
                    qualification_basis=cd["qualification_basis"],
                    published=cd["published"],
                )
            except ApplicationError as exc:
                form_error(request, form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("registry:body_detail", pk=body.pk)
        return self.get(request, form)


class BodyEditView(AppView):
    permission = Perm.BODY_EDIT

    fields = ("name", "short_name", "qualification_basis", "published", "version")

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        obj = selectors.body_get(user=request.user, pk=pk)
        form = BodyForm(initial={f: getattr(obj, f) for f in self.fields})
        return render(request, "registry/form.html", {"form": form, "obj": obj, "title": _("Enforcement body")})

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        obj = selectors.body_get(user=request.user, pk=pk)
        form = BodyForm(request.POST)
        if form.is_valid():
            cd = dict(form.cleaned_data)
            version = cd.pop("version")
            try:
                services.body_update(actor=request.user, body=obj, expected_version=version, fields=cd)
            except ApplicationError as exc:
                form_error(request, form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("registry:body_detail", pk=obj.pk)
        return render(request, "registry/form.html", {"form": form, "obj": obj, "title": _("Enforcement body")})


# --- matters --------------------------------------------------------------------------------------


class MatterListView(ScopedListView):
    selector = staticmethod(selectors.matter_list)
    template_name = "registry/matter_list.html"
    partial_template = "registry/_matter_rows.html"
    filters = ("q", "inspection_type")
    int_filters = ("body_id",)
    bool_filters = ("published",)

    def extra_context(self, request: HttpRequest) -> dict[str, Any]:
        from fazhi.registry.models import InspectionType

        return {
            "bodies": selectors.body_list(user=request.user),
            "types": InspectionType.choices,
            "f": request.GET,
            "can_edit": can(request.user, Perm.MATTER_EDIT),
        }


class MatterDetailView(AppView):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        obj = selectors.matter_get(user=request.user, pk=pk)
        return render(
            request,
            "registry/matter_detail.html",
            {"obj": obj, "can_edit": can(request.user, Perm.MATTER_EDIT)},
        )


class MatterEditView(AppView):
    permission = Perm.MATTER_EDIT

    fields = ("code", "name", "legal_basis", "inspection_type", "published", "version")

    def get(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        obj = selectors.matter_get(user=request.user, pk=pk) if pk else None
        initial: dict[str, Any] = {}
        if obj:
            initial = {f: getattr(obj, f) for f in self.fields} | {
                "body": obj.body_id,
                "checklist": "\n".join(i.text for i in obj.checklist_items.all()),
            }
        form = MatterForm(initial=initial, bodies=selectors.body_editable(user=request.user))
        return render(request, "registry/form.html", {"form": form, "obj": obj, "title": _("Inspection matter")})

    def post(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        obj = selectors.matter_get(user=request.user, pk=pk) if pk else None
        form = MatterForm(request.POST, bodies=selectors.body_editable(user=request.user))
        if form.is_valid():
            cd = form.cleaned_data
            data = services.MatterInput(
                code=cd["code"],
                name=cd["name"],
                body=cd["body"],
                legal_basis=cd["legal_basis"],
                inspection_type=cd["inspection_type"],
                published=cd["published"],
                checklist=cd["checklist"].splitlines(),
            )
            current = obj
            done = _save(
                request,
                form,
                lambda: (
                    services.matter_create(actor=request.user, data=data)
                    if current is None
                    else services.matter_update(
                        actor=request.user, matter=current, expected_version=cd["version"], data=data
                    )
                ),
                "registry:matter_detail",
            )
            if done is not None:
                return done
        return render(request, "registry/form.html", {"form": form, "obj": obj, "title": _("Inspection matter")})


# --- exports -------------------------------------------------------------------------------------


class ExportView(AppView):
    """The filtered list of a register as a workbook in its import layout (phones masked)."""

    lists: dict[str, type[ScopedListView]] = {}

    def get(self, request: HttpRequest, kind: str) -> HttpResponse:
        view = self.lists.get(kind)
        if view is None:
            raise Http404
        qs = view.selector(user=request.user, **view().selector_kwargs(request))
        return _xlsx(export(actor=request.user, kind=kind, qs=qs), f"{kind}-{timezone.localdate():%Y%m%d}.xlsx")


# --- regions --------------------------------------------------------------------------------------


class RegionListView(ScopedListView):
    selector = staticmethod(region_list)
    template_name = "registry/region_list.html"
    partial_template = "registry/_region_rows.html"
    filters = ("q", "level")

    def extra_context(self, request: HttpRequest) -> dict[str, Any]:
        from fazhi.accounts.models import Region

        editable = can(request.user, Perm.REGION_EDIT)
        return {
            "levels": Region.Level.choices,
            "f": request.GET,
            "can_edit": editable,
            "form": getattr(request, "region_form", None) or (RegionForm() if editable else None),
        }

    def post(self, request: HttpRequest) -> HttpResponse:
        if not can(request.user, Perm.REGION_EDIT):
            raise PermissionDenied()
        form = RegionForm(request.POST)
        if form.is_valid():
            try:
                region_create(actor=request.user, **form.cleaned_data)
            except ApplicationError as exc:
                form_error(request, form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("registry:region_list")
        request.region_form = form  # type: ignore[attr-defined]
        return self.get(request)


# --- import ---------------------------------------------------------------------------------------


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
            filename=f"{job.kind}-errors.xlsx",
            content_type=XLSX,
        )


class TemplateView(AppView):
    def get(self, request: HttpRequest, kind: str) -> HttpResponse:
        if kind not in IMPORTERS:  # a crafted address: there is no such template
            raise NotFound(_("There is no import template of this kind."))
        importer = get_importer(kind, request.user)
        return _xlsx(importer.template(), f"{kind}-template.xlsx")


ExportView.lists = {"enterprises": EnterpriseListView, "officers": OfficerListView, "matters": MatterListView}
