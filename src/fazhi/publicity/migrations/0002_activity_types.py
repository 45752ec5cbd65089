"""The catalogue of activity types, as data (a county may add or retire its own); each type's
category says which figure counts it (docs/publicity.md)."""

from typing import Any

from django.db import migrations

TYPES = [
    ("school_first_class", "开学法治第一课", "school"),
    ("moot_court", "模拟法庭", "school"),
    ("law_in_school", "法治进校园", "school"),
    ("bench_talk", "板凳普法", "grassroots"),
    ("courtyard_talk", "院坝宣讲", "grassroots"),
    ("case_explained", "以案释法", "case_explained"),
    ("mediation_talk", "调解说事", "mediation"),
    ("constitution_week", "宪法宣传周", "campaign"),
    ("civil_code_month", "民法典宣传月", "campaign"),
    ("law_performance", "法治文艺演出", "campaign"),
    ("legal_consultation", "法律咨询", "campaign"),
    ("mobile_van", "流动普法车", "outreach"),
    ("door_to_door", "上门送法", "outreach"),
    ("online_publicity", "线上普法", "outreach"),
    ("coordination_meeting", "普法协调会", "meeting"),
    ("other", "其他", "other"),
]


def add(apps: Any, schema_editor: Any) -> None:
    ActivityType = apps.get_model("publicity", "ActivityType")
    for order, (code, name, category) in enumerate(TYPES, start=1):
        ActivityType.objects.get_or_create(code=code, defaults={"name": name, "category": category, "order": order})


class Migration(migrations.Migration):
    dependencies = [("publicity", "0001_initial")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
