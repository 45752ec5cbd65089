"""The 五个严禁 (domain-rules §1) as the first red-line list; the county adds its 八个不得."""

from django.db import migrations

FIVE = ["严禁逐利检查", "严禁干扰企业正常生产经营", "严禁任性处罚", "严禁下达检查指标", "严禁变相检查"]


def add(apps, schema_editor):
    RedLine = apps.get_model("supervision", "RedLine")
    for seq, text in enumerate(FIVE, start=1):
        RedLine.objects.get_or_create(group="五个严禁", seq=seq, defaults={"text": text})


class Migration(migrations.Migration):
    dependencies = [("supervision", "0005_red_lines")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
