"""A region's work targets (工作目标) as the report words them, and their progress.

A target bound to a figure is met when the figure of its year compares as promised (``at_least``:
value ≥ target, ``at_most``: value ≤ target); one about a fact fazhi does not keep is met by the
value entered for it (录入). A target whose figure cannot be computed, or whose value is not entered
yet, is neither met nor unmet: it says why. Progress is never a score and never ranks anyone
(domain-rules §12): it is the region's own commitment against its own records.

The report's placeholders: ``{targets}`` — next year's targets ("2027年工作目标：开展调解员培训不少于4场次；
执法规范化情况纳入年度考核，权重不低于20%。"), ``{targets.unmet}`` — the report year's targets not met
("2026年工作目标未完成：开展调解员培训不少于4场次，全年完成2场次。").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from fazhi.core.figures import load_all
from fazhi.reports.models import WorkTarget
from fazhi.reports.numbers import exact


def unit_of(target: WorkTarget) -> str:
    """The unit the target is counted in: its figure's, or the one typed for an entered fact."""
    if target.figure:
        fig = load_all().get(target.figure)
        return str(fig.unit) if fig is not None else target.unit
    return target.unit


def comparison_word(comparison: str, unit: str) -> str:
    """不少于 / 不超过 for counts, 不低于 / 不高于 for rates."""
    rate = unit == "%"
    if comparison == WorkTarget.Comparison.AT_MOST:
        return "不高于" if rate else "不超过"
    return "不低于" if rate else "不少于"


def target_words(target: WorkTarget) -> str:
    """The target as the report states it: "开展调解员培训不少于4场次"."""
    unit = unit_of(target)
    return f"{target.text}{comparison_word(target.comparison, unit)}{exact(target.value)}{unit}"


@dataclass
class Progress:
    target: WorkTarget
    words: str
    unit: str
    actual: Decimal | None  # None: not known yet (see why)
    entered: bool  # the value was entered (录入), not computed from the records
    why: str = ""

    @property
    def met(self) -> bool | None:
        if self.actual is None:
            return None
        if self.target.comparison == WorkTarget.Comparison.AT_MOST:
            return self.actual <= self.target.value
        return self.actual >= self.target.value

    @property
    def actual_text(self) -> str:
        return "" if self.actual is None else f"{exact(self.actual)}{self.unit}"

    @property
    def figure_label(self) -> str:
        fig = load_all().get(self.target.figure) if self.target.figure else None
        return str(fig.label) if fig is not None else self.target.figure


def progress_of(
    targets: Iterable[WorkTarget], *, figures: Mapping[str, Mapping[str, Any]], missing: Mapping[str, str]
) -> list[Progress]:
    """Each target with what was achieved: the figure's value of the target's year (``figures`` and
    ``missing`` as :class:`fazhi.reports.figures.FigureSet` holds them for that year), or the value entered."""
    result = []
    for t in targets:
        unit = unit_of(t)
        row = Progress(target=t, words=target_words(t), unit=unit, actual=None, entered=not t.figure)
        if not t.figure:
            row.actual = t.achieved
            if t.achieved is None:
                row.why = _("Its achieved value is not entered yet.")
        elif t.figure in figures:
            row.actual = Decimal(str(figures[t.figure]["value"]))
        else:
            row.why = missing.get(t.figure) or _("Its figure is not counted by this system any more.")
        result.append(row)
    return result


def plan_text(targets: Iterable[WorkTarget], *, year: int) -> str:
    """Next year's targets as one paragraph ("" when there is none)."""
    words = [target_words(t) for t in targets]
    return f"{year}年工作目标：" + "；".join(words) + "。" if words else ""


def unmet_text(progress: list[Progress], *, year: int) -> str:
    """The year's targets not met, with what was achieved, for 存在的问题与不足 ("" when the year has
    no target). Targets not known yet are named as such, never counted as met or unmet."""
    if not progress:
        return ""
    unmet = [p for p in progress if p.met is False]
    unknown = [p for p in progress if p.met is None]
    sentences = []
    if unmet:
        clauses = []
        for p in unmet:
            done = "完成" if p.unit != "%" and p.target.comparison == WorkTarget.Comparison.AT_LEAST else "为"
            clauses.append(f"{p.words}，全年{done}{p.actual_text}")
        sentences.append(f"{year}年工作目标未完成：" + "；".join(clauses) + "。")
    if unknown:
        clauses = [f"{p.words}（{'完成情况尚未录入' if p.entered else '完成情况未能计算'}）" for p in unknown]
        sentences.append(f"{year}年以下工作目标完成情况尚不明确：" + "；".join(clauses) + "。")
    return "".join(sentences) or f"{year}年工作目标均已完成。"
