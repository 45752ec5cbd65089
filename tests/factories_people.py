"""People-side data on top of the disputes world (issue 22): 峰灵镇's files with synthetic identities
that pass the ID checksum (never a real person's)."""

from __future__ import annotations

import datetime as dt
import importlib
from typing import Any

from django.apps import apps
from django.utils import timezone

from fazhi.people import services
from fazhi.people.models import PersonCategory, PersonFile
from tests.factories import DisputeWorld, World, party_resident_id

# Synthetic identities (names no one in particular carries in this county's test data).
MENTAL = {"name": "测甲明", "birth": "19800312", "seq": 511, "phone": "13812340511", "address": "谭家村三组"}
CORRECTIONS = {"name": "测乙强", "birth": "19900704", "seq": 522, "phone": "13912340522", "address": "谭家村五组"}
MINOR = {"name": "测丙小", "birth": "20080901", "seq": 533, "phone": "13712340533", "address": "峰灵镇街上"}
TOWN_B = {"name": "测丁远", "birth": "19751120", "seq": 544, "phone": "13612340544", "address": "先锋村一组"}


def identity(p: dict[str, Any]) -> services.Identity:
    return services.Identity(
        name=p["name"],
        id_number=party_resident_id(p["birth"], p["seq"]),
        address=p["address"],
        phone=p["phone"],
        guardian="监护人" + p["name"][-1] + "某",
    )


class PeopleWorld:
    def __init__(self, w: World) -> None:
        importlib.import_module("fazhi.people.migrations.0002_categories").add(apps, None)
        self.w = w
        self.d = DisputeWorld(w)
        self.officer, self.legal, self.grid, self.grid2 = self.d.officer, self.d.legal, self.d.grid, self.d.grid2
        self.grid_b, self.officer_b = self.d.grid_b, self.d.officer_b
        self.mental_cat = PersonCategory.objects.get(code="mental")
        self.corrections_cat = PersonCategory.objects.get(code="corrections")
        self.cult_cat = PersonCategory.objects.get(code="cult")
        self.mental = services.file_open(
            actor=self.officer,
            township=w.town_a,
            village=w.village_a,
            category=self.mental_cat,
            identity=identity(MENTAL),
            purpose="严重精神障碍患者随访管理",
            responsible=[self.grid],
        )
        self.corrections = services.file_open(
            actor=self.officer,
            township=w.town_a,
            category=self.corrections_cat,
            identity=identity(CORRECTIONS),
            purpose="社区矫正监督管理",
            basis_ends_on=timezone.localdate() + dt.timedelta(days=200),
            plan_interval_days=30,
            responsible=[self.grid2],
            responsible_org=self.legal.org_unit,
        )
        self.minor = services.file_open(
            actor=self.officer,
            township=w.town_a,
            category=self.corrections_cat,
            identity=identity(MINOR),
            purpose="未成年社区矫正对象",
            minor=True,
            responsible_org=self.legal.org_unit,
        )
        self.file_b = services.file_open(
            actor=self.officer_b,
            township=w.town_b,
            category=self.cult_cat,
            identity=identity(TOWN_B),
            purpose="涉邪人员每季度走访",
            responsible=[self.grid_b],
        )
        self.files: list[PersonFile] = [self.mental, self.corrections, self.minor, self.file_b]
        self.identities = [MENTAL, CORRECTIONS, MINOR, TOWN_B]
