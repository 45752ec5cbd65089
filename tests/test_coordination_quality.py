"""Issue 17.3: every coordination run keeps and shows its quality figures — the gap to the lower
bound, the items left by binding constraint, the solver's proof status."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from fazhi.core.models import LedgerEntry
from fazhi.inspections import services
from fazhi.inspections.coordination_quality import constraint_label, quality_fields
from fazhi.inspections.models import CoordinationRun, FrequencyCap
from fazhi.scheduling.model import Solution
from tests.dates import nxt, this_month
from tests.test_plans import add, add_dept, plan_world, planned_last_month

__all__ = ["plan_world"]  # the fixture, shared with the plans tests
pytestmark = pytest.mark.django_db


def _run(world: Any) -> CoordinationRun:
    return services.coordination_run_create(
        calendar_confirmed=True, actor=world["supervisor"], region=world.county, month=nxt(1)
    )


def test_a_run_at_the_bound_keeps_and_shows_its_proof(plan_world: Any) -> None:
    add(plan_world, earliest=nxt(1), latest=nxt(18))
    add_dept(plan_world)
    run = _run(plan_world)
    run.refresh_from_db()
    assert (run.visits, run.lower_bound, run.gap) == (1, 1, 0)
    assert run.proof == CoordinationRun.Proof.LOWER_BOUND and run.left_by_constraint == {}
    stats = run.solution["stats"]
    assert (stats["proof"], stats["gap"], stats["unscheduled"], stats["left_by_constraint"]) == (
        "lower_bound",
        0,
        0,
        {},
    )
    entry = LedgerEntry.objects.filter(verb="coordination.run").latest("pk")
    assert json.loads(entry.payload)["proof"] == "lower_bound"
    c = Client()
    c.force_login(plan_world["supervisor"])
    page = c.get(reverse("inspections:run_detail", args=[run.pk])).content.decode()
    assert 'data-proof="lower_bound"' in page and 'data-gap="0"' in page
    assert "与下界的差距" in page and "已达下界" in page
    assert "data-left" not in page


def test_items_held_by_the_yearly_cap_are_counted_by_their_constraint(plan_world: Any) -> None:
    cap = FrequencyCap.objects.create(body=plan_world.body_a, matter=plan_world.matter_a, max_per_year=3)
    add(plan_world, today=planned_last_month(), earliest=this_month(2), latest=this_month(20))
    add(plan_world, earliest=nxt(21), latest=nxt(31))
    cap.max_per_year = 1  # lowered after the items were added: the run holds the second back
    cap.save()
    run = _run(plan_world)
    assert run.left_by_constraint == {"yearly_cap": 1}
    assert [u["constraint"] for u in run.solution["unscheduled"]] == ["yearly_cap"]
    assert run.left_reasons() == [(str(constraint_label("yearly_cap")), 1)]
    c = Client()
    c.force_login(plan_world["supervisor"])
    page = c.get(reverse("inspections:run_detail", args=[run.pk])).content.decode()
    assert "data-left" in page and "超过每年日常检查次数上限 1" in page


def test_runs_kept_before_the_figures_show_none_and_labels_cover_every_constraint() -> None:
    run = CoordinationRun(visits=3, lower_bound=2, left_by_constraint={"team_size": 1, "officer_capacity": 4})
    assert run.gap == 1
    assert [n for _, n in run.left_reasons()] == [4, 1]
    assert constraint_label("something new") == "其他原因"
    with pytest.raises(RuntimeError):
        quality_fields(Solution())
