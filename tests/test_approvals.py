"""检查前有方案审批 as the approvers meet it: what waits for them, one by one or all after a
confirmation that says how many, and "return with a reason" that reaches the coordinator."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from fazhi.accounts.models import OrgUnit
from fazhi.accounts.roles import Role
from fazhi.core.errors import PermissionDenied, ValidationError
from fazhi.core.models import LedgerEntry
from fazhi.inspections import selectors, services
from fazhi.inspections.models import CoordinationRun, JointInspection, PlanItem
from fazhi.registry.models import Officer
from tests.factories import EnterpriseFactory, MatterFactory, OfficerFactory, UserFactory
from tests.test_onsite_pages import client_for

pytestmark = pytest.mark.django_db


def drafts(world: Any, n: int) -> tuple[CoordinationRun, list[JointInspection]]:
    """A township run of next month with ``n`` draft visits led by 峰灵镇's body."""
    month = (timezone.localdate().replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    run = CoordinationRun.objects.create(region=world.town_a, month=month, visits=n)
    matter = MatterFactory(body=world.body_a, name="安全生产")
    team = [Officer.objects.get(name="峰灵甲"), OfficerFactory(body=world.body_a, name="峰灵乙")]
    visits = []
    for i in range(n):
        ent = world.ent_a if i == 0 else EnterpriseFactory(region=world.village_a, name=f"审批测试企业{i}")
        visit = JointInspection.objects.create(
            run=run, enterprise=ent, date=month + dt.timedelta(days=i), lead_body=world.body_a
        )
        visit.officers.set(team)
        PlanItem.objects.create(
            body=world.body_a,
            month=month,
            enterprise=ent,
            matter=matter,
            inspection_type="routine",
            earliest=month,
            latest=month + dt.timedelta(days=20),
            joint_inspection=visit,
        )
        visits.append(visit)
    return run, visits


def legal(world: Any) -> Any:
    return UserFactory(
        username="legal_a", org_unit=OrgUnit.objects.get(name="峰灵镇人民政府"), roles=[Role.LEGAL_OFFICE]
    )


def state() -> tuple[list[tuple[int, str, bool, bool]], int]:
    rows = [
        (v.pk, v.status, v.head_approved_at is not None, v.leader_approved_at is not None)
        for v in JointInspection.objects.order_by("pk")
    ]
    return rows, LedgerEntry.objects.count()


def test_approvers_find_what_waits_for_them_on_home_and_in_the_menu(world: Any) -> None:
    _run, visits = drafts(world, 3)
    for who in ("head_a", "leader_a"):
        page = client_for(world[who]).get("/").content.decode()
        assert reverse("inspections:approvals") in page.split("</nav>")[0]  # the menu entry 待审批
        assert "等我审批的联合检查" in page and f"#visit-{visits[0].pk}" in page
        listing = client_for(world[who]).get(reverse("inspections:approvals")).content.decode()
        for v in visits:
            assert v.enterprise.name in listing and f'data-visit="{v.pk}"' in listing
        assert "峰灵甲" in listing and "安全生产" in listing  # team and matters
        assert "确认批准全部 3 项联合检查？" in listing
    # another township's inspector: no menu entry, no page
    other = client_for(world["inspector_b"])
    assert reverse("inspections:approvals") not in other.get("/").content.decode()
    assert other.get(reverse("inspections:approvals")).status_code == 403


def test_approve_one_by_one_and_return_with_a_reason(world: Any) -> None:
    run, (first, second, third) = drafts(world, 3)
    head, leader = client_for(world["head_a"]), client_for(world["leader_a"])
    url = reverse("inspections:approvals")
    head.post(url, {"action": "approve", "visit": first.pk})
    leader.post(url, {"action": "approve", "visit": first.pk})
    first.refresh_from_db()
    assert first.status == "approved"
    assert [v.pk for v in selectors.approvals_waiting(user=world["head_a"])] == [second.pk, third.pk]
    # a reason is required; nothing changes without it
    before = state()
    head.post(url, {"action": "return", "visit": second.pk, "reason": "  "})
    assert state() == before
    leader.post(url, {"action": "approve", "visit": second.pk})
    head.post(url, {"action": "return", "visit": second.pk, "reason": "当天镇里有防汛演练，请改期"})
    second.refresh_from_db()
    assert second.status == "returned" and second.return_reason == "当天镇里有防汛演练，请改期"
    assert second.leader_approved_at is None  # approved afresh once changed
    assert LedgerEntry.objects.filter(verb="joint_inspection.return", target_id=str(second.pk)).exists()
    # the coordinator sees it on the run page and on the home page
    coordinator = client_for(legal(world))
    home = coordinator.get("/").content.decode()
    assert "退回给我的联合检查" in home and "防汛演练" in home and f"#visit-{second.pk}" in home
    run_page = coordinator.get(reverse("inspections:run_detail", args=[run.pk])).content.decode()
    row = run_page.split(f'id="visit-{second.pk}"')[1].split("</tr>")[0]
    assert 'data-status="returned"' in run_page and "防汛演练" in row and "重新提交审批" in row
    # an approver cannot approve a returned visit; the coordinator answers and re-submits it
    with pytest.raises(ValidationError):
        services.joint_inspection_approve(actor=world["leader_a"], inspection=second)
    coordinator.post(
        reverse("inspections:visit_action", args=[second.pk]), {"action": "resubmit", "answer": "已与演练错开"}
    )
    second.refresh_from_db()
    assert second.status == "draft" and second.return_reason == ""
    assert second in selectors.approvals_waiting(user=world["leader_a"])
    # or cancels it: its items wait for the next run
    head.post(url, {"action": "return", "visit": third.pk, "reason": "企业已停产"})
    coordinator.post(reverse("inspections:visit_action", args=[third.pk]), {"action": "cancel", "reason": "企业停产"})
    third.refresh_from_db()
    assert third.status == "cancelled" and not PlanItem.objects.filter(joint_inspection=third).exists()


def test_only_approvers_return_and_only_coordinators_answer(world: Any) -> None:
    _run, (visit, _other) = drafts(world, 2)
    before = state()
    for actor in (world["inspector_a"], world["inspector_b"], world["enterprise"], world["dept_inspector"]):
        with pytest.raises(PermissionDenied):
            services.joint_inspection_return(actor=actor, inspection=visit, reason="不同意")
    assert state() == before
    services.joint_inspection_return(actor=world["leader_a"], inspection=visit, reason="请换一组人员")
    before = state()
    for actor in (world["head_a"], world["leader_a"], world["inspector_a"]):
        with pytest.raises(PermissionDenied):
            services.joint_inspection_resubmit(actor=actor, inspection=visit, answer="照旧")
        with pytest.raises(PermissionDenied):
            services.joint_inspection_cancel(actor=actor, inspection=visit, reason="取消")
    assert state() == before
    # another township's legal office does not see it returned to them
    other_legal = UserFactory(
        username="legal_b", org_unit=OrgUnit.objects.get(name="城厢镇人民政府"), roles=[Role.LEGAL_OFFICE]
    )
    assert not selectors.returned_visits(user=other_legal).exists()
    assert list(selectors.returned_visits(user=legal(world))) == [visit]


def test_approve_all_needs_the_count_confirmed_and_a_stale_page_approves_nothing(world: Any) -> None:
    run, _visits = drafts(world, 3)
    head = client_for(world["head_a"])
    run_page = head.get(reverse("inspections:run_detail", args=[run.pk])).content.decode()
    assert 'data-confirm="确认批准全部 3 项联合检查？"' in run_page and 'name="count" value="3"' in run_page
    # no count (an old form, a replayed click): nothing approved
    before = state()
    head.post(reverse("inspections:run_approve", args=[run.pk]))
    assert state() == before
    # the page said 3, but a new visit arrived since: nothing approved, and the message says so
    _run2, extra = drafts(world, 1)
    JointInspection.objects.filter(pk=extra[0].pk).update(run=run)
    before = state()
    response = head.post(reverse("inspections:run_approve", args=[run.pk]), {"count": "3"}, follow=True)
    assert state() == before and "现在有 4 项" in response.content.decode()
    with pytest.raises(ValidationError):
        services.approvals_approve_all(actor=world["head_a"], expected=3)
    assert state() == before
    # confirmed with the current count: all four get the head's approval
    head.post(reverse("inspections:approvals"), {"action": "approve_all", "count": "4"})
    assert all(v.head_approved_at for v in JointInspection.objects.all())
    assert not selectors.approvals_waiting(user=world["head_a"]).exists()
    assert selectors.approvals_waiting(user=world["leader_a"]).count() == 4


def test_the_approvals_page_is_paged_and_approve_all_still_covers_every_visit(world: Any, settings: Any) -> None:
    settings.FAZHI_PAGE_SIZE = 2
    _run, visits = drafts(world, 5)  # in date order: the page order
    leader = client_for(world["leader_a"])
    url = reverse("inspections:approvals")

    def shown(query: str) -> list[int]:
        html = leader.get(url + query).content.decode()
        return [int(pk) for pk in re.findall(r'data-visit="(\d+)"', html)]

    assert shown("") == [visits[0].pk, visits[1].pk]
    assert shown("?page=3") == [visits[4].pk]
    page = leader.get(url + "?page=2&anything=kept").content.decode()
    assert "第 2 / 3 页" in page and "共 5 条" in page
    assert 'href="?anything=kept&page=3"' in page and 'href="?anything=kept&page=1"' in page
    # "approve all" says every waiting visit, not the page's two
    assert 'name="count" value="5"' in page and "确认批准全部 5 项联合检查？" in page
    # approving from page 2 comes back to page 2
    response = leader.post(url + "?page=2", {"action": "approve", "visit": visits[2].pk})
    assert response.status_code == 302 and response["Location"] == url + "?page=2"
    assert JointInspection.objects.get(pk=visits[2].pk).leader_approved_at is not None
    assert shown("?page=2") == [visits[3].pk, visits[4].pk]


def test_every_role_home_lists_what_waits_for_it(world: Any) -> None:
    from tests.test_onsite import Onsite
    from tests.test_onsite_pages import finished

    site = Onsite(world)
    # today's approved visit: the inspector's home links its task code
    home = client_for(world["inspector_a"]).get("/").content.decode()
    assert "我今天和近期的检查" in home and reverse("inspections:task_code", args=[site.visit.pk]) in home
    record = finished(
        site, outcome="rectify", answer="fail", rectification_due=site.today + dt.timedelta(days=10), findings="过期"
    )
    # the rectification deadline and the result to publish reach the body head
    head = client_for(world["head_a"]).get("/").content.decode()
    assert "整改期限" in head and reverse("inspections:record", args=[record.pk]) in head
    assert "待公示的结果" in head
    # a complaint reaches the county supervisor's home, not the department's
    from fazhi.supervision import services as supervision

    supervision.complaint_submit(actor=world["enterprise"], record=record, text="检查人员要求停产三天")
    assert "停产三天" in client_for(world["supervisor"]).get("/").content.decode()
    assert "停产三天" not in client_for(world["head_a"]).get("/").content.decode()


def test_the_enterprise_lands_on_its_portal_with_its_own_menu(world: Any) -> None:
    c = client_for(world["enterprise"])
    response = c.get("/")
    assert response.status_code == 302 and response["Location"] == reverse("inspections:portal")
    page = c.get(reverse("inspections:portal")).content.decode()
    menu = page.split('<ul class="navbar-nav')[1].split("</ul>")[0]
    assert reverse("inspections:portal") in menu and reverse("supervision:complaints") in menu
    for internal in ("registry:enterprise_list", "registry:officer_list", "registry:body_list", "registry:region_list"):
        assert reverse(internal) not in menu


def test_one_count_of_the_enterprises_inspections_this_year_everywhere(world: Any) -> None:
    """The verify page, the portal and 我的检查 said different numbers (1 and 0) for the same
    enterprise. On-site and no-code inspections started or finished this (local) year count;
    an approved visit not yet carried out, a remote inspection and last year's do not."""
    from fazhi.inspections import codes, onsite
    from fazhi.inspections.models import InspectionRecord
    from tests.test_onsite import Onsite
    from tests.test_onsite_pages import finished

    site = Onsite(world)
    today = timezone.localdate()
    token = codes.task_token(site.visit.pk, site.today)
    portal = client_for(world["enterprise"])
    mine = client_for(world["inspector_a"])

    def shown() -> tuple[str, ...]:
        pages = [
            client_for(world["supervisor"]).get(f"/v/{token}/"),
            portal.get(reverse("inspections:portal")),
            mine.get(reverse("inspections:mine")),
        ]
        return tuple(re.findall(r'data-year-count="(\d+)"', p.content.decode())[0] for p in pages)

    assert shown() == ("0", "0", "0")  # approved and coming: not an inspection yet
    finished(site)
    remote = onsite.record_remote(
        actor=world["inspector_a"],
        enterprise=world.ent_a,
        matters=[site.matter_a],
        officers=[site.a2],
        method="documents",
        day=today,
    )
    assert remote.mode == InspectionRecord.Mode.REMOTE
    last_year = InspectionRecord.objects.get(mode=InspectionRecord.Mode.ON_SITE)
    last_year.pk = None
    last_year.joint_inspection = None
    last_year.date = today.replace(year=today.year - 1, day=1)
    last_year.save()
    assert shown() == ("1", "1", "1")
