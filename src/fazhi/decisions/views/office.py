"""The office's pages: list, new decision, the decision page with its next lawful steps, comment
moderation and answers, the catalogue, the legality review opinion (.docx)."""

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
from fazhi.core.params import param_choice, param_date, param_id, param_year
from fazhi.core.web import AppView, ScopedListView, docx_response, download_response, paged
from fazhi.decisions import selectors, services
from fazhi.decisions.models import CommentGroup, Decision, DecisionStep, LegalityReview
from fazhi.decisions.services.procedure import RISK_LEVELS


def review_form(p: Any) -> dict[str, Any]:
    """The legality-review form's fields, as a decision's and a normative document's review take them."""
    return {
        "submitted_on": param_date(p, "submitted_on", required=True),
        "reviewed_on": param_date(p, "reviewed_on", default=timezone.localdate()),
        "result": param_choice(p, "result", LegalityReview.Result.values),
        "opinion": p.get("opinion", ""),
        "short_reason": p.get("short_reason", ""),
    }


class DecisionListView(ScopedListView):
    permission = Perm.DECISION_VIEW
    selector = selectors.decision_list
    template_name = "decisions/list.html"
    partial_template = "decisions/_rows.html"
    filters = ("q", "status")

    def extra_context(self, request: HttpRequest) -> dict[str, Any]:
        today = timezone.localdate()
        year = param_year(request.GET, "year", default=today.year)
        return {
            "statuses": Decision.Status.choices,
            "status": request.GET.get("status", ""),
            "q": request.GET.get("q", ""),
            "can_draft": can(request.user, Perm.DECISION_DRAFT),
            "figures": selectors.figures_of(user=request.user, year=year),
            "figures_year": year,
            "catalogues": selectors.catalogue_list(user=request.user)[:5],
            "can_decide": can(request.user, Perm.DECISION_DECIDE),
        }


class DecisionNewView(AppView):
    permission = Perm.DECISION_DRAFT

    def context(self, request: HttpRequest, values: dict[str, Any], **extra: Any) -> dict[str, Any]:
        regions = list(selectors.regions_for_drafting(user=request.user))
        items: list[Any] = []
        for r in regions:
            items.extend(selectors.catalogue_items_open(user=request.user, region=r))
        return {"regions": regions, "items": items, "values": values, **extra}

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, "decisions/new.html", self.context(request, {}))

    def post(self, request: HttpRequest) -> HttpResponse:
        p = request.POST
        try:
            region = selectors.regions_for_drafting(user=request.user).filter(pk=param_id(p, "region") or 0).first()
            if region is None:
                raise ValidationError(_("Choose the region."), details={"region": "required"})
            item = (
                selectors.catalogue_items_open(user=request.user, region=region)
                .filter(pk=param_id(p, "catalogue_item") or 0)
                .first()
            )
            decision = services.decision_create(
                actor=request.user,
                region=region,
                title=p.get("title", ""),
                drafting_office=p.get("drafting_office", ""),
                draft_text=p.get("draft_text", ""),
                explanation=p.get("explanation", ""),
                catalogue_item=item,
                outside_reason=p.get("outside_reason", ""),
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return render(request, "decisions/new.html", self.context(request, dict(p.items())), status=422)
        messages.success(request, _("The decision is started."))
        return redirect("decisions:detail", pk=decision.pk)


class DecisionDetailView(AppView):
    permission = Perm.DECISION_VIEW

    def context(self, request: HttpRequest, decision: Decision) -> dict[str, Any]:
        steps = services.next_steps(request.user, decision)
        comments = selectors.comments_for_office(user=request.user, decision=decision)
        return {
            "d": decision,
            "steps": steps,
            "step_rows": list(decision.steps.all()),
            "missing": services.missing_before_discussion(decision),
            "groups": selectors.comment_groups(decision=decision),
            "received": comments.filter(status="received")[:50],
            **paged(request, comments.filter(status="published"), per_page=50),
            "answer_kinds": CommentGroup.Answer.choices,
            "results": LegalityReview.Result.choices,
            "risk_levels": list(RISK_LEVELS.items()),
            "may_not_apply": [
                (s.kind, s.get_kind_display())
                for s in decision.steps.all()
                if s.state == "pending" and s.kind in ("participation", "hearing", "experts", "risk")
            ],
            "can_decide": can(request.user, Perm.DECISION_DECIDE),
            "can_draft": can(request.user, Perm.DECISION_DRAFT),
            "attachments": selectors.attachments_of(decision=decision),
            "notice_number": services.publication_number(decision),
            "today": timezone.localdate(),
        }

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        decision = selectors.decision_get(user=request.user, pk=pk)
        return render(request, "decisions/detail.html", self.context(request, decision))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        decision = selectors.decision_get(user=request.user, pk=pk)
        p, user = request.POST, request.user
        action = p.get("action", "")
        today = timezone.localdate()
        try:
            if action == "consult":
                services.consultation_open(
                    actor=user,
                    decision=decision,
                    opens_on=param_date(p, "opens_on", default=today),
                    closes_on=param_date(p, "closes_on", required=True),
                    reason=p.get("reason", ""),
                )
            elif action == "not_applicable":
                kind = param_choice(p, "kind", DecisionStep.Kind.values)
                services.step_not_applicable(actor=user, decision=decision, kind=kind, reason=p.get("reason", ""))
            elif action == "publish_comments":
                services.comments_publish(actor=user, decision=decision)
            elif action == "hide":
                comment = selectors.comment_for_office(user=user, pk=param_id(p, "comment", required=True))
                services.comment_hide(actor=user, comment=comment, reason=p.get("reason", ""))
            elif action == "group":
                services.comments_group(actor=user, decision=decision)
            elif action == "answer":
                group = selectors.group_for_office(user=user, pk=param_id(p, "group", required=True))
                services.group_answer(
                    actor=user,
                    group=group,
                    kind=param_choice(p, "kind", CommentGroup.Answer.values),
                    answer=p.get("answer", ""),
                )
            elif action == "close_consultation":
                services.consultation_close(actor=user, decision=decision)
            elif action == "hearing":
                services.hearing_record(
                    actor=user,
                    decision=decision,
                    materials_published_on=param_date(p, "materials_published_on", required=True),
                    held_on=param_date(p, "held_on", required=True),
                    place=p.get("place", ""),
                    summary=p.get("summary", ""),
                )
            elif action == "experts":
                services.expert_session_record(
                    actor=user,
                    decision=decision,
                    held_on=param_date(p, "held_on", required=True),
                    experts=p.get("experts", ""),
                    opinion=p.get("opinion", ""),
                )
            elif action == "risk":
                services.risk_assessment_record(
                    actor=user,
                    decision=decision,
                    day=param_date(p, "day", default=today),
                    level=param_choice(p, "level", list(RISK_LEVELS)),
                    measures=p.get("measures", ""),
                )
            elif action == "review":
                services.review_record(actor=user, decision=decision, **review_form(p))
            elif action == "discuss":
                services.discussion_record(
                    actor=user,
                    decision=decision,
                    held_on=param_date(p, "held_on", default=today),
                    meeting=p.get("meeting", ""),
                    attendance=p.get("attendance", ""),
                    adopted=p.get("adopted", "1") == "1",
                    dissent=p.get("dissent", ""),
                    expected_version=param_id(p, "version"),
                )
            elif action == "publish":
                services.decision_publish(actor=user, decision=decision)
            elif action == "archive":
                services.decision_archive(actor=user, decision=decision, note=p.get("note", ""))
            elif action == "attach":
                upload = request.FILES.get("file")
                if upload is None:
                    raise ValidationError(_("Choose the file to attach."), details={"file": "required"})
                services.attachment_add(actor=user, decision=decision, fh=upload, name=upload.name or "")
            elif action == "evaluate":
                services.decision_evaluate(actor=user, decision=decision, note=p.get("note", ""))
            else:
                raise ValidationError(_("Unknown action."))
        except ApplicationError as exc:
            messages.error(request, exc.message)
            decision = selectors.decision_get(user=user, pk=pk)
            return render(request, "decisions/detail.html", self.context(request, decision), status=422)
        messages.success(request, _("Saved."))
        return redirect("decisions:detail", pk=decision.pk)


class ReviewDocumentView(AppView):
    permission = Perm.DECISION_VIEW

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        review = selectors.review_get(user=request.user, pk=pk)
        data = services.review_document(actor=request.user, review=review)
        return docx_response(
            data, _("Legality review opinion on %(title)s") % {"title": review.decision.title} + ".docx"
        )


class AnswersDocumentView(AppView):
    permission = Perm.DECISION_VIEW

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        decision = selectors.decision_get(user=request.user, pk=pk)
        data = services.answers_document(actor=request.user, decision=decision)
        return docx_response(
            data, _("How the public comments on %(title)s were taken") % {"title": decision.title} + ".docx"
        )


class NoticeDocumentView(AppView):
    """The publication notice (公告) of a published decision, .docx."""

    permission = Perm.DECISION_VIEW

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        decision = selectors.decision_get(user=request.user, pk=pk)
        try:
            data = services.publication_notice(actor=request.user, decision=decision)
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect("decisions:detail", pk=decision.pk)
        return docx_response(data, _("Publication notice of %(title)s") % {"title": decision.title} + ".docx")


def attachment_response(item: Any) -> HttpResponse:
    """The stored file as a download (refused, with the message, if its hash no longer matches)."""
    response = download_response(services.attachment_bytes(item), item.original_name, item.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


class AttachmentView(AppView):
    permission = Perm.DECISION_VIEW

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return attachment_response(selectors.attachment_get(user=request.user, pk=pk))


class CatalogueView(AppView):
    permission = Perm.DECISION_VIEW

    def context(self, request: HttpRequest, **extra: Any) -> dict[str, Any]:
        return {
            "catalogues": selectors.catalogue_list(user=request.user),
            "regions": selectors.regions_for_drafting(user=request.user),
            "can_draft": can(request.user, Perm.DECISION_DRAFT),
            "can_decide": can(request.user, Perm.DECISION_DECIDE),
            "this_year": timezone.localdate().year,
            **extra,
        }

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, "decisions/catalogue.html", self.context(request))

    def post(self, request: HttpRequest) -> HttpResponse:
        p = request.POST
        try:
            if p.get("action") == "approve":
                catalogue = selectors.catalogue_get(user=request.user, pk=param_id(p, "catalogue", required=True))
                services.catalogue_approve(actor=request.user, catalogue=catalogue)
            else:
                region = selectors.regions_for_drafting(user=request.user).filter(pk=param_id(p, "region") or 0).first()
                if region is None:
                    raise ValidationError(_("Choose the region."), details={"region": "required"})
                services.catalogue_create(
                    actor=request.user,
                    region=region,
                    year=param_year(p, "year", default=timezone.localdate().year),
                    titles=p.get("titles", "").splitlines(),
                    drafting_office=p.get("drafting_office", ""),
                )
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return render(request, "decisions/catalogue.html", self.context(request), status=422)
        messages.success(request, _("Saved."))
        return redirect("decisions:catalogue")
