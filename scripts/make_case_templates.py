"""Build the packaged default case-document templates (src/fazhi/cases/docx/*.docx).

Run after changing the wording here: `.venv/bin/python scripts/make_case_templates.py`. Counties
replace a template on the rules page without code; these are only the defaults. Text uses 仿宋
(body) and 宋体 (titles) as East Asian fonts, which Word on county PCs has.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

OUT = Path(__file__).resolve().parent.parent / "src" / "fazhi" / "cases" / "docx"

HEAD = ["{{ body }}", "{title}", "{{ number }}"]
PARTY = "当事人：{{ party.name }}（{{ party.kind }}）{% if party.uscc %}  统一社会信用代码：{{ party.uscc }}{% endif %}{% if party.id_number %}  身份证号码：{{ party.id_number }}{% endif %}"
ADDRESS = "地址：{{ party.address }}"
OFFICERS = "执法人员：{% for o in officers %}{{ o.name }}（执法证号 {{ o.certificate }}）{% if not loop.last %}、{% endif %}{% endfor %}"

DOCS: dict[str, tuple[str, list[str]]] = {
    "inspection_record": (
        "现场检查笔录",
        [
            "案号：{{ case_number }}",
            PARTY,
            ADDRESS,
            "检查时间：{{ step_date }}",
            OFFICERS,
            "执法人员已出示执法证件，告知当事人有申请回避的权利。",
            "检查情况：{{ record }}",
            "当事人核对无误后签名：____________    执法人员签名：____________",
        ],
    ),
    "rectification_order": (
        "责令改正通知书",
        [
            PARTY,
            "经查，你（单位）于{{ occurred_on }}存在以下违法行为：{{ facts }}",
            "上述行为违反了{{ violation.violated }}的规定。",
            "根据《中华人民共和国行政处罚法》第二十八条的规定，责令你（单位）于{{ rectification_due }}前改正：{{ record }}",
            "逾期不改正的，本机关将依法处理。",
            "{{ body }}    {{ date }}",
        ],
    ),
    "penalty_notice": (
        "行政处罚事先告知书",
        [
            PARTY,
            ADDRESS,
            "经查，你（单位）于{{ occurred_on }}：{{ facts }}",
            "上述行为违反了{{ violation.violated }}的规定。依据{{ violation.penalty }}的规定，本机关拟对你（单位）作出如下行政处罚："
            "{% if warning %}警告；{% endif %}{% if fine_value != '0.00' %}罚款人民币{{ fine }}元；{% endif %}{{ other_penalties }}",
            "裁量说明：{{ circumstance }}。{{ discretion }}",
            "根据《中华人民共和国行政处罚法》第四十四条、第四十五条的规定，你（单位）有权进行陈述和申辩，请于{{ statement_until }}前提出。"
            "{% if hearing_right %}根据第六十三条、第六十四条的规定，你（单位）有权要求听证，请于{{ hearing_request_until }}前提出。{% endif %}"
            "逾期视为放弃上述权利。",
            "{{ body }}    {{ date }}",
        ],
    ),
    "penalty_decision": (
        "行政处罚决定书",
        [
            PARTY,
            ADDRESS,
            "{{ procedure }}。案号：{{ case_number }}",
            "违法事实：{{ facts }}",
            "以上事实有现场检查笔录、证据材料等为证。本机关已依法告知你（单位）拟作出行政处罚的事实、理由、依据及陈述、申辩{% if hearing_right %}、听证{% endif %}的权利。"
            "{% if statement %}你（单位）提出的陈述、申辩意见：{{ statement }}。本机关已进行复核。{% endif %}",
            "你（单位）的上述行为违反了{{ violation.violated }}的规定。裁量说明：{{ circumstance }}。{{ discretion }}",
            "依据{{ violation.penalty }}的规定，本机关决定：{% if warning %}给予警告；{% endif %}{% if fine_value != '0.00' %}罚款人民币{{ fine }}元；{% endif %}{{ other_penalties }}",
            "{% if fine_value != '0.00' %}请于收到本决定书之日起{{ payment_days }}日内缴纳罚款。逾期不缴纳的，每日按罚款数额的百分之三加处罚款，加处罚款的数额不超出罚款数额。{% endif %}",
            "{{ remedy }}",
            "{{ body }}    {{ decided_on }}",
        ],
    ),
    "no_penalty_decision": (
        "不予行政处罚决定书",
        [
            PARTY,
            ADDRESS,
            "案号：{{ case_number }}",
            "经查，你（单位）于{{ occurred_on }}：{{ facts }}",
            "上述行为违反了{{ violation.violated }}的规定。"
            "{% if waiver.kind %}鉴于你（单位）的行为符合{{ waiver.kind }}清单的条件（{{ waiver.conditions }}），依据{{ waiver.ground }}的规定，本机关决定不予行政处罚。"
            "{% else %}{{ discretion }}。本机关决定不予行政处罚。{% endif %}",
            "本机关已对你（单位）进行教育，请依法合规经营。",
            "{{ remedy }}",
            "{{ body }}    {{ decided_on }}",
        ],
    ),
    "service_receipt": (
        "送达回证",
        [
            "案号：{{ case_number }}",
            "受送达人：{{ party.name }}",
            "送达地点：{{ party.address }}",
            "送达文书：{{ outcome }}决定书",
            "送达方式：{{ service_method }}    送达日期：{{ served_on }}",
            "收件人签名：{{ service_recipient }}    ____________",
            OFFICERS.replace("执法人员", "送达人"),
        ],
    ),
}


def _fonts(doc: Document) -> None:
    style = doc.styles["Normal"]
    style.font.name = "FangSong"
    style.font.size = Pt(14)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋")


def build(kind: str, title: str, lines: list[str]) -> None:
    doc = Document()
    _fonts(doc)
    for i, text in enumerate(HEAD):
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(text.replace("{title}", title))
        if i == 1:
            run.bold = True
            run.font.size = Pt(22)
            run.font.name = "SimSun"
            run.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    for text in lines:
        doc.add_paragraph().add_run(text)
    doc.core_properties.title = title
    doc.core_properties.author = "fazhi"
    doc.save(OUT / f"{kind}.docx")


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    for kind, (title, lines) in DOCS.items():
        build(kind, title, lines)
        print(OUT / f"{kind}.docx")
