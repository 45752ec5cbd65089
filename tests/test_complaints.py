"""Complaints about inspections: from the enterprise's portal to the justice bureau and back."""

# pinned-calendar: deadline tests travel to the 2026 National Day (tests/pinned.py), a bundled year

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from fazhi.core.errors import PermissionDenied, ValidationError
from fazhi.supervision import selectors, services
from fazhi.supervision.models import Complaint
from tests.dbutil import assert_nothing_changed
from tests.pinned import at
from tests.test_onsite import Onsite
from tests.test_onsite_pages import client_for, finished

pytestmark = pytest.mark.django_db


def test_complaint_goes_to_the_justice_bureau_not_the_department(world: Any) -> None:
    # submitted on Monday 2026-09-28: 15 working days skip the National Day week (10-01..07) and count
    # the make-up Saturday 10-10, so the answer is due Friday 2026-10-23 (weekdays only: 10-19)
    with at(dt.date(2026, 9, 28)):
        site = Onsite(world)
        record = finished(site)
        with assert_nothing_changed(), pytest.raises(PermissionDenied):
            services.complaint_submit(actor=world["inspector_a"], record=record, text="检查人员态度粗暴")
        with assert_nothing_changed(), pytest.raises(ValidationError):
            services.complaint_submit(actor=world["enterprise"], record=record, text="差")
        complaint = services.complaint_submit(actor=world["enterprise"], record=record, text="检查人员要求停产三天")
        assert complaint.body == world.body_a and complaint.due == dt.date(2026, 10, 23)
        # the department complained about does not read it; the county supervisor does
        assert not selectors.complaint_list(user=world["head_a"]).exists()
        assert not selectors.complaint_list(user=world["inspector_a"]).exists()
        assert list(selectors.complaint_list(user=world["supervisor"])) == [complaint]
        assert list(selectors.complaint_list(user=world["enterprise"])) == [complaint]
        with assert_nothing_changed(), pytest.raises(PermissionDenied):
            services.complaint_answer(actor=world["head_a"], complaint=complaint, answer="已核实处理")
        services.complaint_answer(actor=world["supervisor"], complaint=complaint, answer="已约谈相关人员并纠正")
        with assert_nothing_changed(), pytest.raises(ValidationError):
            services.complaint_answer(actor=world["supervisor"], complaint=complaint, answer="再答一次")


def test_complaint_pages(world: Any) -> None:
    site = Onsite(world)
    record = finished(site)
    ent = client_for(world["enterprise"])
    portal = ent.get(reverse("inspections:portal")).content.decode()
    # the finished inspection carries its own complaint form (the word 投诉 alone is in the menu)
    assert f'action="{reverse("supervision:complaints")}"' in portal
    assert f'<input type="hidden" name="record" value="{record.pk}">' in portal
    ent.post(reverse("supervision:complaints"), {"record": record.pk, "text": "检查时间过长，影响生产"})
    complaint = Complaint.objects.get()
    sup = client_for(world["supervisor"])
    assert "影响生产" in sup.get(reverse("supervision:complaints")).content.decode()
    sup.post(reverse("supervision:complaints"), {"complaint": complaint.pk, "answer": "已核实，今后合并检查"})
    assert "今后合并检查" in ent.get(reverse("supervision:complaints")).content.decode()
    # the department complained about opens the page (for its leads) but never sees the complaint
    assert "影响生产" not in client_for(world["inspector_a"]).get(reverse("supervision:complaints")).content.decode()
    assert client_for(world["sysadmin"]).get(reverse("supervision:complaints")).status_code == 403
    assert Client().get(reverse("supervision:complaints")).status_code == 302


def test_public_form_receipt_and_throttle(world: Any, settings: Any) -> None:
    from django.core.cache import cache

    cache.clear()
    public = Client()
    bad = public.post(reverse("complaint_public:form"), {"kind": "report", "region": world.town_a.pk, "text": "太短"})
    assert bad.status_code == 422 and not Complaint.objects.exists()
    sent = public.post(
        reverse("complaint_public:form"),
        {
            "kind": "report",
            "region": world.town_a.pk,
            "body": world.dept_body.pk,
            "enterprise_name": "某某酒业",
            "text": "夜间违规储存大量易燃物品，存在安全隐患",
            "contact_phone": "13800001111",
        },
    )
    complaint = Complaint.objects.get()
    assert sent.status_code == 302 and complaint.source == "public"
    assert complaint.region == world.county  # a county department: the county bureau answers
    receipt = public.get(sent["Location"]).content.decode()
    assert "已受理" in receipt and "13800001111" not in receipt
    forged = public.get(reverse("complaint_public:receipt", args=[str(complaint.pk)]))
    assert forged.status_code == 404  # the receipt is signed, not a guessable number
    settings.FAZHI_PUBLIC_COMPLAINTS_PER_HOUR = 1
    again = public.post(
        reverse("complaint_public:form"),
        {"kind": "enforcement", "region": world.town_a.pk, "text": "检查人员态度恶劣，要求请吃饭"},
    )
    assert again.status_code == 422 and Complaint.objects.count() == 1


def test_report_becomes_a_lead_check_for_the_body(world: Any) -> None:
    complaint = services.complaint_receive(
        actor=world["supervisor"],
        source="hotline",
        kind="report",
        body=None,
        region=world.town_a,
        text="峰灵酒业夜间偷排废水，群众电话反映",
        enterprise_name="峰灵酒业有限公司",
        contact_phone="139 1234 5678",
    )
    assert complaint.contact_phone == "13912345678" and complaint.contact_phone_masked == "139****5678"
    assert not selectors.complaint_list(user=world["inspector_a"]).exists()
    with assert_nothing_changed(), pytest.raises(PermissionDenied):
        services.complaint_to_lead(actor=world["inspector_a"], complaint=complaint, body=world.body_a)
    services.complaint_to_lead(actor=world["supervisor"], complaint=complaint, body=world.body_a)
    assert list(selectors.complaint_list(user=world["inspector_a"])) == [complaint]  # its lead to check
    assert not selectors.complaint_list(user=world["inspector_b"]).exists()
    page = client_for(world["inspector_a"]).get(reverse("supervision:complaints")).content.decode()
    assert "偷排废水" in page and "13912345678" not in page


def test_enforcement_supervisor_reads_inspections_and_gives_opinions(world: Any) -> None:
    from fazhi.accounts.roles import Role
    from fazhi.inspections.selectors import record_list
    from tests.factories import UserFactory

    site = Onsite(world)
    record = finished(site)
    supervisor = UserFactory(
        username="ent_sup", org_unit=world["inspector_a"].org_unit, roles=[Role.ENFORCEMENT_SUPERVISOR]
    )
    assert record in record_list(user=supervisor)
    c = client_for(supervisor)
    page = c.get(reverse("inspections:record", args=[record.pk])).content.decode()
    assert "监督意见" in page.split("</title>")[1] and "<form" not in page.split("</title>")[0]
    c.post(reverse("supervision:opinion"), {"record": record.pk, "text": "检查时间较长，建议优化流程"})
    opinion = Complaint.objects.get(source="supervisor")
    assert list(selectors.complaint_list(user=supervisor)) == [opinion]
    assert opinion in selectors.complaint_list(user=world["supervisor"])
    with assert_nothing_changed(), pytest.raises(PermissionDenied):
        services.opinion_give(actor=world["inspector_a"], text="我也想提意见")


def test_dual_accountability_needs_both_findings(world: Any) -> None:
    import datetime as dt

    from django.utils import timezone

    from fazhi.supervision import engine
    from fazhi.supervision.models import Accountability, RedLine, Warning
    from tests.test_supervision import remote

    site = Onsite(world)
    remote(site, day=timezone.localdate() - dt.timedelta(days=2))
    engine.scan(start=timezone.localdate() - dt.timedelta(days=10), end=timezone.localdate())
    warning = Warning.objects.get(rule__code="no_plan")
    line = RedLine.objects.get(group="五个严禁", seq=5)
    sup = client_for(world["supervisor"])
    sup.post(
        reverse("supervision:accountability"),
        {"warning": warning.pk, "red_line": line.pk, "facts": "未经审批以调研名义入企检查"},
    )
    item = Accountability.objects.get()
    assert item.body == world.body_a and item.status == "open"
    with assert_nothing_changed(), pytest.raises(ValidationError):
        services.accountability_conclude(
            actor=world["supervisor"], item=item, act_finding="责令检讨", supervision_finding=""
        )
    with assert_nothing_changed(), pytest.raises(PermissionDenied):
        services.accountability_conclude(actor=world["head_a"], item=item, act_finding="x", supervision_finding="y")
    services.accountability_conclude(
        actor=world["supervisor"],
        item=item,
        act_finding="对执法人员批评教育",
        supervision_finding="司法所审核把关不严，约谈",
    )
    assert "司法所审核把关不严" in sup.get(reverse("supervision:accountability")).content.decode()


def test_api_warnings_and_complaints(world: Any) -> None:
    import datetime as dt
    import json

    from django.utils import timezone

    from fazhi.accounts.services import api_token_create
    from fazhi.supervision import engine
    from tests.test_supervision import remote

    site = Onsite(world)
    remote(site, day=timezone.localdate() - dt.timedelta(days=2))
    engine.scan(start=timezone.localdate() - dt.timedelta(days=10), end=timezone.localdate())
    body = {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(actor=world['head_a'], name='x', system=True)[1]}"}
    county = {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(actor=world['supervisor'], name='y', system=True)[1]}"}
    c = Client()
    listed = c.get("/api/v1/warnings", **body).json()["items"]
    assert [w["rule"] for w in listed] == ["no_plan"]
    wid = listed[0]["id"]
    done = c.post(
        f"/api/v1/warnings/{wid}/correction",
        json.dumps({"text": "已补录计划审批"}),
        content_type="application/json",
        **body,
    )
    assert done.status_code == 200 and done.json()["status"] == "submitted"
    other = {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(actor=world['inspector_b'], name='z', system=True)[1]}"}
    assert c.get(f"/api/v1/warnings/{wid}", **other).status_code == 404
    made = c.post(
        "/api/v1/complaints",
        json.dumps({"kind": "enforcement", "region_id": world.town_a.pk, "text": "检查人员未出示执法证件"}),
        content_type="application/json",
        **county,
    )
    assert made.status_code == 201 and made.json()["source"] == "hotline"
    with assert_nothing_changed():
        refused = c.post(
            "/api/v1/complaints",
            json.dumps({"kind": "enforcement", "region_id": world.town_a.pk, "text": "检查人员未出示执法证件"}),
            content_type="application/json",
            **body,
        )
    assert refused.status_code == 403


def test_complaints_page_query_count_is_constant(world: Any) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add(n: int) -> None:
        for i in range(n):
            c = services.complaint_receive(
                actor=world["supervisor"],
                source="hotline",
                kind="report",
                body=None,
                region=world.town_a,
                text=f"群众举报第{i}起违法排污，请核查",
                enterprise_name="某企业",
            )
            services.complaint_to_lead(actor=world["supervisor"], complaint=c, body=world.body_a)

    sup = client_for(world["supervisor"])
    add(1)
    sup.get(reverse("supervision:complaints"))  # the first request of a session stamps its idle clock
    with CaptureQueriesContext(connection) as one:
        sup.get(reverse("supervision:complaints"))
    add(5)
    with CaptureQueriesContext(connection) as six:
        sup.get(reverse("supervision:complaints"))
    assert len(six.captured_queries) == len(one.captured_queries)


def test_each_reader_sees_complaints_and_opinions_as_what_they_are(world: Any) -> None:
    """An enforcement supervisor's opinion about an inspection is not the enterprise's complaint:
    the enterprise reads only what it filed; the supervisor their opinions; the justice bureau
    both, labelled; the department complained about neither."""
    from fazhi.accounts.models import OrgUnit
    from fazhi.accounts.roles import Role
    from tests.factories import UserFactory

    site = Onsite(world)
    record = finished(site)
    ent_sup = UserFactory(
        username="ent_sup", org_unit=world["inspector_a"].org_unit, roles=[Role.ENFORCEMENT_SUPERVISOR]
    )
    legal = UserFactory(
        username="legal_a",
        org_unit=OrgUnit.objects.get(name="峰灵镇人民政府"),
        roles=[Role.LEGAL_OFFICE],
    )
    complaint = services.complaint_submit(actor=world["enterprise"], record=record, text="检查人员要求停产三天")
    opinion = services.opinion_give(actor=ent_sup, record=record, text="检查时间较长，建议优化流程")
    report = services.complaint_receive(
        actor=world["supervisor"],
        source=Complaint.Source.HOTLINE,
        kind=Complaint.Kind.REPORT,
        body=None,
        region=world.village_a,
        text="群众举报该企业夜间偷排废水",
        enterprise_name=world.ent_a.name,
    )
    Complaint.objects.filter(pk=report.pk).update(enterprise=world.ent_a)  # the report names the enterprise
    assert list(selectors.complaint_list(user=world["enterprise"])) == [complaint]
    assert list(selectors.complaint_list(user=ent_sup)) == [opinion]
    assert set(selectors.complaint_list(user=world["supervisor"])) == {complaint, opinion, report}
    assert {complaint, opinion} <= set(selectors.complaint_list(user=legal))
    for department in (world["head_a"], world["inspector_a"]):
        assert not selectors.complaint_list(user=department).filter(pk__in=[complaint.pk, opinion.pk]).exists()
    # on the pages: the enterprise's list has no trace of the opinion; the bureau's labels it
    ent_page = client_for(world["enterprise"]).get(reverse("supervision:complaints")).content.decode()
    assert "停产三天" in ent_page and "建议优化流程" not in ent_page and "偷排废水" not in ent_page
    bureau = client_for(world["supervisor"]).get(reverse("supervision:complaints")).content.decode()
    card = bureau.split(f'data-complaint="{opinion.pk}"')[1].split("data-complaint=")[0]
    assert 'data-source="supervisor"' in bureau and "执法监督员" in card and "建议优化流程" in card
    sup_page = client_for(ent_sup).get(reverse("supervision:complaints")).content.decode()
    assert "建议优化流程" in sup_page and "停产三天" not in sup_page
