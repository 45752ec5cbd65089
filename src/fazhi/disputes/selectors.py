"""Scoped reads of disputes (see :mod:`fazhi.disputes.access` for who sees what).

Lists never decrypt: party names are plain, ID numbers and phones are shown masked by the
templates and the API from the model's ``*_masked`` properties.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from fazhi.accounts.models import OrgUnit, Region
from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import SystemUser, scope_of
from fazhi.core.errors import NotFound
from fazhi.core.lookups import get_or_not_found
from fazhi.disputes.access import sees_area, visible_q
from fazhi.disputes.models import (
    Agreement,
    Dispute,
    DisputeCategory,
    DisputeParty,
    FollowUp,
    MediationCommittee,
    MediationSession,
    Mediator,
    MediatorTraining,
    RiskWarning,
    ScreeningCampaign,
)

OPEN = (Dispute.Status.REGISTERED, Dispute.Status.MEDIATING)


def _can_read(user: Any) -> bool:
    return isinstance(user, SystemUser) or bool(
        getattr(user, "is_authenticated", False) and (user.can(Perm.DISPUTE_VIEW) or user.can(Perm.DISPUTE_VIEW_AREA))
    )


def dispute_qs(*, user: Any) -> QuerySet[Dispute]:
    """Every dispute ``user`` may see by name (without duplicates from the assignment joins)."""
    if not _can_read(user):
        return Dispute.objects.none()
    q = visible_q(user)
    if sees_area(user) and not isinstance(user, SystemUser):
        # the township's coordinators: their township's rows by its indexed key, no joins (the
        # common, fast case); a village's coordinators by the area prefix
        org = user.org_unit
        if org.region.level == Region.Level.TOWNSHIP:
            return Dispute.objects.filter(township_id=org.region_id)
        return Dispute.objects.filter(area_path__startswith=scope_of(user).region_path or "\0")
    return Dispute.objects.filter(pk__in=Dispute.objects.filter(q).values("pk"))


def dispute_list(
    *,
    user: Any,
    q: str = "",
    status: str = "",
    category: str = "",
    village_id: int | None = None,
    flag: str = "",
    overdue: bool | None = None,
    party_id_number: str = "",
) -> QuerySet[Dispute]:
    qs = dispute_qs(user=user)
    if party_id_number.strip():  # the blind index: an exact match without decrypting
        from fazhi.core import crypto

        index = crypto.blind_index(party_id_number, purpose="dispute.id")
        qs = qs.filter(pk__in=DisputeParty.objects.filter(id_index=index).values("dispute_id"))
    if q:
        qs = qs.filter(Q(number__icontains=q) | Q(parties__name__icontains=q) | Q(description__icontains=q)).distinct()
    if status == "open":
        qs = qs.filter(status__in=OPEN)
    elif status in Dispute.Status.values:
        qs = qs.filter(status=status)
    if category:
        qs = qs.filter(category__code=category)
    if village_id:
        qs = qs.filter(village_id=village_id)
    if flag == "police":
        qs = qs.filter(police_related=True)
    elif flag == "petition":
        qs = qs.filter(petition_related=True)
    elif flag == "risk":
        qs = qs.filter(mass_risk=True)
    if overdue:
        qs = qs.filter(status=Dispute.Status.MEDIATING, deadline__lt=timezone.localdate())
    return qs.select_related("category", "village", "township").order_by("-received_on", "-pk")


def dispute_get(*, user: Any, pk: int) -> Dispute:
    qs = dispute_qs(user=user).select_related("category", "village", "township", "lead_org", "merged_into")
    return get_or_not_found(
        qs.prefetch_related(
            "joined_orgs",
            "mediators__committee",
            "parties",
            Prefetch("sessions", queryset=MediationSession.objects.prefetch_related("present", "mediators")),
            Prefetch("agreements", queryset=Agreement.objects.prefetch_related("follow_ups")),
            "steps",
            "risk_warnings",
        ),
        pk=pk,
    )


def party_get(*, user: Any, pk: int) -> DisputeParty:
    party = (
        DisputeParty.objects.filter(pk=pk, dispute__in=dispute_qs(user=user).values("pk"))
        .select_related("dispute")
        .first()
    )
    if party is None:
        raise NotFound()
    return party


def agreement_get(*, user: Any, pk: int) -> Agreement:
    return get_or_not_found(
        Agreement.objects.filter(dispute__in=dispute_qs(user=user).values("pk")).select_related(
            "dispute", "dispute__category", "dispute__township"
        ),
        pk=pk,
    )


def follow_up_get(*, user: Any, pk: int) -> FollowUp:
    return get_or_not_found(
        FollowUp.objects.filter(dispute__in=dispute_qs(user=user).values("pk")).select_related(
            "dispute", "agreement", "dispute__category"
        ),
        pk=pk,
    )


def follow_ups_due(*, user: Any, within_days: int = 7) -> QuerySet[FollowUp]:
    """Visits not yet made, due within ``within_days`` (or overdue): a phone's work list."""
    limit = timezone.localdate() + dt.timedelta(days=within_days)
    org = getattr(user, "org_unit", None)
    if sees_area(user) and org is not None and org.region.level == Region.Level.TOWNSHIP:
        in_scope = Q(dispute__township_id=org.region_id)  # a join the planner drives from due_on
    else:
        in_scope = Q(dispute__in=dispute_qs(user=user).values("pk"))
    return (
        FollowUp.objects.filter(
            in_scope,
            visited_on__isnull=True,
            due_on__lte=limit,
            dispute__status=Dispute.Status.AGREED,
        )
        .select_related("dispute", "dispute__category", "dispute__village")
        .order_by("due_on", "pk")
    )


def mediating_due(*, user: Any) -> QuerySet[Dispute]:
    """Disputes in mediation, nearest time limit first (past ones are shown as overdue)."""
    return (
        dispute_qs(user=user)
        .filter(status=Dispute.Status.MEDIATING)
        .select_related("category")
        .order_by("deadline", "pk")
    )


def follow_ups_due_count(*, user: Any) -> int:
    """The home page's total for :func:`follow_ups_due`."""
    return follow_ups_due(user=user).count()


def mediating_due_count(*, user: Any) -> int:
    return mediating_due(user=user).count()


def disputes_waiting(*, user: Any) -> QuerySet[Dispute]:
    """Registered disputes nobody mediates yet: the governance officer routes them (分流); oldest first."""
    if not (user.can(Perm.DISPUTE_COORDINATE) and sees_area(user)):
        return Dispute.objects.none()
    return dispute_qs(user=user).filter(status=Dispute.Status.REGISTERED).select_related("category").order_by("pk")


def disputes_waiting_count(*, user: Any) -> int:
    return disputes_waiting(user=user).count()


def risk_warnings_count(*, user: Any) -> int:
    return risk_warnings(user=user).count()


def category_list() -> QuerySet[DisputeCategory]:
    return DisputeCategory.objects.filter(active=True)


def category_get(*, code: str) -> DisputeCategory | None:
    return DisputeCategory.objects.filter(active=True, code=code).first()


def townships_for_intake(*, user: Any) -> QuerySet[Region]:
    """The townships where ``user`` registers disputes: their own, or the one above their village."""
    if isinstance(user, SystemUser):
        return Region.objects.filter(level=Region.Level.TOWNSHIP)
    org = getattr(user, "org_unit", None)
    if org is None or not user.can(Perm.DISPUTE_INTAKE):
        return Region.objects.none()
    path = org.region.path
    return Region.objects.filter(level=Region.Level.TOWNSHIP).filter(
        Q(path__startswith=path) | Q(pk__in=[a for a in _ancestor_ids(org.region)])
    )


def _ancestor_ids(region: Region) -> list[int]:
    codes = region.ancestor_codes()
    return list(Region.objects.filter(code__in=codes).values_list("pk", flat=True))


def villages_for_intake(*, user: Any, township: Region) -> QuerySet[Region]:
    qs = Region.objects.filter(parent=township, level=Region.Level.VILLAGE)
    if isinstance(user, SystemUser):
        return qs
    org = getattr(user, "org_unit", None)
    if org is None:
        return Region.objects.none()
    if org.region.level == Region.Level.VILLAGE:
        return qs.filter(pk=org.region.pk)
    return qs


def region_for_intake(*, user: Any, pk: int | None, level: str) -> Region | None:
    if not pk:
        return None
    if level == Region.Level.TOWNSHIP:
        return townships_for_intake(user=user).filter(pk=pk).first()
    return Region.objects.filter(pk=pk, level=level).first()


def campaign_list(*, user: Any) -> QuerySet[ScreeningCampaign]:
    townships = townships_for_intake(user=user)
    return ScreeningCampaign.objects.filter(township__in=townships).annotate(
        found=Count("dispute", filter=~Q(dispute__status=Dispute.Status.MERGED))
    )


def campaign_counts(*, user: Any, campaign: ScreeningCampaign) -> list[dict[str, Any]]:
    """Disputes found per village in a campaign: what was found, never a target."""
    rows = (
        Dispute.objects.filter(campaign=campaign)
        .exclude(status=Dispute.Status.MERGED)
        .values("village__name")
        .annotate(n=Count("pk"))
        .order_by("village__name")
    )
    return [{"village": r["village__name"] or campaign.township.name, "n": r["n"]} for r in rows]


def committee_list(*, user: Any) -> QuerySet[MediationCommittee]:
    townships = townships_for_intake(user=user) if user.can(Perm.DISPUTE_COORDINATE) else Region.objects.none()
    paths = [t.path for t in townships]
    q = Q(pk__in=[])
    for p in paths:
        q |= Q(region__path__startswith=p)
    return MediationCommittee.objects.filter(q).select_related("region")


def mediator_list(*, user: Any, township: Region | None = None) -> QuerySet[Mediator]:
    """The register with the cases each mediator handled (a fact of the register, never a ranking:
    the list is ordered by name)."""
    qs = Mediator.objects.filter(committee__in=committee_list(user=user))
    if township is not None:
        qs = qs.filter(committee__region__path__startswith=township.path)
    return (
        qs.select_related("committee")
        .annotate(cases=Count("disputes", distinct=True), trainings_attended=Count("trainings", distinct=True))
        .order_by("name", "pk")
    )


def mediators_for(*, user: Any, dispute: Dispute) -> QuerySet[Mediator]:
    return Mediator.objects.filter(
        active=True, committee__region__path__startswith=dispute.township.path
    ).select_related("committee")


def training_list(*, user: Any) -> QuerySet[MediatorTraining]:
    townships = townships_for_intake(user=user) if user.can(Perm.DISPUTE_COORDINATE) else Region.objects.none()
    q = Q(pk__in=[])
    for t in townships:
        q |= Q(region__path__startswith=t.path)
    return MediatorTraining.objects.filter(q).annotate(attended=Count("mediators"))


def risk_warnings(*, user: Any, open_only: bool = True) -> QuerySet[RiskWarning]:
    """The township's risk warnings, for its coordinators (the governance officer)."""
    if not (isinstance(user, SystemUser) or (user.can(Perm.DISPUTE_COORDINATE) and sees_area(user))):
        return RiskWarning.objects.none()
    qs = RiskWarning.objects.filter(dispute__in=dispute_qs(user=user).values("pk")).select_related(
        "dispute", "dispute__category"
    )
    return qs.filter(acknowledged_on__isnull=True) if open_only else qs


def org_units_for_routing(*, user: Any, dispute: Dispute) -> QuerySet[OrgUnit]:
    """The bodies a dispute can be routed to or joined with: those of the township and the county
    above it (派出所, 法院, 信访办 are county organisations)."""
    codes = dispute.township.ancestor_codes()
    return OrgUnit.objects.exclude(kind__in=[OrgUnit.Kind.ENTERPRISE, OrgUnit.Kind.SYSTEM]).filter(
        Q(region__path__startswith=dispute.township.path) | Q(region__code__in=codes)
    )


def figure_regions(*, user: Any) -> QuerySet[Region]:
    """The regions whose figures ``user`` sees: their own area (the county: every township)."""
    if isinstance(user, SystemUser):
        return Region.objects.all()
    if not user.can(Perm.DISPUTE_FIGURES):
        return Region.objects.none()
    scope = scope_of(user)
    if scope.region_path is None or scope.enterprise_only:
        return Region.objects.none()
    return Region.objects.filter(
        path__startswith=scope.region_path,
        level__in=[Region.Level.COUNTY, Region.Level.TOWNSHIP, Region.Level.CITY, Region.Level.PROVINCE],
    )


def dispute_duplicate_target(*, user: Any, pk: int) -> Dispute:
    """A dispute offered as a duplicate at intake: one of the user's townships (they may not see
    its names; they add their report to it)."""
    return get_or_not_found(
        Dispute.objects.filter(township__in=townships_for_intake(user=user)).exclude(status=Dispute.Status.MERGED),
        pk=pk,
    )


def duplicates_shown(*, ids: list[int]) -> list[Dispute]:
    """The duplicates offered at intake, shown without names: number, category, village, date."""
    return list(Dispute.objects.filter(pk__in=ids).select_related("category", "village").order_by("-pk"))


def register_regions(*, user: Any) -> QuerySet[Region]:
    """The townships and villages where ``user`` keeps the mediation register."""
    q = Q(pk__in=[])
    for t in townships_for_intake(user=user) if user.can(Perm.DISPUTE_COORDINATE) else []:
        q |= Q(path__startswith=t.path)
    return Region.objects.filter(q, level__in=[Region.Level.TOWNSHIP, Region.Level.VILLAGE])
