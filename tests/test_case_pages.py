"""Case pages and API as users use them: the next step offered is the one the law allows,
refusals come back in Chinese, reads are scoped, list and detail cost a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from fazhi.accounts.services import api_token_create
from fazhi.cases import services
from fazhi.cases.models import Case, GuidanceVisit
from tests.dbutil import assert_nothing_changed
from tests.factories import CaseWorld
from tests.test_cases import closed_penalty, investigated, proposed_penalty

pytestmark = pytest.mark.django_db


@pytest.fixture
def cw(world: Any) -> CaseWorld:
    return CaseWorld(world)


def client_for(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_register_from_the_page_then_file_and_investigate(cw: CaseWorld) -> None:
    inspector, head = client_for(cw.inspector), client_for(cw.head)
    page = inspector.get("/cases/new/")
    assert page.status_code == 200 and cw.violation.name in page.content.decode()
    bad = inspector.post(
        "/cases/new/",
        {
            "source": "complaint",
            "violation": cw.violation.pk,
            "party_kind": "person",
            "party_name": "李某",
            "occurred_on": "2026-13-01",  # pinned: a month that does not exist
            "facts": "现场发现未设置安全警示标志。",
        },
    )
    # the one parameter reader's message: it names the field and the 年-月-日 form (was its own wording)
    assert bad.status_code == 422 and "“occurred_on”" in bad.content.decode() and "年-月-日" in bad.content.decode()
    assert Case.objects.count() == 0
    ok = inspector.post(
        "/cases/new/",
        {
            "source": "complaint",
            "violation": cw.violation.pk,
            "party_kind": "person",
            "party_name": "李某",
            "party_id_number": "11010519491231002X",
            "occurred_on": (timezone.localdate() - dt.timedelta(days=3)).isoformat(),
            "facts": "现场发现未设置安全警示标志。",
        },
    )
    case = Case.objects.get()
    assert ok.status_code == 302 and ok["Location"] == f"/cases/{case.pk}/"
    assert case.party_id_number == "11010519491231002X"
    body = inspector.get(f"/cases/{case.pk}/").content.decode()
    assert "等待执法主体负责人立案" in body and 'data-step="file"' not in body
    assert "11010519491231002X" not in body and "**002X" in body  # masked on the server
    assert 'data-step="file"' in head.get(f"/cases/{case.pk}/").content.decode()
    head.post(f"/cases/{case.pk}/", {"action": "file"})
    case.refresh_from_db()
    assert case.status == Case.Status.FILED and case.number
    r = inspector.post(
        f"/cases/{case.pk}/",
        {
            "action": "investigate",
            "officers": [cw.o1.pk],
            "record": "现场检查发现未设置标志。",
            "certificate_shown": "1",
        },
        follow=True,
    )
    assert "至少须有2名" in r.content.decode()
    inspector.post(
        f"/cases/{case.pk}/",
        {
            "action": "investigate",
            "officers": [cw.o1.pk, cw.o2.pk],
            "record": "现场检查发现未设置标志。",
            "certificate_shown": "1",
        },
    )
    case.refresh_from_db()
    assert case.investigated
    doc = case.documents.get()
    download = inspector.get(f"/cases/documents/{doc.pk}/")
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
    assert client_for(cw.w["inspector_b"]).get(f"/cases/documents/{doc.pk}/").status_code == 404
    assert client_for(cw.w["inspector_b"]).get(f"/cases/{case.pk}/").status_code == 404
    assert client_for(cw.w["enterprise"]).get("/cases/").status_code == 403


def test_the_decision_button_waits_for_what_the_law_requires(cw: CaseWorld) -> None:
    case = services.case_notify(actor=cw.inspector, case=proposed_penalty(cw), notified_on=timezone.localdate())
    head = client_for(cw.head)
    page = head.get(f"/cases/{case.pk}/").content.decode()
    assert 'data-step="decide"' not in page and "陈述申辩" in page
    r = head.post(f"/cases/{case.pk}/", {"action": "decide"}, follow=True)
    assert "当事人可在" in r.content.decode()
    client_for(cw.inspector).post(f"/cases/{case.pk}/", {"action": "statement", "waived": "1"})
    assert 'data-step="decide"' in head.get(f"/cases/{case.pk}/").content.decode()


def test_list_and_detail_cost_a_fixed_number_of_queries(cw: CaseWorld) -> None:
    sup = client_for(cw.w["supervisor"])
    first = proposed_penalty(cw)
    sup.get("/cases/")  # the session's first save is not the page's cost
    with CaptureQueriesContext(connection) as one_list:
        assert sup.get("/cases/").status_code == 200
    with CaptureQueriesContext(connection) as one_detail:
        assert sup.get(f"/cases/{first.pk}/").status_code == 200
    busy = proposed_penalty(cw)
    for i in range(4):
        services.case_evidence_add(actor=cw.inspector, case=busy, kind="document", description=f"材料{i}")
    for _ in range(5):
        investigated(cw)
    with CaptureQueriesContext(connection) as many_list:
        sup.get("/cases/")
    with CaptureQueriesContext(connection) as busy_detail:
        sup.get(f"/cases/{busy.pk}/")
    assert len(many_list) == len(one_list)
    assert len(busy_detail) == len(one_detail)


def test_rules_page_edits_benchmarks_and_refuses_bad_ranges(cw: CaseWorld) -> None:
    sup = client_for(cw.w["supervisor"])
    assert cw.violation.name in sup.get("/cases/rules/").content.decode()
    r = sup.post(
        "/cases/rules/",
        {
            "action": "benchmark",
            "violation": cw.violation.pk,
            "circumstance": "ordinary",
            "description": "一般",
            "fine_min": "500",
            "fine_max": "100",
        },
        follow=True,
    )
    assert "罚款范围应从最低罚款到最高罚款" in r.content.decode()
    sup.post(
        "/cases/rules/",
        {
            "action": "benchmark",
            "violation": cw.violation.pk,
            "circumstance": "ordinary",
            "description": "一般",
            "fine_min": "100",
            "fine_max": "500",
        },
    )
    bench = cw.violation.benchmarks.get(circumstance="ordinary")
    assert (bench.fine_min, bench.fine_max, bench.version) == (Decimal(100), Decimal(500), 2)
    inspector = client_for(cw.inspector)
    with assert_nothing_changed():
        assert inspector.post("/cases/rules/", {"action": "benchmark"}).status_code == 403


def test_guidance_page_records_a_law_delivery_visit(cw: CaseWorld) -> None:
    c = client_for(cw.inspector)
    c.post(
        "/cases/guidance/",
        {"kind": "law_delivery", "enterprises": [cw.w.ent_a.pk], "topics": "安全生产法", "found": "3", "solved": "2"},
    )
    visit = GuidanceVisit.objects.get()
    assert visit.body == cw.body and visit.problems_solved == 2
    page = c.get("/cases/guidance/").content.decode()
    assert "上门送法1次" in page
    r = c.post(
        "/cases/guidance/",
        {"kind": "guidance", "enterprises": [cw.w.ent_a.pk], "topics": "x2", "found": "1", "solved": "2"},
        follow=True,
    )
    assert "解决问题数不能超过发现问题数" in r.content.decode() and GuidanceVisit.objects.count() == 1


def test_review_page_prefills_failed_prechecks(cw: CaseWorld) -> None:
    today = timezone.localdate()
    case = closed_penalty(cw)
    sup = client_for(cw.w["supervisor"])
    page = sup.get(f"/cases/{case.pk}/review/").content.decode()
    assert "应有文书齐全" in page
    r = sup.post(f"/cases/{case.pk}/review/", {"deduct_p_cover": "1", "note_p_cover": "缺页码", "comment": "总体规范"})
    assert r.status_code == 302
    rates = sup.get(f"/cases/reviews/?year={today.year}").content.decode()
    assert "99.0" in rates and "100.0%" in rates


def test_api_lists_registers_and_reports(cw: CaseWorld) -> None:
    _, raw = api_token_create(actor=cw.head, name="案件系统", system=True)
    auth = {"Authorization": f"Bearer {raw}"}
    c = Client()
    r = c.post(
        "/api/v1/cases",
        {
            "violation_id": cw.violation.pk,
            "source": "complaint",
            "party_kind": "organisation",
            "enterprise_id": cw.w.ent_a.pk,
            "occurred_on": (timezone.localdate() - dt.timedelta(days=5)).isoformat(),
            "facts": "仓库未设置安全警示标志。",
        },
        content_type="application/json",
        headers=auth,
    )
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["status"] == "registered" and body["steps"][0]["kind"] == "register"
    bad = c.post(
        "/api/v1/cases",
        {
            "violation_id": cw.violation.pk,
            "source": "complaint",
            "party_kind": "organisation",
            "enterprise_id": cw.w.ent_a.pk,
            "occurred_on": f"{timezone.localdate().year - 11}-01-01",  # beyond the 2/5-year limitation
            "facts": "仓库未设置安全警示标志。",
        },
        content_type="application/json",
        headers=auth,
    )
    assert bad.status_code == 422 and "第三十六条" in bad.json()["message"]
    listed = c.get("/api/v1/cases", headers=auth).json()
    assert [x["id"] for x in listed["items"]] == [body["id"]] and "party_id_number" not in listed["items"][0]
    _, raw_b = api_token_create(actor=cw.w["inspector_b"], name="其他镇", system=True)
    assert c.get(f"/api/v1/cases/{body['id']}", headers={"Authorization": f"Bearer {raw_b}"}).status_code == 404
    figures = c.get(f"/api/v1/case-figures?year={timezone.localdate().year}", headers=auth).json()
    assert figures["decided"] == 0 and figures["guidance"]["visits"] == 0


def test_a_case_warning_links_the_case(cw: CaseWorld, django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        case = investigated(cw, filed_on=timezone.localdate() - dt.timedelta(days=95))
    page = client_for(cw.head).get("/supervision/warnings/?rule=case_decision_overdue").content.decode()
    assert f'href="/cases/{case.pk}/"' in page and "办案超期" in page
