from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from ninja import Field, Schema

from fazhi.core.masking import mask_free_text


def _free_text(obj: Any, name: str) -> str:
    """Free text people typed, masked as the pages show it (a mobile or ID number in it)."""
    return mask_free_text(obj[name] if isinstance(obj, dict) else getattr(obj, name))


# An id in a path or a query: a positive number the databases can hold (a larger one is a 422).
ID_MAX = 2**63 - 1
Id = Annotated[int, Field(ge=1, le=ID_MAX)]


class ErrorOut(Schema):
    """Every error of every route (docs/api.md, "Errors")."""

    code: str = Field(..., description="machine-readable: unauthorized, permission_denied, not_found, ...")
    message: str = Field(..., description="what to fix, in Chinese")
    details: Any = Field(None, description="per field (422), the path (404), or null")


ERRORS: dict[int, Any] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ErrorOut,
}


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
    catalogue_code: str = Field("", description="the published catalogue's code, shared by bodies holding the matter")


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
    remote: bool = Field(False, description="非现场: coordinated into a remote visit, no trip")


class PlanItemIn(Schema):
    body_id: int
    enterprise_id: int
    matter_id: int
    inspection_type: str = "routine"
    earliest: dt.date
    latest: dt.date
    note: str = Field("", max_length=300)
    remote: bool = Field(False, description="非现场 (documents, data, video): a remote visit, approved like a visit")


class ScheduledVisitOut(Schema):
    id: int
    enterprise_id: int
    date: dt.date
    lead_body_id: int
    status: str
    plan_item_ids: list[int]
    officer_ids: list[int]
    merged: list[list[int]] = Field(
        default_factory=list,
        description="合并同类项: groups of plan item ids checked once; the first item's body does the check, "
        "its result shared with the others (结果互认)",
    )
    remote: bool = Field(False, description="a remote visit (非现场): no trip, no code to scan")


class ChecklistLineOut(Schema):
    seq: int
    text: str
    body_id: int | None = Field(None, description="the department whose section it is; empty: shared")
    answer: str
    note: str

    @staticmethod
    def resolve_note(obj: Any) -> str:
        return _free_text(obj, "note")


class EvidenceOut(Schema):
    id: int
    kind: str
    original_name: str
    content_type: str
    size: int
    algorithm: str
    digest: str


class RecordOut(Schema):
    """An inspection as carried out: entered once, readable by every department inspecting the
    enterprise (一次录入、多部门共用)."""

    id: int
    enterprise_id: int
    enterprise_uscc: str
    lead_body_id: int
    joint_inspection_id: int | None
    date: dt.date
    mode: str
    remote_method: str
    inspection_type: str
    status: str
    outcome: str
    findings: str
    rectification_due: dt.date | None
    rectified: bool | None
    filing_due: dt.date | None
    filed_at: dt.datetime | None
    finished_at: dt.datetime | None

    @staticmethod
    def resolve_findings(obj: Any) -> str:
        return _free_text(obj, "findings")

    @staticmethod
    def resolve_enterprise_uscc(obj: Any) -> str:
        enterprise = obj["enterprise"] if isinstance(obj, dict) else obj.enterprise
        return str(enterprise.uscc)


class RecordDetailOut(RecordOut):
    body_ids: list[int]
    matter_ids: list[int]
    officer_ids: list[int]
    checklist: list[ChecklistLineOut]
    evidence: list[EvidenceOut]


class PushedAnswerIn(Schema):
    text: str
    answer: str
    note: str = ""


class RecordPushIn(Schema):
    enterprise_uscc: str
    matter_codes: list[str]
    officer_certificates: list[str] = Field(..., description="the first one leads and belongs to your body")
    mode: str = Field(..., description="remote | no_code")
    date: dt.date | None = None
    method: str = Field("", description="remote: documents | data | video")
    reason: str = Field("", description="no_code: why without a code")
    inspection_type: str = "routine"
    answers: list[PushedAnswerIn]
    outcome: str = Field(..., description="no_issue | rectify | case")
    findings: str = ""
    rectification_due: dt.date | None = None
    representative_name: str = ""
    representative_refused: str = ""
    statement: str = ""


class WarningOut(Schema):
    id: int
    rule: str
    rule_version: int
    severity: str
    enterprise_id: int | None
    body_id: int | None
    day: dt.date
    summary: str
    evidence: dict[str, Any]
    status: str
    due: dt.date
    escalated_at: dt.datetime | None
    correction: str

    @staticmethod
    def resolve_rule(obj: Any) -> str:
        return str(obj.rule.code)

    @staticmethod
    def resolve_correction(obj: Any) -> str:
        return _free_text(obj, "correction")


class CorrectionIn(Schema):
    text: str


class ComplaintOut(Schema):
    id: int
    source: str
    kind: str
    body_id: int | None
    region_id: int
    enterprise_id: int | None
    enterprise_name: str
    text: str
    status: str
    due: dt.date
    answer: str
    answered_at: dt.datetime | None

    @staticmethod
    def resolve_text(obj: Any) -> str:
        return _free_text(obj, "text")

    @staticmethod
    def resolve_answer(obj: Any) -> str:
        return _free_text(obj, "answer")


class ComplaintIn(Schema):
    kind: str = Field(..., description="enforcement | report")
    region_id: int
    body_id: int | None = None
    text: str
    enterprise_name: str = ""
    contact_name: str = ""
    contact_phone: str = ""
