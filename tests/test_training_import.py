"""The province platform's online hours: matched by name + ID or certificate, all or nothing,
the same file twice changes nothing."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest
from openpyxl import load_workbook

from fazhi.core.errors import PermissionDenied
from fazhi.core.models import LedgerEntry
from fazhi.registry.imports.base import FileRejected
from fazhi.registry.models import Officer
from fazhi.training import services
from fazhi.training.models import OnlineHours, Trainee
from tests.dates import today
from tests.dbutil import assert_nothing_changed
from tests.factories import OfficerFactory, TrainingWorld, resident_id
from tests.xlsx import workbook

pytestmark = pytest.mark.django_db

HEADER = ["姓名", "身份证号", "执法证号", "课程名称", "学时", "完成日期"]


@pytest.fixture
def tw(world: Any) -> TrainingWorld:
    return TrainingWorld(world)


def _run(tw: TrainingWorld, rows: list[list[Any]], **kw: Any) -> Any:
    return services.online_hours_import(
        actor=kw.pop("actor", tw.legal), fh=workbook(HEADER, rows), year=kw.pop("year", today().year), **kw
    )


def test_import_matches_by_id_or_certificate_and_twice_changes_nothing(tw: TrainingWorld) -> None:
    day = today().replace(month=3, day=2)
    rows = [
        ["村干部0", resident_id(10), "", "行政处罚法解读", 2, day],
        ["村干部0", resident_id(10), "", "民法典讲座", "1.5", None],
        ["峰灵甲", "", tw.officer.certificate_no.lower(), "行政处罚法解读", 2, day],
        ["峰灵新", "", tw.pre.certificate_no, "行政许可法", 3, day],  # an officer without a record yet
    ]
    report = _run(tw, rows, platform="重庆市法治教育网")
    assert report.ok and report.written
    assert (report.rows, report.created, report.updated, report.unchanged) == (4, 4, 0, 0)
    staff = tw.staff[0]
    assert OnlineHours.objects.filter(trainee=staff).count() == 2
    assert OnlineHours.objects.get(trainee=tw.officer_trainee).hours == Decimal("2")
    new_record = Trainee.objects.get(officer=tw.pre)
    assert new_record.category == "officer" and new_record.region == tw.w.town_a
    entry = LedgerEntry.objects.order_by("-seq").first()
    assert entry is not None and entry.verb == "training.online_hours_import"
    with assert_nothing_changed():
        again = _run(tw, rows, platform="重庆市法治教育网")
    assert again.ok and not again.written and again.unchanged == 4
    rows[1][4] = 2
    changed = _run(tw, rows)
    assert (changed.created, changed.updated, changed.unchanged) == (0, 1, 3)
    assert OnlineHours.objects.get(trainee=staff, course="民法典讲座").hours == Decimal("2")


def test_every_bad_row_named_and_nothing_written(tw: TrainingWorld) -> None:
    rows = [
        ["村干部0", resident_id(10), "", "课程一", 2, None],  # fine
        ["张三", resident_id(99), "", "课程一", 2, None],  # nobody
        ["村干部1", "", "", "课程一", 2, None],  # no identifier
        ["村干部1", resident_id(11), "", "课程二", -1, None],  # negative
        ["村干部1", resident_id(11), "", "课程三", 30, None],  # above a day
        ["村干部0", resident_id(10), "", "课程一", 2, None],  # twice
        ["峰灵甲", "", "NOPE", "课程一", 2, None],  # unknown certificate
        ["村干部1", "12345", "", "课程一", 2, None],  # bad ID
        ["城厢甲", "", Officer.objects.get(name="城厢甲").certificate_no, "课程一", 2, None],  # outside the area
        ["村干部1", resident_id(11), "", "课程一", 2, today().replace(year=today().year - 1)],  # other year
    ]
    with assert_nothing_changed():
        report = _run(tw, rows)
    assert not report.ok and not report.written
    assert sorted({e.row for e in report.errors}) == list(range(3, 12))
    text = " ".join(str(e) for e in report.errors)
    assert "张三" in text and "第 3 行" in text
    assert "不能为负数" in text and "一天" in text and "已在第 2 行出现" in text


def test_a_number_that_is_no_date(tw: TrainingWorld) -> None:
    with assert_nothing_changed():
        report = _run(tw, [["村干部0", resident_id(10), "", "课程一", 2, 10**12]])
    assert not report.ok and "完成日期" in str(report.errors[0])


def test_ambiguous_match_refused(tw: TrainingWorld) -> None:
    # the same person recorded twice (an officer's record and a staff record with one ID number)
    twin = OfficerFactory(body=tw.w.body_a, name="村干部0")
    services.trainee_for_officer(actor=tw.legal, officer=twin, id_number=resident_id(10))
    with assert_nothing_changed():
        report = _run(tw, [["村干部0", resident_id(10), "", "课程一", 2, None]])
    assert not report.ok
    assert "2" in str(report.errors[0]) and "********" in str(report.errors[0])
    # ID and certificate naming two different people of the same name
    namesake = OfficerFactory(body=tw.w.body_a, name="村干部1")
    with assert_nothing_changed():
        report = _run(tw, [["村干部1", resident_id(11), namesake.certificate_no, "课程一", 2, None]])
    assert not report.ok and "两个不同的人" in str(report.errors[0])


def test_file_problems(tw: TrainingWorld) -> None:
    with assert_nothing_changed(), pytest.raises(FileRejected):
        services.online_hours_import(actor=tw.legal, fh=io.BytesIO(b"name,hours\n"), year=today().year)
    with assert_nothing_changed(), pytest.raises(FileRejected):
        services.online_hours_import(actor=tw.legal, fh=workbook(HEADER, []), year=today().year)
    with assert_nothing_changed(), pytest.raises(FileRejected):
        services.online_hours_import(actor=tw.legal, fh=workbook(["姓名", "年龄"], [["a", 1]]), year=today().year)


def test_import_row_limit(tw: TrainingWorld, settings: Any) -> None:
    settings.FAZHI_TRAINING_IMPORT_MAX_ROWS = 1
    rows = [["村干部0", resident_id(10), "", f"课程{i}", 1, None] for i in range(2)]
    with assert_nothing_changed(), pytest.raises(FileRejected):
        _run(tw, rows)


def test_import_permission(tw: TrainingWorld) -> None:
    rows = [["村干部0", resident_id(10), "", "课程一", 2, None]]
    for user in (tw.w["leader_a"], tw.w["head_a"], tw.w["sysadmin"]):
        with assert_nothing_changed(), pytest.raises(PermissionDenied):
            _run(tw, rows, actor=user)


def test_template_has_the_columns() -> None:
    wb = load_workbook(io.BytesIO(services.online_hours_template()))
    ws = wb.worksheets[0]
    assert [c.value for c in ws[1]] == HEADER


def test_a_damaged_sheet_is_refused(tw: TrainingWorld) -> None:
    import zipfile

    good = workbook(HEADER, [["村干部0", resident_id(10), "", "课程一", 2, None]])
    damaged = io.BytesIO()
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(damaged, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]  # the sheet's XML cut off half-way
            dst.writestr(item, data)
    damaged.seek(0)
    with assert_nothing_changed(), pytest.raises(FileRejected):
        services.online_hours_import(actor=tw.legal, fh=damaged, year=today().year)
