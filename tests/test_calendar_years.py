"""Years the bundled holiday data does not cover: said plainly, entered in one form, confirmed before
coordination schedules on Monday–Friday (issue 12, item 4).

The year under test is the first one after the bundled data (computed, never written: when the
package learns it, the test moves on to the next year by itself).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import zoneinfo
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from fazhi.accounts.services import calendar_arrangement_set
from fazhi.core.errors import PermissionDenied, ValidationError
from fazhi.core.models import CalendarOverride, CalendarYear, LedgerEntry
from fazhi.core.workdays import OFFICIAL_YEARS, add_workdays, is_workday, parse_days, unknown_years
from fazhi.inspections import services
from fazhi.inspections.models import CoordinationRun, JointInspection
from tests.factories import MatterFactory, OfficerFactory

pytestmark = pytest.mark.django_db
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def first_unknown_year() -> int:
    return OFFICIAL_YEARS[-1] + 1


def first_weekday_on_or_after(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def counts() -> tuple[int, int, int, int]:
    return (
        CalendarOverride.objects.count(),
        CalendarYear.objects.count(),
        CoordinationRun.objects.count(),
        LedgerEntry.objects.count(),
    )


def test_dates_pasted_from_the_notice() -> None:
    y = first_unknown_year()
    text = f"元旦：1月1日（周五）放假。国庆节：10月1日（周五）至7日（周四）放假调休，共7天。{y}-05-01~{y}-05-03"
    days = parse_days(text, year=y, field="holidays")
    expected = [dt.date(y, 1, 1), *(dt.date(y, 5, d) for d in (1, 2, 3)), *(dt.date(y, 10, d) for d in range(1, 8))]
    assert days == expected
    assert parse_days("9月26日、10月9日", year=y, field="workdays") == [dt.date(y, 9, 26), dt.date(y, 10, 9)]
    assert parse_days("  ", year=y, field="workdays") == []


def test_every_bad_date_is_named_at_once() -> None:
    y = first_unknown_year()
    with pytest.raises(ValidationError) as exc:
        parse_days(f"13月1日、2月30日、{y - 1}-10-01、10月7日至1日、10月1日", year=y, field="holidays")
    assert exc.value.details == {"holidays": ["13月1日", "2月30日", f"{y - 1}-10-01", "10月7日至1日"]}
    assert "13月1日" in exc.value.message and "2月30日" in exc.value.message


def test_entering_an_arrangement_makes_the_year_known(world: Any) -> None:
    y = first_unknown_year()
    oct1, oct9 = dt.date(y, 10, 1), dt.date(y, 10, 9)
    assert unknown_years(dt.date(y, 1, 1), dt.date(y, 12, 31)) == [y]
    before = add_workdays(dt.date(y, 9, 30), 1)
    assert before == first_weekday_on_or_after(oct1)  # Monday–Friday until entered
    calendar_arrangement_set(
        actor=world["sysadmin"],
        year=y,
        holidays=[dt.date(y, 10, d) for d in range(1, 8)],
        workdays=[oct9],
        source="国务院办公厅通知",
    )
    assert unknown_years(dt.date(y, 1, 1), dt.date(y, 12, 31)) == []
    assert not is_workday(oct1) and is_workday(oct9)
    assert add_workdays(dt.date(y, 9, 30), 1) == first_weekday_on_or_after(dt.date(y, 10, 8))
    entry = LedgerEntry.objects.get(verb="calendar.arrangement_set")
    assert str(y) in entry.payload and f"{y}-10-09" in entry.payload


def test_arrangement_refusals_change_nothing(world: Any) -> None:
    y = first_unknown_year()
    before = counts()
    with pytest.raises(PermissionDenied):
        calendar_arrangement_set(actor=world["supervisor"], year=y, holidays=[dt.date(y, 10, 1)], workdays=[])
    with pytest.raises(ValidationError) as exc:
        calendar_arrangement_set(
            actor=world["sysadmin"], year=y, holidays=[dt.date(y, 10, 1)], workdays=[dt.date(y, 10, 1)]
        )
    assert set(exc.value.details) == {"workdays"}
    with pytest.raises(ValidationError) as exc:
        calendar_arrangement_set(actor=world["sysadmin"], year=OFFICIAL_YEARS[-1], holidays=[], workdays=[])
    assert {"year", "holidays"} <= set(exc.value.details)  # every reason at once
    assert counts() == before


def test_calendar_page_takes_the_arrangement_in_one_form(world: Any) -> None:
    y = first_unknown_year()
    c = Client()
    c.force_login(world["sysadmin"])
    page = c.get(reverse("core:calendar"), {"year": y}).content.decode()
    assert f"系统尚无 {y} 年的官方节假日安排" in page and 'name="holidays"' in page
    before = counts()
    bad = c.post(
        reverse("core:calendar"),
        {"action": "arrangement", "year": y, "holidays": "10月1日至7日、13月1日", "workdays": "10月40日"},
    )
    text = bad.content.decode()
    assert bad.status_code == 200 and "13月1日" in text and "10月40日" in text  # both fields at once
    assert counts() == before
    ok = c.post(
        reverse("core:calendar"),
        {
            "action": "arrangement",
            "year": y,
            "holidays": "10月1日（周五）至7日（周四）",
            "workdays": "10月9日",
            "source": "通知",
        },
        follow=True,
    )
    text = ok.content.decode()
    assert "已录入" in text and "7 天假日" in text
    assert CalendarOverride.objects.filter(date__year=y, is_workday=False).count() == 7
    assert CalendarYear.objects.get(year=y).entered_by == "sysadmin"
    built_in = c.get(reverse("core:calendar"), {"year": OFFICIAL_YEARS[-1]}).content.decode()
    assert 'name="holidays"' not in built_in  # a bundled year has nothing to enter


@pytest.fixture
def october(world: Any) -> Any:
    """Items of one enterprise for the National Day week of the first unknown year."""
    y = first_unknown_year()
    world.matter_a = MatterFactory(body=world.body_a, name="安全生产检查")
    for _ in range(2):
        OfficerFactory(body=world.body_a, valid_until=dt.date(y + 1, 12, 31))
    world.first_after_holiday = first_weekday_on_or_after(dt.date(y, 10, 8))
    services.plan_item_add(
        actor=world["inspector_a"],
        body=world.body_a,
        enterprise=world.ent_a,
        matter=world.matter_a,
        inspection_type="routine",
        earliest=dt.date(y, 10, 1),
        latest=world.first_after_holiday,
        today=dt.date(y, 9, 20),
    )
    world.month = dt.date(y, 10, 1)
    return world


def test_coordination_of_an_unknown_month_asks_for_confirmation(october: Any) -> None:
    w = october
    before = counts()
    with pytest.raises(ValidationError) as exc:
        services.coordination_run_create(actor=w["supervisor"], region=w.county, month=w.month)
    assert exc.value.details["calendar_confirmed"] == "required" and str(w.month.year) in exc.value.message
    assert counts() == before
    run = services.coordination_run_create(
        actor=w["supervisor"], region=w.county, month=w.month, calendar_confirmed=True
    )
    visit = JointInspection.objects.get(run=run)
    assert visit.date.weekday() < 5 and visit.date <= w.first_after_holiday
    assert run.problem["calendar"] == {"estimated_years": [w.month.year], "confirmed": True}
    # the arrangement arrives: the next run needs no confirmation and avoids the holiday week
    calendar_arrangement_set(
        actor=w["sysadmin"], year=w.month.year, holidays=[w.month.replace(day=d) for d in range(1, 8)], workdays=[]
    )
    again = services.coordination_run_create(actor=w["supervisor"], region=w.county, month=w.month)
    assert JointInspection.objects.get(run=again).date == w.first_after_holiday
    assert again.problem["calendar"] == {"estimated_years": [], "confirmed": False}


def test_run_page_offers_the_confirmation_and_says_the_run_is_estimated(october: Any) -> None:
    w = october
    c = Client()
    c.force_login(w["supervisor"])
    data = {"region": w.county.pk, "month": f"{w.month:%Y-%m}"}
    refused = c.post(reverse("inspections:run_list"), data).content.decode()
    assert 'type="checkbox" name="calendar_confirmed"' in refused and "尚未录入" in refused
    assert not CoordinationRun.objects.exists()
    done = c.post(reverse("inspections:run_list"), {**data, "calendar_confirmed": "on"})
    assert done.status_code == 302
    page = c.get(done["Location"]).content.decode()
    assert "data-calendar-estimated" in page and "已录入" not in page.split("data-calendar-estimated")[1][:300]
    calendar_arrangement_set(actor=w["sysadmin"], year=w.month.year, holidays=[w.month], workdays=[])
    assert "已经录入" in c.get(done["Location"]).content.decode()


def test_home_page_announces_an_unknown_year_until_it_is_entered(world: Any) -> None:
    y = first_unknown_year()

    def home(user: str) -> str:
        c = Client()  # a fresh sign-in at the travelled instant (the idle clock would log out a jump)
        c.force_login(world[user])
        return c.get("/", follow=True).content.decode()

    with time_machine.travel(dt.datetime(y - 1, 6, 15, 10, tzinfo=SHANGHAI)):
        assert "data-calendar-notice" not in home("sysadmin")  # mid-year of a bundled year
    with time_machine.travel(dt.datetime(y - 1, 11, 20, 10, tzinfo=SHANGHAI)):
        page = home("sysadmin")
        assert "data-calendar-notice" in page and f"{y}" in page and f"?year={y}#arrangement" in page
        assert "系统管理员" in home("inspector_a")
        assert "data-calendar-notice" not in home("enterprise")
        calendar_arrangement_set(actor=world["sysadmin"], year=y, holidays=[dt.date(y, 1, 1)], workdays=[])
        assert "data-calendar-notice" not in home("sysadmin")


def test_commands_say_the_year_is_estimated(world: Any, tmp_path: Any, capsys: Any) -> None:
    y = first_unknown_year()
    item = {"id": "i1", "enterprise": "e1", "department": "d1", "matter": "m", "earliest": f"{y}-10-01"}
    problem = {
        "period": {"start": f"{y}-10-01", "end": f"{y}-10-31"},
        "officers": [{"id": "o1", "department": "d1", "certified": True}, {"id": "o2", "department": "d1"}],
        "items": [{**item, "latest": f"{y}-10-31"}],
    }
    path = tmp_path / "problem.json"
    path.write_text(json.dumps(problem), encoding="utf-8")
    call_command("coordinate", "solve", str(path))
    err = capsys.readouterr().err
    assert f"{y}" in err and "尚未录入" in err
    problem["period"] = {"start": f"{OFFICIAL_YEARS[-1]}-10-01", "end": f"{OFFICIAL_YEARS[-1]}-10-31"}
    problem["items"] = [{**item, "earliest": f"{OFFICIAL_YEARS[-1]}-10-01", "latest": f"{OFFICIAL_YEARS[-1]}-10-31"}]
    path.write_text(json.dumps(problem), encoding="utf-8")
    call_command("coordinate", "solve", str(path))
    assert "尚未录入" not in capsys.readouterr().err
    err_io = io.StringIO()
    call_command("supervision", "scan", "--year", str(y), stdout=io.StringIO(), stderr=err_io)
    assert "尚未录入" in err_io.getvalue()
    err_io = io.StringIO()
    call_command("supervision", "scan", "--year", str(OFFICIAL_YEARS[-1]), stdout=io.StringIO(), stderr=err_io)
    assert "尚未录入" not in err_io.getvalue()
