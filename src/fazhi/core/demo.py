"""Demo steps of apps that sit beside ``web`` in the layers (``reports``): ``web`` may not import them,
so each registers its step in its ``AppConfig.ready`` and ``web.demo.load_demo`` runs the steps after
the county is built. A step takes the township regions of the demo by name (``{"峰灵镇": Region, …}``)
and the demo's result (``add(what, n)``), and must be idempotent like the rest of the demo."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

DemoStep = Callable[[dict[str, Any], Any], None]
_STEPS: list[DemoStep] = []


def after_demo(step: DemoStep) -> None:
    """Run ``step(townships, res)`` at the end of ``fazhi demo`` (registering it twice runs it once)."""
    if step not in _STEPS:
        _STEPS.append(step)


def run_after_demo(townships: dict[str, Any], res: Any) -> None:
    for step in _STEPS:
        step(townships, res)
