"""Issue 15 item 7: warning rules over the publication of penalty decisions (国办发〔2018〕118号:
within 7 working days of the decision; 处罚法 art. 48: withdrawn within 3 working days of being
changed or revoked). Data the county supervisor edits on the rules page like the others."""

from django.db import migrations

RULES = [
    ("case_publication_late", "处罚决定公示超期", "medium", {}, "行政处罚决定未在作出之日起7个工作日内公示"),
    ("case_withdrawal_late", "处罚决定撤回超期", "high", {}, "处罚决定被变更或撤销后，公示未在3个工作日内撤回"),
]


def add(apps, schema_editor):
    WarningRule = apps.get_model("supervision", "WarningRule")
    for code, name, severity, params, description in RULES:
        WarningRule.objects.get_or_create(
            code=code, defaults={"name": name, "severity": severity, "params": params, "description": description}
        )


def remove(apps, schema_editor):
    apps.get_model("supervision", "WarningRule").objects.filter(
        code__in=[r[0] for r in RULES], warnings__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("supervision", "0009_case_rules")]
    operations = [migrations.RunPython(add, remove)]
