"""The report's text: a template with figure placeholders, filled from the figures of a region and
year. ``{study.sessions}`` prints the exact value, ``{study.attendance|约}`` the rounded form
("300余"), ``{coordination.frequency_change_pct|变化}`` "下降40%" / "上升5%" / "持平"; rates print with
"%". ``{region}``, ``{year}`` and ``{next_year}`` name the report. ``{publicity.targets}`` prints the
region's publicity targets as the report words them: next year's (the plan), then this year's with what
was done (:func:`targets_text`); it stands in a paragraph of its own. Lines starting with ``#``,
``##``, ``###`` are the title and headings; a blank line separates paragraphs. ``{chart.publicity}``,
in a paragraph of its own, is left as it is: the page and the document draw that part's chart there
(``reports.charts``).

A figure that cannot be computed prints as 【未能计算：…】 and is listed with its reason, so a reader
never takes a gap for a zero.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.accounts.scopes import RegionReader
from fazhi.core.errors import ValidationError
from fazhi.publicity.selectors import area_plan
from fazhi.reports.numbers import approx, exact, percent

PLACEHOLDER = re.compile(r"\{([a-z_]+(?:\.[a-z_]+)?)(?:\|([^{}|]+))?\}")
FORMS = {"", "约", "变化"}
NAMES = {"region", "year", "next_year"}
# placeholders filled with whole sentences, not a figure's number (no form applies), with the label
# a reader sees when one cannot be filled
TEXTS = {"publicity.targets": gettext_lazy("publicity targets")}
# the region's work targets (reports/targets.py): next year's, and the report year's not met
TEXTS |= {"targets": gettext_lazy("work targets"), "targets.unmet": gettext_lazy("work targets not met")}
# ``{chart.publicity}``: a paragraph of its own that the page and the document draw as a chart
CHART = "chart."
DEFAULT = Path(__file__).resolve().parent / "defaults" / "annual.txt"


def default_template() -> str:
    return DEFAULT.read_text(encoding="utf-8")


def template_check(text: str, known: set[str]) -> None:
    """Refuse a template naming figures or forms that do not exist, listing every one at once."""
    unknown, bad_forms = [], []
    chart_errors = _charts_check(text)
    for m in PLACEHOLDER.finditer(text):
        name, form = m.group(1), (m.group(2) or "")
        if name.startswith(CHART):
            if form:
                bad_forms.append(f"{name}|{form}")
            continue
        if name not in known and name not in NAMES and name not in TEXTS:
            unknown.append(name)
        if form not in FORMS or (form and name in TEXTS):
            bad_forms.append(f"{name}|{form}")
    errors: dict[str, str] = dict(chart_errors)
    if unknown:
        errors["unknown"] = _("Unknown figures: %(ids)s.") % {"ids": "、".join(sorted(set(unknown)))}
    if bad_forms:
        errors["forms"] = _("Unknown forms (use nothing, |约 or |变化): %(forms)s.") % {
            "forms": "、".join(sorted(set(bad_forms)))
        }
    if errors:
        raise ValidationError(" ".join(errors.values()), details={"text": " ".join(errors.values())})


def _charts_check(text: str) -> dict[str, str]:
    """``{chart.<group>}`` names a chart group (``reports.charts``) and stands in a paragraph of its
    own (the chart is a picture between paragraphs); no form applies."""
    from fazhi.reports.charts import CHART_BLOCK, CHART_GROUPS

    unknown: list[str] = []
    misplaced: list[str] = []
    for m in PLACEHOLDER.finditer(text):
        if m.group(1).startswith(CHART) and m.group(1).removeprefix(CHART) not in CHART_GROUPS:
            unknown.append(m.group(1))
    for _level, block in blocks(text):
        if "{" + CHART in block and not CHART_BLOCK.match(block):
            misplaced.extend(
                m.group(0) for m in PLACEHOLDER.finditer(block) if m.group(1).startswith(CHART) and not m.group(2)
            )
    errors = {}
    if unknown:
        known = "、".join(f"{CHART}{key}（{group.label}）" for key, group in CHART_GROUPS.items())
        errors["charts"] = _("Unknown charts: %(names)s (the charts are %(known)s).") % {
            "names": "、".join(sorted(set(unknown))),
            "known": known,
        }
    if misplaced:
        errors["chart_paragraphs"] = _("A chart stands in a paragraph of its own: %(names)s.") % {
            "names": "、".join(sorted(set(misplaced)))
        }
    return errors


def _render(value: Any, unit: str, form: str) -> str:
    if form == "变化":
        d = Decimal(str(value))
        if d == 0:
            return "持平"
        return f"{'下降' if d < 0 else '上升'}{percent(abs(d))}"
    if unit == "%":
        return percent(value)
    return approx(value) if form == "约" else exact(value)


@dataclass
class Filled:
    text: str
    used: list[str] = field(default_factory=list)
    missing: list[dict[str, str]] = field(default_factory=list)


def _label(name: str) -> str:
    """A figure's Chinese label where the reader sees it; a name that is no figure, as typed."""
    from fazhi.core.figures import load_all

    registry = load_all()
    if name in TEXTS:
        return str(TEXTS[name])
    return str(registry[name].label) if name in registry else name


def fill(
    text: str,
    *,
    region: str,
    year: int,
    figures: dict[str, dict[str, Any]],
    missing: dict[str, str],
    texts: Mapping[str, str] | None = None,
) -> Filled:
    """The template with every placeholder replaced (see the module's docstring). ``texts`` holds
    the sentence placeholders' text (:data:`TEXTS`); an empty one is missing, with its reason."""
    out = Filled(text="")
    names = {"region": region, "year": str(year), "next_year": str(year + 1)}

    def one(m: re.Match[str]) -> str:
        name, form = m.group(1), m.group(2) or ""
        if name in names:
            return names[name]
        if name.startswith(CHART):  # drawn where the text is shown (reports.charts)
            from fazhi.reports.charts import CHART_GROUPS

            group = CHART_GROUPS.get(name.removeprefix(CHART))
            # the chart's figures are used: publishing freezes them with the others
            out.used.extend(f for f in figures if group and f.startswith(group.prefixes) and f not in out.used)
            return m.group(0)
        if texts and texts.get(name):
            return texts[name]
        if name in figures:
            out.used.append(name)
            return _render(figures[name]["value"], figures[name]["unit"], form)
        why = missing.get(name, _("not a figure of this system"))
        if all(m["id"] != name for m in out.missing):
            out.missing.append({"id": name, "why": why})
        return f"【未能计算：{_label(name)}】"

    out.text = PLACEHOLDER.sub(one, text)
    return out


def blocks(text: str) -> list[tuple[int, str]]:
    """(level, text) per block: 1–3 for the title and headings, 0 for a paragraph."""
    result: list[tuple[int, str]] = []
    for chunk in re.split(r"\n\s*\n", text.strip()):
        line = " ".join(part.strip() for part in chunk.splitlines() if part.strip())
        if not line:
            continue
        level = len(line) - len(line.lstrip("#"))
        result.append((min(level, 3), line.lstrip("#").strip()) if level else (0, line))
    return result


# How the report words each publicity target (Target.Metric): the thing done, at least n, its unit.
_TARGET_WORDS = {
    "remote_sessions": ("每个偏远村组开展普法活动不少于{n}场", "场"),
    "joint_activities": ("开展部门联合普法活动不少于{n}场", "场"),
    "coordination_meetings": ("召开普法工作协调会不少于{n}次", "次"),
    "liaison_trainings": ("开展“法律明白人”培训不少于{n}次", "次"),
    "model_villages": ("新创建县级“民主法治示范村”{n}个", "个"),
    "large_print": ("面向老年人开展大字版普法活动不少于{n}场", "场"),
    "online_new_form": ("面向新就业形态劳动者开展线上普法活动不少于{n}场", "场"),
}
_QUARTER = {1: "第一季度", 2: "第二季度", 3: "第三季度", 4: "第四季度"}


def _done(p: Any, with_quarter: bool) -> str:
    where = _QUARTER[p.target.quarter] if with_quarter and p.target.quarter else ""
    if p.of is not None:
        return f"{where}{p.of}个偏远村组中{p.actual}个达到"
    return f"{where}完成{p.actual}{_TARGET_WORDS[p.target.metric][1]}"


def target_lines(progress: list[Any], *, with_progress: bool) -> list[str]:
    """One clause per metric, in the order of the plan's metrics: a yearly target is “全年…”, the
    same target in all four quarters “每季度…”, other quarters each named. With ``with_progress``
    each clause says what was done in the periods that have begun."""
    order = list(_TARGET_WORDS)
    lines: list[str] = []
    for metric in order:
        rows = sorted((p for p in progress if p.target.metric == metric), key=lambda p: p.target.quarter or 0)
        if not rows:
            continue
        words = _TARGET_WORDS[metric][0]
        yearly = [p for p in rows if p.target.quarter is None]
        quarterly = [p for p in rows if p.target.quarter is not None]
        groups: list[tuple[str, list[Any]]] = [("全年", [p]) for p in yearly]
        if len(quarterly) == 4 and len({p.target.value for p in quarterly}) == 1:
            groups.append(("每季度", quarterly))
        else:
            groups += [(_QUARTER[p.target.quarter], [p]) for p in quarterly]
        for period, ps in groups:
            line = period + words.format(n=ps[0].target.value)
            begun = [p for p in ps if p.period_begun]
            if with_progress and begun:
                line += "，" + "、".join(_done(p, with_quarter=period == "每季度") for p in begun)
            lines.append(line)
    return lines


def targets_text(*, region: Any, year: int) -> str:
    """The region's publicity targets as the report prints them: next year's plan, then this year's
    targets with what was done; empty when neither year has a target (the placeholder is then
    listed as missing, with why)."""
    reader = RegionReader(region)
    paragraphs: list[str] = []
    upcoming = target_lines(area_plan(user=reader, year=year + 1), with_progress=False)
    if upcoming:
        paragraphs.append(f"{year + 1}年普法工作目标：" + "；".join(upcoming) + "。")
    current = target_lines(area_plan(user=reader, year=year), with_progress=True)
    if current:
        paragraphs.append(f"{year}年普法工作目标完成情况：" + "；".join(current) + "。")
    return "\n\n".join(paragraphs)
