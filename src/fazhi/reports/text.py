"""The report's text: a template with figure placeholders, filled from the figures of a region and
year. ``{study.sessions}`` prints the exact value, ``{study.attendance|约}`` the rounded form
("300余"), ``{coordination.frequency_change_pct|变化}`` "下降40%" / "上升5%" / "持平"; rates print with
"%". ``{region}``, ``{year}`` and ``{next_year}`` name the report. Lines starting with ``#``, ``##``,
``###`` are the title and headings; a blank line separates paragraphs.

A figure that cannot be computed prints as 【未能计算：…】 and is listed with its reason, so a reader
never takes a gap for a zero.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from fazhi.core.errors import ValidationError
from fazhi.reports.numbers import approx, exact, percent

PLACEHOLDER = re.compile(r"\{([a-z_]+(?:\.[a-z_]+)?)(?:\|([^{}|]+))?\}")
FORMS = {"", "约", "变化"}
NAMES = {"region", "year", "next_year"}
DEFAULT = Path(__file__).resolve().parent / "defaults" / "annual.txt"


def default_template() -> str:
    return DEFAULT.read_text(encoding="utf-8")


def template_check(text: str, known: set[str]) -> None:
    """Refuse a template naming figures or forms that do not exist, listing every one at once."""
    unknown, bad_forms = [], []
    for m in PLACEHOLDER.finditer(text):
        name, form = m.group(1), (m.group(2) or "")
        if name not in known and name not in NAMES:
            unknown.append(name)
        if form not in FORMS:
            bad_forms.append(f"{name}|{form}")
    errors: dict[str, str] = {}
    if unknown:
        errors["unknown"] = _("Unknown figures: %(ids)s.") % {"ids": "、".join(sorted(set(unknown)))}
    if bad_forms:
        errors["forms"] = _("Unknown forms (use nothing, |约 or |变化): %(forms)s.") % {
            "forms": "、".join(sorted(set(bad_forms)))
        }
    if errors:
        raise ValidationError(" ".join(errors.values()), details={"text": " ".join(errors.values())})


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
    return str(registry[name].label) if name in registry else name


def fill(text: str, *, region: str, year: int, figures: dict[str, dict[str, Any]], missing: dict[str, str]) -> Filled:
    """The template with every placeholder replaced (see the module's docstring)."""
    out = Filled(text="")
    names = {"region": region, "year": str(year), "next_year": str(year + 1)}

    def one(m: re.Match[str]) -> str:
        name, form = m.group(1), m.group(2) or ""
        if name in names:
            return names[name]
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
