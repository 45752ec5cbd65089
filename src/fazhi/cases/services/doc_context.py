"""What a case document may print (the docxtpl context) and what each kind must contain.

Plain strings, booleans and lists only: templates run in Jinja's sandbox and see no model. The
parts follow 司法部's 行政处罚文书格式文本: title and number, the party (a person or an
organisation), facts and evidence, legal basis, discretion, the decision, payment (处罚法 art.
67–68), remedies with the named reconsideration body and court and their time limits
(行政复议法 art. 20: 60 days; 行政诉讼法 art. 46: 6 months) and the seal area (落款: body, date,
"（印章）"). Every document is dated on its step's day, never the day the file was generated.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings

from fazhi.accounts.models import Region
from fazhi.cases.models import Case, CaseDocument, CaseStep, DocumentKind

TITLES: dict[str, str] = {
    DocumentKind.INSPECTION_RECORD: "现场检查笔录",
    DocumentKind.RECTIFICATION_ORDER: "责令改正通知书",
    DocumentKind.PENALTY_NOTICE: "行政处罚事先告知书",
    DocumentKind.PENALTY_DECISION: "行政处罚决定书",
    DocumentKind.NO_PENALTY_DECISION: "不予行政处罚决定书",
    DocumentKind.SERVICE_RECEIPT: "送达回证",
}
SUMMARY_TITLE = "当场行政处罚决定书"
DECISIONS = (DocumentKind.PENALTY_DECISION, DocumentKind.NO_PENALTY_DECISION)
SEAL = "（印章）"

# The fields an uploaded template of each kind must print (besides rendering with the sample):
# a county's template that drops the remedy or the seal area would make every document unlawful.
_ISSUED = ("number", "body", "date", "seal", "party")
REQUIRED_FIELDS: dict[str, tuple[str, ...]] = {
    DocumentKind.INSPECTION_RECORD: ("number", "party", "step_date", "officers", "record"),
    DocumentKind.RECTIFICATION_ORDER: (*_ISSUED, "facts", "violation", "rectification_due", "remedy"),
    DocumentKind.PENALTY_NOTICE: (*_ISSUED, "facts", "violation", "penalty_text", "statement_until"),
    DocumentKind.PENALTY_DECISION: (*_ISSUED, "facts", "evidence", "violation", "penalty_text", "payment", "remedy"),
    DocumentKind.NO_PENALTY_DECISION: (*_ISSUED, "facts", "remedy"),
    DocumentKind.SERVICE_RECEIPT: ("number", "party", "served_document", "served_on", "service_method"),
}


def cn_date(d: dt.date | None) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if d else ""


def money(v: Any) -> str:
    return f"{v:,.2f}" if v else "0.00"


def county_of(region: Region) -> Region | None:
    """The county (区县) the region belongs to: its reconsideration body and court are the county's."""
    node: Region | None = region
    while node is not None and node.level != Region.Level.COUNTY:
        node = node.parent
    return node


def remedy_bodies(case: Case) -> dict[str, Any]:
    """Where the party may seek redress. Since the 2023 行政复议法 (art. 24) the county government
    hears reconsideration of its departments and townships; a suit goes to the basic court of the
    county (行政诉讼法 art. 18). A county with centralised jurisdiction sets the names
    (FAZHI_CASE_RECONSIDERATION_BODY, FAZHI_CASE_COURT)."""
    county = county_of(case.body.region)
    county_name = county.name if county is not None else case.body.region.name
    return {
        "reconsideration": settings.FAZHI_CASE_RECONSIDERATION_BODY or f"{county_name}人民政府",
        "court": settings.FAZHI_CASE_COURT or f"{county_name}人民法院",
        "reconsideration_days": settings.FAZHI_CASE_RECONSIDERATION_DAYS,
        "litigation_months": settings.FAZHI_CASE_LITIGATION_MONTHS,
    }


def remedy_text(bodies: dict[str, Any]) -> str:
    return (
        f"如不服本决定，可以在收到本决定书之日起{bodies['reconsideration_days']}日内向"
        f"{bodies['reconsideration']}申请行政复议，或者在{bodies['litigation_months']}个月内依法向"
        f"{bodies['court']}提起行政诉讼。行政复议或者行政诉讼期间，本决定不停止执行，法律另有规定的除外。"
    )


def _payment(case: Case) -> dict[str, Any]:
    on_the_spot = case.procedure == Case.Procedure.SUMMARY and case.paid_on is not None
    bank, account = settings.FAZHI_CASE_FINE_BANK, settings.FAZHI_CASE_FINE_ACCOUNT
    name, place = settings.FAZHI_CASE_FINE_ACCOUNT_NAME, settings.FAZHI_CASE_FINE_PLACE
    if on_the_spot:
        text = (
            f"罚款人民币{money(case.paid_amount)}元已由执法人员依照《中华人民共和国行政处罚法》第六十八条的规定"
            f"于{cn_date(case.paid_on)}当场收缴，并出具了专用票据。"
        )
    else:
        where = f"到{bank}" if bank else "到指定的银行"
        if account:
            where += f"（户名：{name or case.body.name}，账号：{account}）"
        if place:
            where += f"或者通过{place}"
        text = (
            f"请自收到本决定书之日起{settings.FAZHI_CASE_PAYMENT_DAYS}日内，持本决定书{where}缴纳罚款。"
            "依照《中华人民共和国行政处罚法》第六十七条的规定，作出罚款决定的行政机关及其执法人员不自行收缴罚款。"
            "到期不缴纳罚款的，每日按罚款数额的百分之三加处罚款，加处罚款的数额不超出罚款的数额。"
        )
    return {
        "bank": bank,
        "account": account,
        "account_name": name or case.body.name,
        "place": place,
        "on_the_spot": on_the_spot,
        "paid_on": cn_date(case.paid_on),
        "text": text,
    }


def _penalty_text(case: Case) -> str:
    parts = []
    if case.warning_penalty:
        parts.append("警告")
    if case.fine:
        parts.append(f"罚款人民币{money(case.fine)}元")
    if case.other_penalties.strip():
        parts.append(case.other_penalties.strip().rstrip("。；;"))
    return "；".join(parts)


def _discretion(case: Case) -> str:
    """The discretion reasoning, or "" (no "裁量说明：。" when there is none)."""
    note = case.discretion_note.strip()
    if case.procedure == Case.Procedure.SUMMARY and note in {"Summary procedure", "简易程序"}:
        note = ""
    circumstance = case.get_circumstance_display() if case.circumstance else ""
    if circumstance and note:
        return f"属{circumstance}情形。{note}"
    if circumstance:
        return f"属{circumstance}情形。"
    return note


def _served_document(case: Case) -> dict[str, str]:
    doc = CaseDocument.objects.filter(case=case, kind__in=DECISIONS).order_by("-pk").first()
    if doc is None:
        return {"title": "", "number": ""}
    title = TITLES[doc.kind]
    if doc.kind == DocumentKind.PENALTY_DECISION and case.procedure == Case.Procedure.SUMMARY:
        title = SUMMARY_TITLE
    return {"title": title, "number": doc.number}


def _evidence(case: Case) -> list[str]:
    if case.pk is None:
        return []
    out = [f"{e.description}（{e.get_kind_display()}）" for e in case.evidence.all()]
    if CaseStep.objects.filter(case=case, kind="investigate").exists():
        out.insert(0, "现场检查笔录")
    return out


def document_date(case: Case, kind: str, step: CaseStep | None) -> dt.date | None:
    """The day a document bears: its step's day (the decision day for decisions, the service day
    for the receipt), never the day it was generated."""
    if kind in DECISIONS and case.decided_on:
        return case.decided_on
    if kind == DocumentKind.SERVICE_RECEIPT and case.served_on:
        return case.served_on
    if kind == DocumentKind.PENALTY_NOTICE and case.notified_on:
        return case.notified_on
    return step.day if step is not None else None


def context(case: Case, *, number: str, step: CaseStep | None, kind: str = "") -> dict[str, Any]:
    """Everything a template may print: plain strings only (the sandbox sees no model)."""
    officers = list(step.officers.all()) if step is not None else []
    if not officers and case.pk is not None:
        officers = list(case.officers.all())
    person = case.party_kind == Case.PartyKind.PERSON
    summary = case.procedure == Case.Procedure.SUMMARY
    title = TITLES.get(kind, "")
    if kind == DocumentKind.PENALTY_DECISION and summary:
        title = SUMMARY_TITLE
    bodies = remedy_bodies(case)
    established = case.outcome != Case.Outcome.NO_PENALTY
    return {
        "title": title,
        "number": number,
        "case_number": case.number,
        "body": case.body.name,
        "date": cn_date(document_date(case, kind, step)),
        "seal": SEAL,
        "party": {
            "name": case.party_name,
            "kind": case.get_party_kind_display(),
            "is_person": person,
            "id_number": case.party_id_number,
            "address": case.party_address or (case.enterprise.address if case.enterprise else ""),
            "uscc": case.enterprise.uscc if case.enterprise else "",
            "legal_representative": case.enterprise.legal_representative if case.enterprise else "",
        },
        "violation": {
            "name": case.violation.name,
            "violated": case.violation.violated_provision,
            "penalty": case.violation.penalty_provision,
        },
        "violation_established": established,
        "occurred_on": cn_date(case.occurred_on),
        "filed_on": cn_date(case.filed_on),
        "notified_on": cn_date(case.notified_on),
        "facts": case.facts.strip(),
        "evidence": _evidence(case),
        "record": step.text if step is not None else "",
        "step_date": cn_date(step.day) if step is not None else "",
        "officers": [{"name": o.name, "certificate": o.certificate_no} for o in officers],
        "procedure": case.get_procedure_display(),
        "summary_procedure": summary,
        "outcome": case.get_outcome_display() if case.outcome else "",
        "fine": money(case.fine),
        "fine_value": str(case.fine),
        "warning": case.warning_penalty,
        "other_penalties": case.other_penalties,
        "penalty_text": _penalty_text(case),
        "discretion": _discretion(case),
        "circumstance": case.get_circumstance_display() if case.circumstance else "",
        "waiver": {
            "kind": case.waiver.get_kind_display() if case.waiver else "",
            "ground": case.waiver.legal_ground if case.waiver else "",
            "conditions": case.waiver.conditions_text if case.waiver else "",
        },
        "rectification_due": cn_date(case.rectification_due),
        "statement_until": cn_date(case.statement_until),
        "hearing_right": case.hearing_eligible,
        "hearing_request_until": cn_date(case.hearing_request_until),
        "statement": case.statement.strip(),
        "statement_waived": case.statement_waived,
        "decided_on": cn_date(case.decided_on),
        "payment_due": cn_date(case.payment_due),
        "payment_days": settings.FAZHI_CASE_PAYMENT_DAYS,
        "payment": _payment(case),
        "served_on": cn_date(case.served_on),
        "service_method": case.get_service_method_display() if case.service_method else "",
        "service_recipient": case.service_recipient,
        "served_document": _served_document(case) if case.pk is not None else {"title": "", "number": ""},
        "remedy_bodies": bodies,
        "remedy": remedy_text(bodies),
    }


def sample_context() -> dict[str, Any]:
    """A complete context with sample values: an uploaded template must render with it."""
    party = {
        "name": "示例有限公司",
        "kind": "单位",
        "is_person": False,
        "id_number": "",
        "address": "示例镇示例路1号",
        "uscc": "91500000000000000X",
        "legal_representative": "张三",
    }
    bodies = {
        "reconsideration": "示例县人民政府",
        "court": "示例县人民法院",
        "reconsideration_days": 60,
        "litigation_months": 6,
    }
    payment = {
        "bank": "示例银行",
        "account": "000000000000",
        "account_name": "示例执法主体",
        "place": "",
        "on_the_spot": False,
        "paid_on": "",
        "text": "请自收到本决定书之日起15日内缴纳罚款。",
    }
    return {
        "title": "行政处罚决定书", "number": "示例罚决〔2026〕1号", "case_number": "示例立〔2026〕1号",
        "body": "示例执法主体", "date": "2026年1月1日", "seal": SEAL, "party": party,
        "violation": {"name": "示例违法行为", "violated": "《示例法》第一条", "penalty": "《示例法》第二条"},
        "violation_established": True,
        "occurred_on": "2026年1月1日", "filed_on": "2026年1月1日", "notified_on": "2026年1月1日",
        "facts": "示例事实", "evidence": ["现场检查笔录", "现场照片（照片）"],
        "record": "示例笔录", "step_date": "2026年1月1日",
        "officers": [{"name": "李四", "certificate": "00000001"}, {"name": "王五", "certificate": "00000002"}],
        "procedure": "一般程序", "summary_procedure": False, "outcome": "处罚", "fine": "1,000.00",
        "fine_value": "1000.00", "warning": True, "other_penalties": "", "penalty_text": "警告；罚款人民币1,000.00元",
        "discretion": "示例说理", "circumstance": "一般",
        "waiver": {"kind": "", "ground": "", "conditions": ""}, "rectification_due": "2026年1月15日",
        "statement_until": "2026年1月6日", "hearing_right": False, "hearing_request_until": "",
        "statement": "", "statement_waived": False, "decided_on": "2026年1月1日", "payment_due": "2026年1月16日",
        "payment_days": 15, "payment": payment, "served_on": "2026年1月1日", "service_method": "直接送达",
        "service_recipient": "张三", "served_document": {"title": "行政处罚决定书", "number": "示例罚决〔2026〕1号"},
        "remedy_bodies": bodies, "remedy": remedy_text(bodies),
    }  # fmt: skip
