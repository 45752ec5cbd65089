"""The public pages (no account): the catalogues, drafts open for comment and published decisions
with the answers to the comments; the comment form (throttled per connection) and its receipt."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import is_enterprise_account
from fazhi.core.errors import ApplicationError
from fazhi.core.middleware import request_ip
from fazhi.core.web import AppView, paged
from fazhi.decisions import selectors, services
from fazhi.decisions.access import drafts_in
from fazhi.decisions.models import Decision


class PublicListView(View):
    def get(self, request: HttpRequest) -> HttpResponse:
        ctx = {**paged(request, selectors.public_decisions(), per_page=20), "catalogues": selectors.public_catalogues()}
        return render(request, "decisions/public_list.html", ctx)


def commenter(request: HttpRequest, decision: Decision) -> tuple[object | None, str]:
    """Who a comment from this page is from: an enterprise's account comments as the enterprise
    (企业服务); the drafting office's staff of the draft's area enter a letter or visit they
    received; anyone else, signed in or not (another township's office too), is the public."""
    user = request.user
    if not user.is_authenticated:
        return None, ""
    if is_enterprise_account(user):
        from fazhi.registry.selectors import enterprise_list

        enterprise = enterprise_list(user=user).first()
        return user, _("You are signed in as %(e)s: the comment is recorded as the enterprise's.") % {
            "e": enterprise.name if enterprise else user.get_username()
        }
    if drafts_in(user, decision.region):
        return user, _(
            "You are signed in as drafting-office staff: the comment is recorded as a letter or visit received today."
        )
    return None, ""


class PublicDecisionView(View):
    def context(self, request: HttpRequest, pk: int, **extra: object) -> dict[str, object]:
        decision = selectors.public_decision_get(pk=pk)
        return {
            "d": decision,
            "submitting_as": commenter(request, decision)[1],
            "open": services.is_open(decision),
            "answers": selectors.public_answers(decision=decision) if decision.status == "published" else [],
            **paged(request, selectors.public_comments(decision=decision), per_page=20),
            "attachments": selectors.attachments_of(decision=decision),
            "values": {},
            **extra,
        }

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return render(request, "decisions/public_decision.html", self.context(request, pk))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        decision = selectors.public_decision_get(pk=pk)
        values = {k: request.POST.get(k, "") for k in ("text", "name", "contact")}
        key = f"decision-comments:{request_ip(request)}"
        sent = cache.get(key, 0)
        if sent >= settings.FAZHI_PUBLIC_DECISION_COMMENTS_PER_HOUR:
            error = _(
                "Too many comments from this connection in an hour. Please try again later or write to the office."
            )
        else:
            try:
                actor = commenter(request, decision)[0]
                comment = services.comment_submit(
                    actor=actor, decision=decision, text=values["text"], name=values["name"], contact=values["contact"]
                )
            except ApplicationError as exc:
                error = exc.message
            else:
                cache.set(key, sent + 1, 3600)
                return redirect("decisions_public:receipt", receipt=services.comment_receipt(comment))
        ctx = self.context(request, pk, values=values, error=error)
        return render(request, "decisions/public_decision.html", ctx, status=422)


class ReceiptView(View):
    def get(self, request: HttpRequest, receipt: str) -> HttpResponse:
        comment = selectors.comment_by_receipt(receipt)
        if comment is None:
            raise Http404
        return render(request, "decisions/public_receipt.html", {"c": comment, "receipt": receipt})


class PublicAttachmentView(View):
    """An attachment of a draft open for comment or a published decision."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        from fazhi.decisions.views.office import attachment_response

        return attachment_response(selectors.public_attachment_get(pk=pk))


class MyCommentsView(AppView):
    """我的意见 (企业服务): an enterprise's own comments on drafts, with each draft's title, the day,
    and the office's answer once given."""

    permission = Perm.RATE

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, "decisions/my_comments.html", paged(request, selectors.my_comments(user=request.user)))
