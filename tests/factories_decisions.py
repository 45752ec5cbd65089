"""Decisions on top of the world: a legal office in each township, a published catalogue of
峰灵镇 (town_a) for this year and a decision taken from it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from fazhi.accounts.roles import Role
from tests.factories import UserFactory, World


class DecisionWorld:
    def __init__(self, w: World) -> None:
        from fazhi.decisions import services

        self.w = w
        org_a = w["leader_a"].org_unit
        org_b = w["inspector_b"].org_unit
        w.users["legal_a"] = UserFactory(username="legal_a", org_unit=org_a, roles=[Role.LEGAL_OFFICE])
        w.users["legal_b"] = UserFactory(username="legal_b", org_unit=org_b, roles=[Role.LEGAL_OFFICE])
        w.users["leader_b"] = UserFactory(username="leader_b", org_unit=org_b, roles=[Role.TOWNSHIP_LEADER])
        today = timezone.localdate()
        self.catalogue = services.catalogue_create(
            actor=w["legal_a"],
            region=w.town_a,
            year=today.year,
            titles=["峰灵镇场镇农贸市场搬迁", "峰灵镇垃圾分类实施方案"],
        )
        services.catalogue_approve(actor=w["leader_a"], catalogue=self.catalogue)
        self.item = self.catalogue.items.first()
        # drafted by the township leader's office, so that the legal office may review it
        self.decision = services.decision_create(
            actor=w["leader_a"],
            region=w.town_a,
            title="",
            drafting_office="峰灵镇党政办",
            draft_text="农贸市场由老街搬迁至新区，过渡期六个月。",
            explanation="老街市场占道经营，存在安全隐患。",
            catalogue_item=self.item,
        )

    def open_window(self, opens_on: dt.date, days: int = 30) -> Any:
        from fazhi.decisions import services

        return services.consultation_open(
            actor=self.w["legal_a"],
            decision=self.decision,
            opens_on=opens_on,
            closes_on=opens_on + dt.timedelta(days=days - 1),
        )
