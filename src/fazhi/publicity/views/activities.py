"""The publicity home (figures, targets and their progress, the latest activities), the activity list,
the one-minute phone form, an activity with its photos."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from fazhi.accounts.roles import Perm
from fazhi.core.clock import today
from fazhi.core.errors import ApplicationError, PermissionDenied
from fazhi.core.params import param_choice, param_count, param_date, param_id, param_int
from fazhi.core.web import AppView, paged
from fazhi.publicity import selectors, services
from fazhi.publicity.access import may_change_activity, require_activity_change
from fazhi.publicity.models import Activity, Target, TargetGroup
from fazhi.publicity.views.common import base_context, field_errors, year_of


class HomeView(AppView):
    permission = Perm.PUBLICITY_VIEW

    def get(self, request: HttpRequest) -> HttpResponse:
        year = year_of(request)
        ctx = base_context(
            request,
            year=year,
            area=selectors.area_of(user=request.user),
            figures=selectors.figures_of(user=request.user, year=year),
            progress=selectors.targets_progress(user=request.user, year=year),
            recent=selectors.activity_list(user=request.user, year=year)[:10],
            metrics=Target.Metric.choices,
        )
        return render(request, "publicity/home.html", ctx)


class ActivityListView(AppView):
    permission = Perm.PUBLICITY_VIEW

    def get(self, request: HttpRequest) -> HttpResponse:
        year = year_of(request)
        type_id = param_id(request.GET, "type")
        village_id = param_id(request.GET, "village")
        group = param_choice(request.GET, "group", TargetGroup.values)
        rows = selectors.activity_list(
            user=request.user, year=year, type_id=type_id, village_id=village_id, group=group
        )
        ctx = base_context(
            request,
            year=year,
            type_id=type_id,
            village_id=village_id,
            group=group,
            types=selectors.activity_types(),
            villages=selectors.villages_for_entry(user=request.user),
            groups=TargetGroup.choices,
            **paged(request, rows),
        )
        return render(request, "publicity/activities.html", ctx)


class ActivityNewView(AppView):
    """A short form for a phone: type, village, date (today), people, target groups, organisers (the
    user's own organisation), optional photos and a link to the inspection or mediation it was held in."""

    permission = Perm.PUBLICITY_RECORD

    def _render(
        self, request: HttpRequest, v: Any, errors: dict[str, str], status: int = 200, **extra: Any
    ) -> HttpResponse:
        ctx = base_context(
            request,
            v=v,
            errors=errors,
            types=selectors.activity_types(),
            villages=selectors.villages_for_entry(user=request.user),
            groups=TargetGroup.choices,
            link_kinds=[c for c in Activity.LinkKind.choices if c[0]],
            chosen_groups=v.getlist("target_groups") if hasattr(v, "getlist") else v.get("target_groups", []),
            # a group is chosen on the phone form only through the API or import: shown when there is one
            village_groups=(
                selectors.groups_for_entry(user=request.user).select_related("parent") if v.get("group") else []
            ),
            **extra,
        )
        return render(request, "publicity/activity_form.html", ctx, status=status)

    def get(self, request: HttpRequest) -> HttpResponse:
        org = getattr(request.user, "org_unit", None)
        defaults: dict[str, Any] = {
            "day": today().isoformat(),
            "organisers": org.name if org is not None else "",
            "target_groups": [TargetGroup.VILLAGERS],
            "village": str(param_id(request.GET, "village") or ""),
            "link_kind": param_choice(request.GET, "link_kind", Activity.LinkKind.values),
            "link_id": str(param_id(request.GET, "link_id") or ""),
        }
        return self._render(request, defaults, {})

    def post(self, request: HttpRequest) -> HttpResponse:
        p = request.POST
        try:
            activity = services.activity_record(
                actor=request.user, photos=request.FILES.getlist("photos"), **_activity_input(request)
            )
        except services.ReachAbovePopulation as exc:
            return self._render(request, p, field_errors(exc), 422, confirm=exc.message)
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return self._render(request, p, field_errors(exc), 422)
        messages.success(request, _("Activity saved."))
        return redirect("publicity:activity", pk=activity.pk)


def _activity_input(request: HttpRequest) -> dict[str, Any]:
    """The form's fields as the services take them (entry and correction read the same form)."""
    p = request.POST
    return {
        "type": selectors.activity_type_find(pk=param_id(p, "type")),
        "village": selectors.region_find(user=request.user, pk=param_id(p, "village")),
        "group": selectors.region_find(user=request.user, pk=param_id(p, "group")),
        "day": param_date(p, "day"),
        "participants": param_count(p, "participants", max=1_000_000),
        "materials": param_count(p, "materials", max=10_000_000),
        "target_groups": p.getlist("target_groups"),
        "organisers": [p.get("organisers", "")],
        "title": p.get("title", ""),
        "place": p.get("place", ""),
        "note": p.get("note", ""),
        "large_print": p.get("large_print") == "1",
        "online": p.get("online") == "1",
        "link_kind": param_choice(p, "link_kind", Activity.LinkKind.values),
        "link_id": param_int(p, "link_id", min=1),
        "confirm_reach": p.get("confirm_reach") == "1",
    }


class ActivityEditView(ActivityNewView):
    """The entry form again, filled with the activity as recorded, for the body that recorded it
    to correct a mistyped value; a save over someone else's newer one is refused (409) with what
    was typed kept."""

    # who may correct is ``require_activity_change`` (the recording body, or the area's managers for
    # an activity no body recorded): the page only needs the user to work in publicity
    permission = Perm.PUBLICITY_VIEW

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:  # type: ignore[override]
        a = selectors.activity_get(user=request.user, pk=pk)
        require_activity_change(request.user, a)
        v: dict[str, Any] = {
            "type": str(a.type_id),
            "village": str(a.village_id),
            "group": str(a.group_id or ""),
            "day": a.day.isoformat(),
            "participants": str(a.participants),
            "materials": str(a.materials) if a.materials else "",
            "target_groups": list(a.target_groups),
            "organisers": "、".join(a.organisers),
            "title": a.title,
            "place": a.place,
            "note": a.note,
            "large_print": "1" if a.large_print else "",
            "online": "1" if a.online else "",
            "link_kind": a.link_kind,
            "link_id": str(a.link_id or ""),
            "version": str(a.version),
        }
        return self._render(request, v, {}, obj=a)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:  # type: ignore[override]
        a = selectors.activity_get(user=request.user, pk=pk)
        p = request.POST
        try:
            services.activity_update(
                actor=request.user,
                activity=a,
                expected_version=param_int(p, "version", min=0) or 0,
                **_activity_input(request),
            )
        except services.ReachAbovePopulation as exc:
            return self._render(request, p, field_errors(exc), 422, confirm=exc.message, obj=a)
        except PermissionDenied:
            raise
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return self._render(request, p, field_errors(exc), exc.http_status, obj=a)
        messages.success(request, _("Activity corrected."))
        return redirect("publicity:activity", pk=a.pk)


class ActivityWithdrawView(AppView):
    """Withdraw an activity recorded in error, with the reason (POST from the activity's page); who
    may is ``require_activity_change``, as for a correction."""

    permission = Perm.PUBLICITY_VIEW

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        a = selectors.activity_get(user=request.user, pk=pk)
        try:
            services.activity_withdraw(
                actor=request.user,
                activity=a,
                reason=request.POST.get("reason", ""),
                expected_version=param_int(request.POST, "version", min=0),
            )
        except PermissionDenied:
            raise
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect("publicity:activity", pk=pk)
        messages.success(request, _("Activity withdrawn: it no longer counts in any figure."))
        return redirect("publicity:activity", pk=pk)


class ActivityDetailView(AppView):
    permission = Perm.PUBLICITY_VIEW

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        activity = selectors.activity_get(user=request.user, pk=pk)
        ctx = base_context(request, obj=activity, may_change=may_change_activity(request.user, activity))
        return render(request, "publicity/activity_detail.html", ctx)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        activity = selectors.activity_get(user=request.user, pk=pk)
        try:
            added = services.activity_photos_add(
                actor=request.user, activity=activity, photos=request.FILES.getlist("photos")
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect("publicity:activity", pk=pk)
        messages.success(request, _("%(n)d photos added.") % {"n": len(added)})
        return redirect("publicity:activity", pk=pk)


class PhotoView(AppView):
    permission = Perm.PUBLICITY_VIEW

    def get(self, request: HttpRequest, pk: int, photo: int) -> FileResponse:
        p = selectors.photo_get(user=request.user, activity_pk=pk, pk=photo)
        return FileResponse(p.file.open("rb"), content_type=p.content_type)
