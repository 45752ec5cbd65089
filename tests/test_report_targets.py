"""Issue 23 item 3: a region's work targets (工作目标) — bound to a figure (progress counted from the
records) or a fact fazhi does not keep (its achieved value entered, 录入) — the report's {targets} and
{targets.unmet}, the targets page, the editor's list of placeholders, and the demo's targets."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from fazhi.core.errors import ConflictError, PermissionDenied, ValidationError
from fazhi.core.models import LedgerEntry
from fazhi.disputes import services as disputes
from fazhi.reports import targets_services as services
from fazhi.reports.document import report_fill
from fazhi.reports.models import WorkTarget
from fazhi.reports.targets_selectors import region_targets
from tests.dates import today
from tests.dbutil import assert_nothing_changed
from tests.factories import DisputeWorld
from tests.test_onsite_pages import client_for

pytestmark = pytest.mark.django_db

TRAININGS = "disputes.mediator_trainings"


@pytest.fixture
def dw(world: Any) -> DisputeWorld:
    return DisputeWorld(world)


def _training(dw: DisputeWorld, day: dt.date) -> None:
    disputes.training_record(actor=dw.officer, region=dw.w.town_a, held_on=day, title="调解技巧")


def _trainings_target(dw: DisputeWorld, year: int, value: str = "4") -> WorkTarget:
    return services.target_add(
        actor=dw.legal,
        region=dw.w.town_a,
        year=year,
        text="开展调解员培训",
        comparison="at_least",
        value=value,
        figure=TRAININGS,
    )


def _weight_target(dw: DisputeWorld, year: int) -> WorkTarget:
    return services.target_add(
        actor=dw.w["leader_a"],
        region=dw.w.town_a,
        year=year,
        text="执法规范化情况纳入年度考核，权重",
        comparison="at_least",
        value="20",
        unit="%",
    )


def test_next_years_targets_and_this_years_unmet_are_worded_for_the_report(dw: DisputeWorld) -> None:
    year = today().year - 1  # last year's report, written this year
    _trainings_target(dw, year)
    _training(dw, dt.date(year, 4, 15))
    _training(dw, dt.date(year, 10, 15))
    _trainings_target(dw, year + 1)
    _weight_target(dw, year + 1)
    text = "# 报告\n\n## 五\n\n{targets.unmet}\n\n## 六\n\n{targets}"

    filled, _figs = report_fill(region=dw.w.town_a, year=year, template=text)

    assert filled.text == (
        f"# 报告\n\n## 五\n\n{year}年工作目标未完成：开展调解员培训不少于4场次，全年完成2场次。\n\n## 六\n\n"
        f"{year + 1}年工作目标：开展调解员培训不少于4场次；执法规范化情况纳入年度考核，权重不低于20%。"
    )
    assert filled.missing == []


def test_progress_moves_when_a_training_is_recorded(dw: DisputeWorld) -> None:
    year = today().year
    target = _trainings_target(dw, year, value="2")
    _training(dw, today())
    template = "# 报告\n\n{targets.unmet}"
    assert report_fill(region=dw.w.town_a, year=year, template=template)[0].text == (
        f"# 报告\n\n{year}年工作目标未完成：开展调解员培训不少于2场次，全年完成1场次。"
    )
    page = client_for(dw.legal).get("/reports/targets/", {"year": year}).content.decode()
    assert f'data-target="{target.pk}"' in page and 'data-met="no"' in page

    _training(dw, today())  # through the disputes service: progress +1, the target is met

    assert report_fill(region=dw.w.town_a, year=year, template=template)[0].text == (
        f"# 报告\n\n{year}年工作目标均已完成。"
    )
    page = client_for(dw.legal).get("/reports/targets/", {"year": year}).content.decode()
    assert 'data-met="yes"' in page and "<strong>2场次</strong>" in page


def test_an_entered_fact_says_who_entered_it_and_is_unknown_until_then(dw: DisputeWorld) -> None:
    year = today().year
    target = _weight_target(dw, year)
    template = "# 报告\n\n{targets.unmet}"
    text = report_fill(region=dw.w.town_a, year=year, template=template)[0].text
    assert text.endswith(
        f"{year}年以下工作目标完成情况尚不明确：执法规范化情况纳入年度考核，权重不低于20%（完成情况尚未录入）。"
    )

    services.target_achieved_enter(actor=dw.legal, target=target, achieved="15", expected_version=target.version)

    target.refresh_from_db()
    assert target.achieved == Decimal("15.0") and target.achieved_by == dw.legal and target.achieved_at is not None
    text = report_fill(region=dw.w.town_a, year=year, template=template)[0].text
    assert text.endswith(f"{year}年工作目标未完成：执法规范化情况纳入年度考核，权重不低于20%，全年为15%。")
    page = client_for(dw.w["leader_a"]).get("/reports/targets/", {"year": year}).content.decode()
    assert "sifasuo_a" in page or str(dw.legal) in page
    assert "录入" in page
    assert LedgerEntry.objects.filter(verb="report.target_achieved").count() == 1


def test_no_target_is_missing_with_why(dw: DisputeWorld) -> None:
    year = today().year - 1
    filled, _figs = report_fill(region=dw.w.town_b, year=year, template="# 报告\n\n{targets}\n\n{targets.unmet}")
    assert "【未能计算：工作目标】" in filled.text and "【未能计算：未完成的工作目标】" in filled.text
    why = {m["id"]: m["why"] for m in filled.missing}
    assert "城厢镇" in why["targets"] and str(year + 1) in why["targets"]
    assert str(year) in why["targets.unmet"]


def test_the_default_template_uses_them_in_five_and_six(dw: DisputeWorld) -> None:
    year = today().year - 1
    _trainings_target(dw, year)
    _trainings_target(dw, year + 1, value="5")
    text = report_fill(region=dw.w.town_a, year=year)[0].text
    five, six = text.index("## 五、存在的问题与不足"), text.index("## 六、下一步工作打算")
    unmet = text.index(f"{year}年工作目标未完成：开展调解员培训不少于4场次，全年完成0场次。")
    plan = text.index(f"{year + 1}年工作目标：开展调解员培训不少于5场次。")
    assert five < unmet < six < plan


def test_a_withdrawn_target_stays_in_the_register_and_leaves_the_report(dw: DisputeWorld) -> None:
    year = today().year
    target = _trainings_target(dw, year + 1)
    services.target_withdraw(actor=dw.legal, target=target, reason="与县级目标重复", expected_version=target.version)
    target.refresh_from_db()
    assert target.withdrawn_by == dw.legal and WorkTarget.objects.filter(pk=target.pk).exists()
    assert region_targets(user=dw.legal, region=dw.w.town_a, year=year + 1) == [target]
    text = report_fill(region=dw.w.town_a, year=year, template="# 报告\n\n{targets}")[0].text
    assert "【未能计算：工作目标】" in text
    with assert_nothing_changed(), pytest.raises(ValidationError, match="已撤回"):
        services.target_change(
            actor=dw.legal,
            target=target,
            text="x",
            comparison="at_least",
            value="1",
            figure=TRAININGS,
            expected_version=target.version,
        )


def test_refusals_change_nothing(dw: DisputeWorld) -> None:
    year = today().year
    target = _trainings_target(dw, year)
    # no report.edit: a grid worker, the county supervisor (view only)
    for user in (dw.grid, dw.w["supervisor"]):
        with assert_nothing_changed(), pytest.raises(PermissionDenied):
            _trainings_target_by(user, dw, year)
        with assert_nothing_changed(), pytest.raises(PermissionDenied):
            services.target_withdraw(actor=user, target=target, reason="x", expected_version=target.version)
    # another township's leader: outside the area
    from fazhi.accounts.roles import Role
    from tests.factories import UserFactory

    leader_b = UserFactory(username="leader_b", org_unit=dw.w["inspector_b"].org_unit, roles=[Role.TOWNSHIP_LEADER])
    with assert_nothing_changed(), pytest.raises(PermissionDenied):
        _trainings_target_by(leader_b, dw, year)
    assert region_targets(user=leader_b, region=dw.w.town_a, year=year) == []


def _trainings_target_by(user: Any, dw: DisputeWorld, year: int) -> WorkTarget:
    return services.target_add(
        actor=user,
        region=dw.w.town_a,
        year=year,
        text="开展调解员培训",
        comparison="at_least",
        value="4",
        figure=TRAININGS,
    )


def test_a_stale_save_is_refused(dw: DisputeWorld) -> None:
    target = _trainings_target(dw, today().year)
    stale = target.version
    services.target_change(
        actor=dw.legal,
        target=target,
        text="开展调解员培训",
        comparison="at_least",
        value="5",
        figure=TRAININGS,
        expected_version=stale,
    )
    old = WorkTarget.objects.get(pk=target.pk)
    with assert_nothing_changed(), pytest.raises(ConflictError):
        services.target_change(
            actor=dw.w["leader_a"],
            target=old,
            text="开展调解员培训",
            comparison="at_least",
            value="6",
            figure=TRAININGS,
            expected_version=stale,
        )
    assert WorkTarget.objects.get(pk=target.pk).value == Decimal(5)


def test_bad_values_are_named_in_chinese_all_at_once(dw: DisputeWorld) -> None:
    with assert_nothing_changed(), pytest.raises(ValidationError) as refused:
        services.target_add(
            actor=dw.legal,
            region=dw.w.town_a,
            year=today().year + 5,
            text="  ",
            comparison="bigger",
            value="四场",
            figure="disputes.nothing",
        )
    details = refused.value.details
    assert set(details) == {"year", "text", "comparison", "value", "figure"}
    assert "“四场”不是数字" in details["value"] and "disputes.nothing" in details["figure"]
    with assert_nothing_changed(), pytest.raises(ValidationError) as refused:
        services.target_add(
            actor=dw.legal,
            region=dw.w.town_a,
            year=today().year,
            text="权重",
            comparison="at_least",
            value="120",
            unit="%",
        )
    assert "百分比" in refused.value.message
    with assert_nothing_changed(), pytest.raises(ValidationError, match="单位"):
        services.target_add(
            actor=dw.legal, region=dw.w.town_a, year=today().year, text="权重", comparison="at_least", value="20"
        )
    target = _trainings_target(dw, today().year)
    with assert_nothing_changed(), pytest.raises(ValidationError, match="由系统根据台账统计"):
        services.target_achieved_enter(actor=dw.legal, target=target, achieved="3", expected_version=target.version)
    weight = _weight_target(dw, today().year)
    with assert_nothing_changed(), pytest.raises(ValidationError, match="-1"):
        services.target_achieved_enter(actor=dw.legal, target=weight, achieved="-1", expected_version=weight.version)


def test_the_page_adds_corrects_and_keeps_what_was_typed(dw: DisputeWorld) -> None:
    year = today().year
    c = client_for(dw.legal)
    url = f"/reports/targets/?region={dw.w.town_a.code}&year={year}"
    page = c.get(url)
    assert page.status_code == 200 and "data-add" in page.content.decode()
    refused = c.post(
        url, {"action": "add", "text": "开展调解员培训", "comparison": "at_least", "value": "四", "figure": TRAININGS}
    )
    assert refused.status_code == 422
    html = refused.content.decode()
    assert "不是数字" in html and 'value="四"' in html and 'value="开展调解员培训"' in html
    assert not WorkTarget.objects.exists()
    ok = c.post(
        url, {"action": "add", "text": "开展调解员培训", "comparison": "at_least", "value": "4", "figure": TRAININGS}
    )
    assert ok.status_code == 302
    target = WorkTarget.objects.get()
    ok = c.post(
        url,
        {"action": "withdraw", "target": target.pk, "version": target.version, "reason": "重复"},
    )
    assert ok.status_code == 302 and WorkTarget.objects.get().withdrawn_at is not None
    assert "已撤回" in c.get(url).content.decode()


def test_the_editor_lists_placeholders_with_their_values(dw: DisputeWorld) -> None:
    year = today().year - 1
    _training(dw, dt.date(year, 5, 1))
    html = client_for(dw.w["leader_a"]).get("/reports/annual/", {"year": year}).content.decode()
    start = html.index("data-placeholders")
    listed = html[start : html.index("</details>\n</details>", start)]
    assert 'data-placeholder="disputes.mediator_trainings"' in listed
    row = listed[listed.index('data-placeholder="disputes.mediator_trainings"') :]
    row = row[: row.index("</li>")]
    assert "调解员培训场次" in row and "{disputes.mediator_trainings}</code> → 1" in row
    assert "{disputes.mediator_trainings|约}" in row
    assert "{coordination.frequency_change_pct|变化}" in listed
    assert "{targets.unmet}" in listed and "{targets}" in listed
    assert f"/reports/targets/?region={dw.w.town_a.code}&year={year}" in html


def test_the_demo_enters_the_seed_s_targets_once(world: Any) -> None:
    from fazhi.accounts.models import Region
    from fazhi.accounts.roles import Role
    from fazhi.reports import targets_demo
    from tests.factories import UserFactory

    town = world.town_a
    UserFactory(username="fl_legal", org_unit=world["leader_a"].org_unit, roles=[Role.LEGAL_OFFICE])
    UserFactory(username="fl_leader", org_unit=world["leader_a"].org_unit, roles=[Role.TOWNSHIP_LEADER])
    targets_demo.load({"峰灵镇": town}, None)
    assert WorkTarget.objects.filter(region=town, year=today().year - 1).count() == 3
    assert WorkTarget.objects.filter(region=town, year=today().year).count() == 2
    weight = WorkTarget.objects.get(figure="", year=today().year)
    assert weight.achieved == Decimal(20) and weight.achieved_by is not None
    with assert_nothing_changed():
        targets_demo.load({"峰灵镇": Region.objects.get(pk=town.pk)}, None)
    text = report_fill(region=town, year=today().year - 1, template="# 报告\n\n{targets}")[0].text
    assert text.endswith(
        f"{today().year}年工作目标：开展调解员培训不少于4场次；执法规范化情况纳入年度考核，权重不低于20%。"
    )
