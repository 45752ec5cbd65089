"""Issue 24: the legal office's and the governance officer's home to-dos (filings, reviews; visits
due, disputes waiting), and the search box finding a dispute party by full ID number, shown
masked, only for those who may see dispute parties."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from fazhi.cases import services as case_services
from fazhi.cases.models import Case
from fazhi.disputes import services as dispute_services
from fazhi.disputes.services import PartyInput
from tests.factories import CaseWorld, DisputeWorld, party_resident_id

pytestmark = pytest.mark.django_db

ID = party_resident_id("19800101", 11)


def client_for(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _todos(user: Any) -> dict[str, dict[str, Any]]:
    from django.utils import translation

    from fazhi.web.views import todo_lists

    with translation.override("en"):
        return {str(t["title"]): t for t in todo_lists(user)}


def _case(cw: CaseWorld, **fields: Any) -> Case:
    case = case_services.case_register(
        actor=cw.inspector,
        body=cw.body,
        violation=cw.violation,
        source=Case.Source.COMPLAINT,
        party_kind=Case.PartyKind.ORGANISATION,
        enterprise=cw.w.ent_a,
        occurred_on=timezone.localdate() - dt.timedelta(days=30),
        facts="仓库未设置安全警示标志，现场检查发现。",
    )
    Case.objects.filter(pk=case.pk).update(**fields)  # the state under test, set directly
    return case


def test_legal_office_home_lists_reviews_waiting(world: Any) -> None:
    cw = CaseWorld(world)
    waiting = _case(cw, status=Case.Status.PROPOSED, legal_review_required=True)
    _case(cw, status=Case.Status.PROPOSED, legal_review_required=False)  # needs no legal review
    _case(cw, status=Case.Status.NOTIFIED, legal_review_required=True, legal_review_passed=True)  # done
    closed = _case(cw, status=Case.Status.CLOSED, closed_on=timezone.localdate())
    todos = _todos(cw.legal)
    reviews = todos["Cases waiting for legal review"]
    assert reviews["total"] == 1 and reviews["rows"][0][1] == f"/cases/{waiting.pk}/"
    files = todos["Closed case files to review"]
    assert files["total"] == 1 and files["rows"][0][1] == f"/cases/{closed.pk}/review/"
    assert "Inspections without a code to file" in todos  # the filings
    # an inspector has neither
    assert "Cases waiting for legal review" not in _todos(cw.inspector)
    page = client_for(cw.legal).get("/").content.decode()
    assert f'href="/cases/{waiting.pk}/"' in page and f'href="/cases/{closed.pk}/review/"' in page


def _intake(dw: DisputeWorld) -> Any:
    return dispute_services.dispute_intake(
        actor=dw.grid,
        township=dw.w.town_a,
        village=dw.w.village_a,
        source="screening",
        category=dw.neighbours,
        parties=[
            PartyInput(name="张三", id_number=ID, phone="13812345678"),
            PartyInput(name="李四", side="respondent", id_number=party_resident_id("19850505", 22)),
        ],
        description="两户因排水沟堵塞发生争执",
    )


def test_governance_officer_home_lists_disputes_waiting(world: Any) -> None:
    dw = DisputeWorld(world)
    dispute = _intake(dw)
    todos = _todos(dw.officer)
    waiting = todos["Disputes waiting to be routed"]
    assert waiting["total"] == 1 and waiting["rows"][0][1] == f"/disputes/{dispute.pk}/"
    assert "Follow-up visits due" in todos and "Risk warnings to acknowledge" in todos
    # the other township's officer does not see it; a grid worker does not route
    assert _todos(dw.officer_b)["Disputes waiting to be routed"]["total"] == 0
    assert "Disputes waiting to be routed" not in _todos(dw.grid)


def test_search_finds_a_party_by_full_id_number_masked(world: Any) -> None:
    dw = DisputeWorld(world)
    dispute = _intake(dw)
    page = client_for(dw.officer).post("/search/", {"find": ID}).content.decode()
    assert 'data-search-section="people"' in page and dispute.number in page
    masked = ID[:3] + "*" * 11 + ID[-4:]
    assert masked in page and ID not in page  # never the full number, not even back in the box
    # lower-case x and spaces are the same number; a masked or partial number finds nobody
    assert dispute.number in client_for(dw.officer).get("/search/", {"find": ID[:9] + " " + ID[9:]}).content.decode()
    assert (
        'data-search-section="people"' not in client_for(dw.officer).post("/search/", {"find": masked}).content.decode()
    )
    assert (
        'data-search-section="people"'
        not in client_for(dw.officer).post("/search/", {"find": ID[:10]}).content.decode()
    )


def test_search_by_id_number_needs_the_permission_and_the_scope(world: Any) -> None:
    dw = DisputeWorld(world)
    dispute = _intake(dw)
    for user in (world["inspector_a"], world["supervisor"]):  # no dispute parties for them
        page = client_for(user).post("/search/", {"find": ID}).content.decode()
        assert 'data-search-section="people"' not in page and dispute.number not in page
    other = client_for(dw.officer_b).post("/search/", {"find": ID}).content.decode()  # another township
    assert 'data-search-section="people"' in other and dispute.number not in other
