"""The default warning rules (domain-rules §1): data the county supervisor edits afterwards."""

from django.db import migrations

RULES = [
    ("multi_agency", "多头检查", "medium", {"window_days": 30}, "不同部门在30日内分别入企检查同一企业，未联合检查"),
    ("high_frequency", "高频检查", "medium", {"per_day": 1, "per_week": 2, "per_month": 3}, "同一企业入企检查每日>1次、每周>2次或每月>3次"),
    ("repeat_matter", "重复检查", "medium", {"window_days": 90}, "同一事项在规定天数内对同一企业重复检查"),
    ("over_cap", "超过年度频次上限", "high", {}, "同一部门对同一企业的年度日常检查超过频次上限"),
    ("no_plan", "无计划检查", "high", {}, "日常检查未列入已审批的检查计划（未扫码入企）"),
    ("single_officer", "单人执法", "high", {"min_officers": 2}, "执法人员少于2人"),
    ("uncertified", "无证或过期证执法", "high", {}, "执法组中有人员执法证件在检查日无效"),
    ("no_code_unfiled", "无码检查未报备", "medium", {}, "无码检查未在规定工作日内向司法所报备"),
    ("inefficient", "低效检查", "low", {"consecutive": 3}, "同一执法人员对同一企业一年内连续3次检查未发现问题"),
    ("late_feedback", "结果反馈超期", "low", {}, "检查结果未在规定工作日内反馈企业"),
    ("late_publication", "结果公示超期", "low", {}, "检查结果未在规定工作日内公示"),
    ("do_not_disturb", "无事不扰违规", "high", {}, "对无事不扰名单内企业开展日常检查"),
]


def add(apps, schema_editor):
    WarningRule = apps.get_model("supervision", "WarningRule")
    for code, name, severity, params, description in RULES:
        WarningRule.objects.get_or_create(
            code=code, defaults={"name": name, "severity": severity, "params": params, "description": description}
        )


class Migration(migrations.Migration):
    dependencies = [("supervision", "0002_warnings")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
