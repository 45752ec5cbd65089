"""Case documents read as 司法部's formats want them (issue 16): every kind rendered from a case
taken through the services, read back with python-docx and checked for its parts — A4, title and
number, a party block that fits a person or an organisation, the case's facts, evidence, legal
basis, discretion, the decision, payment, remedies naming the reconsideration body and the court
with their time limits, the seal area — no empty label, the step's own date, unique numbers."""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal
from typing import Any

import docx
import pytest
from django.test import override_settings
from django.utils import timezone
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm

from fazhi.cases import services
from fazhi.cases.models import Case, CaseDocument, DocumentKind
from fazhi.core.errors import ValidationError
from fazhi.registry.models import Enterprise
from tests.dbutil import assert_nothing_changed
from tests.factories import CaseWorld
from tests.test_cases import investigated, registered

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
PAYMENT = {
    "FAZHI_CASE_FINE_BANK": "重庆农村商业银行巫溪支行",
    "FAZHI_CASE_FINE_ACCOUNT": "0102030405060708",
    "FAZHI_CASE_FINE_ACCOUNT_NAME": "巫溪县财政局非税收入专户",
    "FAZHI_CASE_FINE_PLACE": "重庆市非税收入电子缴款平台",
}


def cn(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def days_ago(n: int) -> dt.date:
    return TODAY() - dt.timedelta(days=n)


@pytest.fixture
def cw(world: Any) -> CaseWorld:
    return CaseWorld(world)


def paragraphs(doc: CaseDocument) -> list[Any]:
    with doc.file.open("rb") as fh:
        return list(docx.Document(io.BytesIO(fh.read())).paragraphs)


def text(doc: CaseDocument) -> str:
    return "\n".join(p.text for p in paragraphs(doc))


def section(doc: CaseDocument) -> Any:
    with doc.file.open("rb") as fh:
        return docx.Document(io.BytesIO(fh.read())).sections[0]


def general_penalty(cw: CaseWorld) -> Case:
    """Filed 20 days ago, investigated, ordered to correct, proposed 15 days ago, notified 12 days
    ago with a statement, decided 6 days ago, served 4 days ago: every date differs from today."""
    case = investigated(cw, filed_on=days_ago(20))
    services.case_order_rectification(
        actor=cw.inspector, case=case, due=TODAY() + dt.timedelta(days=5), requirements="在仓库入口设置安全警示标志"
    )
    case = services.case_propose(
        actor=cw.inspector,
        case=case,
        outcome=Case.Outcome.PENALTY,
        circumstance="ordinary",
        harm=Case.Harm.SLIGHT,
        fine=Decimal(30000),
        warning=False,
        discretion_note="初次被查，配合调查，按一般情节裁量。",
        proposed_on=days_ago(15),
    )
    case = services.case_notify(actor=cw.inspector, case=case, notified_on=days_ago(12))
    case = services.case_statement_record(actor=cw.inspector, case=case, statement="对事实无异议，请求从轻处理。")
    case = services.case_decide(actor=cw.head, case=case, decided_on=days_ago(6))
    return services.case_serve(actor=cw.inspector, case=case, served_on=days_ago(4), method="direct", recipient="张三")


def docs_of(case: Case) -> dict[str, CaseDocument]:
    return {d.kind: d for d in case.documents.all()}


def assert_no_empty_label(body: str) -> None:
    assert "：。" not in body and "：；" not in body
    lines = body.splitlines()
    for i, line in enumerate(lines):
        listed = i + 1 < len(lines) and re.match(r"1\. \S", lines[i + 1])  # a heading over a numbered list
        assert listed or not re.search(r"[：:]\s*$", line), f"empty label: {line!r}"
        assert "None" not in line and "{{" not in line and "{%" not in line, line


def assert_seal(doc: CaseDocument, case: Case, day: dt.date) -> None:
    """落款: the body, "（印章）" and the date, right-aligned, at the end."""
    paras = [p for p in paragraphs(doc) if p.text.strip()]
    tail = paras[-3:]
    assert [p.text for p in tail] == [case.body.name, "（印章）", cn(day)]
    assert all(p.alignment == WD_ALIGN_PARAGRAPH.RIGHT for p in tail)


def test_every_document_of_a_general_penalty_case(cw: CaseWorld) -> None:
    Enterprise.objects.filter(pk=cw.w.ent_a.pk).update(address="巫溪县峰灵镇谭家村1号", legal_representative="赵某")
    with override_settings(**PAYMENT):
        case = general_penalty(cw)
    docs = docs_of(case)
    assert set(docs) == {
        DocumentKind.INSPECTION_RECORD,
        DocumentKind.RECTIFICATION_ORDER,
        DocumentKind.PENALTY_NOTICE,
        DocumentKind.PENALTY_DECISION,
        DocumentKind.SERVICE_RECEIPT,
    }
    for doc in docs.values():
        body = text(doc)
        sec = section(doc)
        # A4, not US Letter (Word stores twentieths of a point: within a tenth of a millimetre)
        assert abs(sec.page_width - Mm(210)) < Mm(0.1) and abs(sec.page_height - Mm(297)) < Mm(0.1)
        assert abs(sec.left_margin - Mm(28)) < Mm(0.1) and abs(sec.top_margin - Mm(37)) < Mm(0.1)
        assert doc.number in body and re.fullmatch(r".+〔\d{4}〕\d+号", doc.number)
        assert_no_empty_label(body)
        assert "峰灵酒业有限公司" in body
        assert cn(TODAY()) not in body or doc.kind == DocumentKind.RECTIFICATION_ORDER  # the step's day, not today

    record = text(docs[DocumentKind.INSPECTION_RECORD])
    assert "现场检查笔录" in record and f"检查时间：{cn(days_ago(20))}" in record
    assert "执法证号" in record and "出示执法证件" in record

    order = docs[DocumentKind.RECTIFICATION_ORDER]
    assert "责令改正通知书" in text(order) and "第二十八条" in text(order)
    assert "在仓库入口设置安全警示标志" in text(order)
    assert_seal(order, case, TODAY())  # ordered today (the order takes no other date)

    notice = docs[DocumentKind.PENALTY_NOTICE]
    body = text(notice)
    assert "行政处罚事先告知书" in body and "罚款人民币30,000.00元" in body
    assert case.statement_until is not None and cn(case.statement_until) in body
    assert_seal(notice, case, days_ago(12))

    decision = docs[DocumentKind.PENALTY_DECISION]
    body = text(decision)
    assert "行政处罚决定书" in body and "当场" not in body
    assert f"统一社会信用代码：{cw.w.ent_a.uscc}" in body and "住所：巫溪县峰灵镇谭家村1号" in body
    assert "法定代表人（负责人）：赵某" in body
    assert "仓库未设置安全警示标志，现场检查发现。" in body  # the case's facts
    assert "以上事实有以下证据证明" in body and "1. 现场检查笔录" in body and "仓库现场照片（照片）" in body
    assert cw.violation.violated_provision in body and cw.violation.penalty_provision in body
    assert "裁量理由：属一般情形。初次被查，配合调查，按一般情节裁量。" in body
    assert "对事实无异议，请求从轻处理。" in body and cn(days_ago(12)) in body
    assert "决定对当事人作出如下行政处罚：罚款人民币30,000.00元。" in body
    assert "重庆农村商业银行巫溪支行（户名：巫溪县财政局非税收入专户，账号：0102030405060708）" in body
    assert "或者通过重庆市非税收入电子缴款平台缴纳罚款" in body and "第六十七条" in body
    assert "巫溪县人民政府申请行政复议" in body and "60日内" in body
    assert "6个月内" in body and "巫溪县人民法院提起行政诉讼" in body
    assert_seal(decision, case, days_ago(6))

    receipt = text(docs[DocumentKind.SERVICE_RECEIPT])
    assert f"送达文书：行政处罚决定书（{decision.number}）" in receipt
    assert f"送达日期：{cn(days_ago(4))}" in receipt and "直接送达" in receipt
    # each document numbered in the year of its own date (the first of its series that year)
    dated = {
        DocumentKind.INSPECTION_RECORD: days_ago(20),
        DocumentKind.RECTIFICATION_ORDER: TODAY(),
        DocumentKind.PENALTY_NOTICE: days_ago(12),
        DocumentKind.PENALTY_DECISION: days_ago(6),
        DocumentKind.SERVICE_RECEIPT: days_ago(4),
    }
    assert {k: d.number.split("〔")[1] for k, d in docs.items()} == {k: f"{day.year}〕1号" for k, day in dated.items()}


def test_a_summary_decision_for_a_person_paid_on_the_spot(cw: CaseWorld) -> None:
    case = services.case_summary(
        actor=cw.inspector,
        body=cw.body,
        violation=cw.violation,
        party_kind="person",
        party_name="李某",
        facts="在集市摊位前占道堆放货物，影响通行。",
        officers=[cw.o1, cw.o2],
        fine=Decimal(100),
        warning=False,
        statement="",
        paid_on_the_spot=True,
    )
    docs = docs_of(case)
    decision = text(docs[DocumentKind.PENALTY_DECISION])
    assert "当场行政处罚决定书" in decision
    assert "当事人：李某" in decision and "住址" not in decision and "统一社会信用代码" not in decision
    for o in (cw.o1, cw.o2):
        assert f"{o.name}（执法证号：{o.certificate_no}）" in decision
    assert "裁量" not in decision  # no discretion reasoning was given: no label either
    assert "当场收缴" in decision and "15日内" not in decision and "第六十八条" in decision
    assert "当事人未提出陈述、申辩" in decision
    assert "巫溪县人民政府" in decision and "巫溪县人民法院" in decision
    assert_no_empty_label(decision)
    assert_seal(docs[DocumentKind.PENALTY_DECISION], case, TODAY())
    receipt = text(docs[DocumentKind.SERVICE_RECEIPT])
    assert f"送达文书：当场行政处罚决定书（{docs[DocumentKind.PENALTY_DECISION].number}）" in receipt
    assert_no_empty_label(receipt)


def test_a_summary_fine_not_paid_on_the_spot_is_paid_at_the_bank(cw: CaseWorld) -> None:
    case = services.case_summary(
        actor=cw.inspector,
        body=cw.body,
        violation=cw.violation,
        party_kind="organisation",
        enterprise=cw.w.ent_a,
        facts="仓库门口未设置安全警示标志。",
        officers=[cw.o1, cw.o2],
        fine=Decimal(500),
        warning=True,
        statement="马上整改。",
    )
    decision = text(docs_of(case)[DocumentKind.PENALTY_DECISION])
    assert "警告；罚款人民币500.00元" in decision and "15日内" in decision and "指定的银行" in decision
    assert "当场收缴" not in decision and "当事人陈述、申辩：马上整改。" in decision


def waived(cw: CaseWorld) -> Case:
    case = investigated(cw, filed_on=days_ago(20))
    services.case_order_rectification(
        actor=cw.inspector, case=case, due=TODAY() + dt.timedelta(days=5), requirements="设置安全警示标志"
    )
    services.case_correction_record(actor=cw.inspector, case=case, corrected_on=days_ago(10), note="已设置")
    case = services.case_propose(
        actor=cw.inspector, case=case, outcome="waiver", harm="slight", waiver=cw.first, proposed_on=days_ago(9)
    )
    services.guidance_record(
        actor=cw.inspector,
        kind="guidance",
        day=days_ago(9),
        enterprises=[cw.w.ent_a],
        topics="安全警示标志设置规范",
        case=case,
    )
    return services.case_decide(actor=cw.head, case=case, decided_on=days_ago(8))


def test_a_first_violation_waiver_decision(cw: CaseWorld) -> None:
    case = waived(cw)
    doc = docs_of(case)[DocumentKind.NO_PENALTY_DECISION]
    body = text(doc)
    assert "不予行政处罚决定书" in body and "违反了" in body and cw.first.get_kind_display() in body
    assert cw.first.legal_ground in body and "第三十三条第三款" in body and "教育" in body
    assert "巫溪县人民政府" in body and "60日" in body
    assert_no_empty_label(body)
    assert_seal(doc, case, days_ago(8))


def test_a_no_penalty_decision_for_a_violation_not_established_does_not_say_it_was_violated(cw: CaseWorld) -> None:
    case = investigated(cw, filed_on=days_ago(20))
    case = services.case_propose(
        actor=cw.inspector,
        case=case,
        outcome=Case.Outcome.NO_PENALTY,
        harm=Case.Harm.NONE,
        discretion_note="现场复核时警示标志已按规定设置，举报所称情况不属实。",
        proposed_on=days_ago(10),
    )
    case = services.case_decide(actor=cw.head, case=case, decided_on=days_ago(9))
    doc = docs_of(case)[DocumentKind.NO_PENALTY_DECISION]
    body = text(doc)
    assert "违反" not in body and "教育" not in body and "违法事实不能成立" in body
    assert "第五十七条第一款第三项" in body and "举报所称情况不属实" in body
    assert f"本机关于{cn(days_ago(20))}对当事人涉嫌{cw.violation.name}一案立案调查" in body
    assert_no_empty_label(body)
    assert_seal(doc, case, days_ago(9))


def test_numbers_are_unique_per_body_series_and_year(cw: CaseWorld) -> None:
    first = waived(cw)  # a first violation: before the penalties
    cases = [general_penalty(cw) for _ in range(2)]
    cases.append(first)
    numbers = list(CaseDocument.objects.values_list("number", flat=True))
    assert len(numbers) == len(set(numbers))
    decisions = sorted(d.number for c in cases[:2] for d in c.documents.filter(kind=DocumentKind.PENALTY_DECISION))
    abbr = cw.body.short_name or cw.body.name
    year = days_ago(6).year  # the penalty decisions are dated 6 days ago, the waiver's 8 days ago
    assert decisions == [f"{abbr}罚决〔{year}〕1号", f"{abbr}罚决〔{year}〕2号"]
    waiver_year = days_ago(8).year
    assert cases[2].documents.get(kind=DocumentKind.NO_PENALTY_DECISION).number == f"{abbr}不罚〔{waiver_year}〕1号"


def test_remedy_bodies_and_payment_are_settings(cw: CaseWorld) -> None:
    with override_settings(FAZHI_CASE_RECONSIDERATION_BODY="某市人民政府", FAZHI_CASE_COURT="某铁路运输法院"):
        case = general_penalty(cw)
    body = text(docs_of(case)[DocumentKind.PENALTY_DECISION])
    assert "向某市人民政府申请行政复议" in body and "向某铁路运输法院提起行政诉讼" in body
    assert "指定的银行" in body  # no bank configured: no empty "开户银行："


def test_the_party_block_of_a_person_with_an_address(cw: CaseWorld) -> None:
    from fazhi.cases.services.doc_context import context

    case = registered(cw)
    case.party_kind, case.enterprise, case.party_name, case.party_address = "person", None, "王某", "谭家村3组"
    ctx = context(case, number="x", step=None, kind=DocumentKind.PENALTY_NOTICE)
    assert ctx["party"]["is_person"] and ctx["party"]["address"] == "谭家村3组" and ctx["party"]["uscc"] == ""
    assert ctx["date"] == "" and ctx["served_document"] == {"title": "", "number": ""}


def county_template(*lines: str) -> io.BytesIO:
    d = docx.Document()
    for line in lines:
        d.add_paragraph(line)
    out = io.BytesIO()
    d.save(out)
    out.seek(0)
    return out


def test_an_uploaded_decision_template_must_carry_the_remedy_and_the_seal_area(cw: CaseWorld) -> None:
    sup = cw.w["supervisor"]
    complete = [
        "{{ body }}",
        "{{ title }} {{ number }}",
        "当事人：{{ party.name }}",
        "{{ facts }}{% for e in evidence %}{{ e }}{% endfor %}",
        "{{ violation.violated }} {{ penalty_text }} {{ payment.text }}",
    ]
    with assert_nothing_changed(), pytest.raises(ValidationError) as exc:
        services.template_upload(actor=sup, kind="penalty_decision", fh=county_template(*complete))
    assert "救济途径" in exc.value.message and "落款用印处" in exc.value.message and "文书日期" in exc.value.message
    assert "行政处罚决定书" in exc.value.message and exc.value.details == {"file": "fields"}
    tpl = services.template_upload(
        actor=sup, kind="penalty_decision", fh=county_template(*complete, "{{ remedy }}", "{{ seal }} {{ date }}")
    )
    assert tpl.active


def test_a_context_outside_any_county_and_a_circumstance_without_a_note(cw: CaseWorld) -> None:
    from fazhi.cases.services.doc_context import context
    from tests.factories import BodyFactory, RegionFactory

    city = RegionFactory(name="某市", level="city")
    body = BodyFactory(name="某市执法支队", region=city)
    case = Case(
        body=body,
        region=city,
        violation=cw.violation,
        party_kind="organisation",
        party_name="某公司",
        occurred_on=days_ago(3),
        facts="某事实。",
        outcome=Case.Outcome.PENALTY,
        circumstance="ordinary",
        fine=Decimal(0),
        warning_penalty=True,
        other_penalties="没收违法所得。",
    )
    ctx = context(case, number="x", step=None, kind=DocumentKind.PENALTY_DECISION)
    assert ctx["remedy_bodies"]["reconsideration"] == "某市人民政府" and "某市人民法院" in ctx["remedy"]
    assert ctx["discretion"] == "属一般情形。" and ctx["penalty_text"] == "警告；没收违法所得"
    assert ctx["evidence"] == [] and ctx["officers"] == [] and ctx["date"] == ""
