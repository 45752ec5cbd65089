"""The annual report's {publicity.targets}: the region's own publicity targets of next year (the plan)
and of the report's year with what was done, worded as the report prints them, in the default
template's 下一步工作打算."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from fazhi.core.errors import ValidationError
from fazhi.publicity import services
from fazhi.publicity.models import Target
from fazhi.reports.document import report_fill
from fazhi.reports.text import blocks, template_check
from tests.dates import today
from tests.factories_publicity import PublicityWorld

pytestmark = pytest.mark.django_db


@pytest.fixture
def pw(world: Any) -> PublicityWorld:
    return PublicityWorld(world)


def _target(pw: PublicityWorld, region: Any, year: int, metric: str, value: int, *quarters: int | None) -> None:
    for q in quarters or (None,):
        services.target_set(actor=pw.legal, region=region, year=year, quarter=q, metric=metric, value=value)


def test_next_years_plan_and_this_years_progress_are_printed(pw: PublicityWorld) -> None:
    year = today().year - 1  # the report of last year, written this year
    town = pw.w.town_a
    services.village_setting_set(actor=pw.legal, village=pw.village2, population=800, remote=True)
    # the report's year: targets and what was done
    _target(pw, town, year, "remote_sessions", 1, 1)
    _target(pw, town, year, "joint_activities", 2)
    _target(pw, town, year, "coordination_meetings", 1, 1, 2, 3, 4)
    pw.activity(village=pw.village2, day=dt.date(year, 2, 10), organisers=["峰灵镇人民政府", "峰灵派出所"])
    mistyped = pw.activity(day=dt.date(year, 3, 1), organisers=["峰灵镇人民政府", "峰灵镇司法所"])
    services.activity_withdraw(actor=pw.grid, activity=mistyped, reason="重复录入")  # counts nowhere
    pw.activity(type="coordination_meeting", day=dt.date(year, 5, 6), organisers=["峰灵镇人民政府", "甲"])
    # next year (this year): the plan
    _target(pw, town, year + 1, "remote_sessions", 2, 1, 2, 3, 4)
    _target(pw, town, year + 1, "joint_activities", 1, 1, 2, 3, 4)
    _target(pw, town, year + 1, "model_villages", 2)
    _target(pw, town, year + 1, "large_print", 4)
    _target(pw, town, year + 1, "online_new_form", 1, 2)
    # targets of another township and of a village below are not this report's plan
    services.target_set(actor=pw.legal, region=pw.village, year=year + 1, metric="large_print", value=9)
    Target.objects.create(region=pw.w.town_b, year=year + 1, metric="large_print", value=7)

    filled, _figs = report_fill(region=town, year=year)

    plan = (
        f"{year + 1}年普法工作目标：每季度每个偏远村组开展普法活动不少于2场；每季度开展部门联合普法活动不少于1场；"
        "全年新创建县级“民主法治示范村”2个；全年面向老年人开展大字版普法活动不少于4场；"
        "第二季度面向新就业形态劳动者开展线上普法活动不少于1场。"
    )
    done = (
        f"{year}年普法工作目标完成情况：第一季度每个偏远村组开展普法活动不少于1场，1个偏远村组中1个达到；"
        "全年开展部门联合普法活动不少于2场，完成1场；"
        "每季度召开普法工作协调会不少于1次，第一季度完成0次、第二季度完成1次、第三季度完成0次、第四季度完成0次。"
    )
    assert f"## 六、下一步工作打算\n\n（由镇人民政府填写。）\n\n{plan}\n\n{done}" in filled.text
    paragraphs = [text for level, text in blocks(filled.text) if level == 0]
    i = paragraphs.index(plan)  # the work targets ({targets}) follow in the default template
    assert paragraphs[i : i + 2] == [plan, done]  # each its own paragraph of the document
    assert all(m["id"] != "publicity.targets" for m in filled.missing)


def test_a_region_without_targets_names_the_gap(pw: PublicityWorld) -> None:
    year = today().year - 1
    filled, _figs = report_fill(region=pw.w.town_b, year=year)
    assert "【未能计算：普法工作目标】" in filled.text
    why = {m["id"]: m["why"] for m in filled.missing}["publicity.targets"]
    assert "城厢镇" in why and str(year + 1) in why


def test_only_this_years_progress_when_next_year_has_no_plan(pw: PublicityWorld) -> None:
    year = today().year - 1
    _target(pw, pw.w.town_a, year, "large_print", 3)
    pw.activity(day=dt.date(year, 11, 2), large_print=True)
    text = report_fill(region=pw.w.town_a, year=year, template="# 报告\n\n{publicity.targets}")[0].text
    assert text == f"# 报告\n\n{year}年普法工作目标完成情况：全年面向老年人开展大字版普法活动不少于3场，完成1场。"


def test_the_placeholder_is_known_and_takes_no_form() -> None:
    template_check("# 报告\n\n{publicity.targets}", set())
    with pytest.raises(ValidationError, match=r"publicity\.targets\|约"):
        template_check("# 报告\n\n{publicity.targets|约}", set())


def test_the_page_names_the_missing_targets_in_chinese(pw: PublicityWorld) -> None:
    from tests.test_onsite_pages import client_for

    html = client_for(pw.leader).get("/reports/annual/", {"year": today().year - 1}).content.decode()
    start = html.index("【未能计算】")
    listed = html[start : html.index("</ul>", start)]
    assert "<li>普法工作目标 <small" in listed and "<code>publicity.targets</code>" not in listed
