"""Issue 18, the gaps closed: attachments to a draft (type read from the bytes, size limit, hash
in the ledger), legality review of normative documents and major contracts before filing, the
publication notice (公告), the document page (amend, repeal, history) and reviewer independence.
Every refusal is in Chinese and changes nothing."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import translation

from fazhi.core.errors import PermissionDenied, ValidationError
from fazhi.core.models import LedgerEntry
from fazhi.decisions import services
from fazhi.decisions.models import Attachment, Decision, DocumentReview, NormativeDocument
from tests.dates import today
from tests.dbutil import assert_nothing_changed
from tests.factories_decisions import DecisionWorld
from tests.test_onsite_pages import client_for

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


def _docx() -> bytes:
    from docx import Document

    out = io.BytesIO()
    Document().save(out)
    return out.getvalue()


def _xlsx() -> bytes:
    from openpyxl import Workbook

    out = io.BytesIO()
    Workbook().save(out)
    return out.getvalue()


def _zip() -> bytes:
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("readme.txt", "not an office file")
    return out.getvalue()


@pytest.fixture
def dw(world: Any) -> DecisionWorld:
    return DecisionWorld(world)


def _attach(dw: DecisionWorld, name: str, data: bytes, who: str = "legal_a") -> Attachment:
    return services.attachment_add(actor=dw.w[who], decision=dw.decision, fh=io.BytesIO(data), name=name)


# --- 1. attachments -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data"),
    [("说明.pdf", PDF), ("现场.png", PNG), ("现场.JPG", JPG), ("草案.docx", None), ("测算.xlsx", None)],
)
def test_a_file_that_is_what_its_name_says_is_attached_and_hashed(dw: DecisionWorld, name: str, data: Any) -> None:
    data = data if data is not None else (_docx() if name.endswith("docx") else _xlsx())
    item = _attach(dw, name, data)
    expected = hashlib.sha256(data).hexdigest()
    assert item.digest == expected and item.size == len(data) and item.original_name == name
    entry = LedgerEntry.objects.filter(verb="decision.attached").order_by("-seq").first()
    assert entry is not None and json.loads(entry.payload)["sha256"] == expected
    assert services.attachment_bytes(item) == data


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("说明.pdf", lambda: PNG),  # a picture called .pdf
        ("草案.docx", _xlsx),  # a workbook called .docx
        ("测算.xlsx", _docx),
        ("草案.docx", _zip),  # a zip that is no Office file
        ("照片.png", lambda: JPG),
        ("程序.exe", lambda: b"MZ\x90\x00"),  # a type not accepted
        ("空.pdf", lambda: b""),
    ],
)
def test_a_file_that_is_not_what_its_name_says_is_refused(dw: DecisionWorld, name: str, make: Any) -> None:
    with translation.override("zh-hans"), assert_nothing_changed(), pytest.raises(ValidationError) as exc:
        _attach(dw, name, make())
    assert exc.value.details and "file" in exc.value.details
    assert any("\u4e00" <= ch <= "\u9fff" for ch in exc.value.message), exc.value.message


@override_settings(FAZHI_DECISION_ATTACHMENT_MAX_BYTES=1024 * 1024)
def test_a_file_over_the_limit_is_refused(dw: DecisionWorld) -> None:
    big = PDF + b"0" * (1024 * 1024)
    with translation.override("zh-hans"), assert_nothing_changed(), pytest.raises(ValidationError) as exc:
        _attach(dw, "大.pdf", big)
    assert "1 MB" in exc.value.message and "文件" in exc.value.message


def test_only_the_drafting_region_attaches_and_only_while_drafting(dw: DecisionWorld) -> None:
    from fazhi.core.errors import NotFound

    with assert_nothing_changed(), pytest.raises((PermissionDenied, NotFound)):
        _attach(dw, "说明.pdf", PDF, who="legal_b")
    Decision.objects.filter(pk=dw.decision.pk).update(status=Decision.Status.NOT_ADOPTED)
    dw.decision.refresh_from_db()
    with assert_nothing_changed(), pytest.raises(ValidationError):
        _attach(dw, "说明.pdf", PDF)


def test_attachments_on_the_office_page_and_the_public_draft_page(dw: DecisionWorld) -> None:
    url = reverse("decisions:detail", args=[dw.decision.pk])
    legal = client_for(dw.w["legal_a"])
    r = legal.post(url, {"action": "attach", "file": SimpleUploadedFile("征求意见稿说明.pdf", PDF)})
    assert r.status_code == 302
    item = Attachment.objects.get()
    with translation.override("zh-hans"), assert_nothing_changed():
        bad = legal.post(url, {"action": "attach", "file": SimpleUploadedFile("假的.pdf", PNG)})
    assert bad.status_code == 422 and "假的.pdf" in bad.content.decode()
    assert 'id="attachments"' in legal.get(url).content.decode()
    assert legal.get(reverse("decisions:attachment", args=[item.pk])).content == PDF
    # the public: nothing before the comment period, then the file on the draft page
    public = Client()
    public_file = reverse("decisions_public:attachment", args=[item.pk])
    assert public.get(public_file).status_code == 404
    dw.open_window(today())
    page = public.get(reverse("decisions_public:decision", args=[dw.decision.pk])).content.decode()
    assert "征求意见稿说明.pdf" in page and public_file in page
    got = public.get(public_file)
    assert got.status_code == 200 and got.content == PDF and got["Content-Type"] == "application/pdf"
    # another township does not read the draft's files
    assert client_for(dw.w["legal_b"]).get(reverse("decisions:attachment", args=[item.pk])).status_code == 404


# --- 5. reviewer independence ---------------------------------------------------------------------


def test_the_drafter_may_not_review_the_legality_of_the_draft(dw: DecisionWorld) -> None:
    own = services.decision_create(
        actor=dw.w["legal_a"],
        region=dw.w.town_a,
        title="峰灵镇自拟方案",
        drafting_office="司法所",
        draft_text="草案",
        outside_reason="年中新增",
    )
    with translation.override("zh-hans"), assert_nothing_changed(), pytest.raises(PermissionDenied) as exc:
        services.review_record(
            actor=dw.w["legal_a"],
            decision=own,
            submitted_on=today() - dt.timedelta(days=20),
            reviewed_on=today(),
            result="pass",
            opinion="合法",
        )
    assert "起草" in exc.value.message
    # the page does not offer the review to the drafter, and a forged post is refused
    url = reverse("decisions:detail", args=[own.pk])
    legal = client_for(dw.w["legal_a"])
    assert 'value="review"' not in legal.get(url).content.decode()
    with assert_nothing_changed():
        r = legal.post(
            url,
            {
                "action": "review",
                "submitted_on": (today() - dt.timedelta(days=20)).isoformat(),
                "result": "pass",
                "opinion": "合法",
            },
        )
    assert r.status_code in (403, 422)


# --- 2. legality review of documents ----------------------------------------------------------------


def _document(dw: DecisionWorld, kind: str = "normative") -> NormativeDocument:
    return services.document_register(
        actor=dw.w["leader_a"],
        region=dw.w.town_a,
        title="峰灵镇河道管理办法" if kind == "normative" else "垃圾清运服务合同",
        number="峰府发〔1〕1号",
        published_on=today() - dt.timedelta(days=3),
        kind=kind,
    )


@pytest.mark.parametrize("kind", ["normative", "contract"])
def test_a_document_is_filed_only_after_a_passed_review(dw: DecisionWorld, kind: str) -> None:
    doc = _document(dw, kind)
    legal = dw.w["legal_a"]
    with translation.override("zh-hans"), assert_nothing_changed(), pytest.raises(ValidationError) as exc:
        services.document_file(actor=legal, document=doc, filed_on=today())
    assert "合法性审查" in exc.value.message
    submitted = today() - dt.timedelta(days=3)
    with translation.override("zh-hans"), assert_nothing_changed(), pytest.raises(ValidationError) as exc:
        services.document_review_record(
            actor=legal, document=doc, submitted_on=submitted, reviewed_on=today(), result="pass", opinion=""
        )
    assert "工作日" in exc.value.message and "意见" in exc.value.message  # every error at once
    failed = services.document_review_record(
        actor=legal,
        document=doc,
        submitted_on=submitted,
        reviewed_on=today(),
        result="fail",
        opinion="第五条设定罚款，超越权限。",
        short_reason="上级督办，限期报送",
    )
    assert failed.number.endswith("1号") and "合审" in failed.number
    with assert_nothing_changed(), pytest.raises(ValidationError):
        services.document_file(actor=legal, document=doc, filed_on=today())
    services.document_review_record(
        actor=legal,
        document=doc,
        submitted_on=submitted,
        reviewed_on=today(),
        result="changes",
        opinion="删除第五条后同意。",
        short_reason="上级督办，限期报送",
    )
    services.document_file(actor=legal, document=doc, filed_on=today())
    doc.refresh_from_db()
    assert doc.filed_on == today()
    assert [r.result for r in DocumentReview.objects.filter(document=doc)] == ["fail", "changes"]


def test_who_entered_a_document_may_not_review_it(dw: DecisionWorld) -> None:
    doc = services.document_register(
        actor=dw.w["legal_a"], region=dw.w.town_a, title="合同", number="一号", published_on=today(), kind="contract"
    )
    with translation.override("zh-hans"), assert_nothing_changed(), pytest.raises(PermissionDenied) as exc:
        services.document_review_record(
            actor=dw.w["legal_a"],
            document=doc,
            submitted_on=today() - dt.timedelta(days=20),
            reviewed_on=today(),
            result="pass",
            opinion="合法",
        )
    assert "起草" in exc.value.message


def test_another_township_may_not_review_a_document(dw: DecisionWorld) -> None:
    from fazhi.core.errors import NotFound

    doc = _document(dw)
    with assert_nothing_changed(), pytest.raises((PermissionDenied, NotFound)):
        services.document_review_record(
            actor=dw.w["legal_b"],
            document=doc,
            submitted_on=today() - dt.timedelta(days=20),
            reviewed_on=today(),
            result="pass",
            opinion="合法",
        )
    assert client_for(dw.w["legal_b"]).get(reverse("decisions:document", args=[doc.pk])).status_code == 404


# --- 4. the document page: review, file, amend, repeal, history -------------------------------------


def test_the_document_page_reviews_files_amends_and_repeals(dw: DecisionWorld) -> None:
    doc = _document(dw)
    url = reverse("decisions:document", args=[doc.pk])
    legal, leader = client_for(dw.w["legal_a"]), client_for(dw.w["leader_a"])
    page = legal.get(url).content.decode()
    assert 'id="review"' in page and 'id="file"' not in page  # no filing before a passed review
    submitted = (today() - dt.timedelta(days=30)).isoformat()
    r = legal.post(url, {"action": "review", "submitted_on": submitted, "result": "pass", "opinion": "合法"})
    assert r.status_code == 302
    assert 'id="file"' in legal.get(url).content.decode()
    assert legal.post(url, {"action": "file", "filed_on": today().isoformat()}).status_code == 302
    # amend: the new version replaces it, the history shows both
    with assert_nothing_changed():
        bad = leader.post(url, {"action": "amend", "title": "修订", "number": "", "published_on": ""})
    assert bad.status_code == 422
    r = leader.post(
        url,
        {
            "action": "amend",
            "title": "峰灵镇河道管理办法（修订）",
            "number": "峰府发〔1〕9号",
            "published_on": today().isoformat(),
        },
    )
    assert r.status_code == 302
    new = NormativeDocument.objects.get(number="峰府发〔1〕9号")
    doc.refresh_from_db()
    assert doc.status == "amended" and doc.replaced_by == new
    for pk in (doc.pk, new.pk):
        history = client_for(dw.w["legal_a"]).get(reverse("decisions:document", args=[pk])).content.decode()
        assert f'data-version="{doc.pk}"' in history and f'data-version="{new.pk}"' in history
    # repeal needs a reason
    new_url = reverse("decisions:document", args=[new.pk])
    with translation.override("zh-hans"), assert_nothing_changed():
        bad = leader.post(new_url, {"action": "repeal", "reason": ""})
    assert bad.status_code == 422
    assert leader.post(new_url, {"action": "repeal", "reason": "上位法已废止"}).status_code == 302
    new.refresh_from_db()
    assert new.status == "repealed"
    assert 'id="actions"' not in leader.get(new_url).content.decode()  # nothing to do on a repealed one


# --- 3. the publication notice ------------------------------------------------------------------------


def test_the_publication_notice_is_numbered_per_region_and_year(dw: DecisionWorld) -> None:
    from docx import Document

    from tests.test_decision_services import _discuss, _other_steps, _review, _through_participation

    _through_participation(dw)
    _other_steps(dw)
    _review(dw)
    _discuss(dw)
    legal = dw.w["legal_a"]
    d = Decision.objects.get(pk=dw.decision.pk)
    with translation.override("zh-hans"), assert_nothing_changed(), pytest.raises(ValidationError) as exc:
        services.publication_notice(actor=legal, decision=d)
    assert "公布" in exc.value.message or "发布" in exc.value.message
    services.decision_publish(actor=legal, decision=d)
    d.refresh_from_db()
    number = services.publication_number(d)
    assert number == f"峰灵镇决公〔{today().year}〕1号"
    r = client_for(legal).get(reverse("decisions:notice_document", args=[d.pk]))
    assert r.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(r.content)).paragraphs)
    assert number in text and d.title in text and "公告" in text
    entry = LedgerEntry.objects.filter(verb="decision.document").order_by("-seq").first()
    assert entry is not None
    payload = json.loads(entry.payload)
    assert payload["kind"] == "publication_notice" and payload["sha256"] == hashlib.sha256(r.content).hexdigest()
    assert number in client_for(legal).get(reverse("decisions:detail", args=[d.pk])).content.decode()


def test_the_api_shows_attachments_and_takes_a_document_review(dw: DecisionWorld) -> None:
    from fazhi.accounts.services import api_token_create

    item = _attach(dw, "说明.pdf", PDF)
    _, raw = api_token_create(actor=dw.w["legal_a"], name="县决策系统", system=True)
    api, headers = Client(), {"Authorization": f"Bearer {raw}"}
    detail = api.get(f"/api/v1/decisions/{dw.decision.pk}", headers=headers).json()
    assert detail["attachments"] == [
        {
            "id": item.pk,
            "name": "说明.pdf",
            "content_type": "application/pdf",
            "size": len(PDF),
            "algorithm": "sha256",
            "digest": hashlib.sha256(PDF).hexdigest(),
        }
    ]
    assert detail["publication_number"] == ""
    doc = _document(dw)
    body = {
        "submitted_on": (today() - dt.timedelta(days=30)).isoformat(),
        "reviewed_on": today().isoformat(),
        "result": "pass",
        "opinion": "合法",
    }
    url = f"/api/v1/decisions/documents/{doc.pk}/reviews"
    with assert_nothing_changed():
        bad = api.post(url, {**body, "opinion": ""}, content_type="application/json", headers=headers)
    assert bad.status_code in (400, 422)
    r = api.post(url, body, content_type="application/json", headers=headers)
    assert r.status_code == 201 and "合审" in r.json()["number"]
    _, raw_b = api_token_create(actor=dw.w["legal_b"], name="另一镇", system=True)
    with assert_nothing_changed(DocumentReview):
        other = api.post(url, body, content_type="application/json", headers={"Authorization": f"Bearer {raw_b}"})
    assert other.status_code == 404
