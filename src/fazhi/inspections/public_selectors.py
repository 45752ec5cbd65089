"""Reads for the pages anyone may open without logging in: the task-code verification (亮证),
published results (结果公示) and random draws (双随机、一公开). They return only what the law
requires to be public; nothing here depends on who asks."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.accounts.models import Region
from fazhi.core.errors import ApplicationError, NotFound
from fazhi.core.lookups import filter_if, get_or_not_found
from fazhi.inspections import codes
from fazhi.inspections.models import InspectionRecord, JointInspection, PlanItem, Publication, RandomDraw
from fazhi.registry.disclosure import public_party
from fazhi.registry.models import EnforcementBody, Officer


def public_visit_get(*, token: str) -> JointInspection:
    """The approved visit a task code names (its day included); a cancelled or unapproved task is
    refused with what the enterprise should do."""
    code = codes.read_task_token(token)
    visit = (
        JointInspection.objects.filter(pk=code.inspection_id, date=code.day)
        .select_related("enterprise", "lead_body", "head_approved_by", "leader_approved_by")
        .first()
    )
    if visit is None or visit.status != JointInspection.Status.APPROVED:
        raise ApplicationError(
            _("This task was cancelled or is not approved. Do not let the inspection start on it; you may complain.")
        )
    return visit


def public_visit_items(*, visit: JointInspection) -> list[PlanItem]:
    """What is inspected and on what basis, department by department."""
    return list(visit.plan_items.select_related("matter", "body").order_by("body__code"))


def public_visit_team(*, visit: JointInspection) -> QuerySet[Officer]:
    return visit.officers.select_related("body")


def public_visit_record(*, visit: JointInspection) -> InspectionRecord | None:
    """The visit's record once the team checked in (its status only is shown)."""
    return InspectionRecord.objects.filter(joint_inspection=visit).first()


def public_officer_photo(*, visit: JointInspection, officer_id: int) -> Officer:
    """A team officer with a photo, only through a valid task code naming that officer."""
    officer = visit.officers.filter(pk=officer_id).first()
    if officer is None or not officer.photo:
        raise NotFound()
    return officer


def public_result_list(
    *,
    township_id: int | None = None,
    body_id: int | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> QuerySet[Publication]:
    """What anyone may read: published, not yet retired notices (of a township, a body, a period)."""
    today = timezone.localdate()
    qs = Publication.objects.filter(status=Publication.Status.PUBLISHED, retire_on__gt=today).select_related("body")
    township = Region.objects.filter(pk=township_id).first() if township_id else None
    if township is not None:
        qs = qs.filter(region__path__startswith=township.path)
    qs = filter_if(qs, body_id=body_id, record__date__gte=start, record__date__lte=end)
    return qs.order_by("-published_at", "-pk")


def public_result_get(*, pk: int) -> Publication:
    """A notice by number: published or withdrawn (with its reason), never a pending or retired one."""
    today = timezone.localdate()
    qs = Publication.objects.filter(
        status__in=[Publication.Status.PUBLISHED, Publication.Status.WITHDRAWN], retire_on__gt=today
    ).select_related("body")
    return get_or_not_found(qs, pk=pk)


def public_townships() -> QuerySet[Region]:
    """The townships the results page filters by."""
    return Region.objects.filter(level="township").order_by("path")


def public_bodies() -> QuerySet[EnforcementBody]:
    """The published enforcement bodies the results page filters by."""
    return EnforcementBody.objects.filter(published=True).order_by("code")


def public_draw_list() -> QuerySet[RandomDraw]:
    """Draws are public (一公开): the list is the same for everyone."""
    return RandomDraw.objects.select_related("body", "matter", "region").order_by("-created_at")


def public_draw_get(*, pk: int) -> RandomDraw:
    return get_or_not_found(public_draw_list(), pk=pk)


def public_draw_rows(item: RandomDraw) -> dict[str, list[dict[str, Any]]]:
    """The draw's result and its list of enterprises as the public page shows them: each party
    named by ``registry.disclosure.public_party`` (a 个体工商户's name redacted). The credit code
    stays whole: it is the published input anyone re-runs the draw from (docs/security.md)."""

    def named(uscc: str, name: str) -> str:
        return public_party(name=name, uscc=uscc).name

    return {
        "result": [{**r, "name": named(r["uscc"], r["name"])} for r in item.result],
        "pool": [{"uscc": e[0], "name": named(e[0], e[1])} for e in item.entity_pool],
    }
