"""On-site pages: scan check-in, the records list, the mobile checklist, evidence, signatures, the
result, the re-check and filing, and the no-code / remote form. Views parse, selectors read,
services write (codes, publications, draws and the portal: ``portal_views``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import can, is_own_body
from fazhi.core.errors import ApplicationError, NotFound
from fazhi.core.params import param_count, param_date, param_id, param_ids
from fazhi.core.web import AppView, keep_field_errors, safe_next
from fazhi.inspections import onsite, selectors
from fazhi.inspections.models import Evidence, InspectionRecord
from fazhi.registry import selectors as registry
from fazhi.registry.models import InspectionType


@method_decorator(never_cache, name="dispatch")
class ScanView(AppView):
    """An officer's phone opened the enterprise code: say whether the visit may start, then check in."""

    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        try:
            verdict = onsite.scan_verdict(actor=request.user, token=token)
        except ApplicationError as exc:
            return render(request, "inspections/scan.html", {"refusal": exc.message}, status=exc.http_status)
        if verdict.record and verdict.me_checked_in:
            return redirect("inspections:record", pk=verdict.record.pk)
        return render(request, "inspections/scan.html", {"v": verdict, "needed": onsite.min_officers()})

    def post(self, request: HttpRequest, token: str) -> HttpResponse:
        try:
            record = onsite.check_in(
                actor=request.user,
                token=token,
                latitude=request.POST.get("latitude"),
                longitude=request.POST.get("longitude"),
            )
        except ApplicationError as exc:
            return render(request, "inspections/scan.html", {"refusal": exc.message}, status=exc.http_status)
        if request.headers.get("Accept") == "application/json":
            return JsonResponse({"record": record.pk, "status": record.status, "present": record.checkins.count()})
        return redirect("inspections:record", pk=record.pk)


class RecordListView(AppView):
    permission = Perm.INSPECTION_VIEW

    def get(self, request: HttpRequest) -> HttpResponse:
        mode = request.GET.get("mode", "")
        outcome = request.GET.get("outcome", "")
        qs = selectors.record_list(
            user=request.user,
            mode=mode,
            outcome=outcome,
            enterprise_id=param_id(request.GET, "enterprise"),
        )
        page = Paginator(qs, settings.FAZHI_PAGE_SIZE).get_page(request.GET.get("page"))
        params = request.GET.copy()
        params.pop("page", None)
        today = timezone.localdate()
        return render(
            request,
            "inspections/records.html",
            {
                "page": page,
                "rows": page.object_list,
                "params": params.urlencode(),
                "modes": InspectionRecord.Mode.choices,
                "outcomes": InspectionRecord.Outcome.choices,
                "mode": mode,
                "outcome": outcome,
                "today": today,
                "figures": selectors.inspection_figures(user=request.user, year=today.year),
                "filings": selectors.filings_waiting(user=request.user)[:50],
                "rectifications": selectors.rectifications_waiting(user=request.user)[:50],
                "ratings": selectors.rating_summary(user=request.user, today=today),
                "min_group": settings.FAZHI_RATING_MIN_GROUP,
                "can_inspect": can(request.user, Perm.INSPECT),
            },
        )


@method_decorator(never_cache, name="dispatch")
class RecordView(AppView):
    """The record: the mobile unified checklist while in progress, the full record afterwards."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        record = selectors.record_get(user=request.user, pk=pk)
        officer = getattr(request.user, "officer", None)
        on_team = onsite.is_on_team(request.user, record)
        sections = selectors.checklist_of(record)
        unsigned: list[tuple[int, str]] = []
        if record.status == InspectionRecord.Status.IN_PROGRESS:
            unsigned = [(b.pk, onsite.signers_label(b, team)) for b, team in onsite.unsigned_sections(record)]
            labels = dict(unsigned)
            absent = {b.pk for b in onsite.absent_sections(record)}
            for section in sections:
                if section["sign_here"] and not section["signoff"]:
                    section["unsigned"] = labels.get(section["body_id"], "")
                section["mine"] = onsite.can_record_section(request.user, record, section["body_id"])
                section["absent"] = section["body_id"] in absent
        return render(
            request,
            "inspections/record.html",
            {
                "record": record,
                "sections": sections,
                "unsigned": unsigned,
                "checkins": record.checkins.select_related("officer"),
                "team": record.officers.select_related("body"),
                "evidence": record.evidence.exclude(kind=Evidence.Kind.SIGNATURE),
                "editable": onsite.can_edit(request.user, record),
                "on_team": on_team,
                "officer": officer,
                "answers": InspectionRecord.Outcome.choices,
                "choices": [("pass", _("Compliant")), ("fail", _("Not compliant")), ("na", _("Not applicable"))],
                "needed": onsite.min_officers(),
                "can_file": onsite.can_file(request.user, record),
                "can_approve_afterwards": onsite.can_approve_afterwards(request.user, record),
                "can_recheck": onsite.can_recheck(request.user, record),
                "can_opinion": can(request.user, Perm.OPINION_GIVE),
                "perms_case_handle": can(request.user, Perm.CASE_HANDLE),
                "today": timezone.localdate(),
            },
        )


class AnswerView(AppView):
    """Autosave of one checklist line (the page retries until it gets an answer)."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        record = selectors.record_get(user=request.user, pk=pk)
        try:
            line = onsite.answer_set(
                actor=request.user,
                record=record,
                seq=param_count(request.POST, "seq"),
                answer=request.POST.get("answer", ""),
                note=request.POST.get("note", ""),
            )
        except ApplicationError as exc:
            return JsonResponse({"ok": False, "message": exc.message}, status=exc.http_status)
        return JsonResponse({"ok": True, "seq": line.seq, "answer": line.answer})


class EvidenceView(AppView):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        record = selectors.record_get(user=request.user, pk=pk)
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise ApplicationError(_("Choose a photo or a document."))
            onsite.evidence_add(
                actor=request.user,
                record=record,
                fh=upload,
                name=upload.name or "",
                kind=request.POST.get("kind") or Evidence.Kind.PHOTO,
                caption=request.POST.get("caption", ""),
                seq=param_id(request.POST, "seq"),
                latitude=request.POST.get("latitude"),
                longitude=request.POST.get("longitude"),
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Evidence stored; its hash is in the ledger."))
        return redirect(reverse("inspections:record", args=[pk]) + "#evidence")


class EvidenceFileView(AppView):
    def get(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        item = selectors.evidence_get(user=request.user, pk=pk)
        from fazhi.core.access import log_read

        log_read(user=request.user, target=item, reason=_("Evidence of an inspection record"), label=item.original_name)
        response = FileResponse(item.file.open("rb"), content_type=item.content_type)
        response["Content-Disposition"] = f"inline; filename*=UTF-8''{item.pk}"
        response["X-Content-Type-Options"] = "nosniff"
        return response


class SignView(AppView):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        record = selectors.record_get(user=request.user, pk=pk)
        body_id = param_id(request.POST, "body")
        body = record.bodies.filter(pk=body_id or 0).first() or (
            record.lead_body if body_id and record.lead_body_id == body_id else None
        )
        try:
            if body is None:
                raise ApplicationError(_("Choose the section to sign."))
            onsite.section_sign(
                actor=request.user, record=record, body=body, signature=request.POST.get("signature", "")
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Section signed."))
        return redirect(reverse("inspections:record", args=[pk]) + "#sections")


class FinishView(AppView):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        record = selectors.record_get(user=request.user, pk=pk)
        try:
            onsite.record_finish(
                actor=request.user,
                record=record,
                outcome=request.POST.get("outcome", ""),
                findings=request.POST.get("findings", ""),
                rectification_due=param_date(request.POST, "rectification_due"),
                representative_name=request.POST.get("representative_name", ""),
                representative_signature=request.POST.get("representative_signature", ""),
                representative_refused=request.POST.get("representative_refused", ""),
                statement=request.POST.get("statement", ""),
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
            keep_field_errors(request, exc)
            return redirect(reverse("inspections:record", args=[pk]) + "#finish")
        messages.success(request, _("The inspection is finished; the enterprise can see the result now."))
        return redirect("inspections:record", pk=pk)


class RecheckView(AppView):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        record = selectors.record_get(user=request.user, pk=pk)
        try:
            onsite.recheck(
                actor=request.user,
                record=record,
                rectified=request.POST.get("rectified") == "1",
                note=request.POST.get("note", ""),
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Saved."))
        return redirect("inspections:record", pk=pk)


class FileView(AppView):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        record = selectors.record_get(user=request.user, pk=pk)
        try:
            onsite.no_code_file(actor=request.user, record=record)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Filed."))
        return redirect(safe_next(request, reverse("inspections:record", args=[pk])))


class RecordNewView(AppView):
    """无码检查 and 非现场监管: one form, the mode chosen at the top."""

    permission = Perm.INSPECT

    def _context(self, request: HttpRequest, values: dict[str, Any]) -> dict[str, Any]:
        officer = getattr(request.user, "officer", None)
        matters = registry.matter_list(user=request.user, published=True)
        officers = registry.officer_list(user=request.user, may_inspect_on=timezone.localdate())
        if officer is not None and is_own_body(request.user, officer.body):
            matters = matters.filter(body=officer.body)
            officers = officers.filter(body=officer.body)
        chosen = None
        enterprise_id = param_id(values, "enterprise")
        if enterprise_id:
            chosen = registry.enterprise_list(user=request.user).filter(pk=enterprise_id).first()
        return {
            "values": values,
            "chosen": chosen,
            "chosen_list": [chosen] if chosen else [],
            "matters": matters[:300],
            "officers": [o for o in officers[:300] if officer is None or o.pk != officer.pk],
            "methods": InspectionRecord.RemoteMethod.choices,
            "types": [(v, label) for v, label in InspectionType.choices],
            "today": timezone.localdate(),
        }

    def get(self, request: HttpRequest) -> HttpResponse:
        values = {"mode": request.GET.get("mode", "no_code"), "enterprise": request.GET.get("enterprise", "")}
        return render(request, "inspections/record_new.html", self._context(request, values))

    def post(self, request: HttpRequest) -> HttpResponse:
        values: dict[str, Any] = {
            k: request.POST.get(k, "") for k in ("mode", "enterprise", "inspection_type", "reason", "method", "day")
        }
        values["matter_ids"] = request.POST.getlist("matters")
        values["officer_ids"] = request.POST.getlist("officers")
        try:
            enterprise = registry.enterprise_get(user=request.user, pk=param_id(values, "enterprise", required=True))
            matters = list(
                registry.matter_list(user=request.user, published=True)
                .filter(pk__in=param_ids(request.POST, "matters"))
                .select_related("body")
            )
            officers = list(registry.officer_list(user=request.user).filter(pk__in=param_ids(request.POST, "officers")))
            day = param_date(values, "day")
            if values["mode"] == "remote":
                record = onsite.record_remote(
                    actor=request.user,
                    enterprise=enterprise,
                    matters=matters,
                    officers=officers,
                    method=values["method"],
                    inspection_type=values["inspection_type"] or InspectionType.ROUTINE,
                    day=day,
                )
            else:
                record = onsite.record_without_code(
                    actor=request.user,
                    enterprise=enterprise,
                    matters=matters,
                    officers=officers,
                    inspection_type=values["inspection_type"],
                    reason=values["reason"],
                    day=day,
                    latitude=request.POST.get("latitude"),
                    longitude=request.POST.get("longitude"),
                )
        except NotFound:
            messages.error(request, _("Choose the enterprise from the list."))
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            return redirect("inspections:record", pk=record.pk)
        return render(request, "inspections/record_new.html", self._context(request, values), status=422)


class EnterpriseOptionsView(AppView):
    """The enterprise picker of the no-code and remote forms (htmx)."""

    def get(self, request: HttpRequest) -> HttpResponse:
        q = request.GET.get("q", "").strip()
        options = registry.enterprise_list(user=request.user, q=q)[:20] if q else []
        return render(request, "inspections/_enterprise_options.html", {"options": options})
