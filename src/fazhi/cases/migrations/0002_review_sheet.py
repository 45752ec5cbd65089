"""The default case-file review sheet (domain-rules §5): 9 veto items, 20 presentation points,
80 content points. Counties edit the texts and points; the metrics feed the three rates."""

from typing import Any

from django.db import migrations

SHEET = [
    # code, section, text, points, metric, automatic pre-check
    ("veto_body", "veto", "执法主体合法", 0, "procedure", ""),
    ("veto_qualification", "veto", "执法人员具备执法资格", 0, "procedure", "certificates"),
    ("veto_transfer", "veto", "应当移送的案件依法移送", 0, "procedure", ""),
    ("veto_evidence", "veto", "证据确凿、充分", 0, "evidence", "evidence"),
    ("veto_facts", "veto", "事实清楚", 0, "evidence", ""),
    ("veto_characterisation", "veto", "定性准确", 0, "other", ""),
    ("veto_law", "veto", "适用法律依据正确", 0, "other", ""),
    ("veto_procedure", "veto", "程序合法", 0, "procedure", ""),
    ("veto_two_officers", "veto", "执法人员不少于两人", 0, "procedure", "two_officers"),
    ("p_cover", "presentation", "案卷封面、卷内目录、页码齐全规范", 5, "document", ""),
    ("p_one_file", "presentation", "一案一卷，文书材料排列有序", 5, "document", ""),
    ("p_documents", "presentation", "文书齐全，文号规范", 5, "document", "docs_complete"),
    ("p_signatures", "presentation", "签名、盖章、日期完整", 5, "document", ""),
    ("c_filing", "content", "立案审批及时、手续完备", 10, "procedure", ""),
    ("c_investigation", "content", "调查取证两人以上、出示证件、笔录完整", 10, "procedure", ""),
    ("c_evidence", "content", "证据合法、充分、形成证据链", 15, "evidence", "evidence"),
    ("c_notice", "content", "依法告知陈述申辩及听证权利并复核", 10, "procedure", "notice_given"),
    ("c_review", "content", "法制审核、集体讨论符合要求", 10, "procedure", "legal_review"),
    ("c_decision", "content", "决定书要素齐全、引用法条准确、裁量说理充分", 10, "document", ""),
    ("c_deadline", "content", "在法定期限内作出决定", 5, "procedure", "decision_in_time"),
    ("c_service", "content", "依法送达（7个工作日内）", 5, "procedure", "service_in_time"),
    ("c_execution", "content", "执行到位、结案归档", 5, "procedure", ""),
]


def seed(apps: Any, schema_editor: Any) -> None:
    ReviewItem = apps.get_model("cases", "ReviewItem")
    for seq, (code, section, text, points, metric, check) in enumerate(SHEET, start=1):
        ReviewItem.objects.update_or_create(
            code=code,
            defaults={"section": section, "seq": seq, "text": text, "points": points, "metric": metric, "auto_check": check},
        )


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
