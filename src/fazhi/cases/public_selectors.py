"""Reads for the public pages of penalty decisions (结果公示, 国办发〔2018〕118号): what anyone may
read without logging in, the same for everyone. The notices hold only redacted content
(``registry.disclosure``); nothing here depends on who asks."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone

from fazhi.accounts.models import Region
from fazhi.cases.models import DecisionPublication
from fazhi.core.lookups import filter_if, get_or_not_found

P = DecisionPublication.Status


def public_decision_list(
    *,
    township_id: int | None = None,
    body_id: int | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> QuerySet[DecisionPublication]:
    """Published, not withdrawn, not yet retired decisions (of a township, a body, a period of
    decision dates), the newest first."""
    today = timezone.localdate()
    qs = DecisionPublication.objects.filter(status=P.PUBLISHED, retire_on__gt=today).select_related("body")
    township = Region.objects.filter(pk=township_id).first() if township_id else None
    if township is not None:
        qs = qs.filter(region__path__startswith=township.path)
    qs = filter_if(qs, body_id=body_id, decided_on__gte=start, decided_on__lte=end)
    return qs.order_by("-decided_on", "-pk")


def public_decision_get(*, pk: int) -> DecisionPublication:
    """A notice by number: published, or withdrawn after it was published (marked, with the
    reason); never a pending one, one withdrawn unseen, or a retired one."""
    today = timezone.localdate()
    qs = DecisionPublication.objects.filter(
        status__in=[P.PUBLISHED, P.WITHDRAWN], published_at__isnull=False, retire_on__gt=today
    ).select_related("body")
    return get_or_not_found(qs, pk=pk)
