"""What the warning rules read and say: plain rows of inspections (``Rec``), what a rule found
(``Fact``) and what it may look up besides (``Context``). No queries here; see ``engine``."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from fazhi.inspections.models import InspectionRecord

ON_SITE = {InspectionRecord.Mode.ON_SITE, InspectionRecord.Mode.NO_CODE}


@dataclass
class Rec:
    id: int
    enterprise_id: int
    date: dt.date
    mode: str
    inspection_type: str
    status: str
    outcome: str
    lead_body_id: int
    joint_inspection_id: int | None
    filing_due: dt.date | None
    filed_at: dt.datetime | None
    result_due: dt.date | None
    result_sent_at: dt.datetime | None
    approved_at: dt.datetime | None  # 事后补批 (a check made without an approved visit)
    bodies: set[int] = field(default_factory=set)
    matters: set[int] = field(default_factory=set)
    officers: set[int] = field(default_factory=set)
    publication: tuple[str, dt.date, dt.datetime | None] | None = None


@dataclass
class Fact:
    rule: str
    key: str
    enterprise_id: int | None
    body_id: int | None
    day: dt.date
    summary: str
    records: list[int]
    evidence: dict[str, Any] = field(default_factory=dict)
    region_id: int | None = None  # facts without an enterprise (cases of persons) say where
    case_id: int | None = None


@dataclass
class Context:
    """What rules read besides the records: officers, enterprises, matters, caps, today."""

    today: dt.date
    officers: dict[int, tuple[int, str, dt.date | None, str]]  # id: (body, status, valid_until, name)
    enterprises: dict[int, tuple[int, bool, dt.date | None, str]]  # id: (region, dnd, dnd_until, name)
    matter_body: dict[int, int]
    caps: dict[tuple[int, int | None], int]


def local_day(value: dt.datetime | None) -> dt.date | None:
    return timezone.localdate(value) if value else None


def by_enterprise(recs: list[Rec]) -> dict[int, list[Rec]]:
    out: dict[int, list[Rec]] = defaultdict(list)
    for r in recs:
        out[r.enterprise_id].append(r)
    return out
