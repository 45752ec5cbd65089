"""Issue 23: figures rendered the Chinese way, never more than what was counted."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fazhi.reports.numbers import approx, exact, percent


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0, "0"), (6, "6"), (9, "9"), (10, "10"), (12, "10余"), (80, "80"), (83, "80余"), (99, "90余"),
        (100, "100"), (300, "300"), (316, "300余"), (8500, "8500"), (8563, "8500余"), (9999, "9900余"),
        (10000, "1万"), (12000, "1.2万"), (12345, "1.2万余"), (22701, "2.2万余"), (150000, "15万"),
    ],
)  # fmt: skip
def test_the_seeds_ways_of_writing_counts(value: int, text: str) -> None:
    assert approx(value) == text


def test_exact_and_percent() -> None:
    assert exact(83) == "83" and exact(Decimal("100.0")) == "100" and exact(Decimal("98.57")) == "98.5"
    assert percent(Decimal("99.0")) == "99%" and percent(Decimal("33.3")) == "33.3%"


def _read(text: str) -> tuple[Decimal, bool]:
    """What a reader takes from the printed form: the number and whether "余" (more) follows."""
    more = text.endswith("余")
    body = text.removesuffix("余")
    if body.endswith("万"):
        return Decimal(body.removesuffix("万")) * 10000, more
    return Decimal(body), more


@given(st.integers(min_value=0, max_value=10**9))
def test_rounding_never_overstates_and_says_when_it_rounded(n: int) -> None:
    text = approx(n)
    assert re.fullmatch(r"\d+(\.\d)?万?余?", text)
    shown, more = _read(text)
    assert shown <= n
    assert more == (shown != n)
    assert n - shown < max(Decimal(10), shown / 10 + 1000)  # within the rounding step
