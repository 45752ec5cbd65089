"""How the ledger reads to a person: one table of verb → label, one of payload field → label, and
the payload as "field: value" pairs in Chinese (codes of choices shown by their labels).

A new ``verb=`` in a service needs a line here (``tests/test_plain_words.py`` checks every verb
written in the code has one)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fazhi.accounts.models import OrgUnit, Region
from fazhi.accounts.roles import Role
from fazhi.cases.models import Case, CaseEvidence, Circumstance, DocumentKind, ServiceMethod, Violation
from fazhi.decisions.ledger_labels import VERB_LABELS as DECISION_VERB_LABELS
from fazhi.disputes.ledger_labels import VERB_LABELS as DISPUTE_VERB_LABELS
from fazhi.inspections.models import CheckIn, ChecklistAnswer, InspectionRecord
from fazhi.people.ledger_labels import VERB_LABELS as PEOPLE_VERB_LABELS
from fazhi.publicity.ledger_labels import VERB_LABELS as PUBLICITY_VERB_LABELS
from fazhi.registry.models import EnforcementBody, Enterprise, InspectionType, Matter, Officer

VERB_LABELS: dict[str, Promise] = {
    "accountability.conclude": _("Accountability concluded"),
    "accountability.open": _("Accountability opened"),
    "api_token.create": _("API token issued"),
    "api_token.revoke": _("API token revoked"),
    "body.create": _("Enforcement body added"),
    "body.update": _("Enforcement body changed"),
    "calendar.override_delete": _("Calendar correction removed"),
    "calendar.override_set": _("Calendar corrected"),
    "calendar.arrangement_set": _("Holiday arrangement of a year entered"),
    "case.benchmark_save": _("Discretion benchmark saved"),
    "case.close": _("Case closed"),
    "case.collective": _("Collective discussion recorded"),
    "case.correction": _("Correction recorded"),
    "case.decide": _("Penalty decided"),
    "case.document": _("Case document generated"),
    "case.document_pdf_request": _("PDF of a case document requested"),
    "case.document_pdf": _("PDF of a case document made"),
    "case.drop": _("Case dropped"),
    "case.education": _("Education recorded"),
    "case.evidence": _("Case evidence added"),
    "case.execute": _("Decision executed"),
    "case.extend": _("Case deadline extended"),
    "case.file": _("Case filed (立案)"),
    "case.file_review": _("Case file reviewed"),
    "case.hearing": _("Hearing held"),
    "case.hearing_request": _("Hearing requested"),
    "case.hearing_schedule": _("Hearing scheduled"),
    "case.investigate": _("Investigation recorded"),
    "case.legal_review": _("Legal review"),
    "case.notify": _("Party notified"),
    "case.payment": _("Fine paid"),
    "case.preservation": _("Evidence registered and preserved"),
    "case.preservation_decide": _("Preserved evidence decided"),
    "case.propose": _("Penalty proposed"),
    "case.rectification_order": _("Rectification ordered"),
    "case.register": _("Case registered"),
    "case.remedy": _("Remedy recorded"),
    "case.remedy_result": _("Remedy result recorded"),
    "case.serve": _("Decision served"),
    "case.statement": _("Statement recorded"),
    "case.summary": _("Summary procedure decision"),
    "case.template_reset": _("Document template reset"),
    "case.template_upload": _("Document template uploaded"),
    "case.violation_save": _("Violation saved"),
    "case.waiver_save": _("Waiver list saved"),
    "case.review_item_save": _("Review sheet line saved"),
    "case.decision_corrected": _("Decision changed or revoked"),
    "decision_publication.published": _("Penalty decision published"),
    "decision_publication.withdrawn": _("Penalty decision publication withdrawn"),
    "red_line.save": _("Red line saved"),
    "complaint.answer": _("Complaint answered"),
    "complaint.lead": _("Complaint passed on as a lead"),
    "complaint.receive": _("Complaint received"),
    "complaint.submit": _("Complaint submitted"),
    "coordination.run": _("Joint inspections coordinated"),
    "coordination.province": _("A province's month coordinated, one county per job"),
    "enterprise.code_replaced": _("Enterprise code replaced"),
    "enterprise.contacts_replace": _("Enterprise contacts changed"),
    "enterprise.create": _("Enterprise added"),
    "enterprise.email": _("Result e-mailed to the enterprise"),
    "enterprise.update": _("Enterprise changed"),
    "enterprises.export": _("Enterprises exported"),
    "enterprises.import": _("Enterprises imported"),
    "enterprises.import_create": _("Enterprise added by import"),
    "enterprises.import_update": _("Enterprise changed by import"),
    "frequency_cap.set": _("Frequency cap set"),
    "guidance.record": _("Guidance visit recorded"),
    "import_job.start": _("Import started"),
    "inspection.answer": _("Checklist answered"),
    "inspection.approved_afterwards": _("Inspection approved afterwards (事后补批)"),
    "inspection.check_in": _("Checked in at the enterprise"),
    "inspection.evidence": _("Inspection evidence added"),
    "inspection.filed": _("Inspection without a code filed"),
    "inspection.finished": _("Inspection finished"),
    "inspection.no_code": _("Inspection without a code started"),
    "inspection.pushed": _("Result sent to the enterprise"),
    "inspection.rated": _("Inspection rated by the enterprise"),
    "inspection.items_returned": _("Items of absent departments returned to their plans"),
    "inspection.rechecked": _("Rectification rechecked"),
    "inspection.remote": _("Remote inspection recorded"),
    "inspection.section_signed": _("Section signed"),
    "joint_inspection.approve": _("Joint inspection approved"),
    "joint_inspection.replan": _("Joint inspection replanned"),
    "joint_inspection.return": _("Joint inspection returned to the coordinator"),
    "joint_inspection.resubmit": _("Returned joint inspection submitted again"),
    "joint_inspection.cancel": _("Joint inspection cancelled"),
    "task.retry": _("Failed background job queued again"),
    "ledger.verify": _("Ledger chain verified"),
    "logs.archived": _("Logs archived"),
    "matter.checklist_replace": _("Matter checklist changed"),
    "matter.create": _("Matter added"),
    "matter.update": _("Matter changed"),
    "matters.export": _("Matters exported"),
    "matters.import": _("Matters imported"),
    "matters.import_create": _("Matter added by import"),
    "matters.import_update": _("Matter changed by import"),
    "officer.absence_add": _("Officer absence added"),
    "officer.absence_delete": _("Officer absence removed"),
    "officer.create": _("Officer added"),
    "officer.photo": _("Officer photo changed"),
    "officer.update": _("Officer changed"),
    "officer.qualification": _("Officer's status follows the qualification record"),
    "officers.export": _("Officers exported"),
    "officers.import": _("Officers imported"),
    "officers.import_create": _("Officer added by import"),
    "officers.import_update": _("Officer changed by import"),
    "opinion.give": _("Supervisor's opinion given"),
    "org_unit.create": _("Organisation added"),
    "plan_item.add": _("Plan item added"),
    "plan_item.late_accept": _("Late plan item accepted"),
    "plan_item.late_refuse": _("Late plan item refused"),
    "plan_item.withdraw": _("Plan item withdrawn"),
    "publication.published": _("Result published"),
    "publication.withdrawn": _("Publication withdrawn"),
    "random_draw.create": _("Random draw made"),
    "region.create": _("Region added"),
    "region.update": _("Region changed"),
    "report.approve": _("Annual report approved"),
    "report.pdf": _("Annual report PDF made"),
    "report.pdf_request": _("Annual report PDF asked for"),
    "report.publish": _("Annual report published"),
    "report.save": _("Annual report saved"),
    "report.statistics_import": _("Enforcement statistics imported"),
    "report.statistics_save": _("Enforcement statistics entered"),
    "report.target_achieved": _("Work target: achieved value entered"),
    "report.target_add": _("Work target set"),
    "report.target_change": _("Work target corrected"),
    "report.target_withdraw": _("Work target withdrawn"),
    "role.grant": _("Role granted"),
    "role.revoke": _("Role revoked"),
    # training (issue 19)
    "training.attendance_add": _("Training attendance added"),
    "training.attendance_set": _("Training attendance saved"),
    "training.certificate_issue": _("Enforcement certificate issued"),
    "training.certificate_renew": _("Enforcement certificate renewed"),
    "training.certificate_revoke": _("Enforcement certificate revoked"),
    "training.law_exam_candidates": _("Law exam candidates listed"),
    "training.law_exam_create": _("Law exam added"),
    "training.law_exam_scores": _("Law exam scores recorded"),
    "training.law_report_create": _("Law report recorded"),
    "training.online_hours_import": _("Online study hours imported"),
    "training.qualification_exam_create": _("Qualification exam added"),
    "training.qualification_result": _("Qualification exam result recorded"),
    "training.session_create": _("Training session added"),
    "training.session_delete": _("Training session deleted"),
    "training.trainee_create": _("Training record of a person added"),
    "twofactor.enrolled": _("Two-factor set up"),
    "twofactor.reset": _("Two-factor reset"),
    "user.activate": _("Account enabled"),
    "user.create": _("Account created"),
    "user.deactivate": _("Account disabled"),
    "user.password_reset": _("Password reset by an administrator"),
    "warning.cleared": _("Warning closed: its cause was put right"),
    "warning.correction": _("Warning corrected"),
    "warning.dismissed": _("Warning dismissed"),
    "warning.raised": _("Warning raised"),
    "warning.verified": _("Warning verified"),
    "warning_rule.update": _("Warning rule changed"),
}
VERB_LABELS.update(DISPUTE_VERB_LABELS)  # the disputes app's verbs (issue 21)
VERB_LABELS.update(DECISION_VERB_LABELS)  # the decisions app's verbs (issue 18)
VERB_LABELS.update(PUBLICITY_VERB_LABELS)  # the publicity app's verbs (issue 20)
VERB_LABELS.update(PEOPLE_VERB_LABELS)  # the people app's verbs (issue 22)

FIELD_LABELS: dict[str, Promise] = {
    "year": _("year"),
    "source": _("source"),
    "holidays": _("holidays"),
    "workdays": _("make-up working days"),
    "task": _("background job"),
    "args": _("arguments"),
    "kwargs": _("named arguments"),
    "error": _("error"),
    "calendar_estimated": _("years counted Monday to Friday"),
    "returned_because": _("returned because"),
    "active": _("in force"),
    "after": _("after"),
    "answer": _("answer"),
    "as": _("signed as"),
    "backup_codes": _("backup codes"),
    "before": _("before"),
    "bodies": _("departments"),
    "body": _("enforcement body"),
    "broken_seq": _("broken at entry"),
    "case": _("case"),
    "certificate_no": _("certificate number"),
    "changes": _("changes"),
    "checked": _("entries checked"),
    "checklist": _("checklist"),
    "code": _("code"),
    "contacts": _("contacts"),
    "content": _("notice content"),
    "created": _("new"),
    "date": _("date"),
    "digest": _("digest"),
    "document": _("document"),
    "drawn": _("drawn"),
    "earliest": _("earliest"),
    "enabled": _("enabled"),
    "enterprise": _("enterprise"),
    "enterprises": _("enterprises"),
    "evidence": _("evidence"),
    "failed_points": _("points not compliant"),
    "filing_due": _("file by"),
    "findings": _("findings"),
    "fine": _("fine"),
    "industry": _("industry"),
    "inspection_type": _("inspection type"),
    "is_workday": _("working day"),
    "items": _("items"),
    "key": _("key"),
    "kind": _("kind"),
    "late": _("late"),
    "latest": _("latest"),
    "level": _("level"),
    "lower_bound": _("lower bound"),
    "matter": _("matter"),
    "matters": _("matters"),
    "max": _("maximum"),
    "method": _("method"),
    "min": _("minimum"),
    "mode": _("mode"),
    "month": _("month"),
    "name": _("name"),
    "note": _("note"),
    "number": _("document number"),
    "officer": _("officer"),
    "officers": _("officers"),
    "ok": _("intact"),
    "org_unit": _("organisation"),
    "out_of_range": _("out of range"),
    "outcome": _("result"),
    "params": _("parameters"),
    "parent": _("parent"),
    "phone": _("phone"),
    "prefix": _("prefix"),
    "published": _("published"),
    "ratio_pct": _("share drawn (%)"),
    "reason": _("reason"),
    "records": _("records"),
    "rectification_due": _("rectify by"),
    "red_line": _("red line"),
    "region": _("region"),
    "remote_method": _("remote method"),
    "representative_signed": _("representative signed"),
    "role": _("role"),
    "roles": _("roles"),
    "rule": _("rule"),
    "seed": _("seed"),
    "separate_visits": _("separate visits"),
    "seq": _("entry"),
    "severity": _("severity"),
    "sha256": _("SHA-256"),
    "statement": _("statement"),
    "status": _("status"),
    "step": _("step"),
    "template": _("template"),
    "township": _("township"),
    "total": _("total"),
    "type": _("inspection type"),
    "unscheduled": _("not scheduled"),
    "username": _("username"),
    "uscc": _("unified social credit code"),
    "version": _("version"),
    "vetoed": _("vetoed"),
    "visits": _("joint visits"),
    "warning": _("supervision warning"),
}

# Where one key means something else in one action's payload.
VERB_FIELD_LABELS: dict[str, dict[str, Promise]] = {
    "case.benchmark_save": {
        "warning": _("warning (penalty) allowed"),
        "min": _("lowest fine"),
        "max": _("highest fine"),
    },
    "inspection.answer": {"answer": _("check result")},
}
# the annual report's work targets (reports/targets_services.py)
_TARGET_FIELDS: dict[str, Promise] = {
    "text": _("target"),
    "comparison": _("comparison"),
    "value": _("target value"),
    "figure": _("figure"),
    "unit": _("unit"),
    "achieved": _("achieved"),
}
VERB_FIELD_LABELS |= {f"report.target_{v}": _TARGET_FIELDS for v in ("add", "change", "achieved", "withdraw")}


def _choices(*enums: type[models.TextChoices]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for enum in enums:
        out.update(dict(enum.choices))
    return out


def _value_labels() -> dict[str, dict[str, Any]]:
    roles = _choices(Role)
    return {
        "answer": _choices(ChecklistAnswer.Answer),
        "as": roles,
        "role": roles,
        "roles": roles,
        "kind": _choices(OrgUnit.Kind, CaseEvidence.Kind, DocumentKind),
        "level": _choices(Region.Level, EnforcementBody.Level),
        "method": _choices(CheckIn.Method, InspectionRecord.RemoteMethod, ServiceMethod),
        "remote_method": _choices(InspectionRecord.RemoteMethod),
        "mode": _choices(InspectionRecord.Mode),
        "outcome": _choices(InspectionRecord.Outcome, Case.Outcome),
        "type": _choices(InspectionType),
        "inspection_type": _choices(InspectionType),
        "circumstance": _choices(Circumstance),
        "risk_grade": _choices(Enterprise.RiskGrade),
        "status": _choices(Case.Status, Officer.Status, InspectionRecord.Status),
    }


def verb_label(verb: str) -> str:
    label = VERB_LABELS.get(verb)
    return str(label) if label is not None else gettext("Other action")


def _model_field_labels() -> dict[str, Any]:
    """Field names of the records whose changes the ledger keeps, by their verbose names."""
    out: dict[str, Any] = {}
    for model in (Case, Enterprise, Officer, EnforcementBody, Region, Matter, Violation):
        for f in model._meta.get_fields():
            name = getattr(f, "verbose_name", None)
            if name is not None and f.name not in out:
                out[f.name] = name
    return out


def field_label(key: str) -> str:
    label = FIELD_LABELS.get(key)
    if label is None:
        label = _model_field_labels().get(key)
    return str(label) if label is not None else gettext("other field")


def value_text(value: Any, key: str = "", values: Mapping[str, Mapping[str, Any]] | None = None) -> str:
    """One payload value as a person reads it."""
    values = values if values is not None else _value_labels()
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, Mapping):
        return "；".join(f"{field_label(str(k))}：{value_text(v, str(k), values)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        if not value:
            return "—"
        return "、".join(value_text(v, key, values) for v in value)
    text = str(value)
    label = values.get(key, {}).get(text)
    return str(label) if label is not None else text


def readable_payload(payload: str | Mapping[str, Any], verb: str = "") -> list[tuple[str, str]]:
    """The payload as (field label, value) pairs, in the order written."""
    data: Any = payload
    if isinstance(payload, str):
        try:
            data = json.loads(payload or "{}")
        except ValueError:
            return [(gettext("content"), payload)]
    if not isinstance(data, Mapping):
        return [(gettext("content"), value_text(data))]
    values = _value_labels()
    special = VERB_FIELD_LABELS.get(verb, {})
    return [
        (str(special[k]) if k in special else field_label(str(k)), value_text(v, str(k), values))
        for k, v in data.items()
    ]


def verb_choices(verbs: Iterable[str] | None = None) -> list[tuple[str, str]]:
    """(verb, label) for the ledger's filter, sorted by label."""
    return sorted(((v, verb_label(v)) for v in (verbs or VERB_LABELS)), key=lambda p: p[1])
