"""Issue 22's demo: 峰灵镇's last year carries the seed's figures — 22701 persons screened, 9
suspected, 6 confirmed, 12 risk meetings, no incident — as ``fazhi report figures`` prints them."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

pytestmark = pytest.mark.django_db

# the seed (§四(二), §六(四)), written out here: never computed from the demo's own constants
SEED = {
    "people.mental_screenings": "22701",
    "people.mental_suspected": "9",
    "people.mental_confirmed": "6",
    "people.risk_meetings": "12",
    "people.incidents": "0",
}


def printed(capsys: Any, year: int) -> dict[str, str]:
    capsys.readouterr()
    call_command("report", "figures", "--region", "峰灵镇", "--year", str(year), "--format", "table")
    out: dict[str, str] = {}
    for line in capsys.readouterr().out.splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[0].startswith("people."):
            out[parts[0]] = parts[1]
    return out


def test_the_demo_gives_fenglings_last_year_the_seed_s_people_figures(capsys: Any) -> None:
    from fazhi.web.demo import load_demo

    load_demo()
    last_year = timezone.localdate().year - 1
    got = printed(capsys, last_year)
    assert {k: got.get(k) for k in SEED} == SEED
    # this year has none of them: the campaign and the meetings are last year's
    this_year = printed(capsys, last_year + 1)
    assert this_year.get("people.mental_screenings") == "0" and this_year.get("people.risk_meetings") == "0"
