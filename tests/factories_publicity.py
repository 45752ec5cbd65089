"""Publicity-side data on top of the world: 峰灵镇's justice office (manages), a grid worker (records),
the township leader (reads), 城厢镇's grid worker (another area); a second village, a group."""

from __future__ import annotations

import importlib
from typing import Any

from django.apps import apps

from fazhi.accounts.models import OrgUnit, Region
from fazhi.accounts.roles import Role
from fazhi.publicity.models import ActivityType
from tests.factories import OrgUnitFactory, RegionFactory, UserFactory, World

# the smallest valid-looking images, by their first bytes (what the service checks)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


class PublicityWorld:
    def __init__(self, w: World) -> None:
        # the catalogue is a data migration's rows: put them back after a live-server test's flush
        importlib.import_module("fazhi.publicity.migrations.0002_activity_types").add(apps, None)
        self.w = w
        org_a = w["leader_a"].org_unit
        org_b = w["inspector_b"].org_unit
        justice_a = OrgUnitFactory(name="峰灵镇司法所", kind=OrgUnit.Kind.JUSTICE_BUREAU, region=w.town_a)
        self.legal = UserFactory(username="pub_legal_a", org_unit=justice_a, roles=[Role.LEGAL_OFFICE])
        self.grid = UserFactory(username="pub_grid_a", org_unit=org_a, roles=[Role.GRID_WORKER])
        self.grid_b = UserFactory(username="pub_grid_b", org_unit=org_b, roles=[Role.GRID_WORKER])
        self.leader = w["leader_a"]
        self.village = w.village_a
        self.village2 = RegionFactory(code="500238117002", name="三坪村", parent=w.town_a)
        self.group = RegionFactory(code="500238117001001", name="一组", level=Region.Level.GROUP, parent=w.village_a)
        self.types = {t.code: t for t in ActivityType.objects.all()}

    def activity(self, **kw: Any) -> Any:
        from fazhi.publicity import services
        from tests.dates import today

        data: dict[str, Any] = {
            "actor": self.grid,
            "type": self.types["bench_talk"],
            "village": self.village,
            "day": today(),
            "participants": 30,
            "target_groups": ["villagers"],
            "organisers": ["峰灵镇人民政府"],
        }
        data.update(kw)
        if isinstance(data["type"], str):
            data["type"] = self.types[data["type"]]
        return services.activity_record(**data)
