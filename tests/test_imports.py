from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone
from openpyxl import load_workbook

from fazhi.core.ledger import ledger_verify
from fazhi.core.models import LedgerEntry
from fazhi.registry.imports import run_import
from fazhi.registry.models import ChecklistItem, Enterprise, Matter, Officer
from tests.dbutil import assert_nothing_changed
from tests.factories import valid_uscc
from tests.xlsx import header, workbook

pytestmark = pytest.mark.django_db
H = header("enterprises")


def ent_row(n: int, *, village: str = "谭家村", **kw: Any) -> list[Any]:
    row = {
        "uscc": valid_uscc(1000 + n),
        "name": f"导入企业{n}有限公司",
        "rep": "张三",
        "addr": "某地",
        "region": village,
        "industry": "建材生产",
        "risk": "低风险",
        "dnd": "否",
        "until": None,
        "contact": "李四",
        "phone": "13800001111",
    }
    row.update(kw)
    return list(row.values())


def test_all_valid_rows_are_written_with_ledger_entries(world: Any) -> None:
    rows = [ent_row(i) for i in range(5)]
    report = run_import(actor=world["inspector_a"], kind="enterprises", fh=workbook(H, rows))
    assert report.ok and report.written
    assert (report.created, report.updated, report.unchanged) == (5, 0, 0)
    ent = Enterprise.objects.get(name="导入企业0有限公司")
    assert ent.region == world.village_a
    assert ent.contacts.get().phone == "13800001111"
    assert LedgerEntry.objects.filter(verb="enterprises.import_create").count() == 5
    assert LedgerEntry.objects.filter(verb="enterprises.import").count() == 1
    assert ledger_verify().ok


def test_reimport_of_the_same_file_changes_nothing(world: Any) -> None:
    data = workbook(H, [ent_row(i) for i in range(4)]).getvalue()
    run_import(actor=world["inspector_a"], kind="enterprises", fh=io.BytesIO(data))
    before = (LedgerEntry.objects.count(), list(Enterprise.objects.values_list("version", flat=True)))
    report = run_import(actor=world["inspector_a"], kind="enterprises", fh=io.BytesIO(data))
    assert (report.created, report.updated, report.unchanged) == (0, 0, 4)
    assert (LedgerEntry.objects.count(), list(Enterprise.objects.values_list("version", flat=True))) == before


def test_changed_row_is_an_update_with_a_diff(world: Any) -> None:
    run_import(actor=world["inspector_a"], kind="enterprises", fh=workbook(H, [ent_row(1)]))
    report = run_import(actor=world["inspector_a"], kind="enterprises", fh=workbook(H, [ent_row(1, risk="较大风险")]))
    assert (report.created, report.updated) == (0, 1)
    ent = Enterprise.objects.get(name="导入企业1有限公司")
    assert ent.risk_grade == "high" and ent.version == 2
    entry = LedgerEntry.objects.filter(verb="enterprises.import_update").get()
    assert '"risk_grade":["low","high"]' in entry.payload


def test_bad_rows_reject_the_whole_file_and_say_where(world: Any) -> None:
    rows = [
        ent_row(0),
        ent_row(1, uscc="123"),
        ent_row(2, village="火星村"),
        ent_row(3, risk="很危险"),
        ent_row(4, until="明年"),
        ent_row(5, name=""),
    ]
    report = run_import(actor=world["inspector_a"], kind="enterprises", fh=workbook(H, rows))
    assert not report.written
    assert not Enterprise.objects.filter(name__startswith="导入企业").exists()
    messages = [str(e) for e in report.errors]
    assert any(m.startswith("第 3 行「统一社会信用代码」") for m in messages)
    assert any(m.startswith("第 4 行「村（社区）」") and "火星村" in m for m in messages)
    assert any(m.startswith("第 5 行「风险等级」") and "低风险" in m for m in messages)
    assert any(m.startswith("第 6 行「无事不扰截止日期」") for m in messages)
    assert any(m.startswith("第 7 行「企业名称」") for m in messages)
    assert report.rejected_rows == 5
    assert report.error_workbook is not None


def test_partial_writes_valid_rows_and_returns_the_rejected(world: Any) -> None:
    rows = [ent_row(0), ent_row(1, uscc="BAD"), ent_row(2)]
    report = run_import(actor=world["inspector_a"], kind="enterprises", fh=workbook(H, rows), partial=True)
    assert report.written and report.created == 2 and report.rejected_rows == 1
    assert report.error_workbook is not None
    ws = load_workbook(io.BytesIO(report.error_workbook)).active
    assert ws is not None
    values = [list(r) for r in ws.iter_rows(values_only=True)]
    assert values[0][-2:] == ["原行号", "需要改正的内容"]
    assert len(values) == 2
    assert values[1][0] == "BAD" and values[1][-2] == 3 and "统一社会信用代码" in values[1][-1]


def test_duplicate_codes_inside_the_file(world: Any) -> None:
    code = valid_uscc(1)
    report = run_import(
        actor=world["inspector_a"],
        kind="enterprises",
        fh=workbook(H, [ent_row(0, uscc=code), ent_row(1, uscc=code)]),
    )
    assert not report.written
    assert [str(e) for e in report.errors] == [
        f"第 3 行「统一社会信用代码」: {code} 已在本文件第 2 行出现，每条记录只保留一行。"
    ]


def test_wrong_file_type(world: Any) -> None:
    report = run_import(actor=world["inspector_a"], kind="enterprises", fh=io.BytesIO("名称,代码\n".encode()))
    assert not report.written
    assert ".xlsx" in str(report.errors[0]) and "另存为" in str(report.errors[0])


def test_damaged_zip(world: Any) -> None:
    report = run_import(actor=world["inspector_a"], kind="enterprises", fh=io.BytesIO(b"PK\x03\x04garbage"))
    assert "无法打开" in str(report.errors[0])


def test_empty_sheet_and_header_only(world: Any) -> None:
    empty = run_import(actor=world["inspector_a"], kind="enterprises", fh=workbook([], []))
    assert "空的" in str(empty.errors[0])
    header_only = run_import(actor=world["inspector_a"], kind="enterprises", fh=workbook(H, []))
    assert "没有数据行" in str(header_only.errors[0])


def test_merged_header_cells(world: Any) -> None:
    bad = ["统一社会信用代码", "企业名称", None, "村（社区）"]
    report = run_import(
        actor=world["inspector_a"], kind="enterprises", fh=workbook(bad, [ent_row(0)[:4]], merge="B1:C1")
    )
    assert "合并" in str(report.errors[0]) and "C" in str(report.errors[0])


def test_unknown_and_missing_columns(world: Any) -> None:
    report = run_import(
        actor=world["inspector_a"], kind="enterprises", fh=workbook(["企业名称", "注册资本"], [["a", 1]])
    )
    text = str(report.errors[0])
    assert "统一社会信用代码" in text and "注册资本" in text


def test_english_headers_are_accepted(world: Any) -> None:
    english = ["Unified social credit code", "Enterprise name", "Village / community"]
    report = run_import(
        actor=world["inspector_a"],
        kind="enterprises",
        fh=workbook(english, [[valid_uscc(77), "英文表头企业", "谭家村"]]),
    )
    assert report.ok and report.created == 1


def test_rows_outside_the_importers_area(world: Any) -> None:
    report = run_import(
        actor=world["inspector_a"],
        kind="enterprises",
        fh=workbook(H, [ent_row(0, village="先锋村"), ent_row(1, uscc=world.ent_b.uscc)]),
    )
    assert not report.written
    assert "先锋村" in str(report.errors[0])
    assert "辖区" in str(report.errors[1])
    assert Enterprise.objects.get(pk=world.ent_b.pk).name == "城厢餐饮店"


def test_ambiguous_village_names_need_the_township(world: Any) -> None:
    from tests.factories import RegionFactory

    RegionFactory(code="500238117009", name="新村", parent=world.town_a)
    RegionFactory(code="500238103009", name="新村", parent=world.town_b)
    ambiguous = run_import(actor=world["supervisor"], kind="enterprises", fh=workbook(H, [ent_row(0, village="新村")]))
    assert "城厢镇" not in str(ambiguous.errors[0]) and "乡镇/村" in str(ambiguous.errors[0])
    ok = run_import(actor=world["supervisor"], kind="enterprises", fh=workbook(H, [ent_row(0, village="城厢镇/新村")]))
    assert ok.created == 1


def test_permission_is_required(world: Any) -> None:
    from fazhi.core.errors import PermissionDenied

    with assert_nothing_changed(), pytest.raises(PermissionDenied):
        run_import(actor=world["leader_a"], kind="enterprises", fh=workbook(H, [ent_row(0)]))


def test_officers_import(world: Any) -> None:
    rows = [
        ["新执法员", "FL0001", "ZF-A", "重庆市人民政府", "13900002222"],
        ["岗前人员", "FL0002", "峰灵镇人民政府", None, None],
        ["越权", "FL0003", "ZF-B", None, None],
    ]
    report = run_import(actor=world["head_a"], kind="officers", fh=workbook(header("officers"), rows), partial=True)
    assert report.created == 2 and report.rejected_rows == 1
    assert "ZF-B" in str(report.errors[0])
    officer = Officer.objects.get(certificate_no="FL0001")
    # the workbook has no status and no valid-until column: a new officer is pre-service until qualified
    assert officer.status == "pre_service" and officer.valid_until is None and officer.body == world.body_a
    assert "状态" not in header("officers")


def test_officers_import_leaves_the_qualification_alone(world: Any) -> None:
    """Re-importing an active officer changes their name or phone, never their status or validity."""
    officer = Officer.objects.get(name="峰灵甲")
    before = (officer.status, officer.valid_until)
    assert before[0] == "active" and before[1] is not None
    rows = [["新名字", officer.certificate_no, "ZF-A", None, None]]
    report = run_import(actor=world["head_a"], kind="officers", fh=workbook(header("officers"), rows))
    assert report.updated == 1
    officer.refresh_from_db()
    assert officer.name == "新名字" and (officer.status, officer.valid_until) == before


def test_matters_import_with_checklists(world: Any) -> None:
    rows = [
        ["FL-001", "安全生产检查", "ZF-A", "安全生产法", "日常检查", "是", "制度是否健全\n培训是否到位"],
        ["FL-002", "消防检查", "ZF-A", "消防法", "专项检查", "是", "通道畅通；器材有效"],
    ]
    data = workbook(header("matters"), rows).getvalue()
    report = run_import(actor=world["head_a"], kind="matters", fh=io.BytesIO(data))
    assert report.created == 2
    m = Matter.objects.get(code="FL-002")
    assert m.inspection_type == "special"
    assert list(m.checklist_items.values_list("text", flat=True)) == ["通道畅通", "器材有效"]
    again = run_import(actor=world["head_a"], kind="matters", fh=io.BytesIO(data))
    assert again.unchanged == 2
    rows[0][6] = "制度是否健全"
    changed = run_import(actor=world["head_a"], kind="matters", fh=workbook(header("matters"), rows))
    assert changed.updated == 1
    assert ChecklistItem.objects.filter(matter__code="FL-001").count() == 1
    assert Matter.objects.get(code="FL-001").version == 2


def test_template_round_trip(world: Any) -> None:
    from fazhi.registry.imports import get_importer

    for kind in ("enterprises", "officers", "matters"):
        template = get_importer(kind, world["supervisor"]).template()
        wb = load_workbook(io.BytesIO(template))
        assert [c.value for c in wb.worksheets[0][1]] == header(kind)
        assert wb.worksheets[1].title == "填写说明"


def test_export_reimports_unchanged(world: Any) -> None:
    from fazhi.registry.imports.kinds import export
    from fazhi.registry.selectors import enterprise_list

    user = world["inspector_a"]
    run_import(actor=user, kind="enterprises", fh=workbook(H, [ent_row(i) for i in range(3)]))
    data = export(actor=user, kind="enterprises", qs=enterprise_list(user=user))
    ws = load_workbook(io.BytesIO(data)).active
    assert ws is not None
    assert "13800001111" not in str(list(ws.values))  # phones leave masked
    report = run_import(actor=user, kind="enterprises", fh=io.BytesIO(data))
    assert report.ok and report.created == 0 and report.updated == 0


def test_command_line(world: Any, tmp_path: Any, capsys: Any) -> None:
    good = tmp_path / "good.xlsx"
    good.write_bytes(workbook(H, [ent_row(0, village="500238117001")]).getvalue())
    call_command("import", "enterprises", str(good))
    assert "新增 1" in capsys.readouterr().out
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(workbook(H, [ent_row(1, uscc="X")]).getvalue())
    with pytest.raises(SystemExit) as exc:
        call_command("import", "enterprises", str(bad))
    assert exc.value.code == 1
    err = capsys.readouterr().err
    assert "第 2 行" in err and (tmp_path / "bad-errors.xlsx").exists()
    notxlsx = tmp_path / "a.csv"
    notxlsx.write_text("a,b")
    with pytest.raises(SystemExit):
        call_command("import", "enterprises", str(notxlsx))
    assert "xlsx" in capsys.readouterr().err


def test_every_column_title_and_role_is_chinese() -> None:
    from fazhi.accounts.roles import Role
    from fazhi.registry.imports import IMPORTERS

    def chinese(text: str) -> bool:
        return any("\u4e00" <= ch <= "\u9fff" for ch in text)

    titles = [c.zh() for imp in IMPORTERS.values() for c in imp.columns]
    assert all(chinese(t) for t in titles), [t for t in titles if not chinese(t)]
    from django.utils import translation

    with translation.override("zh-hans"):
        assert all(chinese(str(r.label)) for r in Role)


# --- issue 13: other file types, column widths, valid samples, every error of a row at once ----------


def _ods() -> bytes:
    """A minimal OpenDocument spreadsheet as LibreOffice writes it (mimetype first, stored)."""
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "<office:document-content/>")
        z.writestr("META-INF/manifest.xml", "<manifest/>")
    return buf.getvalue()


@pytest.mark.parametrize(
    ("data", "named"),
    [
        (_ods(), ".ods"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504, ".xls"),
        ("统一社会信用代码,企业名称\n91500238MA5U000009,示例\n".encode("gb18030"), ".csv"),
    ],
    ids=["ods", "xls", "csv"],
)
def test_another_spreadsheet_format_is_named_and_asked_to_be_saved_as_xlsx(world: Any, data: bytes, named: str) -> None:
    before = Enterprise.objects.count()
    report = run_import(actor=world["inspector_a"], kind="enterprises", fh=io.BytesIO(data))
    message = str(report.errors[0])
    assert "请另存为 .xlsx 格式后再导入" in message and named in message
    assert "损坏" not in message
    assert not report.written and Enterprise.objects.count() == before


def _widths(data: bytes) -> dict[str, float]:
    ws = load_workbook(io.BytesIO(data)).worksheets[0]
    return {k: d.width for k, d in ws.column_dimensions.items() if d.width}


def test_exports_errors_and_templates_have_column_widths_from_their_content(world: Any) -> None:

    from fazhi.inspections.imports import plan_template
    from fazhi.registry.imports import get_importer
    from fazhi.registry.imports.kinds import export
    from fazhi.registry.selectors import enterprise_list

    user = world["inspector_a"]
    until = timezone.localdate() + dt.timedelta(days=30)
    long_name = "重庆市巫溪县峰灵镇谭家村第三村民小组示例酒业有限责任公司"
    run_import(actor=user, kind="enterprises", fh=workbook(H, [ent_row(0, name=long_name, dnd="是", until=until)]))
    widths = _widths(export(actor=user, kind="enterprises", qs=enterprise_list(user=user)))
    assert widths["B"] >= 2 * len(long_name)  # CJK characters count double
    assert widths["I"] >= 10  # a date needs ten places, or Excel shows ###
    assert widths["A"] >= 18
    bad = run_import(actor=user, kind="enterprises", fh=workbook(H, [ent_row(1, village="不存在村")]))
    assert bad.error_workbook is not None
    errors = _widths(bad.error_workbook)
    assert len(errors) == len(H) + 2 and errors[chr(ord("A") + len(H) + 1)] > 20
    for template in [get_importer(k, world["supervisor"]).template() for k in ("enterprises", "officers", "matters")]:
        assert len(_widths(template)) >= len(load_workbook(io.BytesIO(template)).worksheets[0][1])
    assert _widths(plan_template())["B"] >= 18


def test_every_template_sample_passes_its_own_importer(world: Any) -> None:
    """The sample row of each template, read back from the downloaded file, has no error and no
    warning (the credit code passes its GB 32100 check digit, computed by python-stdnum)."""
    from stdnum.cn import uscc

    from fazhi.registry.imports import get_importer
    from fazhi.registry.imports.base import read_rows

    for kind in ("enterprises", "officers", "matters"):
        importer = get_importer(kind, world["supervisor"])
        rows = list(read_rows(io.BytesIO(importer.template()), importer.columns))
        assert len(rows) == 1
        row = importer.parse(*rows[0])
        assert row.errors == [] and row.warnings == [], (kind, row.errors, row.warnings)
        if kind == "enterprises":
            assert uscc.is_valid(row.key)


def test_the_plan_template_sample_imports(world: Any) -> None:
    from stdnum.cn import uscc

    from fazhi.inspections.imports import COLUMNS, plan_items_import, plan_template
    from fazhi.inspections.models import PlanItem
    from fazhi.registry.imports.base import read_rows
    from tests.factories import EnterpriseFactory, MatterFactory

    ((_, sample),) = list(read_rows(io.BytesIO(plan_template()), COLUMNS))
    assert uscc.is_valid(sample["uscc"])
    world.body_a.code = sample["body"]
    world.body_a.save()
    EnterpriseFactory(uscc=sample["uscc"], region=world.village_a)
    MatterFactory(code=sample["matter"], body=world.body_a, published=True)
    report = plan_items_import(actor=world["head_a"], fh=io.BytesIO(plan_template()))
    assert report.errors == [] and report.created == 1
    assert PlanItem.objects.count() == 1


def test_every_error_of_a_row_is_reported_at_once(world: Any) -> None:
    """A bad date, a credit code of the wrong length and an unknown village: three errors in one
    report (the village used to be reported only after the others were fixed)."""
    row = ent_row(0, village="不存在村", until="明年春天", uscc="91500238MA5U0")
    before = (Enterprise.objects.count(), LedgerEntry.objects.count())
    report = run_import(actor=world["inspector_a"], kind="enterprises", fh=workbook(H, [row]))
    columns = sorted(e.column for e in report.errors)
    assert columns == sorted(["无事不扰截止日期", "村（社区）", "统一社会信用代码"]), [str(e) for e in report.errors]
    assert report.rejected_rows == 1 and not report.written
    assert (Enterprise.objects.count(), LedgerEntry.objects.count()) == before


def test_every_error_of_a_plan_row_is_reported_at_once(world: Any) -> None:
    from fazhi.inspections.imports import COLUMNS, plan_items_import

    head = [c.zh() for c in COLUMNS]
    row = [
        "没有这个执法主体",
        "91500238MA5U000009",
        "没有这个事项",
        "日常检查",
        "不是日期",
        "2000-01-01",  # pinned: long past
        "",
    ]  # pinned: long past
    report = plan_items_import(actor=world["head_a"], fh=workbook(head, [row]))
    assert len(report.errors) == 4, [str(e) for e in report.errors]
