"""Scoped reads of special-population files (who opens what: :mod:`fazhi.people.access`).

Lists never decrypt: they show the masked copies kept on the file. The county and leaders get
figures (:mod:`fazhi.people.figures`), never rows.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils import timezone

from fazhi.accounts.models import Region
from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import SystemUser, scope_of
from fazhi.core.lookups import get_or_not_found
from fazhi.core.models import LedgerEntry
from fazhi.people.access import NAMED_LEVELS, sees_area, visible_q
from fazhi.people.models import (
    DangerAssessment,
    ExportApproval,
    Incident,
    MentalScreening,
    PersonCategory,
    PersonFile,
    RiskMeeting,
    ShareGrant,
    Visit,
)

SEALED = ("name", "id_number", "address", "phone", "guardian")


def _opens(user: Any) -> bool:
    return isinstance(user, SystemUser) or bool(getattr(user, "is_authenticated", False) and user.can(Perm.PEOPLE_VIEW))


def file_qs(*, user: Any) -> QuerySet[PersonFile]:
    """Every file ``user`` may open (no duplicates from the assignment join)."""
    if not _opens(user):
        return PersonFile.objects.none()
    return PersonFile.objects.filter(visible_q(user))


def file_list(
    *, user: Any, category: str = "", due: str = "", id_number: str = "", status: str = ""
) -> QuerySet[PersonFile]:
    qs = file_qs(user=user)
    if id_number.strip():  # the blind index: an exact match without decrypting
        from fazhi.people.services.files import id_index

        qs = qs.filter(id_index=id_index(id_number))
    if category:
        qs = qs.filter(category__code=category)
    today = timezone.localdate()
    if due == "overdue":
        qs = qs.filter(next_visit_due__lt=today)
    elif due == "soon":
        qs = qs.filter(next_visit_due__lte=today + dt.timedelta(days=settings.FAZHI_PEOPLE_DUE_SOON_DAYS))
    if status in PersonFile.Status.values:
        qs = qs.filter(status=status)
    # lists never decrypt: the sealed columns are not even read
    return qs.defer(*SEALED).select_related("category", "township", "village").order_by("next_visit_due", "pk")


def file_get(*, user: Any, pk: int) -> PersonFile:
    return get_or_not_found(
        file_qs(user=user)
        .select_related("category", "township", "village", "responsible_org")
        .prefetch_related("responsible"),
        pk=pk,
    )


def visits_due(*, user: Any) -> QuerySet[PersonFile]:
    """The files whose visit is overdue or due within FAZHI_PEOPLE_DUE_SOON_DAYS: the warning on
    the responsible official's and the governance officer's to-do list."""
    soon = timezone.localdate() + dt.timedelta(days=settings.FAZHI_PEOPLE_DUE_SOON_DAYS)
    return (
        file_qs(user=user)
        .filter(status=PersonFile.Status.ACTIVE, next_visit_due__lte=soon)
        .defer(*SEALED)
        .select_related("category")
        .order_by("next_visit_due", "pk")
    )


def visit_list(*, file: PersonFile) -> QuerySet[Visit]:
    """A file's visits (the file was fetched through :func:`file_get`)."""
    return file.visits.select_related("visited_by").prefetch_related("assessments")


def assessment_list(*, file: PersonFile) -> QuerySet[DangerAssessment]:
    """A file's danger assessments, latest first (the history)."""
    return file.assessments.select_related("assessed_by")


def category_list() -> QuerySet[PersonCategory]:
    return PersonCategory.objects.filter(active=True)


def category_get(*, code: str) -> PersonCategory | None:
    return PersonCategory.objects.filter(code=code, active=True).first()


def townships_for(*, user: Any) -> QuerySet[Region]:
    """The townships whose register the user keeps (governance officer of a township or village)."""
    if isinstance(user, SystemUser):
        return Region.objects.filter(level=Region.Level.TOWNSHIP)
    if not getattr(user, "is_authenticated", False) or not user.can(Perm.PEOPLE_EDIT):
        return Region.objects.none()
    org = user.org_unit
    if org is None or org.region.level not in NAMED_LEVELS:
        return Region.objects.none()
    path = scope_of(user).region_path or "\0"
    return Region.objects.filter(level=Region.Level.TOWNSHIP).filter(
        pk__in=[
            r.pk
            for r in Region.objects.filter(level=Region.Level.TOWNSHIP)
            if path.startswith(r.path) or r.path.startswith(path)
        ]
    )


def villages_for(*, township: Region) -> QuerySet[Region]:
    return Region.objects.filter(parent=township, level=Region.Level.VILLAGE)


def responsible_candidates(*, user: Any, township: Region) -> Any:
    """Accounts of the township that may be named 包抓 officials (hold PEOPLE_VISIT)."""
    from fazhi.accounts.models import User

    return [
        u
        for u in User.objects.filter(is_active=True, org_unit__region__path__startswith=township.path).select_related(
            "org_unit__region"
        )
        if u.can(Perm.PEOPLE_VISIT)
    ]


def org_units_for(*, township: Region) -> Any:
    from fazhi.accounts.models import OrgUnit

    return OrgUnit.objects.filter(region__path__startswith=township.path)


def meeting_list(*, user: Any) -> QuerySet[RiskMeeting]:
    """The township's meetings for those who keep its register (files named by number)."""
    towns = townships_for(user=user)
    return (
        RiskMeeting.objects.filter(township__in=towns).prefetch_related("files", "actions").select_related("township")
    )


def incident_list(*, user: Any) -> QuerySet[Incident]:
    return Incident.objects.filter(township__in=townships_for(user=user)).select_related("file", "township")


def screening_list(*, user: Any) -> QuerySet[MentalScreening]:
    return MentalScreening.objects.filter(township__in=townships_for(user=user)).select_related("township")


def export_list(*, user: Any) -> QuerySet[ExportApproval]:
    """Exports the user asked for, or may approve (the township leader of the area)."""
    if not getattr(user, "is_authenticated", False):
        return ExportApproval.objects.none()
    if user.can(Perm.PEOPLE_EXPORT_APPROVE):
        path = scope_of(user).region_path
        if path is None:
            return ExportApproval.objects.none()
        return ExportApproval.objects.filter(township__path__startswith=path).select_related("township", "requested_by")
    return ExportApproval.objects.filter(requested_by=user.pk).select_related("township", "requested_by")


def export_get(*, user: Any, pk: int) -> ExportApproval:
    return get_or_not_found(export_list(user=user), pk=pk)


def sharing_townships_for(*, user: Any) -> QuerySet[Region]:
    """The townships whose sharing the user manages: their own township, at its own level (a village's
    officer keeps files but does not share the township's register)."""
    if isinstance(user, SystemUser):
        return townships_for(user=user)
    org = getattr(user, "org_unit", None)
    return townships_for(user=user).filter(pk=org.region_id if org is not None else 0)


def share_list(*, user: Any) -> QuerySet[ShareGrant]:
    """The sharing grants of the township whose sharing the user manages (no file, no identity)."""
    return (
        ShareGrant.objects.filter(township__in=sharing_townships_for(user=user))
        .select_related("org", "township", "granted_by", "revoked_by")
        .prefetch_related("categories")
    )


def share_get(*, user: Any, pk: int) -> ShareGrant:
    return get_or_not_found(share_list(user=user), pk=pk)


def share_bodies() -> Any:
    """The county bodies a grant may name (公安, 卫健, 司法…): county departments, the justice bureau."""
    from fazhi.accounts.models import OrgUnit
    from fazhi.people.models import SHARE_BODY_KINDS

    return OrgUnit.objects.filter(kind__in=SHARE_BODY_KINDS, region__level=Region.Level.COUNTY).order_by("name")


def file_for_register(*, user: Any, pk: int | None) -> PersonFile | None:
    """A file named on a meeting or incident form (only one the user opens)."""
    if not pk:
        return None
    return file_qs(user=user).filter(pk=pk).first()


def figure_regions(*, user: Any) -> QuerySet[Region]:
    """The regions whose figures the user reads: their own area and below."""
    if not getattr(user, "is_authenticated", False) or not user.can(Perm.PEOPLE_FIGURES):
        return Region.objects.none()
    path = scope_of(user).region_path
    if path is None:
        return Region.objects.none()
    return Region.objects.filter(path__startswith=path).order_by("path")


__all__ = ["sees_area"]


def assignment_history(*, file: PersonFile) -> list[dict[str, Any]]:
    """包抓 reassignments of a file (already read through ``file_get``, so in the reader's scope),
    newest first, from the ledger entries ``file_assign`` writes: when, who, from whom to whom,
    why. The ledger keeps account ids only; the names are the accounts' names today."""
    entries = list(
        LedgerEntry.objects.filter(
            verb="people.file_assigned", target_type=PersonFile._meta.label_lower, target_id=str(file.pk)
        ).order_by("-seq")
    )
    payloads = [json.loads(e.payload or "{}") for e in entries]
    ids = {pk for p in payloads for pk in [*p.get("before", []), *p.get("after", [])]}
    names = {u.pk: str(u) for u in get_user_model().objects.filter(pk__in=ids)}
    return [
        {
            "at": e.created_at,
            "by": e.actor_name,
            "before": [names.get(pk, f"#{pk}") for pk in p.get("before", [])],
            "after": [names.get(pk, f"#{pk}") for pk in p.get("after", [])],
            "reason": p.get("reason", ""),
        }
        for e, p in zip(entries, payloads, strict=True)
    ]
