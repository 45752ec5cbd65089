"""The demo's planned remote check (非现场, issue 15 item 5): the township body plans a document
review of the demo enterprise for next month, the coordination makes it a remote visit (no trip),
and the body head and the township leader approve it — all through the services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fazhi.accounts.models import User
from fazhi.core.errors import ApplicationError
from fazhi.inspections import services
from fazhi.inspections.models import JointInspection, PlanItem
from fazhi.registry.models import EnforcementBody, Enterprise, Matter


def plan(town: Any, town_body: EnforcementBody, month: dt.date, today: dt.date, res: Any) -> None:
    """Before next month's coordination run: one remote routine item of the township body."""
    inspector = User.objects.filter(username="fl_inspector").first()
    enterprise = (
        Enterprise.objects.filter(org_unit__isnull=False, region__path__startswith=town.path, do_not_disturb=False)
        .order_by("pk")
        .first()
    )
    if inspector is None or enterprise is None:
        return
    planned = PlanItem.objects.filter(month=month, enterprise=enterprise).values_list("matter_id", flat=True)
    matter = (
        Matter.objects.filter(body=town_body, published=True).exclude(pk__in=list(planned)).order_by("code").first()
    )
    if matter is None:
        return
    try:
        _add(inspector, town_body, enterprise, matter, month, today)
    except ApplicationError:  # over a cap set in the demo data: the demo goes on without it
        return
    res.add("remote plan items")


def _add(
    inspector: User, town_body: EnforcementBody, enterprise: Enterprise, matter: Matter, month: dt.date, today: dt.date
) -> None:
    services.plan_item_add(
        actor=inspector,
        body=town_body,
        enterprise=enterprise,
        matter=matter,
        inspection_type="routine",
        earliest=month.replace(day=5),
        latest=month.replace(day=20),
        note="非现场检查：企业报送安全生产台账及培训记录，书面审查",
        today=today,
        remote=True,
    )


def approve(res: Any) -> None:
    """After the run: the body head and the township leader approve the remote visit."""
    users = {u.username: u for u in User.objects.filter(username__in=["fl_head", "fl_leader"])}
    for visit in JointInspection.objects.filter(remote=True, status=JointInspection.Status.DRAFT).order_by("pk"):
        for name in ("fl_head", "fl_leader"):
            if name in users:
                services.joint_inspection_approve(actor=users[name], inspection=visit)
        res.add("approved remote checks")
