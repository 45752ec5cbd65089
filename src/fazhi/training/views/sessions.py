"""The training home (the year's figures and sessions), entering a session and its attendance."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from fazhi.accounts.roles import Perm
from fazhi.accounts.selectors import region_in_scope
from fazhi.core.errors import ApplicationError
from fazhi.core.params import param_choice, param_date, param_id, param_ids
from fazhi.core.web import AppView
from fazhi.training import selectors, services
from fazhi.training.models import Session
from fazhi.training.views.common import base_context, year_of


class HomeView(AppView):
    permission = Perm.TRAINING_VIEW

    def get(self, request: HttpRequest) -> HttpResponse:
        year = year_of(request)
        kind = param_choice(request.GET, "kind", Session.Kind.values)
        ctx = base_context(
            request,
            year=year,
            kind=kind,
            figures=selectors.figures_of(user=request.user, year=year),
            sessions=selectors.session_list(user=request.user, year=year, kind=kind),
            kinds=Session.Kind.choices,
        )
        return render(request, "training/home.html", ctx)


def _regions(request: HttpRequest) -> Any:
    return region_in_scope(user=request.user).filter(level__in=["county", "township", "village"])


class SessionCreateView(AppView):
    permission = Perm.TRAINING_MANAGE

    def _render(self, request: HttpRequest, values: Any, errors: dict[str, str], status: int = 200) -> HttpResponse:
        ctx = base_context(
            request,
            v=values,
            errors=errors,
            regions=_regions(request),
            kinds=Session.Kind.choices,
            modes=Session.Mode.choices,
        )
        return render(request, "training/session_form.html", ctx, status=status)

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._render(request, {}, {})

    def post(self, request: HttpRequest) -> HttpResponse:
        p = request.POST
        try:
            region_id = param_id(p, "region", required=True)
            region = _regions(request).filter(pk=region_id).first()
            if region is None:
                messages.error(request, _("Choose the area the session is for."))
                return self._render(request, p, {"region": _("Choose the area the session is for.")}, 422)
            session = services.session_create(
                actor=request.user,
                region=region,
                kind=param_choice(p, "kind", Session.Kind.values, default=Session.Kind.TRAINING),
                mode=param_choice(p, "mode", Session.Mode.values, default=Session.Mode.OFFLINE),
                topic=p.get("topic", ""),
                laws=p.get("laws", ""),
                trainer=p.get("trainer", ""),
                place=p.get("place", ""),
                day=param_date(p, "day"),
                hours=p.get("hours", ""),
            )
        except ApplicationError as exc:
            details = exc.details if isinstance(exc.details, dict) else {}
            messages.error(request, exc.message)
            return self._render(request, p, {k: str(v) for k, v in details.items()}, 422)
        messages.success(request, _("Session saved. Tick who attended."))
        return redirect("training:session", pk=session.pk)


class SessionDetailView(AppView):
    """The session and its attendance list, ticked on a phone at the door."""

    permission = Perm.TRAINING_VIEW

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        session = selectors.session_get(user=request.user, pk=pk)
        present = set(selectors.session_attendees(session=session).values_list("pk", flat=True))
        ctx = base_context(
            request,
            obj=session,
            present=present,
            candidates=selectors.attendance_candidates(user=request.user, session=session),
        )
        return render(request, "training/session_detail.html", ctx)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        session = selectors.session_get(user=request.user, pk=pk)
        try:
            ids = param_ids(request.POST, "trainees")
            people = list(selectors.attendance_candidates(user=request.user, session=session).filter(pk__in=ids))
            if len(people) != len(set(ids)):
                raise ApplicationError(_("Some of the people chosen are not in this session's area."))
            change = services.attendance_set(actor=request.user, session=session, trainees=people)
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect("training:session", pk=pk)
        messages.success(
            request,
            _("Attendance saved: %(n)d present (%(a)d added, %(r)d removed).")
            % {"n": len(people), "a": len(change["added"]), "r": len(change["removed"])},
        )
        return redirect("training:session", pk=pk)
