"""峰灵镇's publicity year in the demo reproduces the seed report's figures (§三, §五), and this
year's targets (§六) show the first quarter done."""

from __future__ import annotations

import importlib
from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps

from fazhi.accounts.models import OrgUnit, Region
from fazhi.accounts.roles import Role
from fazhi.core.figures import REGISTRY, load_all
from fazhi.publicity import selectors
from fazhi.web import demo_publicity
from tests.dates import today
from tests.factories import OrgUnitFactory, RegionFactory, UserFactory

NAMES = ("峰灵社区", "三坪村", "王家村", "寒峰村", "青龙村", "桃园村", "金盆村", "双河村", "大坪村", "茶山村", "新华村")

pytestmark = pytest.mark.django_db


def test_demo_publicity_reproduces_the_seed(world: Any) -> None:
    importlib.import_module("fazhi.publicity.migrations.0002_activity_types").add(apps, None)
    town = world.town_a
    for n, name in enumerate(NAMES, start=2):  # 谭家村 and 11 more: 峰灵镇's 12 villages and communities
        RegionFactory(code=f"500238117{n:03d}", name=name, parent=town)
    justice = OrgUnitFactory(name="峰灵镇司法所", kind=OrgUnit.Kind.JUSTICE_BUREAU, region=town)
    legal = UserFactory(username="fl_legal", org_unit=justice, roles=[Role.LEGAL_OFFICE])
    UserFactory(username="fl_grid", org_unit=world["leader_a"].org_unit, roles=[Role.GRID_WORKER])
    assert Region.objects.filter(parent=town, level=Region.Level.VILLAGE).count() == 12
    demo_publicity.load(town, None)
    load_all()
    last = today().year - 1
    got = {i: REGISTRY[i](town, last) for i in selectors.FIGURE_IDS}
    assert got == {
        "publicity.youth_activities": 12,
        "publicity.legal_liaisons": 72,
        "publicity.studios": 12,
        "publicity.grassroots_sessions": 45,
        "publicity.grassroots_reach": 8530,  # 8500余人次
        "publicity.broadcast_villages": 12,
        "publicity.broadcast_reach": 6120,  # 6000余人
        "publicity.case_explained_sessions": 19,
        "publicity.mediation_education_reach": 780,
        "publicity.campaign_events": 23,
        "publicity.leaflets": 12000,
        "publicity.model_villages": 2,
        "publicity.outdated_sites_pct": Decimal("30.0"),
        "publicity.joint_share_pct": Decimal("34.4"),  # 不足40%
        "advisers.consultations": 100,
        "advisers.mediations": 0,  # no disputes register in this test (the full demo links its 80)
    }
    progress = {
        (p.target.metric, p.target.quarter): p for p in selectors.targets_progress(user=legal, year=today().year)
    }
    assert len(progress) == 19
    first = [p for (metric, q), p in progress.items() if q == 1]
    assert all(p.met for p in first)
    assert progress[("model_villages", None)].actual == 0
    assert progress[("large_print", None)].actual == 1
    demo_publicity.load(town, None)  # idempotent
    assert REGISTRY["publicity.grassroots_sessions"](town, last) == 45
