"""Issue 15.6: the data migration moves old ratings across without their link to the inspection."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from tests.dbutil import set_ledger_triggers
from tests.factories import BodyFactory, EnterpriseFactory

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("inspections", "0006_plan_item_return_reason")]
AFTER = [("inspections", "0007_anonymous_ratings")]


def _migrate(targets: list[tuple[str, str]]) -> Any:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_old_ratings_become_unlinked_scores_and_used_rights(world: Any) -> None:
    body = BodyFactory()
    enterprise = EnterpriseFactory()
    today = timezone.localdate()
    try:
        apps = _migrate(BEFORE)
        Record = apps.get_model("inspections", "InspectionRecord")
        Rating = apps.get_model("inspections", "Rating")
        made = []
        for n, status in enumerate(["finished", "finished", "finished", "in_progress"]):
            made.append(
                Record.objects.create(
                    enterprise_id=enterprise.pk,
                    lead_body_id=body.pk,
                    inspection_type="routine",
                    date=today - dt.timedelta(days=n),
                    mode="remote",
                    status=status,
                )
            )
        month = today.replace(day=1)
        Rating.objects.create(record=made[0], score=2, comment="慢", month=month)
        Rating.objects.create(record=made[1], score=5, month=month)
        apps = _migrate(AFTER)
        Right = apps.get_model("inspections", "RatingRight")
        Score = apps.get_model("inspections", "RatingScore")
        rights = dict(Right.objects.values_list("record_id", "used"))
        assert rights == {made[0].pk: True, made[1].pk: True, made[2].pk: False}  # the unfinished one: none
        quarter = dt.date(today.year, (today.month - 1) // 3 * 3 + 1, 1)
        assert sorted(Score.objects.values_list("body_id", "period", "score", "comment")) == [
            (body.pk, quarter, 2, "慢"),
            (body.pk, quarter, 5, ""),
        ]
        assert "inspections_rating" not in connection.introspection.table_names()
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
        set_ledger_triggers(False)  # the test database is emptied after this test; the ledger must allow it
