"""Build the packaged default case-document templates (src/fazhi/cases/docx/*.docx).

Run after changing the wording here: `.venv/bin/python scripts/make_case_templates.py`. Counties
replace a template on the rules page without code; these are only the defaults.

The layout follows 司法部's 行政处罚文书格式文本 and GB/T 9704 for the page: A4, margins 37/35/28/26 mm
(top/bottom/left/right), the body's name and the title centred in 宋体 (二号, 22 pt), the number
right-aligned, text in 仿宋 (三号, 16 pt) with a two-character first-line indent and a fixed 28 pt
line, and the seal area (落款: body, date, "（印章）") right-aligned at the end. 仿宋/宋体 are the East
Asian fonts Word on county PCs has; the PDF path maps them to Noto CJK (cases/fontconfig).

A line is a paragraph of text (indented), or a pair (style, text) with style one of "left" (no
indent), "right", "center", "p" (a docxtpl paragraph tag such as ``if x`` / ``endif`` / ``for``).
A paragraph tag keeps a line out of the document when its field is empty: no "住址：" with nothing
after it, no "裁量理由：。".
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

OUT = Path(__file__).resolve().parent.parent / "src" / "fazhi" / "cases" / "docx"

Line = str | tuple[str, str]


def p(tag: str) -> Line:
    return ("p", tag)


PARTY: list[Line] = [
    ("left", "当事人：{{ party.name }}"),
    p("if party.is_person"),
    p("if party.id_number"),
    ("left", "身份证件号码：{{ party.id_number }}"),
    p("endif"),
    p("if party.address"),
    ("left", "住址：{{ party.address }}"),
    p("endif"),
    p("else"),
    p("if party.uscc"),
    ("left", "统一社会信用代码：{{ party.uscc }}"),
    p("endif"),
    p("if party.address"),
    ("left", "住所：{{ party.address }}"),
    p("endif"),
    p("if party.legal_representative"),
    ("left", "法定代表人（负责人）：{{ party.legal_representative }}"),
    p("endif"),
    p("endif"),
]
EVIDENCE: list[Line] = [
    p("if evidence"),
    "以上事实有以下证据证明：",
    p("for e in evidence"),
    "{{ loop.index }}. {{ e }}；",
    p("endfor"),
    p("endif"),
]
DISCRETION: list[Line] = [p("if discretion"), "裁量理由：{{ discretion }}", p("endif")]
SEAL: list[Line] = [("right", "{{ body }}"), ("right", "{{ seal }}"), ("right", "{{ date }}")]
OFFICERS = (
    "{% for o in officers %}{{ o.name }}（执法证号：{{ o.certificate }}）"
    "{% if not loop.last %}、{% endif %}{% endfor %}"
)
FACTS = "经查，当事人于{{ occurred_on }}{{ facts }}"

DOCS: dict[str, tuple[str, list[Line]]] = {
    "inspection_record": (
        "现场检查笔录",
        [
            ("left", "检查时间：{{ step_date }}"),
            p("if party.address"),
            ("left", "检查地点：{{ party.address }}"),
            p("endif"),
            ("left", "被检查人：{{ party.name }}"),
            p("if party.uscc"),
            ("left", "统一社会信用代码：{{ party.uscc }}"),
            p("endif"),
            p("if party.legal_representative"),
            ("left", "法定代表人（负责人）：{{ party.legal_representative }}"),
            p("endif"),
            p("if case_number"),
            ("left", "案号：{{ case_number }}"),
            p("endif"),
            ("left", "执法人员：" + OFFICERS),
            "执法人员已向被检查人出示执法证件，表明身份，告知其依法享有陈述、申辩和申请回避的权利。",
            "检查情况：{{ record }}",
            ("left", "被检查人核对意见：以上笔录已阅，与事实相符。"),
            ("left", "被检查人签名：____________    日期：____________"),
            ("left", "执法人员签名：____________    ____________"),
        ],
    ),
    "rectification_order": (
        "责令改正通知书",
        [
            *PARTY,
            FACTS,
            "上述行为违反了{{ violation.violated }}的规定。依据《中华人民共和国行政处罚法》第二十八条第一款的规定，"
            "本机关责令你（单位）于{{ rectification_due }}前改正上述违法行为：{{ record }}",
            "逾期不改正的，本机关将依法处理。",
            "{{ remedy }}",
            *SEAL,
        ],
    ),
    "penalty_notice": (
        "行政处罚事先告知书",
        [
            *PARTY,
            FACTS,
            *EVIDENCE,
            "你（单位）的上述行为违反了{{ violation.violated }}的规定。",
            *DISCRETION,
            "依据{{ violation.penalty }}的规定，本机关拟对你（单位）作出如下行政处罚：{{ penalty_text }}。",
            "依照《中华人民共和国行政处罚法》第四十四条、第四十五条的规定，你（单位）有权进行陈述和申辩，"
            "请于{{ statement_until }}前向本机关提出。",
            p("if hearing_right"),
            "依照《中华人民共和国行政处罚法》第六十三条、第六十四条的规定，你（单位）有权要求听证，"
            "请于{{ hearing_request_until }}前向本机关提出。",
            p("endif"),
            "逾期未提出的，视为放弃上述权利。",
            *SEAL,
        ],
    ),
    "penalty_decision": (
        "{{ title }}",
        [
            *PARTY,
            p("if summary_procedure"),
            "执法人员" + OFFICERS + "于{{ date }}当场向当事人出示执法证件，查明：当事人于{{ occurred_on }}{{ facts }}",
            "执法人员当场告知当事人拟作出行政处罚的事实、理由和依据，并告知其依法享有陈述、申辩的权利。"
            "{% if statement %}当事人陈述、申辩：{{ statement }}。执法人员已听取并复核。"
            "{% else %}当事人未提出陈述、申辩。{% endif %}",
            p("else"),
            FACTS,
            *EVIDENCE,
            "本机关于{{ notified_on }}告知当事人拟作出行政处罚的事实、理由、依据及依法享有的陈述、申辩"
            "{% if hearing_right %}、要求听证{% endif %}的权利。"
            "{% if statement %}当事人提出陈述、申辩意见：{{ statement }}。本机关已进行复核。"
            "{% elif statement_waived %}当事人明确放弃陈述、申辩{% if hearing_right %}和听证{% endif %}的权利。"
            "{% else %}当事人在规定期限内未提出陈述、申辩。{% endif %}",
            p("endif"),
            "当事人的上述行为违反了{{ violation.violated }}的规定。",
            *DISCRETION,
            "依据{{ violation.penalty }}的规定，本机关决定对当事人作出如下行政处罚：{{ penalty_text }}。",
            p("if fine_value != '0.00'"),
            "{{ payment.text }}",
            p("endif"),
            "{{ remedy }}",
            p("if summary_procedure"),
            ("left", "当事人签收：____________    执法人员签名：____________"),
            p("endif"),
            *SEAL,
        ],
    ),
    "no_penalty_decision": (
        "不予行政处罚决定书",
        [
            *PARTY,
            p("if violation_established"),
            FACTS,
            *EVIDENCE,
            "当事人的上述行为违反了{{ violation.violated }}的规定。"
            "{% if waiver.kind %}鉴于当事人的情形符合{{ waiver.kind }}清单的条件（{{ waiver.conditions }}），"
            "依据{{ waiver.ground }}的规定，本机关决定不予行政处罚。{% else %}{{ discretion }}"
            "依据《中华人民共和国行政处罚法》第五十七条第一款第二项的规定，本机关决定不予行政处罚。{% endif %}",
            "依照《中华人民共和国行政处罚法》第三十三条第三款的规定，本机关已对当事人进行教育，请依法合规经营。",
            p("else"),
            "本机关于{{ filed_on }}对当事人涉嫌{{ violation.name }}一案立案调查。经调查：{{ discretion }}",
            "违法事实不能成立。依据《中华人民共和国行政处罚法》第五十七条第一款第三项的规定，本机关决定不予行政处罚。",
            p("endif"),
            "{{ remedy }}",
            *SEAL,
        ],
    ),
    "service_receipt": (
        "送达回证",
        [
            ("left", "送达文书：{{ served_document.title }}（{{ served_document.number }}）"),
            p("if case_number"),
            ("left", "案号：{{ case_number }}"),
            p("endif"),
            ("left", "受送达人：{{ party.name }}"),
            p("if party.address"),
            ("left", "送达地点：{{ party.address }}"),
            p("endif"),
            ("left", "送达方式：{{ service_method }}"),
            ("left", "送达日期：{{ served_on }}"),
            p("if service_recipient"),
            ("left", "收件人：{{ service_recipient }}    签名：____________"),
            p("endif"),
            ("left", "送达人：" + OFFICERS),
            ("left", "送达人签名：____________    ____________"),
            ("left", "备注：____________"),
        ],
    ),
}


def _page(doc: Document) -> None:
    for section in doc.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
    style = doc.styles["Normal"]
    style.font.name = "FangSong"
    style.font.size = Pt(16)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋")
    lang = OxmlElement("w:lang")  # Chinese text: LibreOffice takes the SC face of Noto CJK, not JP
    lang.set(qn("w:val"), "zh-CN")
    lang.set(qn("w:eastAsia"), "zh-CN")
    style.element.rPr.append(lang)
    fmt = style.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(28)
    fmt.space_before = fmt.space_after = Pt(0)


def _heading(doc: Document, text: str, align: WD_ALIGN_PARAGRAPH, size: int | None = None) -> None:
    par = doc.add_paragraph()
    par.alignment = align
    run = par.add_run(text)
    if size is not None:
        run.bold = True
        run.font.size = Pt(size)
        run.font.name = "SimSun"
        run.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
        par.paragraph_format.line_spacing = Pt(size + 14)


def build(kind: str, title: str, lines: list[Line]) -> None:
    doc = Document()
    _page(doc)
    _heading(doc, "{{ body }}", WD_ALIGN_PARAGRAPH.CENTER, 22)
    _heading(doc, title, WD_ALIGN_PARAGRAPH.CENTER, 22)
    _heading(doc, "{{ number }}", WD_ALIGN_PARAGRAPH.RIGHT)
    for i, line in enumerate(lines):
        style, text = ("indent", line) if isinstance(line, str) else line
        par = doc.add_paragraph()
        if style == "p":
            par.add_run("{%p " + text + " %}")
            continue
        par.add_run(text)
        # the seal area stays on one page with the paragraph above it (no lone "（印章）" page)
        following = [x for x in lines[i + 1 :] if not (isinstance(x, tuple) and x[0] == "p")]
        if following and isinstance(following[0], tuple) and following[0][0] == "right":
            par.paragraph_format.keep_with_next = True
        if style == "indent":  # left, not justified: LibreOffice drops a "，" ending a justified CJK line
            par.alignment = WD_ALIGN_PARAGRAPH.LEFT
            par.paragraph_format.first_line_indent = Pt(32)
        elif style == "right":
            par.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        elif style == "center":
            par.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.core_properties.title = title if "{" not in title else "行政处罚决定书"
    doc.core_properties.author = "fazhi"
    doc.save(OUT / f"{kind}.docx")


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    for kind, (title, lines) in DOCS.items():
        build(kind, title, lines)
        print(OUT / f"{kind}.docx")
