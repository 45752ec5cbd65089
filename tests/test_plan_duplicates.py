"""The same plan line twice (body, enterprise, matter, month) is refused, on the page's service
and in the Excel import, and the database holds one live line; a withdrawn line may be planned
again."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from fazhi.core.errors import ValidationError
from fazhi.core.models import LedgerEntry
from fazhi.inspections import services
from fazhi.inspections.models import PlanItem
from tests.factories import MatterFactory

pytestmark = pytest.mark.django_db


def _months() -> tuple[dt.date, dt.date]:
    """The first day of this month (before the plan deadline) and of next month."""
    first = timezone.localdate().replace(day=1)
    return first, (first + dt.timedelta(days=32)).replace(day=1)


@pytest.fixture
def dup_world(world: Any) -> Any:
    world.matter_a = MatterFactory(body=world.body_a, name="安全生产检查")
    return world


def add(world: Any, **kw: Any) -> PlanItem:
    today, nxt = _months()
    values: dict[str, Any] = {
        "body": world.body_a,
        "enterprise": world.ent_a,
        "matter": world.matter_a,
        "inspection_type": "routine",
        "earliest": nxt,
        "latest": nxt + dt.timedelta(days=10),
        "today": today,
    }
    values.update(kw)
    return services.plan_item_add(actor=world["inspector_a"], **values)


def test_the_same_line_twice_is_refused_and_names_the_first(dup_world: Any, settings: Any) -> None:
    settings.FAZHI_ROUTINE_CAP_PER_YEAR = 5
    first = add(dup_world)
    items, entries = PlanItem.objects.count(), LedgerEntry.objects.count()
    _today, nxt = _months()
    for kw in (
        {},
        {"earliest": nxt + dt.timedelta(days=12), "latest": nxt + dt.timedelta(days=20)},
        {"inspection_type": "lead"},
    ):
        with pytest.raises(ValidationError) as exc:
            add(dup_world, **kw)
        assert f"第{first.pk}条" in exc.value.message and "已在" in exc.value.message
        assert exc.value.details and "matter" in exc.value.details
    assert PlanItem.objects.count() == items and LedgerEntry.objects.count() == entries
    # another matter, or another month, is another line
    add(dup_world, matter=MatterFactory(body=dup_world.body_a))
    # withdrawn: the line may be planned again
    services.plan_item_withdraw(actor=dup_world["inspector_a"], item=first)
    add(dup_world)
    assert PlanItem.objects.exclude(status="withdrawn").count() == 2


def test_database_holds_one_live_line(dup_world: Any) -> None:
    first = add(dup_world)
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanItem.objects.create(
            body=first.body,
            month=first.month,
            enterprise=first.enterprise,
            matter=first.matter,
            inspection_type="lead",
            earliest=first.earliest,
            latest=first.latest,
        )


def test_import_refuses_the_duplicate_row(dup_world: Any) -> None:
    from fazhi.inspections.imports import COLUMNS
    from tests.xlsx import workbook

    _today, nxt = _months()
    header = [c.zh() for c in COLUMNS]
    row = [
        "ZF-A",
        dup_world.ent_a.uscc,
        dup_world.matter_a.code,
        "日常检查",
        nxt.isoformat(),
        (nxt + dt.timedelta(days=10)).isoformat(),
        "",
    ]
    c = Client()
    c.force_login(dup_world["inspector_a"])
    upload = workbook(header, [row, row])
    upload.name = "plan.xlsx"
    page = c.post(
        reverse("inspections:plan_import"), {"file": upload, "partial": "on", "month_view": f"{nxt:%Y-%m}"}, follow=True
    ).content.decode()
    assert PlanItem.objects.count() == 1
    item = PlanItem.objects.get()
    assert "第 3 行" in page and f"第{item.pk}条" in page
    upload = workbook(header, [row])  # again later: refused against the line already there
    upload.name = "plan.xlsx"
    page = c.post(
        reverse("inspections:plan_import"), {"file": upload, "month_view": f"{nxt:%Y-%m}"}, follow=True
    ).content.decode()
    assert "第 2 行" in page and "未写入任何数据" in page and PlanItem.objects.count() == 1
