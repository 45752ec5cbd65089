"""Issue 23 (charts): the figures of a year beside last year's, drawn on the server — on the
dashboard as inline SVG, in the annual report as a ``{chart.<group>}`` paragraph (SVG in the page's
preview, a PNG picture in the .docx). The values are read back from the SVG's own text labels; a
figure that cannot be computed is never drawn, and without a Chinese font nothing is drawn."""

from __future__ import annotations

import io
import re
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from fazhi.cases import services as case_services
from fazhi.core.errors import ValidationError
from fazhi.reports import charts, services
from fazhi.reports.figures import figures_cached
from fazhi.reports.models import AnnualReport
from tests.dbutil import assert_nothing_changed
from tests.factories import CaseWorld, OrgUnitFactory, UserFactory
from tests.test_cases import closed_penalty
from tests.test_onsite_pages import client_for

pytestmark = pytest.mark.django_db

needs_font = pytest.mark.skipif(charts.cjk_font() is None, reason="no CJK font (fonts-noto-cjk) installed")


def _small_year(world: Any) -> int:
    """Town A this year: 3 enterprise supervisors (an account count, the same both years) and one
    penalty case closed and reviewed, losing points on its documents only."""
    from fazhi.accounts.roles import Role

    org = OrgUnitFactory(name="监督员单位", region=world.village_a)
    for i in range(3):
        UserFactory(username=f"chart_sup{i}", org_unit=org, roles=[Role.ENFORCEMENT_SUPERVISOR])
    case = closed_penalty(CaseWorld(world))
    case_services.case_review_submit(
        actor=world["supervisor"], case=case, marks={"p_cover": case_services.Mark(deduction=Decimal(2), note="缺页码")}
    )
    return timezone.localdate().year


def _texts(svg: str) -> list[str]:
    return [t.strip() for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]


def _label_values(svg: str, label: str) -> list[str]:
    """The two texts drawn after a figure's label: this year's number, then last year's."""
    texts = _texts(svg)
    at = texts.index(label)
    return texts[at + 1 : at + 3]


@needs_font
def test_the_enforcement_charts_of_a_small_year_draw_its_values(world: Any) -> None:
    year = _small_year(world)
    this, last = figures_cached(region=world.town_a, year=year), figures_cached(region=world.town_a, year=year - 1)
    (enforcement,) = charts.charts_for(this, last, groups=["enforcement"])
    counts, rates = enforcement.charts
    assert (counts.kind, rates.kind) == ("count", "rate")  # counts and rates never share an axis
    bars = {b.id: (b.this, b.last) for b in counts.bars}
    assert bars["supervision.enterprise_supervisors"] == (3.0, 3.0)
    assert bars["cases.waived_enterprises"] == (0.0, 0.0)  # the case register is kept there: zero is true
    assert _label_values(counts.svg, "担任执法监督员的企业负责人") == ["3 人", "3 人"]
    assert _label_values(counts.svg, "依清单免予处罚的企业（首违不罚/轻微免罚）") == ["0 家", "0 家"]
    # nothing was reviewed last year: a rate of nothing is not drawn, and not as 0
    assert _label_values(rates.svg, "程序合规率") == ["100%", "未能计算"]
    assert _label_values(rates.svg, "文书规范率") == ["0%", "未能计算"]  # the one file lost document points
    assert {b.id for b in rates.bars} == {"reviews.procedure_rate", "reviews.document_rate", "reviews.evidence_rate"}
    assert f"{year}年" in _texts(counts.svg) and f"{year - 1}年" in _texts(counts.svg)
    # no month coordinated: left out of the chart and named, never drawn as 0
    left_out = {m["id"]: m for m in enforcement.left_out}
    assert "coordination.merged_inspections" in left_out and left_out["coordination.merged_inspections"]["why"]
    assert left_out["coordination.merged_inspections"]["label"] not in _texts(counts.svg)
    assert "coordination.merged_inspections" not in {b.id for b in counts.bars}
    # a text alternative, and no inline style (the pages' CSP refuses it)
    assert re.search(r'<svg[^>]* role="img" aria-label="[^"]*担任执法监督员的企业负责人', counts.svg)
    assert "<title>" in counts.svg and 'style="' not in counts.svg and "<style" not in counts.svg


def test_the_groups_split_counts_and_rates_by_unit() -> None:
    from fazhi.reports.figures import FigureSet

    def fig(value: float, unit: str) -> dict[str, Any]:
        return {"value": value, "label": unit, "unit": unit, "counted": "", "source": ""}

    this = FigureSet(
        region=None,  # type: ignore[arg-type]
        year=2,  # pinned: a year number only labels the bars here
        figures={"publicity.leaflets": fig(8563, "份"), "publicity.joint_share_pct": fig(40, "%")},
        missing=[{"id": "publicity.studios", "why": "没有记录"}],
    )
    last = FigureSet(region=None, year=1, figures={"publicity.leaflets": fig(83, "份")})  # type: ignore[arg-type]
    data = charts.chart_data("publicity", this, last)
    assert [(c.kind, [(b.id, b.this, b.last) for b in c.bars]) for c in data.charts] == [
        ("count", [("publicity.leaflets", 8563.0, 83.0)]),
        ("rate", [("publicity.joint_share_pct", 40.0, None)]),
    ]
    assert [m["id"] for m in data.left_out] == ["publicity.studios"]
    assert charts.group_of("advisers.mediations") == "publicity" and charts.group_of("nothing.here") is None


@needs_font
def test_the_dashboard_shows_the_charts_above_the_table(world: Any) -> None:
    year = _small_year(world)
    html = client_for(world["leader_a"]).get("/reports/", {"region": world.town_a.code, "year": year}).content.decode()
    assert html.index("<svg") < html.index("<table")
    assert html.count('class="report-chart"') >= len(charts.CHART_GROUPS)  # every group has its counts
    assert re.search(r'data-left-out="[^"]*coordination\.merged_inspections', html)


def test_without_a_chinese_font_the_page_says_so_and_draws_nothing(world: Any, monkeypatch: Any) -> None:
    from docx import Document

    from fazhi.reports.document import annual_report_docx

    monkeypatch.setattr(charts, "cjk_font", lambda: None)
    year = _small_year(world)
    html = client_for(world["leader_a"]).get("/reports/", {"region": world.town_a.code, "year": year}).content.decode()
    assert "<svg" not in html and 'data-charts="unavailable"' in html and "fonts-noto-cjk" in html
    assert 'data-figure="supervision.enterprise_supervisors"' in html  # the table has every figure
    doc = Document(
        io.BytesIO(annual_report_docx(region=world.town_a, year=year, template="# 标题\n\n{chart.enforcement}"))
    )
    assert not doc.inline_shapes
    assert "【图表未能生成：服务器未安装中文字体】" in [p.text for p in doc.paragraphs]


@needs_font
def test_a_chart_paragraph_is_a_picture_in_the_word_file_and_an_svg_in_the_preview(world: Any) -> None:
    from docx import Document

    from fazhi.reports.document import annual_report_docx

    year = _small_year(world)
    text = "# {region}{year}年度报告\n\n执法情况如下。\n\n{chart.enforcement}\n\n以上。"
    doc = Document(io.BytesIO(annual_report_docx(region=world.town_a, year=year, template=text)))
    shapes = list(doc.inline_shapes)
    assert len(shapes) == 2  # the counts and the rates
    blob = doc.part.related_parts[shapes[0]._inline.graphic.graphicData.pic.blipFill.blip.embed].blob
    assert blob.startswith(b"\x89PNG")
    paragraphs = [p.text for p in doc.paragraphs]
    assert "{chart.enforcement}" not in "\n".join(paragraphs)
    assert any(p.startswith("图中未列出（未能计算）：") and "整合重复检查" in p for p in paragraphs)
    services.annual_report_save(actor=world["leader_a"], region=world.town_a, year=year, text=text)
    html = client_for(world["leader_a"]).get("/reports/annual/", {"region": world.town_a.code, "year": year})
    preview = html.content.decode().split('<article class="report-text">', 1)[1]
    assert preview.count('class="report-chart"') == 2 and "{chart.enforcement}" not in preview


def test_unknown_or_misplaced_charts_are_refused_by_name(world: Any) -> None:
    year = timezone.localdate().year - 1
    bad = "# {region}{year}年度报告\n\n{chart.nosuch}\n\n普法情况见图{chart.publicity}。\n\n{chart.people|约}"
    with assert_nothing_changed(), pytest.raises(ValidationError) as refused:
        services.annual_report_save(actor=world["leader_a"], region=world.town_a, year=year, text=bad)
    message = refused.value.message
    assert "未知图表：chart.nosuch" in message and "chart.publicity（普法）" in message  # the ones there are
    assert "图表须单独成段：{chart.publicity}" in message
    assert "chart.people|约" in message
    good = "# {region}{year}年度报告\n\n{chart.publicity}\n\n{chart.people}"
    report = services.annual_report_save(actor=world["leader_a"], region=world.town_a, year=year, text=good)
    assert report.text == good


def test_publishing_freezes_the_chart_s_figures_and_the_public_page_draws_none(world: Any) -> None:
    year = timezone.localdate().year - 1
    text = "# {region}{year}年度报告\n\n{chart.enforcement}"
    report = services.annual_report_save(actor=world["leader_a"], region=world.town_a, year=year, text=text)
    services.annual_report_approve(actor=world["leader_a"], report=report, expected_version=report.version)
    services.annual_report_publish(actor=world["leader_a"], report=report, expected_version=report.version)
    report = AnnualReport.objects.get(pk=report.pk)
    assert report.published_figures["supervision.corrected"] == 0  # a figure of the chart, frozen with it
    page = client_for(world["enterprise"]).get(f"/public/reports/{report.pk}/").content.decode()
    assert "{chart." not in page and "<svg" not in page.split("<main", 1)[-1]


@needs_font
def test_a_fall_is_drawn_left_of_zero_with_its_sign() -> None:
    """企业迎检频次同比变化 is a rate that can fall: its bar goes left of the zero line, and the
    per-cent axis reaches 100 whatever the values."""
    from fazhi.reports.figures import FigureSet

    fig = {"value": -40, "label": "企业迎检频次同比变化", "unit": "%", "counted": "", "source": ""}
    this = FigureSet(region=None, year=2, figures={"coordination.frequency_change_pct": fig})  # type: ignore[arg-type]
    last = FigureSet(region=None, year=1, figures={"coordination.frequency_change_pct": {**fig, "value": 5}})  # type: ignore[arg-type]
    (data,) = charts.charts_for(this, last, groups=["enforcement"])
    (rate,) = data.charts
    assert _label_values(rate.svg, "企业迎检频次同比变化") == ["-40%", "5%"]
    assert "<path" in rate.svg  # the zero line
