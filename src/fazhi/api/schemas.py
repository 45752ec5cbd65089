from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Schema


class ErrorOut(Schema):
    code: str
    message: str
    details: Any = None


class RegionOut(Schema):
    id: int
    code: str
    name: str
    level: str
    parent_id: int | None


class BodyOut(Schema):
    id: int
    code: str
    name: str
    short_name: str
    level: str
    region_id: int
    qualification_basis: str
    published: bool
    version: int


class OfficerOut(Schema):
    id: int
    name: str
    body_id: int
    certificate_no: str
    issuing_authority: str
    valid_until: dt.date | None
    status: str
    phone: str = Field(..., alias="phone_masked", description="masked 3+4")
    version: int


class ContactOut(Schema):
    name: str
    position: str
    phone: str = Field(..., alias="phone_masked", description="masked 3+4")


class EnterpriseOut(Schema):
    id: int
    uscc: str
    uscc_warning: str
    name: str
    legal_representative: str
    address: str
    region_id: int
    industry: str
    risk_grade: str
    do_not_disturb: bool
    do_not_disturb_until: dt.date | None
    version: int


class EnterpriseDetailOut(EnterpriseOut):
    contacts: list[ContactOut] = []


class EnterpriseIn(Schema):
    uscc: str = Field(..., max_length=30)
    name: str = Field(..., max_length=200)
    region_id: int
    legal_representative: str = Field("", max_length=50)
    address: str = Field("", max_length=300)
    industry: str = Field("", max_length=50)
    risk_grade: str = "low"
    do_not_disturb: bool = False
    do_not_disturb_until: dt.date | None = None


class EnterpriseUpdateIn(EnterpriseIn):
    version: int = Field(..., description="the version you read; a newer one on the server means a conflict (409)")


class ChecklistItemOut(Schema):
    seq: int
    text: str


class MatterOut(Schema):
    id: int
    code: str
    name: str
    body_id: int
    legal_basis: str
    inspection_type: str
    published: bool
    version: int


class MatterDetailOut(MatterOut):
    checklist_items: list[ChecklistItemOut] = []


class PlanItemOut(Schema):
    id: int
    body_id: int
    enterprise_id: int
    matter_id: int
    inspection_type: str
    month: dt.date
    earliest: dt.date
    latest: dt.date
    note: str
    status: str
    joint_inspection_id: int | None


class PlanItemIn(Schema):
    body_id: int
    enterprise_id: int
    matter_id: int
    inspection_type: str = "routine"
    earliest: dt.date
    latest: dt.date
    note: str = Field("", max_length=300)


class ScheduledVisitOut(Schema):
    id: int
    enterprise_id: int
    date: dt.date
    lead_body_id: int
    status: str
    plan_item_ids: list[int]
    officer_ids: list[int]
