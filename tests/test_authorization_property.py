"""Authorization as a property: for any user × object × action drawn by hypothesis, the system
allows exactly what an independent policy table allows — zero unauthorized reads or writes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fazhi.core.errors import ApplicationError, NotFound, PermissionDenied
from fazhi.inspections import selectors as inspections
from fazhi.registry import selectors as registry
from fazhi.supervision import engine
from fazhi.supervision import selectors as supervision
from fazhi.supervision import services as supervision_services
from tests.test_onsite import Onsite
from tests.test_supervision import remote

pytestmark = pytest.mark.django_db

USERS = [
    "inspector_a",
    "head_a",
    "leader_a",
    "inspector_b",
    "dept_inspector",
    "supervisor",
    "enterprise",
    "sysadmin",
    "secadmin",
    "auditadmin",
]

# The policy, written apart from the code: who may do what to which object.
TOWN_A = {"inspector_a", "head_a", "leader_a", "supervisor"}
POLICY: dict[tuple[str, str], set[str]] = {
    # enterprises: the town's and county roles see the town's; the enterprise itself; no administrator
    ("read", "ent_a"): TOWN_A | {"dept_inspector", "enterprise"},
    ("read", "ent_b"): {"inspector_b", "dept_inspector", "supervisor"},
    # the inspection of 峰灵酒业 by the township: its area, the department that inspects the
    # enterprise too (一次录入、多部门共用), the enterprise
    ("read", "record"): TOWN_A | {"dept_inspector", "enterprise"},
    # the township's warning: the responsible body and the supervisors of the area
    ("read", "warning"): {"inspector_a", "head_a", "leader_a", "supervisor"},
    ("correct", "warning"): {"inspector_a", "head_a"},
    ("dismiss", "warning"): {"supervisor"},
    # a complaint about the township: the county bureau and the complaining enterprise; never the body
    ("read", "complaint"): {"supervisor", "enterprise"},
    ("answer", "complaint"): {"supervisor"},
    # the township body's case: the body, the township leader and the county read it; only the
    # body acts on it (its head files); legal review by the reviewers of the area, never the body
    ("read", "case"): TOWN_A,
    ("file", "case"): {"head_a"},
    ("handle", "case"): {"inspector_a", "head_a"},
    ("legal_review", "case"): {"supervisor"},
}


def _attempt(fn: Callable[[], Any]) -> bool:
    """True when the system lets it happen; a refusal for any reason of authority is False.
    Writes are rolled back: every example starts from the same county."""
    try:
        with transaction.atomic():
            fn()
            transaction.set_rollback(True)
        return True
    except (PermissionDenied, NotFound):
        return False
    except ApplicationError as exc:  # validation after authority was granted: still "allowed"
        return exc.code not in ("permission_denied", "not_found")


@pytest.fixture
def county(world: Any) -> dict[str, Any]:
    site = Onsite(world)
    record = remote(site, day=timezone.localdate() - dt.timedelta(days=2))
    engine.scan(start=timezone.localdate() - dt.timedelta(days=10), end=timezone.localdate())
    complaint = supervision_services.complaint_submit(actor=world["enterprise"], record=record, text="检查人员态度粗暴")
    warning = supervision.warning_list(user=world["supervisor"]).get(rule__code="no_plan")
    from tests.factories import CaseWorld
    from tests.test_cases import registered

    case = registered(CaseWorld(world))
    return {"world": world, "record": record, "warning": warning, "complaint": complaint, "case": case}


def _act(c: dict[str, Any], user: Any, action: str, target: str) -> bool:
    w = c["world"]
    if target in ("ent_a", "ent_b"):
        pk = (w.ent_a if target == "ent_a" else w.ent_b).pk
        return _attempt(lambda: registry.enterprise_get(user=user, pk=pk))
    if target == "record":
        return _attempt(lambda: inspections.record_get(user=user, pk=c["record"].pk))
    if target == "warning":
        pk = c["warning"].pk
        if action == "read":
            return _attempt(lambda: supervision.warning_get(user=user, pk=pk))
        if action == "correct":
            return _attempt(
                lambda: supervision_services.warning_correct(actor=user, warning=_fresh_warning(pk), text="已补录审批")
            )
        return _attempt(
            lambda: supervision_services.warning_dismiss(actor=user, warning=_fresh_warning(pk), reason="紧急")
        )
    if target == "case":
        return _act_case(c, user, action)
    pk = c["complaint"].pk
    if action == "read":
        return _attempt(lambda: supervision.complaint_get(user=user, pk=pk))
    return _attempt(
        lambda: supervision_services.complaint_answer(actor=user, complaint=_fresh_complaint(pk), answer="已核实处理")
    )


def _act_case(c: dict[str, Any], user: Any, action: str) -> bool:
    from fazhi.cases import selectors as cases
    from fazhi.cases import services as case_services
    from fazhi.cases.models import Case

    pk = c["case"].pk

    def fresh() -> Case:
        return Case.objects.select_related("body", "region", "violation").get(pk=pk)

    if action == "read":
        return _attempt(lambda: cases.case_get(user=user, pk=pk))
    if action == "file":
        return _attempt(lambda: case_services.case_file(actor=user, case=fresh()))
    if action == "handle":
        return _attempt(
            lambda: case_services.case_evidence_add(actor=user, case=fresh(), kind="document", description="询问笔录")
        )
    return _attempt(
        lambda: case_services.case_legal_review(actor=user, case=fresh(), passed=True, opinion="同意处理意见")
    )


def _fresh_warning(pk: int) -> Any:
    from fazhi.supervision.models import Warning

    return Warning.objects.select_related("body", "region").get(pk=pk)


def _fresh_complaint(pk: int) -> Any:
    from fazhi.supervision.models import Complaint

    return Complaint.objects.select_related("region").get(pk=pk)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(username=st.sampled_from(USERS), rule=st.sampled_from(sorted(POLICY)))
def test_every_user_object_action_follows_the_policy(
    county: dict[str, Any], username: str, rule: tuple[str, str]
) -> None:
    action, target = rule
    user = county["world"][username]
    user.refresh_from_db()  # no cached roles between examples
    allowed = _act(county, user, action, target)
    assert allowed == (username in POLICY[rule]), f"{username} {action} {target}: system says {allowed}"


def test_the_policy_is_checked_exhaustively(county: dict[str, Any]) -> None:
    """Hypothesis samples; this walks the whole table once so no pair is ever skipped."""
    wrong = []
    for (action, target), allowed_users in sorted(POLICY.items()):
        for username in USERS:
            user = county["world"][username]
            if _act(county, user, action, target) != (username in allowed_users):
                wrong.append((username, action, target))
    assert wrong == []


# --- special-population files (issue 22) ------------------------------------------------------------
# The policy, written apart from the code: 包抓 officials open their files; the township's
# governance officer opens the township's adults' files and keeps its register; the justice office
# (the responsible body) opens the corrections files it is responsible for, a minor's included;
# nobody else — no leader, county supervisor, inspector, enterprise or administrator — opens a file.
PEOPLE_USERS = [*USERS, "zongzhi_a", "sifasuo_a", "grid_a", "grid_a2", "grid_b", "zongzhi_b"]
PEOPLE_POLICY: dict[tuple[str, str], set[str]] = {
    ("read", "mental_a"): {"grid_a", "zongzhi_a"},
    ("reveal", "mental_a"): {"grid_a", "zongzhi_a"},
    ("visit", "mental_a"): {"grid_a", "zongzhi_a"},
    ("end_basis", "mental_a"): {"zongzhi_a"},
    ("read", "corrections_a"): {"grid_a2", "zongzhi_a", "sifasuo_a"},
    ("reveal", "corrections_a"): {"grid_a2", "zongzhi_a", "sifasuo_a"},
    ("visit", "corrections_a"): {"grid_a2", "zongzhi_a", "sifasuo_a"},
    ("read", "minor_a"): {"sifasuo_a"},
    ("reveal", "minor_a"): {"sifasuo_a"},
    ("read", "cult_b"): {"grid_b", "zongzhi_b"},
    ("reveal", "cult_b"): {"grid_b", "zongzhi_b"},
    ("record", "meeting_a"): {"zongzhi_a"},
    ("read", "meetings_a"): {"zongzhi_a"},
    ("access_log", "mental_a"): {"zongzhi_a"},
}


@pytest.fixture
def people_county(world: Any) -> dict[str, Any]:
    from fazhi.people import services as people_services
    from tests.factories_people import PeopleWorld

    pw = PeopleWorld(world)
    meeting = people_services.meeting_record(
        actor=pw.officer,
        township=world.town_a,
        held_on=timezone.localdate(),
        title="月度风险研判",
        attendees="综治办、派出所",
        decisions="加强随访",
        files=[pw.mental],
    )
    users = {name: world[name] for name in USERS}
    for u in (pw.officer, pw.legal, pw.grid, pw.grid2, pw.grid_b, pw.officer_b):
        users[u.username] = u
    files = {"mental_a": pw.mental, "corrections_a": pw.corrections, "minor_a": pw.minor, "cult_b": pw.file_b}
    return {"world": world, "users": users, "files": files, "meeting": meeting}


def _act_people(c: dict[str, Any], user: Any, action: str, target: str) -> bool:
    from fazhi.people import selectors as people
    from fazhi.people import services as people_services
    from fazhi.people.models import PersonFile

    w = c["world"]
    if target == "meeting_a":
        return _attempt(
            lambda: people_services.meeting_record(
                actor=user,
                township=w.town_a,
                held_on=timezone.localdate(),
                title="研判",
                attendees="综治办",
                decisions="继续随访",
            )
        )
    if target == "meetings_a":
        return c["meeting"] in people.meeting_list(user=user)
    pk = c["files"][target].pk

    def fresh() -> PersonFile:
        return PersonFile.objects.select_related("category", "township").get(pk=pk)

    if action == "read":
        return _attempt(lambda: people.file_get(user=user, pk=pk))
    if action == "reveal":
        return _attempt(lambda: people_services.file_reveal(actor=user, file=fresh(), reason="核对身份"))
    if action == "visit":
        return _attempt(
            lambda: people_services.visit_record(
                actor=user, file=fresh(), visited_on=timezone.localdate(), place="家中", findings="稳定", danger_level=1
            )
        )
    if action == "end_basis":
        return _attempt(lambda: people_services.file_end_basis(actor=user, file=fresh(), day=timezone.localdate()))
    return _attempt(lambda: people_services.access_log_export(actor=user, file=fresh(), reason="本人申请"))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(username=st.sampled_from(PEOPLE_USERS), rule=st.sampled_from(sorted(PEOPLE_POLICY)))
def test_people_files_follow_the_policy(people_county: dict[str, Any], username: str, rule: tuple[str, str]) -> None:
    action, target = rule
    user = people_county["users"][username]
    user.refresh_from_db()
    allowed = _act_people(people_county, user, action, target)
    assert allowed == (username in PEOPLE_POLICY[rule]), f"{username} {action} {target}: system says {allowed}"


def test_the_people_policy_is_checked_exhaustively(people_county: dict[str, Any]) -> None:
    wrong = []
    for (action, target), allowed_users in sorted(PEOPLE_POLICY.items()):
        for username in PEOPLE_USERS:
            user = people_county["users"][username]
            if _act_people(people_county, user, action, target) != (username in allowed_users):
                wrong.append((username, action, target))
    assert wrong == []
