"""The grassroots network on one page: channels, legal liaisons and their trainings, studios, legal
advisers and their logs, model villages, culture sites (outdated flagged); small forms for each."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from fazhi.accounts.roles import Perm
from fazhi.core.errors import ApplicationError, ValidationError
from fazhi.core.params import param_choice, param_count, param_date, param_id, param_ids, param_int
from fazhi.core.web import AppView
from fazhi.publicity import selectors, services
from fazhi.publicity.models import AdviserService, Channel, ModelVillage
from fazhi.publicity.views.common import base_context, year_of


def _village(request: HttpRequest) -> Any:
    village = selectors.region_find(user=request.user, pk=param_id(request.POST, "village"))
    if village is None:
        raise ValidationError(_("Choose a village or community."))
    return village


def _channel(request: HttpRequest) -> None:
    p = request.POST
    services.channel_create(
        actor=request.user,
        village=_village(request),
        kind=param_choice(p, "kind", Channel.Kind.values),
        name=p.get("name", ""),
        reach=param_count(p, "reach", max=1_000_000),
    )


def _message(request: HttpRequest) -> None:
    p = request.POST
    channel = selectors.channel_get(user=request.user, pk=param_id(p, "channel", required=True))
    services.channel_message_record(
        actor=request.user, channel=channel, day=param_date(p, "day"), title=p.get("title", "")
    )


def _liaison(request: HttpRequest) -> None:
    p = request.POST
    services.liaison_appoint(
        actor=request.user,
        village=_village(request),
        name=p.get("name", ""),
        phone=p.get("phone", ""),
        appointed_on=param_date(p, "day"),
    )


def _relieve(request: HttpRequest) -> None:
    liaison = selectors.liaison_get(user=request.user, pk=param_id(request.POST, "liaison", required=True))
    services.liaison_relieve(actor=request.user, liaison=liaison)


def _training(request: HttpRequest) -> None:
    p = request.POST
    region = selectors.area_of(user=request.user)
    if region is None:
        raise ValidationError(_("You have no area."))
    ids = param_ids(p, "liaisons")
    liaisons = list(selectors.liaison_list(user=request.user).filter(pk__in=ids))
    services.liaison_training_record(
        actor=request.user, region=region, day=param_date(p, "day"), title=p.get("title", ""), liaisons=liaisons
    )


def _studio(request: HttpRequest) -> None:
    p = request.POST
    lid = param_id(p, "liaison")
    services.studio_create(
        actor=request.user,
        village=_village(request),
        name=p.get("name", ""),
        opened_on=param_date(p, "day"),
        liaison=selectors.liaison_get(user=request.user, pk=lid) if lid else None,
    )


def _adviser(request: HttpRequest) -> None:
    p = request.POST
    services.adviser_create(
        actor=request.user, village=_village(request), name=p.get("name", ""), firm=p.get("firm", "")
    )


def _service(request: HttpRequest) -> None:
    p = request.POST
    adviser = selectors.adviser_get(user=request.user, pk=param_id(p, "adviser", required=True))
    services.adviser_service_record(
        actor=request.user,
        adviser=adviser,
        day=param_date(p, "day"),
        kind=param_choice(p, "kind", AdviserService.Kind.values),
        people=param_count(p, "people", default=1, max=10_000),
        dispute_id=param_int(p, "dispute_id", min=1),
        note=p.get("note", ""),
    )


def _model(request: HttpRequest) -> None:
    p = request.POST
    services.model_village_record(
        actor=request.user,
        village=_village(request),
        level=param_choice(p, "level", ModelVillage.Level.values),
        year=param_int(p, "year", min=2000, max=2100, required=True),
    )


def _site(request: HttpRequest) -> None:
    p = request.POST
    services.culture_site_create(
        actor=request.user,
        village=_village(request),
        name=p.get("name", ""),
        built_on=param_date(p, "built_on"),
        content_updated_on=param_date(p, "day"),
    )


def _site_update(request: HttpRequest) -> None:
    site = selectors.site_get(user=request.user, pk=param_id(request.POST, "site", required=True))
    services.culture_site_update(actor=request.user, site=site, day=param_date(request.POST, "day"))


ACTIONS: dict[str, Callable[[HttpRequest], None]] = {
    "channel": _channel,
    "message": _message,
    "liaison": _liaison,
    "relieve": _relieve,
    "training": _training,
    "studio": _studio,
    "adviser": _adviser,
    "service": _service,
    "model": _model,
    "site": _site,
    "site_update": _site_update,
}


class NetworkView(AppView):
    permission = Perm.PUBLICITY_VIEW

    def get(self, request: HttpRequest) -> HttpResponse:
        year = year_of(request)
        u = request.user
        ctx = base_context(
            request,
            year=year,
            channels=selectors.channel_list(user=u),
            liaisons=selectors.liaison_list(user=u),
            trainings=selectors.liaison_training_list(user=u, year=year),
            studios=selectors.studio_list(user=u),
            advisers=selectors.adviser_list(user=u),
            services_log=selectors.adviser_service_list(user=u, year=year)[:50],
            model_villages=selectors.model_village_list(user=u),
            sites=selectors.site_list(user=u, year=year),
            villages=selectors.villages_for_entry(user=u),
            channel_kinds=Channel.Kind.choices,
            service_kinds=AdviserService.Kind.choices,
            levels=ModelVillage.Level.choices,
        )
        return render(request, "publicity/network.html", ctx)

    def post(self, request: HttpRequest) -> HttpResponse:
        action = param_choice(request.POST, "action", ACTIONS.keys())
        try:
            if not action:
                raise ValidationError(_("Nothing to do."))
            ACTIONS[action](request)
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect("publicity:network")
        messages.success(request, _("Saved."))
        return redirect("publicity:network")
