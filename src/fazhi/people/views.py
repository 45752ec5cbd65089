"""Special-population pages: the list (masked), a file (identity only on a reason, logged), a visit
on a phone, the register (meetings, incidents, screenings), exports and figures. Views parse
input and call services and selectors; every refusal comes back as the service's message."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import can
from fazhi.core.errors import ApplicationError, PermissionDenied, ValidationError
from fazhi.core.params import param_choice, param_count, param_date, param_id, param_ids, param_year
from fazhi.core.web import AppView, ScopedListView, content_disposition
from fazhi.people import figures, selectors, services
from fazhi.people.models import PersonFile

LEVELS = [str(n) for n in range(6)]


def _csv(name: str, header: list[str], rows: list[list[Any]]) -> HttpResponse:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(header)
    writer.writerows(rows)
    response = HttpResponse("\ufeff" + buf.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition(name)
    return response


class FileListView(ScopedListView):
    """The files I open, visits due first; a user who sees only figures is sent to them."""

    selector = selectors.file_list
    template_name = "people/list.html"
    partial_template = "people/_rows.html"
    filters = ("category", "due", "id_number", "status")

    def get(self, request: HttpRequest) -> HttpResponse:
        if not can(request.user, Perm.PEOPLE_VIEW):
            if can(request.user, Perm.PEOPLE_FIGURES):
                return redirect("people:figures")
            raise PermissionDenied()
        return super().get(request)

    def extra_context(self, request: HttpRequest) -> dict[str, Any]:
        return {
            "categories": selectors.category_list(),
            "category": request.GET.get("category", ""),
            "due": request.GET.get("due", ""),
            "today": timezone.localdate(),
            "can_edit": can(request.user, Perm.PEOPLE_EDIT),
            "can_figures": can(request.user, Perm.PEOPLE_FIGURES),
        }


class FileNewView(AppView):
    permission = Perm.PEOPLE_EDIT

    def context(self, request: HttpRequest, values: dict[str, Any], **extra: Any) -> dict[str, Any]:
        townships = list(selectors.townships_for(user=request.user))
        township = townships[0] if townships else None
        return {
            "townships": townships,
            "villages": selectors.villages_for(township=township) if township else [],
            "officials": selectors.responsible_candidates(user=request.user, township=township) if township else [],
            "orgs": selectors.org_units_for(township=township) if township else [],
            "categories": selectors.category_list(),
            "values": values,
            "field_errors": extra.pop("field_errors", {}),
            **extra,
        }

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, "people/new.html", self.context(request, {}))

    def post(self, request: HttpRequest) -> HttpResponse:
        p = request.POST
        values = {k: v for k, v in p.items() if k not in {"id_number", "phone", "name", "address", "guardian"}}
        try:
            ctx = self.context(request, values)
            township = next((t for t in ctx["townships"] if t.pk == param_id(p, "township")), None)
            if township is None:
                raise ValidationError(_("Choose the township."), details={"township": "required"})
            village = next((v for v in ctx["villages"] if v.pk == param_id(p, "village")), None)
            chosen = set(param_ids(p, "responsible"))
            org = next((o for o in ctx["orgs"] if o.pk == param_id(p, "responsible_org")), None)
            file = services.file_open(
                actor=request.user,
                township=township,
                village=village,
                category=selectors.category_get(code=p.get("category", "")),
                identity=services.Identity(
                    name=p.get("name", ""),
                    id_number=p.get("id_number", ""),
                    address=p.get("address", ""),
                    phone=p.get("phone", ""),
                    guardian=p.get("guardian", ""),
                ),
                purpose=p.get("purpose", ""),
                legal_basis=p.get("legal_basis", ""),
                basis_ends_on=param_date(p, "basis_ends_on"),
                minor=p.get("minor") == "1",
                plan_interval_days=param_count(p, "plan_interval_days") if p.get("plan_interval_days") else None,
                responsible=[u for u in ctx["officials"] if u.pk in chosen],
                responsible_org=org,
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
            errors = exc.details if isinstance(exc.details, dict) else {}
            return render(request, "people/new.html", self.context(request, values, field_errors=errors), status=422)
        messages.success(request, _("File %(n)s opened.") % {"n": file.number})
        return redirect("people:detail", pk=file.pk)


class FileDetailView(AppView):
    permission = Perm.PEOPLE_VIEW

    def context(self, request: HttpRequest, file: PersonFile, values: dict[str, Any] | None = None) -> dict[str, Any]:
        can_edit = can(request.user, Perm.PEOPLE_EDIT)
        values = values or {}
        return {
            "f": file,
            "visits": selectors.visit_list(file=file)[:20],
            "assessments": selectors.assessment_list(file=file)[:20],
            "today": timezone.localdate(),
            "levels": LEVELS,
            "can_edit": can_edit,
            "can_area": can(request.user, Perm.PEOPLE_VIEW_AREA),
            "revealed": None,
            # 包抓 officials to choose from (the township's accounts that visit), never typed
            "officials": selectors.responsible_candidates(user=request.user, township=file.township)
            if can_edit
            else [],
            "assignments": selectors.assignment_history(file=file),
            "assigned": {str(pk) for pk in values.get("responsible", [])}
            or {str(u.pk) for u in file.responsible.all()},
            "values": values,
        }

    def assign(self, request: HttpRequest, file: PersonFile) -> None:
        """包抓 reassigned: only officials from the page's list, through the service (reason, ledger)."""
        officials = selectors.responsible_candidates(user=request.user, township=file.township)
        chosen = set(param_ids(request.POST, "responsible"))
        responsible = [u for u in officials if u.pk in chosen]
        if len(responsible) != len(chosen):
            raise ValidationError(
                _("Choose the responsible officials from the list."), details={"responsible": "not_listed"}
            )
        services.file_assign(
            actor=request.user, file=file, responsible=responsible, reason=request.POST.get("reason", "")
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        file = selectors.file_get(user=request.user, pk=pk)
        return render(request, "people/detail.html", self.context(request, file))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        file = selectors.file_get(user=request.user, pk=pk)
        p = request.POST
        action = p.get("action", "")
        try:
            if action == "reveal":
                identity = services.file_reveal(actor=request.user, file=file, reason=p.get("reason", ""))
                ctx = self.context(request, file)
                ctx["revealed"] = identity  # in this response only, never stored
                return render(request, "people/detail.html", ctx)
            if action == "access_log":
                rows = services.access_log_export(actor=request.user, file=file, reason=p.get("reason", ""))
                return _csv(
                    _("Who read file %(number)s") % {"number": file.number} + ".csv",
                    ["时间", "查看人", "单位", "事由"],
                    [
                        [
                            f"{timezone.localtime(r['created_at']):%Y-%m-%d %H:%M}",
                            r["username"],
                            r["org_unit_name"],
                            r["reason"],
                        ]
                        for r in rows
                    ],
                )
            if action == "assess":
                services.assessment_record(
                    actor=request.user,
                    file=file,
                    level=int(param_choice(p, "level", LEVELS) or -1),
                    assessed_on=param_date(p, "assessed_on", default=timezone.localdate()),
                    note=p.get("note", ""),
                )
            elif action == "assign":
                self.assign(request, file)
            elif action == "end_basis":
                services.file_end_basis(
                    actor=request.user,
                    file=file,
                    day=param_date(p, "day", default=timezone.localdate()),
                    note=p.get("note", ""),
                )
            else:
                raise ValidationError(_("Choose an action."))
        except ApplicationError as exc:
            messages.error(request, exc.message)
            values = {
                "action": action,
                "reason": p.get("reason", ""),
                "responsible": p.getlist("responsible"),
                "level": p.get("level", ""),
                "note": p.get("note", ""),
            }
            return render(request, "people/detail.html", self.context(request, file, values), status=exc.http_status)
        messages.success(request, _("Saved."))
        return redirect("people:detail", pk=pk)


class VisitView(AppView):
    """A visit recorded on a phone: where, what was found, help given, legal education, the level."""

    permission = Perm.PEOPLE_VISIT

    def render_form(
        self, request: HttpRequest, file: PersonFile, values: dict[str, Any], status: int = 200
    ) -> HttpResponse:
        ctx = {"f": file, "values": values, "today": timezone.localdate(), "levels": LEVELS}
        return render(request, "people/visit.html", ctx, status=status)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.render_form(request, selectors.file_get(user=request.user, pk=pk), {})

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        file = selectors.file_get(user=request.user, pk=pk)
        p = request.POST
        try:
            level = param_choice(p, "danger_level", LEVELS)
            services.visit_record(
                actor=request.user,
                file=file,
                visited_on=param_date(p, "visited_on", default=timezone.localdate()),
                place=p.get("place", ""),
                findings=p.get("findings", ""),
                help_given=p.get("help_given", ""),
                legal_education=p.get("legal_education") == "1",
                danger_level=int(level) if level else None,
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return self.render_form(request, file, dict(p.items()), status=422)
        messages.success(request, _("Visit recorded."))
        return redirect("people:detail", pk=pk)


class FiguresView(AppView):
    """Aggregates only: the county, leaders and the township see the same numbers, no names."""

    permission = Perm.PEOPLE_FIGURES

    def get(self, request: HttpRequest) -> HttpResponse:
        regions = selectors.figure_regions(user=request.user)
        region = regions.filter(pk=param_id(request.GET, "region") or 0).first() or regions.first()
        year = param_year(request.GET, "year", default=timezone.localdate().year)
        rows = figures.figure_values(region, year) if region else []
        per_category = figures.files_per_category(region, year) if region else []
        return render(
            request,
            "people/figures.html",
            {"rows": rows, "region": region, "regions": regions[:200], "year": year, "per_category": per_category},
        )
