"""Normative documents reviewed before they are published (issue 18.4: the same legality-review flow
as a decision): a draft has no 文号 and no dates, is reviewed, and is published only after a passed
review; only then is it filed. A document entered as already published (history) skips the draft."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import translation

from fazhi.core.errors import PermissionDenied, ValidationError
from fazhi.core.models import LedgerEntry
from fazhi.decisions import services
from fazhi.decisions.models import NormativeDocument
from tests.dates import today
from tests.dbutil import assert_nothing_changed
from tests.factories_decisions import DecisionWorld
from tests.test_onsite_pages import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def dw(world: object) -> DecisionWorld:
    return DecisionWorld(world)  # type: ignore[arg-type]


def test_a_draft_is_reviewed_then_published_then_filed_on_the_pages(dw: DecisionWorld) -> None:
    leader, legal = client_for(dw.w["leader_a"]), client_for(dw.w["legal_a"])
    listing = reverse("decisions:documents")
    r = leader.post(
        listing,
        {
            "action": "draft",
            "region": dw.w.town_a.pk,
            "kind": "normative",
            "title": "峰灵镇养犬管理办法",
            "text": "第一条 为规范养犬行为，制定本办法。",
        },
    )
    doc = NormativeDocument.objects.get(title="峰灵镇养犬管理办法")
    assert r.status_code == 302 and r["Location"] == reverse("decisions:document", args=[doc.pk])
    assert doc.status == "draft" and doc.number == "" and doc.published_on is None and doc.filing_due is None
    url = reverse("decisions:document", args=[doc.pk])
    page = leader.get(url).content.decode()
    assert 'id="publish-blocked"' in page and 'id="publish"' not in page and "草案（未发布）" in page
    assert 'id="unfiled"' not in leader.get(listing).content.decode()  # a draft is not "to be filed"
    # publishing before the review is refused, with the reason, and nothing changes
    leader.get("/")
    with assert_nothing_changed():
        r = leader.post(url, {"action": "publish", "number": "峰府发〔1〕3号", "published_on": today().isoformat()})
    assert r.status_code == 422 and "审核通过前不得发布" in r.content.decode()
    # the legal office reviews the draft
    submitted = (today() - dt.timedelta(days=20)).isoformat()
    reviewed = today() - dt.timedelta(days=2)
    r = legal.post(
        url,
        {
            "action": "review",
            "submitted_on": submitted,
            "reviewed_on": reviewed.isoformat(),
            "result": "pass",
            "opinion": "合法",
        },
    )
    assert r.status_code == 302
    page = leader.get(url).content.decode()
    assert 'id="publish"' in page and 'id="file"' not in page
    # a missing 文号 and a date before the review: both named at once, nothing changes
    with assert_nothing_changed():
        r = leader.post(
            url, {"action": "publish", "number": " ", "published_on": (reviewed - dt.timedelta(days=1)).isoformat()}
        )
    body = r.content.decode()
    assert r.status_code == 422 and "文号" in body and "合法性审核之后发布" in body
    assert (
        leader.post(
            url, {"action": "publish", "number": "峰府发〔1〕3号", "published_on": today().isoformat()}
        ).status_code
        == 302
    )
    doc.refresh_from_db()
    assert (doc.status, doc.number, doc.published_on) == ("in_force", "峰府发〔1〕3号", today())
    assert doc.filing_due == today() + dt.timedelta(days=30)
    # five years less a day, written out (the frozen test instants are never a 29 February)
    assert doc.valid_until == dt.date(today().year + 5, today().month, today().day) - dt.timedelta(days=1)
    entry = LedgerEntry.objects.get(verb="decision.document_published")
    assert json.loads(entry.payload)["number"] == "峰府发〔1〕3号"
    assert 'id="file"' in leader.get(url).content.decode()  # now it may be filed
    assert 'id="unfiled"' in leader.get(listing).content.decode()


def test_a_draft_is_not_filed_and_not_published_twice(dw: DecisionWorld) -> None:
    leader = dw.w["leader_a"]
    doc = services.document_draft(
        actor=leader, region=dw.w.town_a, title="峰灵镇集贸市场管理办法", text="第一条 为规范管理，制定本办法。"
    )
    with translation.override("zh-hans"), assert_nothing_changed(), pytest.raises(ValidationError) as exc:
        services.document_file(actor=leader, document=doc, filed_on=today())
    assert exc.value.message == "草案须发布后才能备案。"
    services.document_review_record(
        actor=dw.w["legal_a"],
        document=doc,
        submitted_on=today() - dt.timedelta(days=20),
        reviewed_on=today(),
        result="changes",
        opinion="修改第三条后同意",
    )
    services.document_publish(actor=leader, document=doc, number="峰府发〔1〕4号", published_on=today())
    with assert_nothing_changed(), pytest.raises(ValidationError):
        services.document_publish(actor=leader, document=doc, number="峰府发〔1〕5号", published_on=today())


def test_another_township_may_not_draft_or_publish_here(dw: DecisionWorld) -> None:
    doc = services.document_draft(
        actor=dw.w["leader_a"], region=dw.w.town_a, title="峰灵镇河长制实施办法", text="第一条 为规范管理，制定本办法。"
    )
    services.document_review_record(
        actor=dw.w["legal_a"],
        document=doc,
        submitted_on=today() - dt.timedelta(days=20),
        reviewed_on=today(),
        result="pass",
        opinion="合法",
    )
    with assert_nothing_changed(), pytest.raises(PermissionDenied):
        services.document_draft(
            actor=dw.w["legal_b"], region=dw.w.town_a, title="越权起草", text="第一条 为规范管理，制定本办法。"
        )
    with assert_nothing_changed(), pytest.raises(PermissionDenied):
        services.document_publish(actor=dw.w["legal_b"], document=doc, number="城府发〔1〕1号", published_on=today())
    other = client_for(dw.w["legal_b"])
    other.get("/")
    url = reverse("decisions:document", args=[doc.pk])
    with assert_nothing_changed():
        assert (
            other.post(url, {"action": "publish", "number": "x", "published_on": today().isoformat()}).status_code
            == 404
        )


def test_an_empty_title_is_refused_and_nothing_is_written(dw: DecisionWorld) -> None:
    leader = client_for(dw.w["leader_a"])
    leader.get("/")
    with assert_nothing_changed():
        r = leader.post(reverse("decisions:documents"), {"action": "draft", "region": dw.w.town_a.pk, "title": " "})
    assert r.status_code == 422 and "请填写文件名称。" in r.content.decode()


def test_a_number_already_used_in_the_region_is_refused(dw: DecisionWorld) -> None:
    leader = dw.w["leader_a"]
    services.document_register(
        actor=leader, region=dw.w.town_a, title="峰灵镇集镇摊位管理规定", number="峰府发〔1〕3号", published_on=today()
    )
    doc = services.document_draft(
        actor=leader, region=dw.w.town_a, title="峰灵镇养犬管理办法", text="第一条 为规范管理，制定本办法。"
    )
    services.document_review_record(
        actor=dw.w["legal_a"],
        document=doc,
        submitted_on=today() - dt.timedelta(days=20),
        reviewed_on=today(),
        result="pass",
        opinion="合法",
    )
    with translation.override("zh-hans"), assert_nothing_changed(), pytest.raises(ValidationError) as exc:
        services.document_publish(actor=leader, document=doc, number="峰府发〔1〕3号", published_on=today())
    assert "峰府发〔1〕3号" in exc.value.message and "已" in exc.value.message
    with assert_nothing_changed(), pytest.raises(ValidationError):
        services.document_register(
            actor=leader, region=dw.w.town_a, title="另一文件", number="峰府发〔1〕3号", published_on=today()
        )
    # a draft's page shows no "None" where a date will be
    page = client_for(leader).get(reverse("decisions:document", args=[doc.pk])).content.decode()
    assert "None" not in page and str(doc) == "峰灵镇养犬管理办法"


def test_the_draft_has_its_text_from_the_start_and_the_review_reads_it(dw: DecisionWorld) -> None:
    leader, legal = client_for(dw.w["leader_a"]), client_for(dw.w["legal_a"])
    listing = reverse("decisions:documents")
    with assert_nothing_changed():
        r = leader.post(
            listing, {"action": "draft", "region": dw.w.town_a.pk, "title": "峰灵镇养犬管理办法", "text": " "}
        )
    page = r.content.decode()
    assert r.status_code == 422 and "请填写草案正文：合法性审查要审阅正文。" in page
    assert 'value="峰灵镇养犬管理办法"' in page  # what was typed is kept
    doc = services.document_draft(
        actor=dw.w["leader_a"], region=dw.w.town_a, title="峰灵镇养犬管理办法", text="第一条 犬只出户应当束犬链。"
    )
    url = reverse("decisions:document", args=[doc.pk])
    assert "第一条 犬只出户应当束犬链。" in legal.get(url).content.decode()  # the reviewer reads the words

    # after a failed review the drafting office revises the words; a stale form is refused
    r = leader.post(
        url, {"action": "revise", "version": doc.version, "text": "第一条 犬只出户应当束犬链，并由成年人牵领。"}
    )
    assert r.status_code == 302
    doc.refresh_from_db()
    assert doc.text == "第一条 犬只出户应当束犬链，并由成年人牵领。"
    entry = LedgerEntry.objects.filter(verb="decision.document_revised").get()
    assert entry.target_id == str(doc.pk)
    with assert_nothing_changed():
        r = leader.post(url, {"action": "revise", "version": doc.version - 1, "text": "过时的修改"})
    assert r.status_code == 422 and "过时的修改" in r.content.decode()
    other = client_for(dw.w["legal_b"])  # another township's office may not rewrite it
    with assert_nothing_changed():
        assert other.post(url, {"action": "revise", "version": doc.version, "text": "改写"}).status_code in (403, 404)

    services.document_review_record(
        actor=dw.w["legal_a"],
        document=doc,
        submitted_on=today() - dt.timedelta(days=20),
        reviewed_on=today(),
        result="pass",
        opinion="合法",
    )
    services.document_publish(actor=dw.w["leader_a"], document=doc, number="峰府发〔1〕5号", published_on=today())
    doc.refresh_from_db()
    with translation.override("zh-hans"), assert_nothing_changed(), pytest.raises(ValidationError) as exc:
        services.document_text_revise(actor=dw.w["leader_a"], document=doc, text="发布后改写", expected_version=None)
    assert exc.value.message == "文件已发布，只有草案的正文可以修改。"


def test_a_draft_without_text_is_not_reviewed(dw: DecisionWorld) -> None:
    doc = services.document_draft(actor=dw.w["leader_a"], region=dw.w.town_a, title="峰灵镇河道管理办法", text="第一条")
    NormativeDocument.objects.filter(pk=doc.pk).update(text="")  # a draft started before drafts had words
    doc.refresh_from_db()
    with translation.override("zh-hans"), assert_nothing_changed(), pytest.raises(ValidationError) as exc:
        services.document_review_record(
            actor=dw.w["legal_a"],
            document=doc,
            submitted_on=today() - dt.timedelta(days=20),
            reviewed_on=today(),
            result="pass",
            opinion="合法",
        )
    assert exc.value.message == "草案还没有正文：请起草单位先填写正文，再进行合法性审查。"
