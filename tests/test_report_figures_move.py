"""Issue 23's tests: a figure of the report moves when one record behind it changes through the
services (a training attendance withdrawn, a dispute reopened), as the report and the leaders' view
read it (`reports.figures.figures_for` and the cached view)."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from fazhi.disputes import services as dispute_services
from fazhi.reports.figures import figures_cached, figures_for
from fazhi.training import services as training_services
from tests.factories import DisputeWorld, TrainingWorld
from tests.test_disputes import intake, mediate_to_agreement

pytestmark = pytest.mark.django_db


def value(region: Any, fid: str, *, cached: bool = False) -> Any:
    year = timezone.localdate().year
    figures = (figures_cached if cached else figures_for)(region=region, year=year)
    return figures.figures[fid]["value"]


def test_withdrawing_a_training_attendance_moves_the_figure(world: Any) -> None:
    tw = TrainingWorld(world)
    town = world.town_a
    session = training_services.session_create(
        actor=tw.legal,
        region=town,
        topic="行政处罚法专题",
        day=timezone.localdate(),
        hours="4",
        place="镇政府三楼会议室",
    )
    everyone = [tw.officer_trainee, *tw.staff]
    training_services.attendance_set(actor=tw.legal, session=session, trainees=everyone)
    assert value(town, "training.attendance") == 3 and value(town, "training.attendance", cached=True) == 3
    training_services.attendance_set(actor=tw.legal, session=session, trainees=everyone[1:])  # one withdrawn
    assert value(town, "training.attendance") == 2
    assert value(town, "training.attendance", cached=True) == 2  # the cached view is not stale
    assert value(world.town_b, "training.attendance") == 0  # the other township: its own zero


def test_reopening_a_dispute_moves_the_reopen_rate(world: Any) -> None:
    dw = DisputeWorld(world)
    town = world.town_a
    first, second = intake(dw), intake(dw, description="两户因宅基地界址发生争执", not_a_duplicate=True)
    visits = [mediate_to_agreement(dw, d).follow_ups.first() for d in (first, second)]
    assert value(town, "disputes.reopen_rate") == 0
    assert value(town, "disputes.reopen_rate", cached=True) == 0
    dispute_services.follow_up_record(actor=dw.grid2, follow_up=visits[0], performed=False, note="未履行")
    assert value(town, "disputes.reopen_rate") == 50  # one agreement of two reopened
    assert value(town, "disputes.reopen_rate", cached=True) == 50
