"""Issue 23 (first part): the figures registry and `fazhi report figures`, on the registers that
exist (cases, coordination, supervision). Figures are asked of the apps' selectors as a
RegionReader; a region without records gives zeros where zero is the truth and `missing` where the
register is not kept — never the numbers of another region."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any
from urllib.parse import quote

import pytest
from django.core.management import call_command
from django.utils import timezone

from fazhi.accounts.models import RoleGrant
from fazhi.accounts.roles import Perm, Role
from fazhi.accounts.scopes import RegionReader, require
from fazhi.cases import services as case_services
from fazhi.core.errors import PermissionDenied
from fazhi.core.figures import REGISTRY, NotKept, load_all
from fazhi.reports.figures import figures_for, region_find
from fazhi.supervision import engine
from fazhi.supervision import services as supervision_services
from fazhi.supervision.models import Warning
from tests.factories import CaseWorld, OrgUnitFactory, UserFactory
from tests.test_cases import closed_penalty
from tests.test_onsite import Onsite
from tests.test_supervision import remote

pytestmark = pytest.mark.django_db


def value(region: Any, fid: str, year: int) -> Any:
    load_all()
    return REGISTRY[fid](region, year)


def test_the_registry_holds_the_enforcement_figures_with_words() -> None:
    figures = load_all()
    for fid in (
        "cases.waived_enterprises",
        "cases.remedies_from_irregular",
        "reviews.procedure_rate",
        "reviews.document_rate",
        "reviews.evidence_rate",
        "coordination.merged_inspections",
        "coordination.frequency_change_pct",
        "guidance.visits",
        "guidance.enterprises",
        "guidance.problems_solved",
        "supervision.corrected",
        "supervision.enterprise_supervisors",
    ):
        assert fid in figures and str(figures[fid].label) and str(figures[fid].counted), fid


def test_a_region_reader_reads_its_subtree_and_writes_nothing(world: Any) -> None:
    reader = RegionReader(world.town_a)
    assert reader.can(Perm.CASE_VIEW)
    with pytest.raises(PermissionDenied):
        require(reader, Perm.CASE_VIEW)  # services refuse it, whatever the permission


def test_corrected_warnings_count_where_they_are_and_move_with_the_record(world: Any) -> None:
    site = Onsite(world)
    today = timezone.localdate()
    day = today - dt.timedelta(days=3)
    remote(site, day=day)
    engine.scan(start=today - dt.timedelta(days=10), end=today)
    warning = Warning.objects.get(rule__code="no_plan")
    assert value(world.town_a, "supervision.corrected", day.year) == 0
    supervision_services.warning_correct(actor=world["inspector_a"], warning=warning, text="已补录检查计划并经审批")
    supervision_services.warning_verify(actor=world["supervisor"], warning=warning, accept=True)
    assert value(world.town_a, "supervision.corrected", day.year) == 1
    assert value(world.county, "supervision.corrected", day.year) == 1
    assert value(world.town_b, "supervision.corrected", day.year) == 0  # zero is the truth there
    assert value(world.town_a, "supervision.corrected", day.year - 1) == 0


def test_enterprise_supervisors_are_the_active_accounts_of_that_role(world: Any) -> None:
    org = OrgUnitFactory(name="峰灵酒业监督员", region=world.village_a)
    year = timezone.localdate().year
    people = [UserFactory(username=f"sup{i}", org_unit=org, roles=[Role.ENFORCEMENT_SUPERVISOR]) for i in range(3)]
    assert value(world.town_a, "supervision.enterprise_supervisors", year) == 3
    assert value(world.town_b, "supervision.enterprise_supervisors", year) == 0
    people[0].is_active = False
    people[0].save(update_fields=["is_active"])
    RoleGrant.objects.filter(user=people[1]).delete()
    assert value(world.town_a, "supervision.enterprise_supervisors", year) == 1


def test_case_figures_and_review_rates_per_region(world: Any) -> None:
    cw = CaseWorld(world)
    case = closed_penalty(cw)
    year = timezone.localdate().year
    assert isinstance(value(world.town_a, "reviews.procedure_rate", year), NotKept)  # nothing reviewed yet
    case_services.case_review_submit(
        actor=world["supervisor"], case=case, marks={"p_cover": case_services.Mark(deduction=Decimal(2), note="缺页码")}
    )
    assert value(world.town_a, "reviews.procedure_rate", year) == Decimal("100.0")
    assert value(world.town_a, "reviews.document_rate", year) == Decimal("0.0")
    assert value(world.county, "reviews.evidence_rate", year) == Decimal("100.0")
    assert value(world.town_a, "cases.waived_enterprises", year) == 0  # a penalty, not a waiver
    missing = value(world.town_b, "cases.waived_enterprises", year)
    assert isinstance(missing, NotKept) and "案件" in missing.why  # no case register there


def test_a_region_without_records_gives_zeros_and_reasons(world: Any) -> None:
    year = timezone.localdate().year
    result = figures_for(region=world.town_b, year=year)
    assert result.figures["supervision.corrected"]["value"] == 0
    missing = {m["id"]: m["why"] for m in result.missing}
    assert "coordination.merged_inspections" in missing and "reviews.procedure_rate" in missing
    # every register the seed needs is built now: nothing is missing for want of one, and a register
    # that has no records there gives its zero (publicity, people)
    assert not [fid for fid, why in missing.items() if "尚未建立" in why or "not built" in why]
    assert result.figures["publicity.youth_activities"]["value"] == 0
    assert result.figures["people.risk_meetings"]["value"] == 0
    assert result.figures["decisions.reviewed"]["value"] == 0  # the decisions register exists (issue 18)
    assert missing.get("decisions.review_pass_rate")  # nothing reviewed: a rate of nothing, with why
    assert not set(missing) & set(result.figures)


def test_the_command_prints_json_and_a_table_and_names_bad_regions(world: Any, capsys: Any) -> None:
    year = timezone.localdate().year
    call_command("report", "figures", "--region", "峰灵镇", "--year", str(year))
    out = json.loads(capsys.readouterr().out)
    assert out["region"] == "峰灵镇" and out["year"] == year
    assert set(out["figures"]["supervision.corrected"]) >= {"value", "label", "unit", "source"}
    assert out["figures"]["supervision.corrected"]["source"].startswith("/")
    call_command("report", "figures", "--region", world.town_a.code, "--year", str(year), "--format", "table")
    table = capsys.readouterr().out
    assert "supervision.corrected" in table and "无法计算" in table
    from fazhi.cli import main

    with pytest.raises(SystemExit) as exc:
        main(["report", "figures", "--region", "不存在镇", "--year", str(year)])
    assert exc.value.code == 2
    assert "不存在镇" in capsys.readouterr().err


def test_a_name_two_regions_share_must_be_a_code(world: Any) -> None:
    from tests.factories import RegionFactory

    RegionFactory(code="500238999", name="峰灵镇", level="township", parent=world.county)
    from fazhi.core.errors import ValidationError

    with pytest.raises(ValidationError, match="500238999"):
        region_find("峰灵镇")
    assert region_find(world.town_a.code) == world.town_a


def test_the_annual_report_document_fills_figures_and_names_gaps(world: Any, tmp_path: Any) -> None:
    import io

    from docx import Document

    from fazhi.reports.document import annual_report_docx

    org = OrgUnitFactory(name="峰灵酒业监督员", region=world.village_a)
    for i in range(5):
        UserFactory(username=f"sup{i}", org_unit=org, roles=[Role.ENFORCEMENT_SUPERVISOR])
    year = timezone.localdate().year
    data = annual_report_docx(region=world.town_a, year=year)
    doc = Document(io.BytesIO(data))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert text.startswith(f"峰灵镇{year}年度法治政府建设情况报告")
    assert "5名企业负责人担任执法监督员" in text  # the figure, filled in the seed's sentence
    assert "累计纠正不规范行为0起" in text  # zero is the truth here
    assert "【未能计算：合法性审查通过率】" in text  # nothing reviewed: shown by its name, never a zero
    assert "合法性审查通过率（decisions.review_pass_rate）：" in text  # and listed with its reason
    section = doc.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)  # A4
    table = doc.tables[0]
    rows = {r.cells[0].text: [c.text for c in r.cells] for r in table.rows[1:]}
    assert rows["supervision.enterprise_supervisors"][2:4] == ["5 人", "5 人"]  # this year and last


def test_the_annual_command_writes_a_docx_and_refuses_bad_templates(world: Any, tmp_path: Any, capsys: Any) -> None:
    from django.core.management.base import CommandError

    from fazhi.cli import main

    year = str(timezone.localdate().year)
    out = tmp_path / "报告.docx"
    call_command("report", "annual", "--region", "峰灵镇", "--year", year, "--out", str(out))
    assert out.read_bytes()[:2] == b"PK" and "已写入" in capsys.readouterr().out
    with pytest.raises(CommandError, match="--out"):
        call_command("report", "annual", "--region", "峰灵镇", "--year", year)
    bad = tmp_path / "bad.txt"
    bad.write_text("# 标题\n\n共{no.such_figure}次，{supervision.corrected|大约}起。", encoding="utf-8")
    with pytest.raises(SystemExit) as exc:  # the console's exit code, last: it closes the connection
        main(["report", "annual", "--region", "峰灵镇", "--year", year, "--out", str(out), "--template", str(bad)])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "no.such_figure" in err and "supervision.corrected|大约" in err


def test_the_figures_page_per_role_and_region(world: Any) -> None:
    from tests.test_onsite_pages import client_for

    year = timezone.localdate().year
    leader = client_for(world["leader_a"])
    page = leader.get("/reports/", {"year": year})
    assert page.status_code == 200
    html = page.content.decode()
    assert "峰灵镇" in html and 'data-figure="supervision.corrected"' in html
    assert "城厢镇" not in html  # another township is not offered
    assert leader.get("/reports/", {"region": world.town_b.code}).status_code == 404
    assert leader.get("/reports/", {"year": "abc"}).status_code == 400
    assert client_for(world["inspector_a"]).get("/reports/").status_code == 403
    supervisor = client_for(world["supervisor"])
    page = supervisor.get("/reports/", {"region": world.town_b.code, "year": year})
    assert page.status_code == 200 and "城厢镇" in page.content.decode()
    download = leader.get("/reports/annual.docx", {"year": year})
    assert download.status_code == 200 and download.content[:2] == b"PK"
    # a name its reader recognises (峰灵镇2025年法治政府建设情况报告), with an ASCII fallback
    assert download["Content-Disposition"] == (
        f"attachment; filename=\"{year}.docx\"; filename*=UTF-8''{quote(f'峰灵镇{year}年法治政府建设情况报告.docx')}"
    )


def test_an_apps_own_table_is_adopted_and_none_is_missing(world: Any) -> None:
    from dataclasses import dataclass

    from fazhi.core.figures import adopt

    @dataclass
    class Mine:
        label: str
        unit: str
        rule: str
        fn: Any

    adopt(
        {
            "test.rate": Mine("比例", "%", "试验", lambda region, year: None),
            "test.count": Mine("数", "个", "试验", lambda r, y: 7),
        },
        none_why="没有可除的数",
        counted="rule",
        compute="fn",
    )
    try:
        assert REGISTRY["test.count"](world.town_a, 2) == 7
        assert REGISTRY["test.rate"](world.town_a, 2) == NotKept("没有可除的数")
        assert str(REGISTRY["test.count"].counted) == "试验"
    finally:
        REGISTRY.pop("test.rate", None)
        REGISTRY.pop("test.count", None)


def _page_value(client: Any, region: Any, year: int, fid: str) -> str:
    import re

    html = client.get("/reports/", {"region": region.code, "year": year}).content.decode()
    row = re.search(rf'<tr data-figure="{re.escape(fid)}">.*?<td class="text-end text-nowrap">([^<]*)</td>', html, re.S)
    assert row is not None, fid
    return row.group(1).strip()


def test_the_figures_page_serves_cached_figures_until_a_record_changes(world: Any) -> None:
    """The dashboard reads every figure once; a second view is served from the cache (a handful of
    queries instead of every register's), and a write through a service shows at once."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.test_onsite_pages import client_for

    site = Onsite(world)
    today = timezone.localdate()
    day = today - dt.timedelta(days=3)
    remote(site, day=day)
    engine.scan(start=today - dt.timedelta(days=10), end=today)
    warning = Warning.objects.get(rule__code="no_plan")
    supervisor = client_for(world["supervisor"])
    with CaptureQueriesContext(connection) as first:
        assert _page_value(supervisor, world.town_a, day.year, "supervision.corrected") == "0 起"
    with CaptureQueriesContext(connection) as second:
        assert _page_value(supervisor, world.town_a, day.year, "supervision.corrected") == "0 起"
    assert len(second) < 20 < len(first), (len(first), len(second))
    supervision_services.warning_correct(actor=world["inspector_a"], warning=warning, text="已补录检查计划并经审批")
    supervision_services.warning_verify(actor=world["supervisor"], warning=warning, accept=True)
    assert _page_value(supervisor, world.town_a, day.year, "supervision.corrected") == "1 起"
