"""The decision figures, each against numbers written out here (never computed by the code under test)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from fazhi.core.figures import REGISTRY, NotKept, load_all
from fazhi.decisions import services
from fazhi.decisions.models import CommentGroup
from tests.factories_decisions import DecisionWorld

pytestmark = pytest.mark.django_db


def _decision(dw: DecisionWorld, title: str) -> Any:
    return services.decision_create(
        actor=dw.w["leader_a"],
        region=dw.w.town_a,
        title=title,
        drafting_office="党政办",
        draft_text="草案",
        outside_reason="年中新增",
    )


def test_the_figures_of_a_year(world: Any) -> None:
    dw = DecisionWorld(world)
    legal = world["legal_a"]
    today = timezone.localdate()
    year = today.year - 1
    d1, d2 = dw.decision, _decision(dw, "第二项决策")
    services.consultation_open(actor=legal, decision=d1, opens_on=dt.date(year, 3, 1), closes_on=dt.date(year, 3, 30))
    for n, text in enumerate(("建议保留早市", "建议保留早市摊位", "增加停车位吧", "广告广告广告")):
        services.comment_submit(actor=legal, decision=d1, text=text, received_on=dt.date(year, 3, 2 + n))
    spam = d1.comments.get(text="广告广告广告")
    services.comment_hide(actor=legal, comment=spam, reason="广告")
    services.comments_publish(actor=legal, decision=d1)
    services.comments_group(actor=legal, decision=d1)
    groups = list(CommentGroup.objects.filter(decision=d1).order_by("pk"))
    # the first group answered on time (within 15 days of 30 March), the second late
    services.group_answer(actor=legal, group=groups[0], kind="adopted", answer="采纳", day=dt.date(year, 4, 10))
    services.group_answer(actor=legal, group=groups[1], kind="not_adopted", answer="不采纳", day=dt.date(year, 5, 20))
    services.expert_session_record(actor=legal, decision=d1, held_on=dt.date(year, 4, 1), experts="甲", opinion="可行")
    services.expert_session_record(actor=legal, decision=d2, held_on=dt.date(year, 5, 1), experts="乙", opinion="可行")
    services.hearing_record(
        actor=legal,
        decision=d2,
        materials_published_on=dt.date(year, 5, 1),
        held_on=dt.date(year, 5, 10),
        place="会议室",
        summary="发言",
    )
    services.review_record(
        actor=legal,
        decision=d1,
        submitted_on=dt.date(year, 6, 1),
        reviewed_on=dt.date(year, 6, 30),
        result="pass",
        opinion="合法",
    )
    for day, result in ((dt.date(year, 7, 30), "pass"), (dt.date(year, 8, 30), "fail")):
        services.review_record(
            actor=legal,
            decision=d2,
            submitted_on=day - dt.timedelta(days=25),
            reviewed_on=day,
            result=result,
            opinion="意见",
        )
    services.document_register(
        actor=legal,
        region=world.town_a,
        title="文件一",
        number="一号",
        published_on=dt.date(year, 2, 1),
        filed_on=dt.date(year, 2, 20),
    )
    services.document_register(
        actor=legal,
        region=world.town_a,
        title="文件二",
        number="二号",
        published_on=dt.date(year, 9, 1),
        filed_on=dt.date(year, 11, 1),
    )
    load_all()

    def value(fid: str, region: Any = world.town_a, y: int = year) -> Any:
        return REGISTRY[fid](region, y)

    assert value("decisions.reviewed") == 2
    assert value("decisions.review_pass_rate") == Decimal("50.0")  # d2's last review failed
    assert value("decisions.opinions") == 3  # the hidden one left out
    assert value("decisions.expert_sessions") == 2
    assert value("decisions.hearings") == 1
    assert value("decisions.comments_answered_on_time") == Decimal("66.7")  # 2 of 3 in the on-time group
    assert value("decisions.documents_filed_on_time") == Decimal("50.0")
    # the county sees its townships; the other township has none; a year without reviews says why
    assert value("decisions.reviewed", world.county) == 2
    assert value("decisions.reviewed", world.town_b) == 0
    assert isinstance(value("decisions.review_pass_rate", world.town_b), NotKept)
    assert isinstance(value("decisions.review_pass_rate", world.town_a, year - 1), NotKept)
