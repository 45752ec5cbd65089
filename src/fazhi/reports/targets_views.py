"""The region's work targets of a year (工作目标): each with its progress; add, correct, enter what
was achieved of a fact the system does not count, withdraw."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from fazhi.core.errors import ApplicationError
from fazhi.core.figures import load_all
from fazhi.core.params import param_choice, param_id, param_int
from fazhi.reports import targets_selectors as selectors
from fazhi.reports import targets_services as services
from fazhi.reports.figures import figures_cached
from fazhi.reports.models import WorkTarget
from fazhi.reports.numbers import exact
from fazhi.reports.selectors import report_regions
from fazhi.reports.targets import Progress, progress_of
from fazhi.reports.views import _ReportView

FIELDS = ("text", "comparison", "value", "figure", "unit", "achieved", "reason")


def figure_choices() -> list[dict[str, str]]:
    """The figures a target may be bound to, by their Chinese label."""
    return sorted(
        ({"id": fid, "label": str(f.label), "unit": str(f.unit)} for fid, f in load_all().items()),
        key=lambda c: c["id"],
    )


def _row(p: Progress, posted: dict[str, Any]) -> dict[str, Any]:
    """A target on the page with the values of its forms: as saved, or as typed when refused."""
    t = p.target
    form = {"text": t.text, "comparison": t.comparison, "value": exact(t.value), "figure": t.figure, "unit": t.unit}
    form["achieved"] = "" if t.achieved is None else exact(t.achieved)
    mine = posted.get("pk") == t.pk
    if mine:
        form.update({k: v for k, v in posted.items() if k in FIELDS})
    return {"p": p, "t": t, "form": form, "open": posted.get("action") if mine else ""}


class TargetsView(_ReportView):
    def get(
        self, request: HttpRequest, error: ApplicationError | None = None, posted: dict[str, Any] | None = None
    ) -> HttpResponse:
        region, year = self.region_and_year(request)
        targets = selectors.region_targets(user=request.user, region=region, year=year)
        figs = figures_cached(region=region, year=year)
        missing = {m["id"]: m["why"] for m in figs.missing}
        context = {
            "region": region,
            "year": year,
            "this_year": timezone.localdate().year,  # a target of a year not over is not met *yet*
            "rows": [_row(p, posted or {}) for p in progress_of(targets, figures=figs.figures, missing=missing)],
            "regions": report_regions(user=request.user),
            "can_edit": services.can_edit_targets(request.user, region),
            "figures": figure_choices(),
            "comparisons": WorkTarget.Comparison.choices,
            "error": error,
            "posted": posted or {},
        }
        return render(request, "reports/targets.html", context, status=422 if error else 200)

    def post(self, request: HttpRequest) -> HttpResponse:
        region, year = self.region_and_year(request)
        action = param_choice(request.POST, "action", ["add", "change", "achieved", "withdraw"], default="add")
        data = {name: request.POST.get(name, "") for name in FIELDS}
        posted: dict[str, Any] = {**data, "action": action, "pk": None}
        try:
            if action == "add":
                services.target_add(
                    actor=request.user,
                    region=region,
                    year=year,
                    text=data["text"],
                    comparison=data["comparison"],
                    value=data["value"],
                    figure=data["figure"],
                    unit=data["unit"],
                )
            else:
                target = selectors.target_get(user=request.user, pk=param_id(request.POST, "target", required=True))
                posted["pk"] = target.pk
                version = param_int(request.POST, "version", default=0)
                if action == "change":
                    services.target_change(
                        actor=request.user,
                        target=target,
                        text=data["text"],
                        comparison=data["comparison"],
                        value=data["value"],
                        figure=data["figure"],
                        unit=data["unit"],
                        expected_version=version,
                    )
                elif action == "achieved":
                    services.target_achieved_enter(
                        actor=request.user, target=target, achieved=data["achieved"], expected_version=version
                    )
                else:
                    services.target_withdraw(
                        actor=request.user, target=target, reason=data["reason"], expected_version=version
                    )
        except ApplicationError as exc:
            return self.get(request, error=exc, posted=posted)
        return redirect(f"{reverse('reports:targets')}?region={region.code}&year={year}")
