"""Figures written the Chinese way from exact values: "6次", "80余条", "8500余人次", "1.2万份", "99%".

A report's placeholder prints the exact value (``{disputes.screened}`` → "83") unless it asks for the
rounded form a report uses for large counts (``{disputes.screened|约}`` → "80余"). Rounding only ever
goes down and says so with "余", so a printed figure is never more than what was counted.
"""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal


def exact(value: int | Decimal | float) -> str:
    """An exact figure: integers as digits, rates with at most one decimal, no trailing ".0"."""
    d = Decimal(str(value))
    if d == d.to_integral_value():
        return str(int(d))
    return format(d.quantize(Decimal("0.1"), rounding=ROUND_DOWN).normalize(), "f")


def approx(value: int | Decimal | float) -> str:
    """The report's rounded form of a count: below 10 exact; to the ten below 100 ("80余"); to the
    hundred below 10,000 ("8500余"); above, in 万 with one decimal ("1.2万", "2.3万余")."""
    d = Decimal(str(value))
    if d < 0:
        return "-" + approx(-d)
    n = int(d)
    if d != n:
        return exact(d)
    if n < 10:
        return str(n)
    if n < 100:
        step = 10
    elif n < 10000:
        step = 100
    else:
        wan = (Decimal(n) / 10000).quantize(Decimal("0.1"), rounding=ROUND_DOWN)
        shown = format(wan.normalize(), "f")
        return f"{shown}万" if wan * 10000 == n else f"{shown}万余"
    floor = n - n % step
    return str(n) if floor == n else f"{floor}余"


def percent(value: int | Decimal | float) -> str:
    return f"{exact(value)}%"
