"""Issue 23.4: 行政执法统计年报 — per body and year, penalties and inspections counted from the records
(a decision once, under its heaviest penalty), the registers fazhi does not keep entered or imported
(all rows or nothing), 无此职能 never shown as 0, and the .xlsx and .docx."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone
from docx import Document
from openpyxl import Workbook, load_workbook

from fazhi.accounts.models import OrgUnit
from fazhi.accounts.roles import Role
from fazhi.cases import services as case_services
from fazhi.cases.models import Case
from fazhi.core.errors import ConflictError, PermissionDenied, ValidationError
from fazhi.core.models import LedgerEntry
from fazhi.reports import statistics_services as services
from fazhi.reports.models import StatisticsEntry
from fazhi.reports.statistics import body_statistics, heaviest_kind, inspection_table, penalty_table
from tests.dbutil import assert_nothing_changed
from tests.factories import CaseWorld, OrgUnitFactory, UserFactory
from tests.test_cases import investigated, investigation_day
from tests.test_onsite import Onsite
from tests.test_onsite_pages import client_for, finished
from tests.test_supervision import remote

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def legal_office(world: Any, name: str = "legal_a", region: Any = None) -> Any:
    org = OrgUnitFactory(name=f"{name}司法所", kind=OrgUnit.Kind.JUSTICE_BUREAU, region=region or world.town_a)
    return UserFactory(username=name, org_unit=org, roles=[Role.LEGAL_OFFICE])


def decided_penalty(cw: CaseWorld, *, fine: str, other: str = "", warning: bool = False) -> Case:
    case = investigated(cw)
    case = case_services.case_propose(
        actor=cw.inspector,
        case=case,
        outcome=Case.Outcome.PENALTY,
        circumstance="ordinary",
        harm=Case.Harm.SLIGHT,
        fine=Decimal(fine),
        warning=warning,
        other_penalties=other,
        discretion_note="初次被查，配合调查，按一般情节裁量。",
        proposed_on=investigation_day(case),
    )
    case = case_services.case_notify(actor=cw.inspector, case=case, notified_on=TODAY() - dt.timedelta(days=10))
    return case_services.case_decide(actor=cw.head, case=case)


@pytest.mark.parametrize(
    ("warning", "fine", "other", "kind"),
    [
        (True, "0", "", "warning"),
        (True, "500", "", "fine"),
        (False, "500", "没收违法所得", "confiscation"),
        (False, "500", "没收非法财物；暂扣许可证", "licence"),
        (False, "0", "吊销营业执照", "licence"),
        (False, "20000", "责令停产停业", "other"),
        (False, "500", "责令改正", "fine"),  # not a penalty: it does not outweigh the fine
        (False, "0", "责令改正", "other"),
        (True, "0", "通报批评", "warning"),
    ],
)
def test_a_decision_counts_under_its_heaviest_penalty(warning: bool, fine: str, other: str, kind: str) -> None:
    assert heaviest_kind(warning=warning, fine=Decimal(fine), other_penalties=other) == kind


def decided_waiver(cw: CaseWorld) -> Case:
    """首违不罚: corrected at once, educated, decided without a penalty."""
    case = investigated(cw)
    case_services.case_order_rectification(
        actor=cw.inspector, case=case, due=TODAY() + dt.timedelta(days=5), requirements="设置安全警示标志"
    )
    case_services.case_correction_record(actor=cw.inspector, case=case, corrected_on=TODAY(), note="已设置")
    case = case_services.case_propose(actor=cw.inspector, case=case, outcome="waiver", harm="slight", waiver=cw.first)
    case_services.guidance_record(
        actor=cw.inspector,
        kind="guidance",
        day=TODAY(),
        enterprises=[cw.w.ent_a],
        topics="安全警示标志设置规范",
        problems_found=1,
        problems_solved=1,
        case=case,
    )
    return case_services.case_decide(actor=cw.head, case=case)


def test_penalties_come_from_the_cases_once_per_decision(world: Any) -> None:
    cw = CaseWorld(world)
    decided_waiver(cw)  # its own line, not a penalty
    decided_penalty(cw, fine="30000", other="没收违法所得")
    decided_penalty(cw, fine="25000.50")
    table = penalty_table(world.body_a, TODAY().year)
    assert table == {
        "decisions": 2,
        "warning": 0,
        "fine": 1,
        "fine_amount": Decimal("55000.50"),  # every fine decided, also the one counted as confiscation
        "confiscation": 1,
        "licence": 0,
        "other": 0,
        "no_penalty": 1,
        "waived": 1,
    }
    assert penalty_table(world.body_a, TODAY().year - 1)["decisions"] == 0
    assert penalty_table(world.body_b, TODAY().year)["decisions"] == 0  # another township's body


def test_inspections_come_from_the_records(world: Any) -> None:
    site = Onsite(world)
    finished(site)  # on site, by 峰灵镇 and the county department together
    remote(site, day=TODAY())  # remote, 峰灵镇 alone
    year = TODAY().year
    assert inspection_table(world.body_a, year) == {
        "total": 2,
        "on_site": 1,
        "remote": 1,
        "joint": 1,
        "enterprises": 1,
    }
    assert inspection_table(world.dept_body, year) == {
        "total": 1,
        "on_site": 1,
        "remote": 0,
        "joint": 1,
        "enterprises": 1,
    }
    assert inspection_table(world.body_b, year)["total"] == 0


def test_a_body_without_the_power_shows_no_such_power_not_zero(world: Any) -> None:
    legal = legal_office(world)
    year = TODAY().year
    services.statistics_save(actor=legal, body=world.body_a, year=year, table="levy", no_power=True, values={})
    services.statistics_save(
        actor=legal,
        body=world.body_a,
        year=year,
        table="licensing",
        no_power=False,
        values={"applications": "0", "granted": "0", "refused": "0"},
    )
    stats = {t.table.key: t for t in body_statistics(body=world.body_a, year=year).tables}
    assert stats["levy"].source == "no_power" and stats["levy"].cells() == ["无此职能", "无此职能"]
    assert stats["licensing"].source == "entered" and stats["licensing"].cells() == [0, 0, 0]
    assert stats["coercion"].source == "not_filled" and 0 not in stats["coercion"].cells()
    assert stats["penalty"].source == "records" and stats["inspection"].source == "records"
    entry = StatisticsEntry.objects.get(body=world.body_a, year=year, table="levy")
    assert entry.entered_by == legal and entry.source == "entered"
    assert LedgerEntry.objects.filter(verb="report.statistics_save").count() == 2

    page = client_for(legal).get(f"/reports/statistics/?body={world.body_a.pk}&year={year}")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-table="levy" data-source="no_power"' in html and "无此职能" in html
    assert "未填报" in html and f"{year + 1}年1月31日" in html


def test_values_must_be_whole_numbers_or_amounts_and_the_edit_is_versioned(world: Any) -> None:
    legal = legal_office(world)
    year = TODAY().year
    with assert_nothing_changed(StatisticsEntry), pytest.raises(ValidationError, match="征收件数"):
        services.statistics_save(
            actor=legal, body=world.body_a, year=year, table="levy", no_power=False, values={"count": "2.5"}
        )
    entry = services.statistics_save(
        actor=legal,
        body=world.body_a,
        year=year,
        table="levy",
        no_power=False,
        values={"count": "3", "amount": "1200.5"},
    )
    assert entry.values == {"count": 3, "amount": "1200.50"} and entry.version == 1
    services.statistics_save(
        actor=world["head_a"],
        body=world.body_a,
        year=year,
        table="levy",
        no_power=False,
        values={"count": "4", "amount": "1500"},
        expected_version=1,
    )
    with assert_nothing_changed(StatisticsEntry), pytest.raises(ConflictError):
        services.statistics_save(
            actor=legal,
            body=world.body_a,
            year=year,
            table="levy",
            no_power=True,
            values={},
            expected_version=1,  # the head saved since this page loaded
        )
    entry.refresh_from_db()
    assert entry.values == {"count": 4, "amount": "1500.00"} and entry.entered_by == world["head_a"]


def test_another_townships_body_is_refused_and_nothing_changes(world: Any) -> None:
    legal = legal_office(world)
    year = TODAY().year
    for actor, body in (
        (legal, world.body_b),  # 城厢镇's body, outside 峰灵镇's justice office
        (legal, world.dept_body),  # a county department reports to the county
        (world["head_a"], world.body_b),
        (world["inspector_a"], world.body_a),  # an inspector enters nothing
        (world["leader_a"], world.body_a),  # the township leader reads
    ):
        with assert_nothing_changed(), pytest.raises(PermissionDenied):
            services.statistics_save(actor=actor, body=body, year=year, table="levy", no_power=True, values={})
    page = client_for(legal).get(f"/reports/statistics/?body={world.body_b.pk}&year={year}")
    assert page.status_code == 404


def _workbook(rows: list[list[Any]]) -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append([c.zh() for c in services.import_columns()])
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    return buf


def _row(code: str, **cells: Any) -> list[Any]:
    return [cells.get(c.attr) if c.attr != "body_code" else code for c in services.import_columns()]


def test_an_import_with_a_bad_row_writes_nothing_and_names_the_row(world: Any) -> None:
    legal = legal_office(world)
    year = TODAY().year
    good = _row("ZF-A", licensing__applications=5, licensing__granted=4, licensing__refused=1, levy__no_power="是")
    bad = _row("ZF-B", coercion__no_power="是")  # 城厢镇's body
    worse = _row("ZF-A", requisition__count=-1)
    with assert_nothing_changed(), pytest.raises(ValidationError) as refused:
        services.statistics_import(actor=legal, year=year, fh=_workbook([good, bad, worse]))
    errors = refused.value.details["errors"]
    assert len(errors) == 2
    assert errors[0].startswith("第 3 行「执法主体编码」") and "城厢镇" in errors[0]
    assert errors[1].startswith("第 4 行「执法主体编码」") and "第 2 行" in errors[1]  # the same body twice

    fixed = _row("ZF-A", licensing__applications=5, licensing__granted=4, licensing__refused=1, levy__no_power="是")
    fixed[[c.attr for c in services.import_columns()].index("requisition__count")] = "-1"
    with assert_nothing_changed(), pytest.raises(ValidationError, match="第 2 行「行政征用：征用件数」"):
        services.statistics_import(actor=legal, year=year, fh=_workbook([fixed]))

    assert services.statistics_import(actor=legal, year=year, fh=_workbook([good])) == 2
    stats = {t.table.key: t for t in body_statistics(body=world.body_a, year=year).tables}
    assert stats["licensing"].source == "imported" and stats["licensing"].cells() == [5, 4, 1]
    assert stats["levy"].source == "no_power"
    assert stats["coercion"].source == "not_filled"  # left empty: not written
    assert set(StatisticsEntry.objects.values_list("entered_by__username", flat=True)) == {"legal_a"}
    assert LedgerEntry.objects.filter(verb="report.statistics_import").count() == 2


def test_the_downloads_open_with_the_values(world: Any) -> None:
    cw = CaseWorld(world)
    decided_penalty(cw, fine="30000", other="没收违法所得")
    legal = cw.legal  # 峰灵镇's justice office
    year = TODAY().year
    services.statistics_save(actor=legal, body=world.body_a, year=year, table="levy", no_power=True, values={})
    client = client_for(legal)

    xlsx = client.get(f"/reports/statistics.xlsx?year={year}")
    assert xlsx.status_code == 200
    wb = load_workbook(io.BytesIO(xlsx.content))
    assert wb.sheetnames[:6] == ["行政许可", "行政处罚", "行政强制", "行政征收", "行政征用", "行政检查"]
    penalty = [list(r) for r in wb["行政处罚"].iter_rows(values_only=True)]
    assert penalty[0][:5] == ["执法主体编码", "执法主体", "数据来源", "行政处罚决定", "其中：警告、通报批评"]
    assert penalty[1][:10] == ["ZF-A", "峰灵镇人民政府", "系统记录", 1, 0, 0, 30000, 1, 0, 0]
    assert len(penalty) == 2  # the bodies of 峰灵镇's area only
    levy = [list(r) for r in wb["行政征收"].iter_rows(values_only=True)]
    assert levy[1] == ["ZF-A", "峰灵镇人民政府", "无此职能", "无此职能", "无此职能"]
    licensing = [list(r) for r in wb["行政许可"].iter_rows(values_only=True)]
    assert licensing[1][2] == "未填报"

    docx = client.get(f"/reports/statistics.docx?year={year}")
    assert docx.status_code == 200
    doc = Document(io.BytesIO(docx.content))
    texts = [[c.text for c in row.cells] for table in doc.tables for row in table.rows]
    assert ["峰灵镇人民政府", "系统记录", "1", "0", "0", "30000.00", "1", "0", "0", "0", "0"] in texts
    assert ["峰灵镇人民政府", "无此职能", "无此职能", "无此职能"] in texts
    assert any(f"{year + 1}年1月31日" in p.text for p in doc.paragraphs)


def test_the_menu_offers_the_statistics_to_who_may_see_them(world: Any) -> None:
    from fazhi.web.navigation import nav_for

    menu = {g["key"]: [i["name"] for i in g["items"]] for g in nav_for(world["head_a"])}
    assert menu["reports"] == ["reports:statistics"]  # a body head: its own body's tables
    assert "reports" not in {g["key"] for g in nav_for(world["inspector_a"])}
    page = client_for(world["head_a"]).get(f"/reports/statistics/?year={TODAY().year}")
    assert page.status_code == 200
    assert f'<option value="{world.body_a.pk}" selected>' in page.content.decode()
    assert f'<option value="{world.body_b.pk}"' not in page.content.decode()
    assert client_for(world["inspector_a"]).get("/reports/statistics/").status_code == 403


def test_the_page_saves_a_table_and_keeps_what_was_typed_when_refused(world: Any) -> None:
    client = client_for(world["head_a"])
    year = TODAY().year
    url = f"/reports/statistics/?body={world.body_a.pk}&year={year}"
    with assert_nothing_changed():
        page = client.post(url, {"table": "coercion", "version": "0", "measures": "2", "enforcement": "x", "court": ""})
    assert page.status_code == 422
    html = page.content.decode()
    assert "行政强制：" in html and "x 不是整数" in html and 'value="2"' in html
    done = client.post(url, {"table": "coercion", "version": "0", "measures": "2", "enforcement": "1", "court": "0"})
    assert done.status_code == 302
    stats = {t.table.key: t for t in body_statistics(body=world.body_a, year=year).tables}
    assert stats["coercion"].source == "entered" and stats["coercion"].cells() == [2, 1, 0]
    # the page's import: a bad file is refused in Chinese and writes nothing
    with assert_nothing_changed():
        refused = client.post(
            f"/reports/statistics/import/?body={world.body_a.pk}&year={year}",
            {"file": io.BytesIO(b"a,b\n1,2\n")},
            follow=True,
        )
    assert "该文件是文本文件（.csv 或 .txt），不是 Excel 工作簿（.xlsx）" in refused.content.decode()
    template = client.get(f"/reports/statistics/template.xlsx?year={year}")
    sheet = load_workbook(io.BytesIO(template.content)).worksheets[0]
    assert [sheet.cell(row=2, column=1).value, sheet.cell(row=2, column=2).value] == ["ZF-A", "峰灵镇人民政府"]
    assert sheet.cell(row=3, column=1).value is None  # the head's own body only
