"""Warning rules over enforcement cases' deadlines (处罚法 art. 56, 60, 61)."""

from django.db import migrations

RULES = [
    ("case_decision_overdue", "办案超期", "high", {}, "立案之日起90日内（含批准延期）未作出处罚决定"),
    ("case_service_late", "送达超期", "medium", {}, "处罚决定未在7个工作日内送达当事人"),
    ("case_preservation_overdue", "登记保存超期", "high", {}, "先行登记保存后7个工作日内未作出处理决定"),
]


def add(apps, schema_editor):
    WarningRule = apps.get_model("supervision", "WarningRule")
    for code, name, severity, params, description in RULES:
        WarningRule.objects.get_or_create(
            code=code, defaults={"name": name, "severity": severity, "params": params, "description": description}
        )


class Migration(migrations.Migration):
    dependencies = [("supervision", "0008_warning_case")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
