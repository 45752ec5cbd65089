"""The categories of domain-rules §6, as data (a county may add or retire its own)."""

from typing import Any

from django.db import migrations

CATEGORIES = [
    ("marriage_family", "婚姻家庭继承"),
    ("neighbours", "邻里"),
    ("housing_land", "房屋宅基地"),
    ("damages", "损害赔偿"),
    ("contract", "合同"),
    ("forest_land", "山林土地承包"),
    ("expropriation", "征地拆迁"),
    ("labour", "劳动争议"),
    ("village_affairs", "村务管理"),
    ("environment", "环境保护"),
    ("traffic", "交通事故"),
    ("medical", "医患"),
    ("property_management", "物业"),
    ("other", "其他"),
]


def add(apps: Any, schema_editor: Any) -> None:
    Category = apps.get_model("disputes", "DisputeCategory")
    for order, (code, name) in enumerate(CATEGORIES, start=1):
        Category.objects.get_or_create(code=code, defaults={"name": name, "order": order})


class Migration(migrations.Migration):
    dependencies = [("disputes", "0001_initial")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
