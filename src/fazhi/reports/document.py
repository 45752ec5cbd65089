"""The annual report as a Word document (GB/T 9704 layout: A4, 仿宋 三号 body, 小标宋 title), the
figures filled from the registry, an appendix listing every figure with last year beside it and
how it is counted, and the figures that could not be computed with why."""

from __future__ import annotations

import io
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from fazhi.accounts.models import Region
from fazhi.core.figures import load_all
from fazhi.reports.charts import CHART_BLOCK, CHART_GROUPS, docx_chart
from fazhi.reports.figures import FigureSet, figures_cached
from fazhi.reports.numbers import exact
from fazhi.reports.text import Filled, blocks, default_template, fill, targets_text


def _font(run: Any, east_asian: str, size: float, bold: bool = False) -> None:
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = "Times New Roman"
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), east_asian)


def _paragraph(doc: Any, text: str, level: int) -> None:
    p = doc.add_paragraph()
    fmt = p.paragraph_format
    fmt.line_spacing = Pt(28)
    if level == 1:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        fmt.space_after = Pt(12)
        _font(p.add_run(text), "方正小标宋简体", 22)
        return
    if level == 0:
        fmt.first_line_indent = Pt(32)
    _font(p.add_run(text), {0: "仿宋", 2: "黑体", 3: "楷体"}[level], 16)


def _value(figs: FigureSet, fid: str) -> str:
    fig = figs.figures.get(fid)
    if fig is None:
        return "—"
    return exact(fig["value"]) + ("%" if fig["unit"] == "%" else f" {fig['unit']}")


def report_fill(*, region: Region, year: int, template: str | None = None) -> tuple[Filled, FigureSet]:
    figs = figures_cached(region=region, year=year)
    missing = {m["id"]: m["why"] for m in figs.missing}
    texts = {"publicity.targets": targets_text(region=region, year=year)}
    missing["publicity.targets"] = _("No publicity target is set for %(region)s for %(year)d or %(next)d.") % {
        "region": region.name,
        "year": year,
        "next": year + 1,
    }
    _work_targets(region, year, figs, texts, missing)
    filled = fill(
        template or default_template(),
        region=region.name,
        year=year,
        figures=figs.figures,
        missing=missing,
        texts=texts,
    )
    return filled, figs


def _work_targets(region: Region, year: int, figs: FigureSet, texts: dict[str, str], missing: dict[str, str]) -> None:
    """``{targets}`` and ``{targets.unmet}`` (reports/targets.py), missing with why when not set."""
    from fazhi.reports.targets import plan_text, progress_of, unmet_text
    from fazhi.reports.targets_selectors import report_targets

    texts["targets"] = plan_text(report_targets(region=region, year=year + 1), year=year + 1)
    done = progress_of(report_targets(region=region, year=year), figures=figs.figures, missing=missing)
    texts["targets.unmet"] = unmet_text(done, year=year)
    for name, y in (("targets", year + 1), ("targets.unmet", year)):
        missing[name] = _("No work target is set for %(region)s for %(year)d.") % {"region": region.name, "year": y}


def annual_report_docx(*, region: Region, year: int, template: str | None = None) -> bytes:
    """The Word document. A published report's own words (``published_text``) make the published
    document: its annex gives the figures as published and it is dated the day of publication, so
    a record changed afterwards changes neither (the text is frozen, the annex must agree)."""
    from fazhi.reports.models import AnnualReport

    published = (
        AnnualReport.objects.filter(region=region, year=year, status=AnnualReport.Status.PUBLISHED)
        .exclude(published_at=None)
        .first()
    )
    frozen = published is not None and template is not None and template == published.published_text
    filled, figs = report_fill(region=region, year=year, template=template)
    if frozen and published is not None:
        kept = {fid: fig for fid, fig in figs.figures.items() if fid in published.published_figures}
        figs = FigureSet(
            region=region,
            year=year,
            figures={fid: {**fig, "value": published.published_figures[fid]} for fid, fig in kept.items()},
            missing=[],
        )
    last = figures_cached(region=region, year=year - 1)
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    for level, text in blocks(filled.text):
        chart = CHART_BLOCK.match(text) if level == 0 else None
        if chart is not None and chart.group(1) in CHART_GROUPS:
            docx_chart(doc, chart.group(1), figs, last)
        else:
            _paragraph(doc, text, level)
    today = timezone.localdate(published.published_at) if frozen and published and published.published_at else None
    today = today or timezone.localdate()
    for line in (f"{region.name}人民政府", f"{today.year}年{today.month}月{today.day}日"):
        sign = doc.add_paragraph()
        sign.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _font(sign.add_run(line), "仿宋", 16)

    doc.add_page_break()
    _paragraph(doc, "附件：指标明细", 2)
    table = doc.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, title in zip(
        table.rows[0].cells, ("编号", "指标", f"{year}年", f"{year - 1}年", "计算方法"), strict=True
    ):
        _font(cell.paragraphs[0].add_run(title), "黑体", 10.5)
    for fid in sorted(figs.figures):
        fig = figs.figures[fid]
        row = table.add_row().cells
        for cell, text in zip(
            row, (fid, fig["label"], _value(figs, fid), _value(last, fid), fig["counted"]), strict=True
        ):
            _font(cell.paragraphs[0].add_run(text), "仿宋", 10.5)
    if filled.missing or figs.missing:
        _paragraph(doc, "未能计算的指标", 2)
        listed = {m["id"]: m["why"] for m in [*figs.missing, *filled.missing]}
        registry = load_all()
        for fid, why in sorted(listed.items()):
            label = f"{registry[fid].label}（{fid}）" if fid in registry else fid
            _paragraph(doc, f"{label}：{why}", 0)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
