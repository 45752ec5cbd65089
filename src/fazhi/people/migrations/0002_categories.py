"""The categories of domain-rules §7, as data (a county may add its own)."""

from __future__ import annotations

from typing import Any

from django.db import migrations

CATEGORIES = [
    ("mental", "严重精神障碍患者", "mental", "《精神卫生法》第二十四条、第五十五条", 5),
    ("corrections", "社区矫正对象", "plan", "《社区矫正法》第二十四条", 5),
    ("released", "刑满释放人员", "default", "安置帮教工作规定 (帮教期五年)", 5),
    ("cult", "涉邪人员", "quarter", "乡镇每季度必访制度; 个人信息保护法第十三条第一款第三项", 5),
    ("drugs", "社区戒毒康复人员", "default", "《禁毒法》第三十三条", 5),
    ("other", "其他重点人员", "default", "个人信息保护法第十三条第一款第三项", 5),
]


def add(apps: Any, schema_editor: Any) -> None:
    Category = apps.get_model("people", "PersonCategory")
    for order, (code, name, rule, basis, years) in enumerate(CATEGORIES):
        Category.objects.get_or_create(
            code=code,
            defaults={"name": name, "visit_rule": rule, "legal_basis": basis, "retention_years": years, "order": order},
        )


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
