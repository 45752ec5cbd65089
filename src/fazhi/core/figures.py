"""Every number of a report is a selector registered here under a stable id (design.md rule 4).

Apps declare their figures in ``<app>/figures.py`` with :func:`figure`; the reports app, the
dashboard and ``fazhi report figures`` read the same registry, so a figure is counted one way
everywhere and each says how it is counted and where its records are.

A figure's function takes the region and the year and returns its value — ``0`` when zero is the
truth — or :class:`NotKept` with the reason when the register behind it is not kept there (never a
silent zero).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, ClassVar

from django.utils.functional import Promise


@dataclass(frozen=True)
class NotKept:
    """The register behind a figure is not kept for this region and year: say why."""

    why: str


Value = int | Decimal | NotKept


@dataclass(frozen=True)
class Figure:
    id: str
    label: str | Promise
    unit: str | Promise  # "次", "人", "%", "个" …; rates are percentages 0–100
    counted: str | Promise  # how it is counted, in words (shown beside the number)
    compute: Callable[[Any, int], Value]  # (region, year) -> value
    source: str = ""  # the URL name of the list of records behind it (with ?year= and the region)
    # a template reads its label, unit and how it is counted; it never calls it for a value
    do_not_call_in_templates: ClassVar[bool] = True

    def __call__(self, region: Any, year: int) -> Value:
        return self.compute(region, year)


REGISTRY: dict[str, Figure] = {}


def figure(
    id: str, *, label: str | Promise, unit: str | Promise, counted: str | Promise, source: str = ""
) -> Callable[[Callable[[Any, int], Value]], Figure]:
    """Register ``fn(region, year)`` as figure ``id`` (decorator). An id is registered once."""

    def register(fn: Callable[[Any, int], Value]) -> Figure:
        if id in REGISTRY and REGISTRY[id].compute.__qualname__ != fn.__qualname__:
            raise RuntimeError(f"figure {id} is registered twice")
        REGISTRY[id] = Figure(id=id, label=label, unit=unit, counted=counted, compute=fn, source=source)
        return REGISTRY[id]

    return register


def pct(part: int, whole: int) -> Decimal:
    """A rate as a percentage 0–100 with one decimal (whole > 0)."""
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"))


def load_all() -> dict[str, Figure]:
    """Import every installed app's ``figures`` module, then the registry is complete."""
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("figures")
    return REGISTRY


def adopt(
    table: Mapping[str, Any],
    *,
    none_why: str | Promise,
    label: str = "label",
    unit: str = "unit",
    counted: str = "counted",
    compute: str = "compute",
    source: str = "",
) -> None:
    """Register an app's own table of figures (id → an object with label, unit, counting rule and a
    ``(region, year)`` function, the attribute names given); a ``None`` value — a rate with
    nothing to divide by — becomes :class:`NotKept` with ``none_why``."""
    for fid, item in table.items():
        fn = getattr(item, compute)

        def wrapped(region: Any, year: int, fn: Callable[[Any, int], Any] = fn) -> Value:
            value = fn(region, year)
            return NotKept(str(none_why)) if value is None else value

        wrapped.__qualname__ = f"adopted:{fid}"
        figure(
            fid, label=getattr(item, label), unit=getattr(item, unit), counted=getattr(item, counted), source=source
        )(wrapped)
