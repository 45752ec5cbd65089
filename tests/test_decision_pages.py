"""Decision pages and the API: who reads which draft (another township does not, before
publication; the public sees only what is published or open for comment), the public comment
form without an account (throttled, a receipt, the contact never shown), the office's steps."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from fazhi.decisions import services
from fazhi.decisions.models import Comment, Decision
from tests.dbutil import assert_nothing_changed
from tests.factories_decisions import DecisionWorld
from tests.test_onsite_pages import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def dw(world: Any) -> DecisionWorld:
    return DecisionWorld(world)


def _api(user: Any) -> tuple[Client, dict[str, str]]:
    from fazhi.accounts.services import api_token_create

    _, raw = api_token_create(actor=user, name="县决策系统", system=True)
    return Client(), {"Authorization": f"Bearer {raw}"}


def test_another_township_cannot_read_a_draft(dw: DecisionWorld) -> None:
    url = reverse("decisions:detail", args=[dw.decision.pk])
    assert client_for(dw.w["legal_a"]).get(url).status_code == 200
    assert client_for(dw.w["supervisor"]).get(url).status_code == 200  # the county reads its townships
    for name in ("legal_b", "leader_b"):
        assert client_for(dw.w[name]).get(url).status_code == 404
        listing = client_for(dw.w[name]).get(reverse("decisions:list")).content.decode()
        assert dw.decision.title not in listing
    assert client_for(dw.w["enterprise"]).get(url).status_code == 403
    client, headers = _api(dw.w["legal_b"])
    assert client.get(f"/api/v1/decisions/{dw.decision.pk}", headers=headers).status_code == 404


def test_another_township_cannot_act_on_a_draft_page(dw: DecisionWorld) -> None:
    url = reverse("decisions:detail", args=[dw.decision.pk])
    other = client_for(dw.w["legal_b"])
    with assert_nothing_changed():
        r = other.post(url, {"action": "not_applicable", "kind": "hearing", "reason": "x"})
    assert r.status_code == 404


def test_the_public_sees_only_what_is_published_or_open(dw: DecisionWorld) -> None:
    public = Client()
    url = reverse("decisions_public:decision", args=[dw.decision.pk])
    assert public.get(url).status_code == 404  # a draft not yet open for comment
    marker = f'data-decision="{dw.decision.pk}"'
    assert marker not in public.get(reverse("decisions_public:list")).content.decode()
    dw.open_window(timezone.localdate())
    page = public.get(url).content.decode()
    assert dw.decision.draft_text in page and 'id="comment-form"' in page
    assert marker in public.get(reverse("decisions_public:list")).content.decode()


def test_a_citizen_comments_without_an_account(dw: DecisionWorld) -> None:
    dw.open_window(timezone.localdate())
    public = Client()
    url = reverse("decisions_public:decision", args=[dw.decision.pk])
    r = public.post(url, {"text": "建议保留老街早市摊位", "name": "", "contact": "13812345678"})
    assert r.status_code == 302 and "/public/decisions/r/" in r["Location"]
    c = Comment.objects.get()
    assert c.status == "received" and c.source == "public" and c.contact == "13812345678"
    receipt = public.get(r["Location"]).content.decode()
    assert "建议保留老街早市摊位" in receipt and "13812345678" not in receipt
    # not shown publicly until moderated; published, it shows without the contact
    assert "建议保留老街早市摊位" not in public.get(url).content.decode()
    services.comments_publish(actor=dw.w["legal_a"], decision=dw.decision)
    page = public.get(url).content.decode()
    assert "建议保留老街早市摊位" in page and "13812345678" not in page
    office = client_for(dw.w["legal_a"]).get(reverse("decisions:detail", args=[dw.decision.pk])).content.decode()
    assert "13812345678" not in office


def test_who_is_signed_in_decides_whose_comment_it_is(dw: DecisionWorld) -> None:
    """An enterprise's account comments as its enterprise (企业服务), the drafting office enters a
    letter, and any other official is simply the public: signing in never stops a comment."""
    dw.open_window(timezone.localdate())
    url = reverse("decisions_public:decision", args=[dw.decision.pk])
    enterprise = client_for(dw.w["enterprise"])
    page = enterprise.get(url).content.decode()
    assert "data-submitting-as" in page and dw.w.ent_a.name in page
    assert enterprise.post(url, {"text": "企业建议延长过渡期"}).status_code == 302
    office = client_for(dw.w["legal_a"])
    assert "来信或来访" in office.get(url).content.decode()
    assert office.post(url, {"text": "来信：建议增设公共厕所"}).status_code == 302
    inspector = client_for(dw.w["inspector_a"])
    assert "data-submitting-as" not in inspector.get(url).content.decode()
    assert inspector.post(url, {"text": "执法人员个人建议：加强夜间照明"}).status_code == 302
    # another township's drafting office is the public here, not refused
    other = client_for(dw.w["legal_b"])
    assert "data-submitting-as" not in other.get(url).content.decode()
    assert other.post(url, {"text": "邻镇干部个人建议：增设公交站"}).status_code == 302
    by_text = {c.text: c for c in Comment.objects.all()}
    assert by_text["邻镇干部个人建议：增设公交站"].source == "public"
    assert by_text["企业建议延长过渡期"].source == "portal"
    assert by_text["企业建议延长过渡期"].enterprise == dw.w.ent_a
    assert by_text["来信：建议增设公共厕所"].source == "letter"
    assert by_text["执法人员个人建议：加强夜间照明"].source == "public"


def test_an_enterprise_finds_the_drafts_open_for_comment_in_its_menu(dw: DecisionWorld) -> None:
    dw.open_window(timezone.localdate())
    home = client_for(dw.w["enterprise"]).get(reverse("inspections:portal")).content.decode()
    assert reverse("decisions_public:list") in home and "征求意见" in home
    # officials reach drafts through their own pages: no public-list entry in their menu
    office_home = client_for(dw.w["legal_a"]).get("/").content.decode()
    assert f'href="{reverse("decisions_public:list")}"' not in office_home


@override_settings(FAZHI_PUBLIC_DECISION_COMMENTS_PER_HOUR=2)
def test_the_public_form_is_throttled_per_connection(dw: DecisionWorld) -> None:
    dw.open_window(timezone.localdate())
    public = Client()
    url = reverse("decisions_public:decision", args=[dw.decision.pk])
    for n in range(2):
        assert public.post(url, {"text": f"第{n}条意见：建议增加停车位"}).status_code == 302
    with assert_nothing_changed():
        r = public.post(url, {"text": "第三条意见：建议增加停车位"})
    assert r.status_code == 422 and Comment.objects.count() == 2


def test_a_closed_draft_takes_no_comment(dw: DecisionWorld) -> None:
    dw.open_window(timezone.localdate() - dt.timedelta(days=40))
    with assert_nothing_changed():
        r = Client().post(reverse("decisions_public:decision", args=[dw.decision.pk]), {"text": "建议增加停车位"})
    assert r.status_code == 422


def test_the_decision_page_offers_only_lawful_steps(dw: DecisionWorld) -> None:
    url = reverse("decisions:detail", args=[dw.decision.pk])
    legal = client_for(dw.w["legal_a"]).get(url).content.decode()
    assert 'value="consult"' in legal and 'value="review"' in legal and 'value="discuss"' not in legal
    leader = client_for(dw.w["leader_a"]).get(url).content.decode()
    assert 'id="blocked"' in leader and 'value="discuss"' not in leader and 'value="review"' not in leader
    leader_client = client_for(dw.w["leader_a"])
    with assert_nothing_changed():
        r = leader_client.post(url, {"action": "discuss", "meeting": "常务会议", "attendance": "全体", "adopted": "1"})
    assert r.status_code == 422
    assert Decision.objects.get(pk=dw.decision.pk).status == "drafting"


def test_catalogue_documents_and_api_pages(dw: DecisionWorld) -> None:
    legal = client_for(dw.w["legal_a"])
    for name in ("decisions:list", "decisions:catalogue", "decisions:documents", "decisions:new"):
        assert legal.get(reverse(name)).status_code == 200, name
    assert legal.get(reverse("decisions:documents_template")).content[:2] == b"PK"
    api, headers = _api(dw.w["legal_a"])
    r = api.get("/api/v1/decisions", headers=headers)
    assert r.status_code == 200 and r.json()["items"][0]["id"] == dw.decision.pk
    detail = api.get(f"/api/v1/decisions/{dw.decision.pk}", headers=headers).json()
    assert detail["missing_before_discussion"] and len(detail["steps"]) == 9
    figures = api.get("/api/v1/decisions/figures", headers=headers).json()
    assert {f["id"] for f in figures} >= {"decisions.reviewed", "decisions.opinions"}


def test_document_import_is_all_or_nothing(dw: DecisionWorld) -> None:
    import io

    from openpyxl import Workbook

    from fazhi.decisions import imports
    from fazhi.decisions.models import NormativeDocument

    last_year = timezone.localdate().replace(month=1, day=15)
    last_year = last_year.replace(year=last_year.year - 1)
    wb = Workbook()
    ws = wb.active
    ws.append([c.zh() for c in imports.COLUMNS])
    ws.append(["峰灵镇河道管理办法", "峰灵府发〔1〕1号", "", last_year, last_year + dt.timedelta(days=10)])
    ws.append(["", "峰灵府发〔1〕2号", "", last_year, last_year - dt.timedelta(days=1)])
    buf = io.BytesIO()
    wb.save(buf)
    from fazhi.core.errors import ValidationError

    with assert_nothing_changed(), pytest.raises(ValidationError) as exc:
        imports.register_import(actor=dw.w["legal_a"], region=dw.w.town_a, fh=io.BytesIO(buf.getvalue()))
    assert len(exc.value.details["errors"]) == 2
    ws.delete_rows(3)
    buf = io.BytesIO()
    wb.save(buf)
    assert imports.register_import(actor=dw.w["legal_a"], region=dw.w.town_a, fh=io.BytesIO(buf.getvalue())) == 1
    doc = NormativeDocument.objects.get()
    assert doc.filing_due == last_year + dt.timedelta(days=30)


def test_the_list_labels_each_figure(dw: DecisionWorld) -> None:
    """A figure is callable (region, year): the template must read its label, not call it."""
    page = client_for(dw.w["legal_a"]).get(reverse("decisions:list")).content.decode()
    assert 'data-figure="decisions.reviewed"' in page
    row = page.split('data-figure="decisions.reviewed"', 1)[1].split("</tr>", 1)[0]
    assert "<th></th>" not in row and "合法性审查" in row


def test_a_comment_answer_says_adopted_not_passed() -> None:
    """The same English word, two Chinese ones: a comment is 采纳, a decision 通过 (a defect the
    merged catalogue showed on the public page as 已通过)."""
    from django.utils import translation

    from fazhi.decisions.models import CommentGroup, Decision

    with translation.override("zh-hans"):
        assert str(CommentGroup.Answer.ADOPTED.label) == "采纳"
        assert str(CommentGroup.Answer.NOT_ADOPTED.label) == "未采纳"
        assert str(Decision.Status.ADOPTED.label) == "已通过"


def test_a_draft_open_for_comment_says_so_not_drafting(dw: DecisionWorld) -> None:
    """The walk-through saw 起草中 on a draft whose comment window was open: the status shown follows
    the step the decision is at."""
    detail = reverse("decisions:detail", args=[dw.decision.pk])
    legal = client_for(dw.w["legal_a"])
    before = legal.get(detail).content.decode()
    assert '<span class="badge text-bg-light" id="status">起草中</span>' in before  # no window yet
    dw.open_window(timezone.localdate())
    page = legal.get(detail).content.decode()
    assert '<span class="badge text-bg-light" id="status">征求意见中</span>' in page
    row = legal.get(reverse("decisions:list")).content.decode().split(f'data-decision="{dw.decision.pk}"')[1]
    assert "征求意见中" in row.split("</tr>")[0] and "起草中" not in row.split("</tr>")[0]
    assert Decision.objects.get(pk=dw.decision.pk).status == "drafting"  # the stored status is unchanged


def test_a_window_that_has_closed_reads_drafting_again(dw: DecisionWorld) -> None:
    dw.open_window(timezone.localdate() - dt.timedelta(days=40))
    page = client_for(dw.w["legal_a"]).get(reverse("decisions:detail", args=[dw.decision.pk])).content.decode()
    assert '<span class="badge text-bg-light" id="status">起草中</span>' in page


def test_the_receipt_says_comments_are_moderated_and_what_the_number_is_for(dw: DecisionWorld) -> None:
    dw.open_window(timezone.localdate())
    public = Client()
    r = public.post(reverse("decisions_public:decision", args=[dw.decision.pk]), {"text": "建议保留老街早市摊位"})
    receipt = public.get(r["Location"]).content.decode()
    assert "审核后公开" in receipt and "等待审核" in receipt
    number = r["Location"].rstrip("/").rsplit("/", 1)[1]
    assert number in receipt and "回执号是查看这条意见的凭证" in receipt and "对意见的答复" in receipt


def test_an_enterprise_reads_its_own_comments_and_their_answers(dw: DecisionWorld) -> None:
    from fazhi.decisions.models import CommentGroup

    today = timezone.localdate()
    dw.open_window(today)
    url = reverse("decisions_public:decision", args=[dw.decision.pk])
    enterprise = client_for(dw.w["enterprise"])
    assert enterprise.post(url, {"text": "企业建议延长过渡期"}).status_code == 302
    assert enterprise.post(url, {"text": "建议公布收费标准"}).status_code == 302
    assert Client().post(url, {"text": "市民建议增设停车位"}).status_code == 302  # the public's: not theirs
    Comment.objects.create(  # another enterprise's comment from its portal
        decision=dw.decision, source="portal", enterprise=dw.w.ent_b, text="城厢企业的意见", received_on=today
    )
    group = CommentGroup.objects.create(
        decision=dw.decision, summary="过渡期", answer_kind="adopted", answer="过渡期延长至六个月", answered_on=today
    )
    Comment.objects.filter(text="企业建议延长过渡期").update(group=group)

    home = enterprise.get(reverse("inspections:portal")).content.decode()
    assert reverse("decisions:my_comments") in home  # 我的意见 in the enterprise's menu
    page = enterprise.get(reverse("decisions:my_comments")).content.decode()
    assert "我的意见" in page and dw.decision.title in page and f"{today:%Y-%m-%d}" in page
    assert "企业建议延长过渡期" in page and "建议公布收费标准" in page
    assert "市民建议增设停车位" not in page and "城厢企业的意见" not in page
    answered = page.split("企业建议延长过渡期")[1].split("data-comment")[0]
    assert "过渡期延长至六个月" in answered
    waiting = page.split("建议公布收费标准")[1].split("data-comment")[0]
    assert "尚未答复" in waiting
    # officials have their own pages: no menu entry, and the page is not theirs
    assert reverse("decisions:my_comments") not in client_for(dw.w["legal_a"]).get("/").content.decode()
    assert client_for(dw.w["inspector_a"]).get(reverse("decisions:my_comments")).status_code == 403
