"""Issue 15.6: anonymous ratings, really. An attacker with every page, the ledger and the rating
tables tries to recover which enterprise (inspection) gave which score, and fails: the live figures
do not move, the score rows carry nothing to join on, the ledger names no one and no address."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from django.db import models
from django.test import Client
from django.urls import reverse

from fazhi.core.models import LedgerEntry
from fazhi.inspections import onsite, selectors
from fazhi.inspections.models import InspectionRecord, RatingRight, RatingScore
from tests.pinned import at
from tests.test_onsite import Onsite, _finished

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(world: Any) -> Onsite:
    return Onsite(world)


def quarter_start(day: dt.date) -> dt.date:
    return dt.date(day.year, {1: 1, 2: 1, 3: 1, 4: 4, 5: 4, 6: 4, 7: 7, 8: 7, 9: 7}.get(day.month, 10), 1)


def figures(world: Any, today: dt.date) -> list[Any]:
    return [selectors.rating_summary(user=world[u], today=today) for u in ("head_a", "supervisor", "leader_a")]


def pages(world: Any) -> list[str]:
    out = []
    for user in ("head_a", "supervisor"):
        c = Client()
        c.force_login(world[user])
        html = c.get(reverse("inspections:records")).content.decode()
        out.append(html[html.find("<main") :])
    return out


def test_no_one_recovers_who_gave_which_score(site: Onsite, world: Any, settings: Any) -> None:
    settings.FAZHI_RATING_MIN_GROUP = 5
    records: list[InspectionRecord] = [_finished(site) for _ in range(6)]
    assert RatingRight.objects.filter(used=False).count() == 6  # each finish issued its right
    given = [5, 1, 4, 2, 3]
    enterprise = Client(REMOTE_ADDR="10.20.30.40")
    enterprise.force_login(world["enterprise"])
    for record, score in zip(records, given, strict=False):
        before_figures, before_pages = figures(world, site.today), pages(world)
        response = enterprise.post(reverse("inspections:portal"), {"record": record.pk, "score": score})
        assert response.status_code == 302
        # differencing the figures (or the pages) before and after a rating reads nothing
        assert figures(world, site.today) == before_figures and pages(world) == before_pages
    assert figures(world, site.today) == [[], [], []]  # the quarter is open: nothing is released
    # the score rows hold the department, the quarter, the score: nothing to join on
    assert {f.name for f in RatingScore._meta.concrete_fields} == {"id", "body", "period", "score", "comment"}
    assert {f.name for f in RatingRight._meta.concrete_fields} == {"id", "record", "used"}
    for model in (RatingScore, RatingRight):
        assert not [f for f in model._meta.concrete_fields if isinstance(f, models.DateField | models.DateTimeField)][
            1 if model is RatingScore else 0 :
        ]  # no time anywhere but the score's quarter
    scores = list(RatingScore.objects.all())
    assert {s.period for s in scores} == {quarter_start(site.today)}
    assert all(isinstance(s.pk, uuid.UUID) and s.pk.version == 4 for s in scores)  # random ids, no sequence
    assert [s.score for s in scores] == sorted(given)  # the table's order is not the order of rating
    # the used rights say who rated, not what: every used right is alike
    assert set(RatingRight.objects.filter(used=True).values_list("used", flat=True)) == {True}
    # the ledger names no one and no address, no target, no score
    entries = list(LedgerEntry.objects.filter(verb="inspection.rated"))
    assert len(entries) == len(given)
    for entry in entries:
        assert (entry.actor_id, entry.ip, entry.target_type, entry.target_id, entry.payload) == (None, "", "", "", "{}")
    # the quarter closes: its figure is released, whole, and never moves again
    later = site.today + dt.timedelta(days=100)
    with at(later):
        released = selectors.rating_summary(user=world["head_a"], today=later)
        assert released == [
            {
                "body": world.body_a.name,
                "period": quarter_start(site.today),
                "quarter": released[0]["quarter"],
                "n": 5,
                "avg": 3.0,
            }
        ]
        onsite.rating_add(actor=world["enterprise"], record=records[5], score=1)  # the next quarter's
        assert RatingRight.objects.filter(used=False).count() == 0
        assert selectors.rating_summary(user=world["head_a"], today=later) == released


def test_a_small_closed_group_stays_hidden(site: Onsite, world: Any, settings: Any) -> None:
    settings.FAZHI_RATING_MIN_GROUP = 5
    for score in (5, 1):
        onsite.rating_add(actor=world["enterprise"], record=_finished(site), score=score)
    later = site.today + dt.timedelta(days=100)
    with at(later):
        rows = selectors.rating_summary(user=world["supervisor"], today=later)
    assert [(r["body"], r["n"], r["avg"]) for r in rows] == [(world.body_a.name, None, None)]
