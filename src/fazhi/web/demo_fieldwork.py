"""The demo county's inspections as carried out: a visit approved for today at the demo enterprise
(so the scan check-in can be tried at once), finished remote and no-code inspections of earlier
months with results, a published notice, and a random draw. Everything through the services,
as the users named in the README."""

from __future__ import annotations

import datetime as dt
import struct
import zlib
from typing import Any

from django.utils import timezone

from fazhi.accounts.models import User
from fazhi.core.signature import sample_signature
from fazhi.inspections import draws, onsite, publication, services
from fazhi.inspections.models import CoordinationRun, InspectionRecord, JointInspection, PlanItem, Publication
from fazhi.registry import services as registry
from fazhi.registry.models import EnforcementBody, Enterprise, Matter, Officer


def placeholder_photo(seed: int) -> bytes:
    """A 60×80 PNG in a soft colour: the demo's stand-in for officers' ID photos."""
    r, g, b = 180 + seed * 37 % 60, 190 + seed * 53 % 50, 200 + seed * 29 % 40
    width, height = 60, 80
    rows = b"".join(b"\x00" + bytes((r, g, b)) * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def load(town: Any, town_body: EnforcementBody, departments: dict[str, EnforcementBody], res: Any) -> None:
    if InspectionRecord.objects.exists() or JointInspection.objects.filter(date=timezone.localdate()).exists():
        return
    users = {
        u.username: u
        for u in User.objects.filter(username__in=["fl_inspector", "fl_head", "fl_leader", "county_supervisor"])
    }
    if len(users) < 4:
        return
    supervisor = users["county_supervisor"]
    for officer in Officer.objects.filter(status=Officer.Status.ACTIVE).order_by("pk"):
        if not officer.photo:
            registry.officer_photo_set(actor=supervisor, officer=officer, data=placeholder_photo(officer.pk))
    _today_visit(town, town_body, departments, users, res)
    _past_records(town, town_body, users, res)
    matter = Matter.objects.filter(body=town_body, published=True).order_by("code").first()
    if matter is not None:
        draws.random_draw_create(
            actor=users["fl_head"], body=town_body, matter=matter, region=town, ratio_pct=10, officers=2
        )
        res.add("random draws")
    from fazhi.supervision import engine

    today = timezone.localdate()
    res.add("warnings", engine.scan(start=today.replace(month=1, day=1), end=today)["created"])


def _today_visit(
    town: Any, town_body: EnforcementBody, departments: dict[str, EnforcementBody], users: dict[str, User], res: Any
) -> None:
    """A joint visit (the township and the county emergency bureau) at the demo enterprise today,
    approved by the body head and the township leader, so 扫码入企 can be tried right away."""
    enterprise = Enterprise.objects.filter(org_unit__isnull=False, region__path__startswith=town.path).first()
    if enterprise is None:
        return
    today = timezone.localdate()
    own = Matter.objects.filter(body=town_body, published=True).order_by("code").first()
    dept = departments.get("YJ")
    dept_matter = Matter.objects.filter(body=dept, published=True).order_by("code").first() if dept else None
    run = CoordinationRun.objects.create(region=town, month=services.month_start(today), method="demo")
    visit = JointInspection.objects.create(
        run=run, enterprise=enterprise, date=today, lead_body=town_body, explanation="演示：今日联合检查"
    )
    team = [users["fl_inspector"].officer, users["fl_head"].officer]
    yj = Officer.objects.filter(body=dept, user__isnull=False).first() if dept else None
    visit.officers.set([*team, *([yj] if yj else [])])
    for body, matter in ((town_body, own), (dept, dept_matter)):
        if body is not None and matter is not None:
            PlanItem.objects.create(
                body=body,
                month=services.month_start(today),
                enterprise=enterprise,
                matter=matter,
                inspection_type="routine",
                earliest=today,
                latest=today,
                joint_inspection=visit,
            )
    services.joint_inspection_approve(actor=users["fl_head"], inspection=visit)
    services.joint_inspection_approve(actor=users["fl_leader"], inspection=visit)
    res.add("joint inspections today")


def _past_records(town: Any, town_body: EnforcementBody, users: dict[str, User], res: Any) -> None:
    """Finished remote and no-code inspections of the last weeks, with results and one published."""
    inspector, head = users["fl_inspector"], users["fl_head"]
    partner = head.officer
    matters = list(Matter.objects.filter(body=town_body, published=True).order_by("code")[:2])
    if not matters:
        return
    enterprises = list(Enterprise.objects.filter(region__parent=town, org_unit__isnull=True).order_by("pk")[:6])
    today = timezone.localdate()
    for i, ent in enumerate(enterprises):
        day = today - dt.timedelta(days=3 + 4 * i)
        if i == 0:
            record = onsite.record_without_code(
                actor=inspector,
                enterprise=ent,
                matters=matters[:1],
                officers=[partner],
                inspection_type="immediate",
                reason="群众反映燃气异味，紧急到场；现场无网络",
                day=today,
            )
        else:
            record = onsite.record_remote(
                actor=inspector,
                enterprise=ent,
                matters=matters[: 1 + i % 2],
                officers=[partner],
                method=["documents", "data", "video"][i % 3],
                day=day,
            )
        failing = i % 3 == 1
        for line in record.answers.all():
            answer = "fail" if failing and line.seq == 1 else "pass"
            onsite.answer_set(
                actor=inspector,
                record=record,
                seq=line.seq,
                answer=answer,
                note="台账未及时更新" if answer == "fail" else "",
            )
        onsite.section_sign(actor=inspector, record=record, body=town_body, signature=sample_signature(i))
        if i == 0:
            res.add("inspections without a code (open)")
            continue  # left in progress: the justice office sees it waiting to be filed
        onsite.record_finish(
            actor=inspector,
            record=record,
            outcome="rectify" if failing else "no_issue",
            findings="安全生产台账未及时更新" if failing else "",
            rectification_due=today + dt.timedelta(days=10) if failing else None,
        )
        res.add("finished inspections")
    for pub in Publication.objects.filter(status=Publication.Status.PENDING).order_by("pk")[:3]:
        publication.publication_publish(actor=head, publication=pub)
        res.add("published results")
