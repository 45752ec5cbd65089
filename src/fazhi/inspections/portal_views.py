"""Codes, publications, draws and the enterprise portal: the task code and the enterprise poster,
publishing results, a random draw, and 企业端. Views parse, selectors read, services write."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from fazhi.accounts.roles import Perm
from fazhi.accounts.selectors import region_in_scope
from fazhi.core.errors import ApplicationError, NotFound, PermissionDenied
from fazhi.core.params import param_count, param_id
from fazhi.core.web import AppView, safe_next
from fazhi.inspections import codes, draws, onsite, publication, selectors
from fazhi.inspections.models import JointInspection, Publication
from fazhi.registry import selectors as registry


def public_base(request: HttpRequest) -> str:
    """The address phones reach the site at, for QR codes."""
    return settings.FAZHI_PUBLIC_URL or f"{request.scheme}://{request.get_host()}"


def _svg(svg: str) -> HttpResponse:
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=300"
    return response


class TaskCodeView(AppView):
    """The task code's QR, for the team to show the enterprise (and for the approvers)."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        visit = _visit_for_code(request, pk)
        return _svg(codes.qr_svg(onsite.task_url(visit, public_base(request))))


def _visit_for_code(request: HttpRequest, pk: int) -> JointInspection:
    mine = selectors.my_inspections(user=request.user, start=timezone.localdate() - dt.timedelta(days=7))
    visit = mine.filter(pk=pk).first()
    if visit is None:
        visit = selectors.inspection_get(user=request.user, pk=pk)
    if visit.status != JointInspection.Status.APPROVED:
        raise PermissionDenied(_("Only an approved inspection has a task code."))
    return visit


class EnterprisePosterView(AppView):
    """The enterprise code poster (企业码), printable; the enterprise itself or the registry's editors."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        enterprise = registry.enterprise_get(user=request.user, pk=pk)
        url = onsite.enterprise_url(enterprise, public_base(request))
        return render(
            request,
            "inspections/poster.html",
            {
                "enterprise": enterprise,
                "svg": codes.qr_svg(url, scale=8),
                "can_replace": onsite.can_replace_code(request.user),
            },
        )

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        enterprise = registry.enterprise_get(user=request.user, pk=pk)
        onsite.enterprise_code_replace(actor=request.user, enterprise=enterprise)
        messages.success(request, _("A new enterprise code was issued; the old poster no longer works."))
        return redirect("inspections:poster", pk=pk)


class PublicationManageView(AppView):
    permission = Perm.PUBLICATION_MANAGE

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(
            request,
            "inspections/publications.html",
            {
                "waiting": selectors.publications_waiting(user=request.user)[:100],
                "published": selectors.publications_managed(
                    user=request.user, status=Publication.Status.PUBLISHED
                ).order_by("-published_at")[:50],
                "today": timezone.localdate(),
            },
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        try:
            pub = selectors.publication_managed_get(
                user=request.user, pk=param_id(request.POST, "publication", required=True)
            )
            if request.POST.get("action") == "withdraw":
                publication.publication_withdraw(
                    actor=request.user, publication=pub, reason=request.POST.get("reason", "")
                )
                messages.success(request, _("Withdrawn; the notice now says so, with the reason."))
            else:
                publication.publication_publish(actor=request.user, publication=pub)
                messages.success(request, _("Published."))
        except ApplicationError as exc:
            messages.error(request, exc.message)
        return redirect(safe_next(request, "inspections:publications"))


class DrawCreateView(AppView):
    permission = Perm.RANDOM_DRAW

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, "inspections/draw_new.html", self._context(request, {}))

    def _context(self, request: HttpRequest, values: dict[str, Any]) -> dict[str, Any]:
        bodies = (
            registry.body_editable(user=request.user)
            if registry.own_body(user=request.user) is not None
            else registry.body_list(user=request.user)
        )
        return {
            "values": values,
            "bodies": bodies,
            "matters": registry.matter_list(user=request.user, published=True).filter(body__in=bodies)[:300],
            "regions": region_in_scope(user=request.user).filter(level__in=["county", "township", "village"])[:300],
        }

    def post(self, request: HttpRequest) -> HttpResponse:
        values = {
            k: request.POST.get(k, "").strip()
            for k in ("matter", "region", "ratio_pct", "count", "officers", "industry")
        }
        try:
            matter = (
                registry.matter_list(user=request.user, published=True)
                .select_related("body")
                .get(pk=int(values["matter"] or 0))
            )
            region = region_in_scope(user=request.user).get(pk=int(values["region"] or 0))
            item = draws.random_draw_create(
                actor=request.user,
                body=matter.body,
                matter=matter,
                region=region,
                ratio_pct=float(values["ratio_pct"]) if values["ratio_pct"] else None,
                count=int(values["count"]) if values["count"] else None,
                officers=int(values["officers"] or 2),
                industry=values["industry"],
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        except (ValueError, ObjectDoesNotExist):
            messages.error(request, _("Choose the matter and the area, and give whole numbers."))
        else:
            return redirect("public:draw", pk=item.pk)
        return render(request, "inspections/draw_new.html", self._context(request, values), status=422)


@method_decorator(never_cache, name="dispatch")
class PortalView(AppView):
    """企业端: the enterprise's schedule, history, results, ratings and codes."""

    permission = Perm.RATE

    def get(self, request: HttpRequest) -> HttpResponse:
        if not selectors.is_enterprise_account(request.user):
            raise PermissionDenied()
        today = timezone.localdate()
        enterprise = selectors.own_enterprise(user=request.user)
        records = list(
            selectors.record_list(user=request.user)
            .select_related("rating_right", "publication")
            .prefetch_related("bodies")[:100]
        )
        from fazhi.inspections.views import FIVE_PROHIBITIONS

        return render(
            request,
            "inspections/portal.html",
            {
                "enterprise": enterprise,
                "upcoming": selectors.my_inspections(user=request.user, start=today),
                "records": records,
                "year_count": selectors.inspections_this_year(enterprise_ids=[enterprise.pk])[enterprise.pk]
                if enterprise
                else 0,
                "prohibitions": FIVE_PROHIBITIONS,
                "today": today,
            },
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        if "email" in request.POST:
            from fazhi.registry.services import enterprise_email_set

            enterprise = registry.enterprise_list(user=request.user).first()
            try:
                if enterprise is None:
                    raise NotFound()
                enterprise_email_set(actor=request.user, enterprise=enterprise, email=request.POST.get("email", ""))
            except ApplicationError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("Saved."))
            return redirect("inspections:portal")
        record = selectors.record_get(user=request.user, pk=param_id(request.POST, "record", required=True))
        try:
            onsite.rating_add(
                actor=request.user,
                record=record,
                score=param_count(request.POST, "score", max=100),
                comment=request.POST.get("comment", ""),
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Thank you. Your rating is anonymous: the department sees only totals."))
        return redirect("inspections:portal")
