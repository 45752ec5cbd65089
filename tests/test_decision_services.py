"""Issue 18: a decision cannot be adopted without its statutory steps; every refusal says what
to do in Chinese and changes nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import override_settings
from django.utils import timezone

from fazhi.core.errors import PermissionDenied, ValidationError
from fazhi.decisions import services
from fazhi.decisions.models import Comment, CommentGroup, Decision, DecisionStep, LegalityReview
from tests.dbutil import assert_nothing_changed
from tests.factories_decisions import DecisionWorld

pytestmark = pytest.mark.django_db


@pytest.fixture
def dw(world: Any) -> DecisionWorld:
    return DecisionWorld(world)


def _today() -> dt.date:
    return timezone.localdate()


def _through_participation(dw: DecisionWorld) -> None:
    """A window that ended two days ago, one comment grouped and answered, participation closed."""
    d = dw.decision
    dw.open_window(_today() - dt.timedelta(days=40))
    services.comment_submit(
        actor=dw.w["legal_a"], decision=d, text="建议保留老街早市", received_on=_today() - dt.timedelta(days=30)
    )
    services.comments_publish(actor=dw.w["legal_a"], decision=d)
    services.comments_group(actor=dw.w["legal_a"], decision=d)
    group = CommentGroup.objects.get(decision=d)
    services.group_answer(actor=dw.w["legal_a"], group=group, kind="partly", answer="早市保留至过渡期结束。")
    services.consultation_close(actor=dw.w["legal_a"], decision=d)


def _other_steps(dw: DecisionWorld) -> None:
    d, legal = dw.decision, dw.w["legal_a"]
    services.step_not_applicable(actor=legal, decision=d, kind="hearing", reason="不涉及重大利益调整，未选择听证")
    services.expert_session_record(
        actor=legal,
        decision=d,
        held_on=_today() - dt.timedelta(days=20),
        experts="张教授、李律师",
        opinion="方案可行。",
    )
    services.risk_assessment_record(
        actor=legal, decision=d, day=_today() - dt.timedelta(days=19), level="medium", measures="设置过渡摊位"
    )


def _review(dw: DecisionWorld, result: str = "pass") -> LegalityReview:
    return services.review_record(
        actor=dw.w["legal_a"],
        decision=dw.decision,
        submitted_on=_today() - dt.timedelta(days=18),
        reviewed_on=_today() - dt.timedelta(days=2),
        result=result,
        opinion="符合《重大行政决策程序暂行条例》的规定。",
    )


def _discuss(dw: DecisionWorld) -> Decision:
    return services.discussion_record(
        actor=dw.w["leader_a"],
        decision=dw.decision,
        held_on=_today() - dt.timedelta(days=1),
        meeting="镇政府常务会议",
        attendance="镇长、副镇长3人",
        adopted=True,
        dissent="副镇长王某建议延长过渡期",
    )


def test_outside_the_catalogue_needs_a_reason(dw: DecisionWorld) -> None:
    with assert_nothing_changed(), pytest.raises(ValidationError) as exc:
        services.decision_create(
            actor=dw.w["legal_a"], region=dw.w.town_a, title="临时决策", drafting_office="党政办", draft_text="内容"
        )
    assert "目录" in exc.value.message
    d = services.decision_create(
        actor=dw.w["legal_a"],
        region=dw.w.town_a,
        title="临时决策",
        drafting_office="党政办",
        draft_text="内容",
        outside_reason="汛期突发",
    )
    assert d.outside_reason == "汛期突发" and d.steps.count() == 9


def test_a_short_comment_window_needs_a_reason(dw: DecisionWorld) -> None:
    with assert_nothing_changed(), pytest.raises(ValidationError) as exc:
        dw.open_window(_today(), days=29)
    assert "30" in exc.value.message and ("理由" in exc.value.message or "原因" in exc.value.message)
    services.consultation_open(
        actor=dw.w["legal_a"],
        decision=dw.decision,
        opens_on=_today(),
        closes_on=_today() + dt.timedelta(days=9),
        reason="防汛需要，缩短征求意见期",
    )


@pytest.mark.parametrize("text", ["", "短", "长" * 20000])
def test_an_empty_or_huge_comment_is_refused(dw: DecisionWorld, text: str) -> None:
    dw.open_window(_today())
    with assert_nothing_changed(), pytest.raises(ValidationError) as exc:
        services.comment_submit(actor=None, decision=dw.decision, text=text)
    assert "意见" in exc.value.message


def test_a_comment_on_a_closed_draft_is_refused(dw: DecisionWorld) -> None:
    dw.open_window(_today() - dt.timedelta(days=40))
    with assert_nothing_changed(), pytest.raises(ValidationError) as exc:
        services.comment_submit(actor=None, decision=dw.decision, text="建议增加停车位")
    assert "征求意见" in exc.value.message or "意见" in exc.value.message


def test_a_public_comment_seals_the_contact_and_gives_a_receipt(dw: DecisionWorld) -> None:
    dw.open_window(_today())
    c = services.comment_submit(actor=None, decision=dw.decision, text="建议增加停车位", contact="13812345678")
    raw = Comment.objects.filter(pk=c.pk).values_list("contact", flat=True)
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT contact FROM decisions_comment WHERE id = %s", [c.pk])
        stored = cur.fetchone()[0]
    assert "13812345678" not in stored and list(raw)
    from fazhi.decisions import selectors

    assert selectors.comment_by_receipt(services.comment_receipt(c)) == c
    assert selectors.comment_by_receipt("forged") is None


def test_an_enterprise_comments_from_its_portal(dw: DecisionWorld) -> None:
    dw.open_window(_today())
    c = services.comment_submit(actor=dw.w["enterprise"], decision=dw.decision, text="建议明确搬迁补偿标准")
    assert c.source == "portal" and c.enterprise == dw.w.ent_a


def test_similar_comments_are_grouped_and_answered_once(dw: DecisionWorld) -> None:
    dw.open_window(_today())
    for text in ("建议保留老街早市摊位", "建议保留老街的早市摊位", "新区要增加停车位", "新区要多增加停车位"):
        services.comment_submit(actor=None, decision=dw.decision, text=text)
    services.comments_publish(actor=dw.w["legal_a"], decision=dw.decision)
    assert services.comments_group(actor=dw.w["legal_a"], decision=dw.decision) == 2
    sizes = sorted(g.comments.count() for g in CommentGroup.objects.filter(decision=dw.decision))
    assert sizes == [2, 2]


def test_a_hidden_comment_needs_a_reason(dw: DecisionWorld) -> None:
    dw.open_window(_today())
    c = services.comment_submit(actor=None, decision=dw.decision, text="广告广告广告")
    with assert_nothing_changed(), pytest.raises(ValidationError):
        services.comment_hide(actor=dw.w["legal_a"], comment=c, reason=" ")
    services.comment_hide(actor=dw.w["legal_a"], comment=c, reason="广告")
    c.refresh_from_db()
    assert c.status == "hidden" and c.hidden_reason == "广告"


def test_participation_is_not_closed_with_unanswered_groups(dw: DecisionWorld) -> None:
    dw.open_window(_today() - dt.timedelta(days=40))
    services.comment_submit(
        actor=dw.w["legal_a"],
        decision=dw.decision,
        text="建议保留老街早市",
        received_on=_today() - dt.timedelta(days=30),
    )
    services.comments_publish(actor=dw.w["legal_a"], decision=dw.decision)
    services.comments_group(actor=dw.w["legal_a"], decision=dw.decision)
    with assert_nothing_changed(), pytest.raises(ValidationError) as exc:
        services.consultation_close(actor=dw.w["legal_a"], decision=dw.decision)
    assert "答复" in exc.value.message or "回复" in exc.value.message


def test_legality_review_may_not_be_left_out(dw: DecisionWorld) -> None:
    with assert_nothing_changed(), pytest.raises(ValidationError) as exc:
        services.step_not_applicable(actor=dw.w["legal_a"], decision=dw.decision, kind="legality", reason="急")
    assert "合法性审查" in exc.value.message


def test_a_step_not_applicable_needs_a_reason(dw: DecisionWorld) -> None:
    with assert_nothing_changed(), pytest.raises(ValidationError):
        services.step_not_applicable(actor=dw.w["legal_a"], decision=dw.decision, kind="hearing", reason="")


def test_a_hearing_needs_its_materials_seven_days_ahead(dw: DecisionWorld) -> None:
    with assert_nothing_changed(), pytest.raises(ValidationError) as exc:
        services.hearing_record(
            actor=dw.w["legal_a"],
            decision=dw.decision,
            materials_published_on=_today() - dt.timedelta(days=5),
            held_on=_today(),
            place="镇会议室",
            summary="群众代表发言",
        )
    assert "7" in exc.value.message


def test_a_short_review_needs_a_reason(dw: DecisionWorld) -> None:
    with assert_nothing_changed(), pytest.raises(ValidationError) as exc:
        services.review_record(
            actor=dw.w["legal_a"],
            decision=dw.decision,
            submitted_on=_today() - dt.timedelta(days=1),
            reviewed_on=_today(),
            result="pass",
            opinion="合法。",
        )
    assert "工作日" in exc.value.message


def test_no_legality_review_no_discussion(dw: DecisionWorld) -> None:
    _through_participation(dw)
    _other_steps(dw)
    with assert_nothing_changed(), pytest.raises(ValidationError) as exc:
        _discuss(dw)
    assert "合法性审查" in exc.value.message


def test_a_failed_review_still_blocks_the_discussion(dw: DecisionWorld) -> None:
    _through_participation(dw)
    _other_steps(dw)
    _review(dw, "fail")
    with assert_nothing_changed(), pytest.raises(ValidationError) as exc:
        _discuss(dw)
    assert "合法性审查" in exc.value.message


def test_adoption_names_the_missing_step(dw: DecisionWorld) -> None:
    _through_participation(dw)
    _review(dw)
    with assert_nothing_changed(), pytest.raises(ValidationError) as exc:
        _discuss(dw)
    assert "听证" in exc.value.message and "专家论证" in exc.value.message and "风险评估" in exc.value.message


def test_the_whole_procedure(dw: DecisionWorld) -> None:
    _through_participation(dw)
    _other_steps(dw)
    review = _review(dw)
    assert review.number.startswith("峰灵镇合审〔") and review.number.endswith("1号")
    _discuss(dw)
    d = Decision.objects.get(pk=dw.decision.pk)
    assert d.status == "adopted" and d.adopted_on == _today() - dt.timedelta(days=1)
    services.decision_publish(actor=dw.w["legal_a"], decision=d)
    d.refresh_from_db()
    assert d.status == "published"
    services.decision_archive(actor=dw.w["legal_a"], decision=d)
    states = dict(DecisionStep.objects.filter(decision=d).values_list("kind", "state"))
    assert states["hearing"] == "not_applicable" and states["archive"] == "done" and states["evaluation"] == "pending"
    data = services.review_document(actor=dw.w["legal_a"], review=review)
    assert data[:2] == b"PK"
    import io
    import zipfile

    answers = services.answers_document(actor=dw.w["legal_a"], decision=d)
    xml = zipfile.ZipFile(io.BytesIO(answers)).read("word/document.xml").decode()
    assert "早市保留至过渡期结束" in xml and "部分采纳" in xml


def test_another_township_cannot_act(dw: DecisionWorld) -> None:
    dw.open_window(_today())
    with assert_nothing_changed(), pytest.raises(PermissionDenied):
        services.comments_publish(actor=dw.w["legal_b"], decision=dw.decision)
    with assert_nothing_changed(), pytest.raises(PermissionDenied):
        services.review_record(
            actor=dw.w["legal_b"],
            decision=dw.decision,
            submitted_on=_today() - dt.timedelta(days=20),
            reviewed_on=_today(),
            result="pass",
            opinion="合法。",
        )


def test_only_the_leader_decides(dw: DecisionWorld) -> None:
    with assert_nothing_changed(), pytest.raises(PermissionDenied):
        services.discussion_record(
            actor=dw.w["legal_a"],
            decision=dw.decision,
            held_on=_today(),
            meeting="常务会议",
            attendance="全体",
            adopted=True,
        )


@override_settings(FAZHI_NORMATIVE_FILING_DAYS=30, FAZHI_NORMATIVE_VALID_YEARS=5)
def test_normative_document_deadlines(dw: DecisionWorld) -> None:
    published = _today() - dt.timedelta(days=10)
    doc = services.document_register(
        actor=dw.w["leader_a"],
        region=dw.w.town_a,
        title="峰灵镇河道管理办法",
        number="峰府发〔1〕1号",
        published_on=published,
    )
    assert doc.filing_due == published + dt.timedelta(days=30)
    assert doc.valid_until == published.replace(year=published.year + 5) - dt.timedelta(days=1)
    with assert_nothing_changed(), pytest.raises(ValidationError):
        services.document_file(actor=dw.w["legal_a"], document=doc, filed_on=published - dt.timedelta(days=1))
    services.document_review_record(
        actor=dw.w["legal_a"],
        document=doc,
        submitted_on=published - dt.timedelta(days=30),
        reviewed_on=published - dt.timedelta(days=5),
        result="pass",
        opinion="合法",
    )
    services.document_file(actor=dw.w["legal_a"], document=doc, filed_on=_today())
    new = services.document_register(
        actor=dw.w["legal_a"],
        region=dw.w.town_a,
        title="峰灵镇河道管理办法（修订）",
        number="峰府发〔1〕2号",
        published_on=_today(),
        replaces=doc,
    )
    doc.refresh_from_db()
    assert doc.status == "amended" and doc.replaced_by == new
