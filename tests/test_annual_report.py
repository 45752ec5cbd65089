"""Issue 23: the annual report's words per region and year, approved by the township leader and
published with its figures frozen; who may do what, and refusals that change nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from fazhi.core.errors import ConflictError, PermissionDenied, ValidationError
from fazhi.reports import services
from fazhi.reports.models import AnnualReport
from tests.dbutil import assert_nothing_changed
from tests.factories import OrgUnitFactory, UserFactory
from tests.test_onsite_pages import client_for

pytestmark = pytest.mark.django_db

TEXT = (
    "# {region}{year}年度法治政府建设情况报告\n\n邀请{supervision.enterprise_supervisors}名企业负责人担任执法监督员。"
)


def _supervisors(world: Any, n: int) -> None:
    from fazhi.accounts.roles import Role

    org = OrgUnitFactory(name="监督员单位", region=world.village_a)
    for _i in range(n):
        UserFactory(org_unit=org, roles=[Role.ENFORCEMENT_SUPERVISOR])


def test_write_approve_publish_and_the_figures_freeze(world: Any) -> None:
    year = timezone.localdate().year - 1
    _supervisors(world, 2)
    report = services.annual_report_save(actor=world["leader_a"], region=world.town_a, year=year, text=TEXT)
    assert report.status == "draft" and report.version == 1
    services.annual_report_approve(actor=world["leader_a"], report=report, expected_version=report.version)
    services.annual_report_publish(actor=world["leader_a"], report=report, expected_version=report.version)
    report.refresh_from_db()
    assert report.status == "published"
    assert "邀请2名企业负责人担任执法监督员。" in report.published_text
    assert report.published_figures == {"supervision.enterprise_supervisors": 2}
    _supervisors_more = UserFactory(username="es_late", org_unit=world["leader_a"].org_unit)
    page = client_for(world["enterprise"]).get(f"/public/reports/{report.pk}/")  # the public, no login needed
    assert page.status_code == 200 and "邀请2名企业负责人担任执法监督员。" in page.content.decode()
    from django.test import Client

    public = Client().get("/public/reports/")
    assert public.status_code == 200 and f"/public/reports/{report.pk}/" in public.content.decode()
    with assert_nothing_changed(), pytest.raises(ValidationError):
        services.annual_report_save(actor=world["leader_a"], region=world.town_a, year=year, text=TEXT + "改")


def test_the_published_report_s_word_file_agrees_with_itself_after_records_change(world: Any) -> None:
    """The published words are frozen; the Word file's annex gives the figures as published and is
    dated the day of publication, even after the records moved (the reviewer's probe: the text said
    2, the annex said 5)."""
    import io

    from django.core.cache import cache
    from docx import Document

    from fazhi.accounts.roles import Role

    year = timezone.localdate().year - 1
    _supervisors(world, 2)
    report = services.annual_report_save(actor=world["leader_a"], region=world.town_a, year=year, text=TEXT)
    services.annual_report_approve(actor=world["leader_a"], report=report)
    services.annual_report_publish(actor=world["leader_a"], report=report)
    org = OrgUnitFactory(name="后来的监督员单位", region=world.village_a)
    for _i in range(3):
        UserFactory(org_unit=org, roles=[Role.ENFORCEMENT_SUPERVISOR])
    cache.clear()  # the live figure is now 5
    report.refresh_from_db()
    data = client_for(world["leader_a"]).get("/reports/annual.docx", {"year": year}).content
    doc = Document(io.BytesIO(data))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "邀请2名企业负责人担任执法监督员。" in text
    rows = {r.cells[0].text: [c.text for c in r.cells] for r in doc.tables[0].rows[1:]}
    assert rows["supervision.enterprise_supervisors"][2] == "2 人"
    published_on = timezone.localdate(report.published_at)
    assert f"{published_on.year}年{published_on.month}月{published_on.day}日" in text


def test_a_draft_is_not_public_and_editing_after_approval_needs_approval_again(world: Any) -> None:
    year = timezone.localdate().year - 1
    report = services.annual_report_save(actor=world["leader_a"], region=world.town_a, year=year, text=TEXT)
    from django.test import Client

    assert Client().get(f"/public/reports/{report.pk}/").status_code == 404
    services.annual_report_approve(actor=world["leader_a"], report=report)
    report = services.annual_report_save(
        actor=world["leader_a"], region=world.town_a, year=year, text=TEXT + "\n\n新增一段。", expected_version=2
    )
    assert report.status == "draft" and report.approved_by is None
    with assert_nothing_changed(), pytest.raises(ValidationError):
        services.annual_report_publish(actor=world["leader_a"], report=report)  # not approved
    with assert_nothing_changed(), pytest.raises(ConflictError):
        services.annual_report_save(
            actor=world["leader_a"], region=world.town_a, year=year, text=TEXT, expected_version=1
        )


def test_who_may_write_and_approve(world: Any) -> None:
    year = timezone.localdate().year - 1
    for user, region in (
        ("inspector_a", "town_a"),  # no report permission
        ("supervisor", "town_a"),  # reads the figures, does not write a township's report
        ("leader_a", "town_b"),  # another township
        ("enterprise", "town_a"),
    ):
        with assert_nothing_changed(), pytest.raises(PermissionDenied):
            services.annual_report_save(actor=world[user], region=getattr(world, region), year=year, text=TEXT)
    report = services.annual_report_save(actor=world["leader_a"], region=world.town_a, year=year, text=TEXT)
    with assert_nothing_changed(AnnualReport), pytest.raises(PermissionDenied):
        services.annual_report_approve(actor=world["supervisor"], report=report)


def test_bad_text_is_refused_with_every_reason(world: Any) -> None:
    year = timezone.localdate().year - 1
    for text, word in (
        ("", "正文"),
        ("没有标题的一段话。", "标题"),
        ("# 标题\n\n共{no.such}次，{supervision.corrected|大约}起。", "no.such"),
    ):
        with assert_nothing_changed(), pytest.raises(ValidationError) as exc:
            services.annual_report_save(actor=world["leader_a"], region=world.town_a, year=year, text=text)
        assert word in exc.value.message
    assert "supervision.corrected|大约" in exc.value.message


def test_the_page_offers_what_the_role_may_do(world: Any) -> None:
    year = timezone.localdate().year - 1
    leader = client_for(world["leader_a"])
    page = leader.get("/reports/annual/", {"year": year})
    html = page.content.decode()
    assert page.status_code == 200 and 'data-status="none"' in html
    assert "【未能计算" in html  # the default template names registers not built yet
    assert f"峰灵镇{year}年度法治政府建设情况报告" in html  # the default template, filled
    response = leader.post(f"/reports/annual/?year={year}", {"action": "save", "version": "0", "text": TEXT})
    assert response.status_code == 302
    report = AnnualReport.objects.get(region=world.town_a, year=year)
    response = leader.post(f"/reports/annual/?year={year}", {"action": "approve", "version": str(report.version)})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "approved"
    bad = leader.post(f"/reports/annual/?year={year}", {"action": "save", "version": "1", "text": TEXT + "x"})
    assert bad.status_code == 422 and "data-error" in bad.content.decode()  # stale version: said, not lost
    assert TEXT + "x" in bad.content.decode()  # what was typed is kept
    supervisor = client_for(world["supervisor"]).get("/reports/annual/", {"region": world.town_a.code, "year": year})
    assert supervisor.status_code == 200 and 'name="text"' not in supervisor.content.decode()


def test_the_figures_that_cannot_be_computed_are_named_in_chinese(world: Any) -> None:
    """The list under the preview gives each figure's label, its id only in small print after it."""
    import re

    year = timezone.localdate().year - 1
    html = client_for(world["leader_a"]).get("/reports/annual/", {"year": year}).content.decode()
    start = html.index("【未能计算】")
    listed = html[start : html.index("</ul>", start)]  # the list, not the preview below it
    assert re.search(r"<li>上门送法和合规指导次数 <small[^>]*>guidance\.visits</small>：", listed)
    assert re.search(r"<li>程序合规率 <small[^>]*>reviews\.procedure_rate</small>：", listed)
    assert "<code>" not in listed
    figures = client_for(world["leader_a"]).get("/reports/", {"year": year}).content.decode()
    assert re.search(r"上门送法和合规指导次数 <small[^>]*>guidance\.visits</small>", figures)
    assert "<code>guidance.visits</code>" not in figures
