"""Roles (design.md's role table) and what each may do. One table; every check reads it.

Scope (which records) is decided separately by :mod:`fazhi.accounts.scopes`; a permission says
what kind of action a role may take at all.
"""

from __future__ import annotations

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    INSPECTOR = "inspector", _("Department inspector")
    BODY_HEAD = "body_head", _("Enforcement body head")
    TOWNSHIP_LEADER = "township_leader", _("Township leader")
    LEGAL_OFFICE = "legal_office", _("Legal office / justice office")
    COUNTY_SUPERVISOR = "county_supervisor", _("County enforcement supervisor")
    GRID_WORKER = "grid_worker", _("Grid worker / mediator")
    GOVERNANCE_OFFICER = "governance_officer", _("Comprehensive-governance officer")
    ENTERPRISE = "enterprise", _("Enterprise")
    ENFORCEMENT_SUPERVISOR = "enforcement_supervisor", _("Enforcement supervisor")
    SYSTEM_ADMIN = "system_admin", _("System administrator")
    SECURITY_ADMIN = "security_admin", _("Security administrator")
    AUDIT_ADMIN = "audit_admin", _("Audit administrator")


class Perm(StrEnum):
    REGISTRY_VIEW = "registry.view"  # regions, bodies, officers, matters in scope
    ENTERPRISE_VIEW = "enterprise.view"
    ENTERPRISE_EDIT = "enterprise.edit"
    ENTERPRISE_CONTACT_VIEW = "enterprise.contact_view"  # masked contacts
    OFFICER_EDIT = "officer.edit"
    MATTER_EDIT = "matter.edit"
    BODY_EDIT = "body.edit"
    REGION_EDIT = "region.edit"
    IMPORT = "registry.import"
    LEDGER_VIEW = "ledger.view"
    CALENDAR_EDIT = "calendar.edit"
    TASKS_MANAGE = "system.tasks"  # failed background jobs: see and retry (no business data in them)
    USER_MANAGE = "user.manage"
    ROLE_GRANT = "role.grant"
    PASSWORD_RESET = "user.password_reset"  # noqa: S105 (a permission name) # nosec B105
    PLAN_VIEW = "plan.view"
    PLAN_SUBMIT = "plan.submit"  # a body's own monthly plan
    PLAN_COORDINATE = "plan.coordinate"  # accept late items, run the coordination
    PLAN_APPROVE = "plan.approve"  # 检查前有方案审批: the lead body's head and the township leader
    OWN_SCHEDULE = "schedule.own"  # an officer's own calendar, an enterprise's own visits
    API_TOKEN_MANAGE = "api_token.manage"  # noqa: S105 (a permission name) # nosec B105
    INSPECTION_VIEW = "inspection.view"  # inspection records in scope
    INSPECT = "inspection.do"  # check in, fill the checklist, record no-code and remote inspections
    INSPECTION_FILE = "inspection.file"  # accept a no-code inspection's filing (justice office)
    PUBLICATION_MANAGE = "publication.manage"  # publish and withdraw results
    RANDOM_DRAW = "draw.run"  # 双随机 draws
    RATING_VIEW = "rating.view"  # aggregated ratings only
    RATE = "inspection.rate"  # an enterprise rates its own inspections
    COMPLAIN = "complaint.submit"  # an enterprise complains about its own inspections
    COMPLAINT_HANDLE = "complaint.handle"  # the justice bureau / office answers complaints in its area
    WARNING_VIEW = "warning.view"  # warnings in scope (a body: its own)
    WARNING_CORRECT = "warning.correct"  # a body submits the correction of its warning
    SUPERVISE = "warning.supervise"  # verify or dismiss corrections, the supervision dashboard
    WARNING_RULE_EDIT = "warning.rule_edit"  # the county's warning rules
    OPINION_GIVE = "opinion.give"  # an enforcement supervisor's opinion (执法监督员)
    CASE_VIEW = "case.view"  # enforcement cases in scope (a body: its own)
    CASE_HANDLE = "case.handle"  # register, investigate, evidence, notify, serve, record payment
    CASE_APPROVE = "case.approve"  # the body head: file (立案), extend, decide, close
    LEGAL_REVIEW = "case.legal_review"  # 法制审核 (处罚法 art. 58)
    CASE_FILE_REVIEW = "case.file_review"  # 案卷评查
    CASE_RULES_EDIT = "case.rules_edit"  # waiver lists, discretion benchmarks, document templates
    GUIDANCE_RECORD = "guidance.record"  # 合规指导 / 上门送法 visits
    REPORT_VIEW = "report.view"  # the region's figures and the annual report (issue 23)
    REPORT_EDIT = "report.edit"  # write the annual report's words (the legal office drafts)
    REPORT_APPROVE = "report.approve"  # approve and publish it (the township leader signs)
    STATS_VIEW = "stats.view"  # 行政执法统计年报: the area's bodies (a body: its own)
    STATS_EDIT = "stats.edit"  # enter or import the registers fazhi does not keep (许可, 强制, 征收, 征用)
    TRAINING_VIEW = "training.view"  # training, law exams and qualification records in scope
    TRAINING_MANAGE = "training.manage"  # sessions, attendance, exams, certificates, online-hours import
    DISPUTE_VIEW = "dispute.view"  # disputes one entered or is assigned to (a grid worker / mediator)
    DISPUTE_VIEW_AREA = "dispute.view_area"  # every dispute of the township (not from the county)
    DISPUTE_INTAKE = "dispute.intake"  # register a dispute (排查, walk-in, transfers)
    DISPUTE_MEDIATE = "dispute.mediate"  # sessions, agreements, follow-up visits
    DISPUTE_COORDINATE = "dispute.coordinate"  # 综治牵头: route, escalate, join, register, risk, import
    DISPUTE_FIGURES = "dispute.figures"  # the figures only (the county sees figures, not names)
    DISPUTE_REVEAL = "dispute.reveal"  # a party's full ID number or phone, with a logged reason
    DECISION_VIEW = "decision.view"  # major decisions of the area, drafts included
    DECISION_DRAFT = "decision.draft"  # draft, consult, moderate, answer, steps, publish, documents
    DECISION_REVIEW = "decision.review"  # legality review (合法性审查)
    DECISION_DECIDE = "decision.decide"  # approve the catalogue, the collective discussion's decision
    PUBLICITY_VIEW = "publicity.view"  # publicity activities, channels, liaisons, coverage in scope
    PUBLICITY_RECORD = "publicity.record"  # enter an activity, a channel message, an adviser's service
    PUBLICITY_MANAGE = "publicity.manage"  # registers (liaisons, studios, sites…), targets, village settings, import
    PEOPLE_VIEW = "people.view"  # special-population files one is responsible for (包抓, the body)
    PEOPLE_VIEW_AREA = "people.view_area"  # every file of the township (综治专干), not minors'
    PEOPLE_EDIT = "people.edit"  # open, assign, end files; risk meetings, incidents, screenings
    PEOPLE_VISIT = "people.visit"  # visits and danger assessments of the files one opens
    PEOPLE_REVEAL = "people.reveal"  # a file's identity, with a logged reason
    PEOPLE_FIGURES = "people.figures"  # aggregates only (the county, leaders)
    PEOPLE_EXPORT_APPROVE = "people.export_approve"  # approve a bulk export (the township leader)


_BUSINESS_READ = {Perm.REGISTRY_VIEW, Perm.ENTERPRISE_VIEW, Perm.ENTERPRISE_CONTACT_VIEW}
# 矛盾纠纷排查化解: the mediator registers and mediates what they are assigned; the governance officer
# and the justice office lead the township's disputes; leaders and the county see the figures.
_DISPUTE_MEDIATOR = {Perm.DISPUTE_VIEW, Perm.DISPUTE_INTAKE, Perm.DISPUTE_MEDIATE, Perm.DISPUTE_REVEAL}
_DISPUTE_LEAD = _DISPUTE_MEDIATOR | {Perm.DISPUTE_VIEW_AREA, Perm.DISPUTE_COORDINATE, Perm.DISPUTE_FIGURES}

ROLE_PERMISSIONS: dict[str, frozenset[Perm]] = {
    Role.INSPECTOR: frozenset(
        _BUSINESS_READ
        | {Perm.ENTERPRISE_EDIT, Perm.IMPORT, Perm.PLAN_VIEW, Perm.PLAN_SUBMIT, Perm.OWN_SCHEDULE}
        | {Perm.INSPECTION_VIEW, Perm.INSPECT, Perm.WARNING_VIEW, Perm.WARNING_CORRECT}
        | {Perm.CASE_VIEW, Perm.CASE_HANDLE, Perm.GUIDANCE_RECORD}
        | {Perm.TRAINING_VIEW}
    ),
    Role.BODY_HEAD: frozenset(
        _BUSINESS_READ
        | {Perm.PLAN_VIEW, Perm.PLAN_SUBMIT, Perm.PLAN_APPROVE, Perm.OWN_SCHEDULE}
        | {Perm.INSPECTION_VIEW, Perm.INSPECT, Perm.PUBLICATION_MANAGE, Perm.RANDOM_DRAW, Perm.RATING_VIEW}
        | {Perm.WARNING_VIEW, Perm.WARNING_CORRECT}
        | {Perm.ENTERPRISE_EDIT, Perm.IMPORT, Perm.OFFICER_EDIT, Perm.MATTER_EDIT, Perm.API_TOKEN_MANAGE}
        | {Perm.CASE_VIEW, Perm.CASE_HANDLE, Perm.CASE_APPROVE, Perm.GUIDANCE_RECORD}
        | {Perm.TRAINING_VIEW}
    ),
    Role.TOWNSHIP_LEADER: frozenset(
        _BUSINESS_READ
        | {Perm.PLAN_VIEW, Perm.PLAN_APPROVE, Perm.INSPECTION_VIEW, Perm.RATING_VIEW, Perm.WARNING_VIEW, Perm.CASE_VIEW}
        | {Perm.TRAINING_VIEW}
        | {Perm.DISPUTE_FIGURES}
    ),
    Role.LEGAL_OFFICE: frozenset(
        _BUSINESS_READ
        | {Perm.ENTERPRISE_EDIT, Perm.IMPORT, Perm.PLAN_VIEW, Perm.PLAN_COORDINATE}
        | {Perm.INSPECTION_VIEW, Perm.INSPECTION_FILE, Perm.PUBLICATION_MANAGE, Perm.RANDOM_DRAW, Perm.RATING_VIEW}
        | {Perm.COMPLAINT_HANDLE, Perm.WARNING_VIEW, Perm.SUPERVISE}
        | {Perm.CASE_VIEW, Perm.LEGAL_REVIEW, Perm.CASE_FILE_REVIEW, Perm.GUIDANCE_RECORD}
        | {Perm.TRAINING_VIEW, Perm.TRAINING_MANAGE}
        | _DISPUTE_LEAD
    ),
    Role.COUNTY_SUPERVISOR: frozenset(
        _BUSINESS_READ
        | {Perm.PLAN_VIEW, Perm.PLAN_COORDINATE}
        | {Perm.INSPECTION_VIEW, Perm.INSPECTION_FILE, Perm.PUBLICATION_MANAGE, Perm.RANDOM_DRAW, Perm.RATING_VIEW}
        | {Perm.COMPLAINT_HANDLE, Perm.WARNING_VIEW, Perm.SUPERVISE, Perm.WARNING_RULE_EDIT}
        | {Perm.CASE_VIEW, Perm.LEGAL_REVIEW, Perm.CASE_FILE_REVIEW, Perm.CASE_RULES_EDIT}
        | {Perm.TRAINING_VIEW, Perm.TRAINING_MANAGE}
        | {Perm.DISPUTE_FIGURES}
        | {
            Perm.ENTERPRISE_EDIT,
            Perm.IMPORT,
            Perm.OFFICER_EDIT,
            Perm.MATTER_EDIT,
            Perm.BODY_EDIT,
            Perm.API_TOKEN_MANAGE,
        }
    ),
    Role.GRID_WORKER: frozenset({Perm.REGISTRY_VIEW, Perm.ENTERPRISE_VIEW} | _DISPUTE_MEDIATOR),
    Role.GOVERNANCE_OFFICER: frozenset({Perm.REGISTRY_VIEW, Perm.ENTERPRISE_VIEW} | _DISPUTE_LEAD),
    Role.ENTERPRISE: frozenset(
        {
            Perm.REGISTRY_VIEW,
            Perm.ENTERPRISE_VIEW,
            Perm.ENTERPRISE_CONTACT_VIEW,
            Perm.OWN_SCHEDULE,
            Perm.RATE,
            Perm.COMPLAIN,
        }
    ),
    # 执法监督员: reads the inspections of their area and gives opinions, tracked like complaints
    Role.ENFORCEMENT_SUPERVISOR: frozenset(
        {Perm.REGISTRY_VIEW, Perm.ENTERPRISE_VIEW, Perm.INSPECTION_VIEW, Perm.OPINION_GIVE}
    ),
    # 三权分立: the three administrators share no permission and none reads business data.
    Role.SYSTEM_ADMIN: frozenset({Perm.REGION_EDIT, Perm.CALENDAR_EDIT, Perm.USER_MANAGE, Perm.TASKS_MANAGE}),
    Role.SECURITY_ADMIN: frozenset({Perm.ROLE_GRANT, Perm.PASSWORD_RESET}),
    Role.AUDIT_ADMIN: frozenset({Perm.LEDGER_VIEW}),
}

# Reports (issue 23): the figures of the region in scope and the annual report, for the township
# leader who signs it, the legal office that drafts it and the county supervisor.
for _role, _perms in (
    (Role.TOWNSHIP_LEADER, {Perm.REPORT_VIEW, Perm.REPORT_EDIT, Perm.REPORT_APPROVE}),
    (Role.LEGAL_OFFICE, {Perm.REPORT_VIEW, Perm.REPORT_EDIT}),
    (Role.COUNTY_SUPERVISOR, {Perm.REPORT_VIEW}),
):
    ROLE_PERMISSIONS[_role] = ROLE_PERMISSIONS[_role] | _perms

# 行政执法统计年报 (issue 23.4): the legal office enters or imports the area's bodies' registers fazhi
# does not keep, a body head its own body's; leaders and the county supervisor read.
for _role, _perms in (
    (Role.LEGAL_OFFICE, {Perm.STATS_VIEW, Perm.STATS_EDIT}),
    (Role.BODY_HEAD, {Perm.STATS_VIEW, Perm.STATS_EDIT}),
    (Role.TOWNSHIP_LEADER, {Perm.STATS_VIEW}),
    (Role.COUNTY_SUPERVISOR, {Perm.STATS_VIEW}),
):
    ROLE_PERMISSIONS[_role] = ROLE_PERMISSIONS[_role] | _perms

# Major decisions (issue 18): the township leader decides, the legal office drafts and reviews,
# the county supervisor reads and reviews for the county.
for _role, _perms in (
    (Role.TOWNSHIP_LEADER, {Perm.DECISION_VIEW, Perm.DECISION_DRAFT, Perm.DECISION_DECIDE}),
    (Role.LEGAL_OFFICE, {Perm.DECISION_VIEW, Perm.DECISION_DRAFT, Perm.DECISION_REVIEW}),
    (Role.COUNTY_SUPERVISOR, {Perm.DECISION_VIEW, Perm.DECISION_REVIEW}),
):
    ROLE_PERMISSIONS[_role] = ROLE_PERMISSIONS[_role] | _perms

# Law publicity (issue 20): village staff enter activities; the justice office keeps the registers and
# targets; the township leader and the county read.
for _role, _perms in (
    (Role.GRID_WORKER, {Perm.PUBLICITY_VIEW, Perm.PUBLICITY_RECORD}),
    (Role.GOVERNANCE_OFFICER, {Perm.PUBLICITY_VIEW, Perm.PUBLICITY_RECORD}),
    (Role.LEGAL_OFFICE, {Perm.PUBLICITY_VIEW, Perm.PUBLICITY_RECORD, Perm.PUBLICITY_MANAGE}),
    (Role.TOWNSHIP_LEADER, {Perm.PUBLICITY_VIEW}),
    (Role.COUNTY_SUPERVISOR, {Perm.PUBLICITY_VIEW, Perm.PUBLICITY_MANAGE}),
):
    ROLE_PERMISSIONS[_role] = ROLE_PERMISSIONS[_role] | _perms

# 重点人群 (issue 22): need-to-know. The 包抓 officials (grid workers) and the responsible body's
# named roles (FAZHI_PEOPLE_BODY_ROLES) open the files assigned to them; the governance officer the
# township's; leaders and the county see aggregates only.
_PEOPLE_OPEN = {Perm.PEOPLE_VIEW, Perm.PEOPLE_VISIT, Perm.PEOPLE_REVEAL}
for _role, _perms in (
    (Role.GRID_WORKER, _PEOPLE_OPEN),
    (Role.LEGAL_OFFICE, _PEOPLE_OPEN),
    (Role.GOVERNANCE_OFFICER, _PEOPLE_OPEN | {Perm.PEOPLE_VIEW_AREA, Perm.PEOPLE_EDIT, Perm.PEOPLE_FIGURES}),
    (Role.TOWNSHIP_LEADER, {Perm.PEOPLE_FIGURES, Perm.PEOPLE_EXPORT_APPROVE}),
    (Role.COUNTY_SUPERVISOR, {Perm.PEOPLE_FIGURES}),
):
    ROLE_PERMISSIONS[_role] = ROLE_PERMISSIONS[_role] | _perms

ADMIN_ROLES = frozenset({Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN})
# Roles tied to one enforcement body: they see that body's own records only.
BODY_ROLES = frozenset({Role.INSPECTOR, Role.BODY_HEAD})


def permissions_for(roles: set[str] | frozenset[str]) -> frozenset[Perm]:
    perms: set[Perm] = set()
    for r in roles:
        perms |= ROLE_PERMISSIONS.get(r, frozenset())
    return frozenset(perms)
