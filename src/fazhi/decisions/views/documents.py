"""The normative-document register (规范性文件): entries, filing, expiry reminders, the import of a
past year's register (all or nothing, every row's error listed)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import can
from fazhi.core.errors import ApplicationError, ValidationError
from fazhi.core.params import param_choice, param_date, param_id
from fazhi.core.web import AppView, paged, xlsx_response
from fazhi.decisions import imports, selectors, services
from fazhi.decisions.models import LegalityReview, NormativeDocument
from fazhi.decisions.views.office import review_form


class DocumentListView(AppView):
    permission = Perm.DECISION_VIEW

    def context(self, request: HttpRequest, **extra: Any) -> dict[str, Any]:
        status = param_choice(request.GET, "status", NormativeDocument.Status.values)
        return {
            **paged(request, selectors.document_list(user=request.user, status=status)),
            "expiring": selectors.documents_expiring(user=request.user)[:20],
            "unfiled": selectors.documents_unfiled(user=request.user)[:20],
            "regions": selectors.regions_for_drafting(user=request.user),
            "kinds": NormativeDocument.Kind.choices,
            "can_draft": can(request.user, Perm.DECISION_DRAFT),
            "today": timezone.localdate(),
            **extra,
        }

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, "decisions/documents.html", self.context(request))

    def post(self, request: HttpRequest) -> HttpResponse:
        p = request.POST
        try:
            if p.get("action") == "file":
                doc = selectors.document_get(user=request.user, pk=param_id(p, "document", required=True))
                services.document_file(
                    actor=request.user, document=doc, filed_on=param_date(p, "filed_on", default=timezone.localdate())
                )
            elif p.get("action") == "import":
                region = selectors.regions_for_drafting(user=request.user).filter(pk=param_id(p, "region") or 0).first()
                upload = request.FILES.get("file")
                if region is None or upload is None:
                    raise ValidationError(_("Choose the region and the Excel file."))
                n = imports.register_import(actor=request.user, region=region, fh=upload)
                messages.success(request, _("%(n)d documents imported.") % {"n": n})
                return redirect("decisions:documents")
            elif p.get("action") == "draft":
                region = selectors.regions_for_drafting(user=request.user).filter(pk=param_id(p, "region") or 0).first()
                if region is None:
                    raise ValidationError(_("Choose the region."), details={"region": "required"})
                doc = services.document_draft(
                    actor=request.user,
                    region=region,
                    title=p.get("title", ""),
                    text=p.get("text", ""),
                    kind=param_choice(p, "kind", NormativeDocument.Kind.values, default="normative"),
                )
                messages.success(request, _("Draft saved: record its legality review, then publish it."))
                return redirect("decisions:document", pk=doc.pk)
            else:
                region = selectors.regions_for_drafting(user=request.user).filter(pk=param_id(p, "region") or 0).first()
                if region is None:
                    raise ValidationError(_("Choose the region."), details={"region": "required"})
                services.document_register(
                    actor=request.user,
                    region=region,
                    title=p.get("title", ""),
                    number=p.get("number", ""),
                    published_on=param_date(p, "published_on", required=True),
                    kind=param_choice(p, "kind", NormativeDocument.Kind.values, default="normative"),
                )
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return render(
                request, "decisions/documents.html", self.context(request, values=dict(p.items())), status=422
            )
        messages.success(request, _("Saved."))
        return redirect("decisions:documents")


class ImportTemplateView(AppView):
    permission = Perm.DECISION_DRAFT

    def get(self, request: HttpRequest) -> HttpResponse:
        return xlsx_response(imports.template(), _("Normative documents import template") + ".xlsx")


class DocumentDetailView(AppView):
    """One document: its legality reviews (and the form for one), filing, amendment (a new version
    replacing it) or repeal, and its history (the versions it amended and that amended it)."""

    permission = Perm.DECISION_VIEW

    def context(self, request: HttpRequest, doc: NormativeDocument, **extra: Any) -> dict[str, Any]:
        return {
            "doc": doc,
            "reviews": selectors.document_reviews(document=doc),
            "passed": services.document_passed_review(doc),
            "history": selectors.document_history(user=request.user, document=doc),
            "results": LegalityReview.Result.choices,
            "can_draft": can(request.user, Perm.DECISION_DRAFT),
            "can_review": can(request.user, Perm.DECISION_REVIEW),
            "today": timezone.localdate(),
            "values": {},
            **extra,
        }

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        doc = selectors.document_get(user=request.user, pk=pk)
        return render(request, "decisions/document.html", self.context(request, doc))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        doc = selectors.document_get(user=request.user, pk=pk)
        p, user = request.POST, request.user
        action = p.get("action", "")
        today = timezone.localdate()
        target = doc
        try:
            if action == "review":
                services.document_review_record(actor=user, document=doc, **review_form(p))
            elif action == "publish":
                services.document_publish(
                    actor=user,
                    document=doc,
                    number=p.get("number", ""),
                    published_on=param_date(p, "published_on", required=True),
                )
            elif action == "file":
                services.document_file(actor=user, document=doc, filed_on=param_date(p, "filed_on", default=today))
            elif action == "revise":
                services.document_text_revise(
                    actor=user, document=doc, text=p.get("text", ""), expected_version=param_id(p, "version")
                )
            elif action == "amend":
                target = services.document_register(
                    actor=user,
                    region=doc.region,
                    kind=doc.kind,
                    title=p.get("title", ""),
                    number=p.get("number", ""),
                    published_on=param_date(p, "published_on", required=True),
                    replaces=doc,
                )
            elif action == "repeal":
                services.document_repeal(actor=user, document=doc, reason=p.get("reason", ""))
            else:
                raise ValidationError(_("Unknown action."))
        except ApplicationError as exc:
            messages.error(request, exc.message)
            doc = selectors.document_get(user=user, pk=pk)
            ctx = self.context(request, doc, values=dict(p.items()))
            return render(request, "decisions/document.html", ctx, status=422)
        messages.success(request, _("Saved."))
        return redirect("decisions:document", pk=target.pk)
