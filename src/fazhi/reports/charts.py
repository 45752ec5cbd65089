"""Year-on-year charts of the figures (this year beside last), drawn on the server with matplotlib
(Agg, no JavaScript, nothing from a CDN): SVG for the pages, PNG for the Word document.

A chart group is a part of the report (:data:`CHART_GROUPS`, the one place that says which figure
ids, by prefix, belong to which part). Each group gives at most two charts: its counts and its rates
(a rate is a figure whose unit is "%"), never both on one axis. Rates share one axis in per cent;
counts differ by orders of magnitude (8563 leaflets beside 2 studios), so each count's pair of bars
is scaled to its own larger year and every bar carries its number: the chart shows how each figure
moved, the numbers say how large it is. A figure missing this year is left out and named under the
chart with why; a figure missing last year only is drawn for this year, its last-year bar replaced
by the words 未能计算 — a missing figure is never drawn as 0.

The text is Chinese: without a CJK font on the server (Debian's fonts-noto-cjk, also needed for the
PDFs) no chart is drawn at all, rather than boxes for every character (:func:`cjk_font`).
"""

from __future__ import annotations

import functools
import io
import os
import re
from dataclasses import dataclass, field
from typing import Any, Literal

from django.conf import settings
from django.utils.functional import Promise
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.reports.figures import CACHE_SECONDS, FigureSet
from fazhi.reports.numbers import exact


@dataclass(frozen=True)
class ChartGroup:
    key: str
    label: str | Promise
    prefixes: tuple[str, ...]


# The report's parts and the figures each shows, by figure id prefix (the one place that says so).
CHART_GROUPS: dict[str, ChartGroup] = {
    g.key: g
    for g in (
        ChartGroup(
            "enforcement",
            gettext_lazy("law enforcement and its coordination"),
            ("cases.", "reviews.", "guidance.", "coordination.", "supervision."),
        ),
        ChartGroup("decisions", gettext_lazy("major decisions"), ("decisions.",)),
        ChartGroup(
            "training", gettext_lazy("study, training and exams"), ("study.", "training.", "exams.", "officers.")
        ),
        ChartGroup("publicity", gettext_lazy("legal publicity"), ("publicity.", "advisers.")),
        ChartGroup("disputes", gettext_lazy("disputes and mediation"), ("disputes.",)),
        ChartGroup("people", gettext_lazy("special populations"), ("people.",)),
    )
}

# A paragraph that is only a chart placeholder: ``{chart.publicity}``.
CHART_BLOCK = re.compile(r"^\{chart\.([a-z_]+)\}$")

Kind = Literal["count", "rate"]


@dataclass
class Bar:
    id: str
    label: str
    unit: str
    this: float
    last: float | None


@dataclass
class Chart:
    group: str
    kind: Kind
    title: str
    year: int
    bars: list[Bar]
    svg: str = ""


@dataclass
class GroupCharts:
    group: str
    label: str
    charts: list[Chart] = field(default_factory=list)
    left_out: list[dict[str, str]] = field(default_factory=list)
    unavailable: str = ""  # why the charts are not drawn (no Chinese font)


def group_of(fid: str) -> str | None:
    for group in CHART_GROUPS.values():
        if fid.startswith(group.prefixes):
            return group.key
    return None


def chart_data(group: str, this: FigureSet, last: FigureSet) -> GroupCharts:
    """What a group's charts show: the figures of this year with last year beside them, counts and
    rates apart; the group's figures missing this year, with why, under ``left_out``."""
    from fazhi.core.figures import load_all

    g = CHART_GROUPS[group]
    registry = load_all()
    out = GroupCharts(group=group, label=str(g.label))
    bars: dict[Kind, list[Bar]] = {"count": [], "rate": []}
    for fid in sorted(this.figures):
        if not fid.startswith(g.prefixes):
            continue
        fig, before = this.figures[fid], last.figures.get(fid)
        kind: Kind = "rate" if fig["unit"] == "%" else "count"
        bars[kind].append(
            Bar(
                id=fid,
                label=fig["label"],
                unit=fig["unit"],
                this=float(fig["value"]),
                last=float(before["value"]) if before is not None else None,
            )
        )
    titles: dict[Kind, str] = {"count": _("%(part)s: counts"), "rate": _("%(part)s: rates (%%)")}
    for kind, title in titles.items():
        if bars[kind]:
            out.charts.append(
                Chart(group=group, kind=kind, title=title % {"part": out.label}, year=this.year, bars=bars[kind])
            )
    for m in this.missing:
        if m["id"].startswith(g.prefixes):
            label = str(registry[m["id"]].label) if m["id"] in registry else m["id"]
            out.left_out.append({"id": m["id"], "label": label, "why": m["why"]})
    return out


# --- the font -------------------------------------------------------------------------------------

CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Serif CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei")


def _matplotlib() -> Any:
    # matplotlib keeps its font cache in MPLCONFIGDIR; a service user without a home would rebuild
    # it (seconds) in every process, so it lives beside the data
    os.environ.setdefault("MPLCONFIGDIR", str(settings.VAR_DIR / "matplotlib"))
    import matplotlib

    matplotlib.use("Agg")
    return matplotlib


@functools.cache
def cjk_font() -> str | None:
    """The family of an installed font with Chinese glyphs, or None (then no chart is drawn)."""
    _matplotlib()
    from matplotlib import font_manager

    for family in CJK_FAMILIES:
        try:
            font_manager.findfont(font_manager.FontProperties(family=family), fallback_to_default=False)
        except ValueError:
            continue
        return family
    return None


def unavailable_message() -> str:
    return str(
        _(
            "The charts need a Chinese font on the server, which is not installed: the table below has every "
            "figure. Ask the system administrator to install fonts-noto-cjk."
        )
    )


# --- drawing --------------------------------------------------------------------------------------

THIS_COLOUR, LAST_COLOUR, NOTE_COLOUR = "#1f5fa8", "#a8b3bf", "#6c757d"
WIDTH_IN, FONT_PT = 4.3, 10.5
ROW = 3.3  # a figure: its label, this year's bar, last year's bar, a gap (in bar heights)


def _number(bar: Bar, value: float) -> str:
    return f"{exact(value)}%" if bar.unit == "%" else f"{exact(value)} {bar.unit}"


def _span(chart: Chart, bar: Bar) -> tuple[float, float]:
    """The values at the left and right ends of a bar's track: a shared per-cent axis for rates,
    the pair's own larger value for counts."""
    if chart.kind == "rate":
        every = [v for b in chart.bars for v in (b.this, b.last) if v is not None]
        return min(0.0, *every), max(100.0, *every)
    values = [v for v in (bar.this, bar.last) if v is not None]
    low, high = min(0.0, *values), max(0.0, *values)
    return low, (high if high > low else 1.0)


def _draw(chart: Chart, family: str) -> Any:
    _matplotlib()
    from matplotlib.figure import Figure

    n = len(chart.bars)
    height = 0.62 + 0.2 * ROW * n
    fig = Figure(figsize=(WIDTH_IN, height))
    ax = fig.add_axes((0.02, 0.0, 0.96, 1.0))
    ax.set_xlim(0, 1)
    total = 3.0 + ROW * n
    ax.set_ylim(total, 0)
    ax.axis("off")
    track = 0.78  # the bars' share of the width; the numbers follow the bars
    text: dict[str, Any] = {"fontfamily": family, "fontsize": FONT_PT}
    ax.text(0, 0.9, chart.title, fontweight="bold", va="center", **{**text, "fontsize": FONT_PT + 1})
    legend_x = 0.0
    for colour, words in ((THIS_COLOUR, f"{chart.year}年"), (LAST_COLOUR, f"{chart.year - 1}年")):
        ax.barh(2.1, 0.03, left=legend_x, height=0.7, color=colour)
        ax.text(legend_x + 0.045, 2.1, words, va="center", **text)
        legend_x += 0.2
    for i, bar in enumerate(chart.bars):
        top = 3.0 + ROW * i
        ax.text(0, top + 0.4, bar.label, va="center", **text)
        low, high = _span(chart, bar)
        zero = (0 - low) / (high - low) * track
        pairs: tuple[tuple[float, float | None, str], ...] = (
            (1.35, bar.this, THIS_COLOUR),
            (2.2, bar.last, LAST_COLOUR),
        )
        for offset, value, colour in pairs:
            y = top + offset
            if value is None:
                ax.text(zero, y, _("not computed"), va="center", color=NOTE_COLOUR, **text)
                continue
            end = (value - low) / (high - low) * track
            ax.barh(y, end - zero, left=zero, height=0.75, color=colour)
            ax.text(max(end, zero) + 0.012, y, _number(bar, value), va="center", **text)
        if low < 0:
            ax.plot([zero, zero], [top + 0.9, top + 2.65], color="#333333", linewidth=0.6)
    return fig


def _aria(chart: Chart) -> str:
    parts = []
    for bar in chart.bars:
        last = _number(bar, bar.last) if bar.last is not None else _("not computed")
        parts.append(f"{bar.label} {chart.year}年{_number(bar, bar.this)}，{chart.year - 1}年{last}")
    return f"{chart.title}：" + "；".join(parts)


def _attributes(match: re.Match[str]) -> str:
    attrs = []
    for decl in match.group(1).split(";"):
        name, _colon, value = decl.partition(":")
        name, value = name.strip(), value.strip()
        if name == "font-family":
            value = f"{value}, sans-serif"  # the reader's own Chinese font if it lacks this one
        if name:
            attrs.append(f'{name}="{value}"')
    return " ".join(attrs)


def _no_inline_style(svg: str) -> str:
    """matplotlib's SVG styled by presentation attributes instead of ``style`` (the pages' CSP
    refuses inline styles), without the XML prologue, metadata and its ``<style>`` element."""
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"\s*<metadata>.*?</metadata>", "", svg, flags=re.S)
    svg = re.sub(r"\s*<style[^>]*>.*?</style>", "", svg, flags=re.S)
    return re.sub(r'style="([^"]*)"', _attributes, svg)


def render_svg(chart: Chart, family: str) -> str:
    """The chart as an inline ``<svg>`` (text as text, scaled to its container) with a title."""
    matplotlib = _matplotlib()
    fig = _draw(chart, family)
    out = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": f"{chart.group}-{chart.kind}"}):
        fig.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
    svg = _no_inline_style(out.getvalue())
    title = escape(_aria(chart))
    svg = re.sub(
        r'<svg([^>]*?) width="[^"]*" height="[^"]*"',
        rf'<svg\1 role="img" aria-label="{title}" class="report-chart"',
        svg,
        count=1,
    )
    return re.sub(r"(<svg[^>]*>)", rf"\1<title>{title}</title>", svg, count=1)


def render_png(chart: Chart, family: str, dpi: int = 200) -> bytes:
    """The chart as a PNG (for the Word document)."""
    matplotlib = _matplotlib()
    fig = _draw(chart, family)
    out = io.BytesIO()
    with matplotlib.rc_context({"font.family": [family]}):
        fig.savefig(out, format="png", dpi=dpi, metadata={"Software": None})
    return out.getvalue()


# --- what the pages and the document read -----------------------------------------------------


@functools.cache
def _drawing_version() -> str:
    """What the charts are drawn by: this module's code and matplotlib's version. A deploy that
    changes either draws afresh, so no chart drawn the old way is served from the cache."""
    import hashlib
    from pathlib import Path

    code = Path(__file__).read_bytes() + _matplotlib().__version__.encode()
    return hashlib.sha256(code).hexdigest()[:12]


def _chart_key(chart: Chart, family: str) -> str:
    import hashlib

    from django.utils.translation import get_language

    bars = [(b.id, b.label, b.unit, b.this, b.last) for b in chart.bars]
    what = repr((_drawing_version(), family, get_language(), chart.group, chart.kind, chart.title, chart.year, bars))
    return "reports:chart:" + hashlib.sha256(what.encode()).hexdigest()


def charts_for(this: FigureSet, last: FigureSet, *, groups: list[str] | None = None) -> list[GroupCharts]:
    """Every group's charts with their SVG (none when there is no CJK font). A drawn chart is cached
    under a key made of what it shows (the figures' values and labels, the language, the font,
    :func:`_drawing_version`): the figures come from ``figures_cached`` and a page from cached figures
    draws nothing; a write elsewhere in the county, which moves the figures' key, redraws only the
    charts whose numbers changed."""
    from django.core.cache import cache

    family = cjk_font()
    result = [chart_data(group, this, last) for group in (list(CHART_GROUPS) if groups is None else groups)]
    if family is None:
        for g in result:
            g.unavailable = unavailable_message()
        return result
    every = {_chart_key(chart, family): chart for g in result for chart in g.charts}
    hits = cache.get_many(list(every))
    drawn = {}
    for key, chart in every.items():
        chart.svg = hits.get(key) or render_svg(chart, family)
        if key not in hits:
            drawn[key] = chart.svg
    if drawn:
        cache.set_many(drawn, timeout=CACHE_SECONDS)
    return result


def with_charts(items: list[tuple[int, str]], this: FigureSet, last: FigureSet) -> list[tuple[int, Any]]:
    """The report's blocks for a page, a ``{chart.<group>}`` paragraph replaced by ``(-1, the
    group's charts)`` (``reports/_blocks.html`` shows them)."""
    wanted = [m.group(1) for level, text in items if not level and (m := CHART_BLOCK.match(text))]
    drawn = {g.group: g for g in charts_for(this, last, groups=[g for g in wanted if g in CHART_GROUPS])}
    result: list[tuple[int, Any]] = []
    for level, text in items:
        m = CHART_BLOCK.match(text) if not level else None
        result.append((-1, drawn[m.group(1)]) if m and m.group(1) in drawn else (level, text))
    return result


def without_charts(items: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """The blocks without their chart paragraphs (the public page, which draws no chart)."""
    return [(level, text) for level, text in items if level or not CHART_BLOCK.match(text)]


def docx_chart(doc: Any, group: str, this: FigureSet, last: FigureSet) -> None:
    """A ``{chart.group}`` paragraph of the Word document: its charts as pictures the width of the
    text, the figures left out named beneath; without a CJK font, a bracketed note instead."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    data = chart_data(group, this, last)
    family = cjk_font()
    notes = []
    if family is None:
        why = _("Chart not drawn: no Chinese font on the server")
        notes.append(f"【{why}】")
    else:
        for chart in data.charts:
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.add_run().add_picture(io.BytesIO(render_png(chart, family)), width=Cm(15))
    if data.left_out:
        notes.append(
            _("Not in the chart (cannot be computed): %(labels)s.")
            % {"labels": "、".join(m["label"] for m in data.left_out)}
        )
    for note in notes:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(note)
        from docx.oxml.ns import qn
        from docx.shared import Pt

        run.font.size = Pt(10.5)
        run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "仿宋")
