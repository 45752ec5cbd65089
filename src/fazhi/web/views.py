"""Site pages above the domain apps: home, the ledger (audit administrator), the calendar."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.accounts import services as account_services
from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import require, scope_of
from fazhi.core.errors import ApplicationError
from fazhi.core.forms import StyledForm
from fazhi.core.ledger import actor_of, ledger_append, ledger_verify
from fazhi.core.models import CalendarOverride, LedgerEntry
from fazhi.core.web import AppView
from fazhi.core.workdays import OFFICIAL_YEARS, WorkCalendar, year_is_official
from fazhi.registry import selectors as registry
from fazhi.web import ledger_labels


class HomeView(AppView):
    def get(self, request: HttpRequest) -> HttpResponse:
        user: Any = request.user
        scope = scope_of(user)
        cards = []
        if user.can(Perm.ENTERPRISE_VIEW):
            cards.append((_("Enterprises"), registry.enterprise_list(user=user).count(), "registry:enterprise_list"))
        if user.can(Perm.REGISTRY_VIEW) and not scope.enterprise_only:
            cards.append((_("Officers"), registry.officer_list(user=user).count(), "registry:officer_list"))
            cards.append((_("Enforcement bodies"), registry.body_list(user=user).count(), "registry:body_list"))
            cards.append(
                (
                    _("Published matters"),
                    registry.matter_list(user=user, published=True).count(),
                    "registry:matter_list",
                )
            )
        today = timezone.localdate()
        return render(
            request,
            "home.html",
            {
                "cards": cards,
                "scope": scope,
                "today": today,
                "year_official": year_is_official(today.year + 1)
                if today.month == 12
                else year_is_official(today.year),
            },
        )


class LedgerView(AppView):
    """The audit administrator reads the ledger and checks its chain (三权分立)."""

    def get(self, request: HttpRequest) -> HttpResponse:
        require(request.user, Perm.LEDGER_VIEW)
        qs = LedgerEntry.objects.order_by("-seq")
        verb = request.GET.get("verb", "").strip()
        actor = request.GET.get("actor", "").strip()
        target = request.GET.get("target", "").strip()
        if verb:
            qs = qs.filter(verb__startswith=verb)
        if actor:
            qs = qs.filter(actor_name=actor)
        if target:
            qs = qs.filter(target_label__icontains=target)
        page = Paginator(qs, 50).get_page(request.GET.get("page"))
        for e in page.object_list:
            e.verb_label = ledger_labels.verb_label(e.verb)
            e.fields = ledger_labels.readable_payload(e.payload, e.verb)
        params = request.GET.copy()
        params.pop("page", None)
        return render(
            request,
            "ledger.html",
            {
                "page": page,
                "rows": page.object_list,
                "params": params.urlencode(),
                "verb": verb,
                "verbs": ledger_labels.verb_choices(),
                "actor": actor,
                "target": target,
            },
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        require(request.user, Perm.LEDGER_VIEW)
        result = ledger_verify()
        ledger_append(
            actor=actor_of(request.user),
            verb="ledger.verify",
            target_type="ledger",
            payload={"ok": result.ok, "checked": result.checked, "broken_seq": result.broken_seq},
        )
        if result.ok:
            messages.success(request, _("The ledger is intact: %(n)d entries checked.") % {"n": result.checked})
        else:
            messages.error(
                request,
                _("The ledger has been tampered with at entry #%(seq)s: %(reason)s")
                % {"seq": result.broken_seq, "reason": result.reason},
            )
        return redirect("core:ledger")


class OverrideForm(StyledForm):
    date = forms.DateField(label=gettext_lazy("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    is_workday = forms.TypedChoiceField(
        label=gettext_lazy("The day is"),
        coerce=lambda v: v == "1",
        choices=[("1", gettext_lazy("a working day")), ("0", gettext_lazy("a holiday"))],
    )
    note = forms.CharField(label=gettext_lazy("Note"), max_length=200, required=False)


class CalendarView(AppView):
    def get(self, request: HttpRequest, form: OverrideForm | None = None) -> HttpResponse:
        require(request.user, Perm.CALENDAR_EDIT)
        year = int(request.GET.get("year") or timezone.localdate().year)
        year = min(max(year, 2000), 2100)
        cal = WorkCalendar(dt.date(year, 1, 1), dt.date(year, 12, 31))
        months = []
        for m in range(1, 13):
            days = [(d, cal.is_workday(d), d in cal.overrides) for d in _month_days(year, m)]
            months.append({"month": m, "days": days, "lead": days[0][0].weekday()})
        return render(
            request,
            "calendar.html",
            {
                "year": year,
                "official": year_is_official(year),
                "last_official": OFFICIAL_YEARS[-1],
                "months": months,
                "overrides": CalendarOverride.objects.filter(date__year=year),
                "form": form or OverrideForm(),
                "years": [year - 1, year, year + 1],
                "workday_count": len(cal.workdays()),
            },
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        if "delete" in request.POST:
            try:
                day = dt.date.fromisoformat(request.POST["delete"])
            except ValueError:
                messages.error(request, _("The date is not valid."))
                return redirect("core:calendar")
            account_services.calendar_override_delete(actor=request.user, date=day)
            messages.success(request, _("The override was removed."))
            return redirect(f"{request.path}?year={day.year}")
        form = OverrideForm(request.POST)
        if not form.is_valid():
            return self.get(request, form)
        try:
            account_services.calendar_override_set(actor=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
            return self.get(request, form)
        messages.success(request, _("Saved."))
        return redirect(f"{request.path}?year={form.cleaned_data['date'].year}")


def _month_days(year: int, month: int) -> list[dt.date]:
    d = dt.date(year, month, 1)
    out = []
    while d.month == month:
        out.append(d)
        d += dt.timedelta(days=1)
    return out


class AccessLogView(AppView):
    """The audit administrator reads who saw which sensitive record, when and why."""

    def get(self, request: HttpRequest) -> HttpResponse:
        require(request.user, Perm.LEDGER_VIEW)
        from fazhi.core.models import AccessLog

        qs = AccessLog.objects.all()
        who = request.GET.get("user", "").strip()
        if who:
            qs = qs.filter(username=who)
        page = Paginator(qs, 50).get_page(request.GET.get("page"))
        params = request.GET.copy()
        params.pop("page", None)
        return render(
            request,
            "access_log.html",
            {"page": page, "rows": page.object_list, "params": params.urlencode(), "who": who},
        )
