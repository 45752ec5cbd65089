"""The legal office's home to-dos for decisions: a decision whose comment window has closed and a
normative-document draft wait for its legality review until a review passes; a published document
waits to be filed. Another township's legal office sees none of them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from fazhi.decisions import services
from fazhi.web.views import todo_lists
from tests.factories_decisions import DecisionWorld

pytestmark = pytest.mark.django_db
TITLE = "Awaiting my legality review"
FILE = "Normative documents to file"


def _todos(user: Any) -> dict[str, dict[str, Any]]:
    with translation.override("en"):
        return {str(t["title"]): t for t in todo_lists(user)}


def _titles(todo: dict[str, Any]) -> list[str]:
    return [row[0] for row in todo["rows"]]


def test_reviews_wait_until_passed_and_only_in_the_offices_area(world: Any) -> None:
    dw = DecisionWorld(world)
    today = timezone.localdate()
    dw.open_window(today - dt.timedelta(days=5), days=30)  # still open: not the review's turn yet
    doc = services.document_draft(
        actor=dw.w["leader_a"],
        region=dw.w.town_a,
        title="峰灵镇集贸市场管理办法",
        text="第一条 为规范管理，制定本办法。",
    )
    todo = _todos(dw.w["legal_a"])[TITLE]
    assert (_titles(todo), todo["total"]) == (["峰灵镇集贸市场管理办法"], 1)
    assert todo["rows"][0][1] == reverse("decisions:document", args=[doc.pk])
    assert _todos(dw.w["legal_b"])[TITLE]["total"] == 0  # another township's legal office

    services.document_review_record(
        actor=dw.w["legal_a"],
        document=doc,
        submitted_on=today - dt.timedelta(days=20),
        reviewed_on=today,
        result="fail",
        opinion="第三条超越权限。",
    )
    assert _todos(dw.w["legal_a"])[TITLE]["total"] == 1  # not passed: still waiting
    services.document_review_record(
        actor=dw.w["legal_a"],
        document=doc,
        submitted_on=today - dt.timedelta(days=20),
        reviewed_on=today,
        result="changes",
        opinion="修改第三条后同意。",
    )
    assert _todos(dw.w["legal_a"])[TITLE]["total"] == 0
    assert FILE not in _todos(dw.w["legal_a"])  # nothing published yet, nothing to file

    services.document_publish(actor=dw.w["leader_a"], document=doc, number="峰府发〔1〕4号", published_on=today)
    todo = _todos(dw.w["legal_a"])[FILE]
    assert (todo["total"], todo["rows"][0][0]) == (1, "峰府发〔1〕4号 峰灵镇集贸市场管理办法")


def test_a_decision_waits_once_its_window_has_closed(world: Any) -> None:
    dw = DecisionWorld(world)
    today = timezone.localdate()
    dw.open_window(today - dt.timedelta(days=40), days=30)  # closed ten days ago
    todo = _todos(dw.w["legal_a"])[TITLE]
    assert (_titles(todo), todo["total"]) == ([dw.decision.title], 1)
    page = Client()
    page.force_login(dw.w["legal_a"])
    assert dw.decision.title in page.get("/").content.decode()
    services.review_record(
        actor=dw.w["legal_a"],
        decision=dw.decision,
        submitted_on=today - dt.timedelta(days=18),
        reviewed_on=today - dt.timedelta(days=2),
        result="pass",
        opinion="符合《重大行政决策程序暂行条例》的规定。",
    )
    assert _todos(dw.w["legal_a"])[TITLE]["total"] == 0
