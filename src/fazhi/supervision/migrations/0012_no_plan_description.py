"""The ``no_plan`` rule covers any inspection without approval since the rule stopped being about
routine checks only (事后补批 for a check that could not wait); its seeded description still said
日常检查. The words are updated only where the county has not rewritten them."""

from django.db import migrations

OLD = "日常检查未列入已审批的检查计划（未扫码入企）"
NEW = "检查未经审批：既未按已审批的检查方案（计划）实施，也未事后补批（未扫码入企）"


def add(apps, schema_editor):
    WarningRule = apps.get_model("supervision", "WarningRule")
    WarningRule.objects.filter(code="no_plan", description=OLD).update(description=NEW)


def back(apps, schema_editor):
    WarningRule = apps.get_model("supervision", "WarningRule")
    WarningRule.objects.filter(code="no_plan", description=NEW).update(description=OLD)


class Migration(migrations.Migration):
    dependencies = [("supervision", "0011_redline_version")]
    operations = [migrations.RunPython(add, back)]
