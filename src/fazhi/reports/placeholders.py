"""The placeholders a report's words may use, as the editor lists them beside the text: each figure by
its Chinese label with its value for the region and year and the forms to copy (``{id}``, ``{id|约}``
for counts, ``{id|变化}`` for changes), grouped by register; then the names and the sentence
placeholders (:data:`fazhi.reports.text.TEXTS`) and the charts (:data:`fazhi.reports.charts.CHART_GROUPS`)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core.figures import load_all
from fazhi.reports.figures import SEED_FIGURES, FigureSet
from fazhi.reports.text import TEXTS, _render

GROUPS = {
    "cases": gettext_lazy("Enforcement cases"),
    "reviews": gettext_lazy("Case file reviews"),
    "guidance": gettext_lazy("Compliance guidance"),
    "coordination": gettext_lazy("Inspection coordination"),
    "supervision": gettext_lazy("Supervision"),
    "decisions": gettext_lazy("Major decisions"),
    "study": gettext_lazy("Theory study"),
    "training": gettext_lazy("Training"),
    "exams": gettext_lazy("Law exams"),
    "officers": gettext_lazy("Enforcement officers"),
    "publicity": gettext_lazy("Legal publicity"),
    "advisers": gettext_lazy("Legal advisers"),
    "disputes": gettext_lazy("Disputes and mediation"),
    "people": gettext_lazy("Special populations"),
}


def _forms(fid: str, unit: str) -> list[str]:
    """The forms that make sense for the figure: rates exact (and |变化 for a change), counts also |约."""
    if unit == "%":
        return [""] + (["变化"] if "change" in fid else [])
    return ["", "约"]


def placeholder_groups(figs: FigureSet) -> list[dict[str, Any]]:
    """Groups of ``{"label", "rows": [{"id", "label", "value", "codes": [(code, prints)]}]}``; a figure
    that cannot be computed has ``value`` empty and ``why`` set."""
    registry = load_all()
    missing = {m["id"]: m["why"] for m in figs.missing}
    rows: dict[str, list[dict[str, Any]]] = {}
    for fid in sorted(set(registry) | set(SEED_FIGURES)):
        fig = figs.figures.get(fid)
        unit = fig["unit"] if fig else (str(registry[fid].unit) if fid in registry else "")
        label = fig["label"] if fig else (str(registry[fid].label) if fid in registry else fid)
        codes = [
            (f"{{{fid}{'|' + form if form else ''}}}", _render(fig["value"], unit, form) if fig else "")
            for form in _forms(fid, unit)
        ]
        rows.setdefault(fid.split(".")[0], []).append(
            {
                "id": fid,
                "label": label,
                "unit": "" if unit == "%" else unit,
                "codes": codes,
                "why": "" if fig is not None else missing.get(fid, ""),
            }
        )
    groups = [{"label": str(GROUPS.get(prefix, prefix)), "rows": items} for prefix, items in rows.items()]
    plain = [
        ("region", _("Region"), figs.region.name),
        ("year", _("Year"), str(figs.year)),
        ("next_year", _("Next year"), str(figs.year + 1)),
    ]
    plain += [(name, str(label), "") for name, label in TEXTS.items()]
    names = [
        {"id": n, "label": label, "unit": "", "codes": [(f"{{{n}}}", prints)], "why": ""} for n, label, prints in plain
    ]
    from fazhi.reports.charts import CHART_GROUPS

    charts = [
        {"id": f"chart.{key}", "label": str(g.label), "unit": "", "codes": [(f"{{chart.{key}}}", "")], "why": ""}
        for key, g in CHART_GROUPS.items()
    ]
    return [
        {"label": _("Names and sentences (a paragraph of their own)"), "rows": names},
        {"label": _("Charts, this year beside last (a paragraph of their own)"), "rows": charts},
        *groups,
    ]
