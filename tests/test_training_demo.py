"""峰灵镇's training year in the demo reproduces the seed report's figures."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from fazhi.core.ledger import ledger_verify
from fazhi.registry.models import Officer
from fazhi.training import figures
from fazhi.training.models import Certificate, OnlineHours, Session
from fazhi.web import demo_training
from tests.dates import today
from tests.factories import OfficerFactory

pytestmark = pytest.mark.django_db


class _Res:
    def add(self, what: str, n: int = 1) -> None:
        pass


def test_demo_training_reproduces_the_seed(world: Any) -> None:
    Officer.objects.filter(body=world.body_a).delete()
    officers = [
        OfficerFactory(
            body=world.body_a,
            name=f"峰灵{i}",
            certificate_no=f"50023811{i + 1:03d}",
            status=Officer.Status.PRE_SERVICE,
            valid_until=None,
        )
        for i in range(7)
    ]
    demo_training.qualify(officers[:4], world.county)  # the four on duty pass; their certificates make them active
    demo_training.load(world.town_a, world.body_a, world.county, _Res())
    year = today().year - 1
    got = {fid: f(world.town_a, year) for fid, f in figures.FIGURES.items()}
    assert got == {
        "study.sessions": 6,
        "study.attendance": 306,  # 300余人次
        "officers.total": 7,
        "officers.active": 4,
        "officers.pre_service": 3,
        "officers.qualification_passed": 4,
        "training.online_hours": Decimal("20"),
        "training.offline_hours": Decimal("40"),
        "training.sessions": 11,
        "training.attendance": 64,
        "exams.sittings": 4,
        "exams.participation_rate": Decimal("100.0"),
        "exams.excellence_rate": Decimal("100.0"),
    }
    # each officer's 20 online hours came in through the platform import; the four hold certificates
    assert OnlineHours.objects.filter(year=year).count() == 7 * 4
    assert Certificate.objects.filter(status="valid").count() == 4
    assert all(o.may_inspect_on(today()) for o in Officer.objects.filter(status="active"))
    sessions = Session.objects.count()
    demo_training.load(world.town_a, world.body_a, world.county, _Res())
    assert Session.objects.count() == sessions
    assert ledger_verify().ok
