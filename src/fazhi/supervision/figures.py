"""Supervision figures of the annual report (issue 23): "累计纠正不规范行为N起", "邀请N名企业负责人担任执法监督员"."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fazhi.accounts.models import User
from fazhi.accounts.roles import Role
from fazhi.accounts.scopes import RegionReader
from fazhi.core.figures import Value, figure
from fazhi.supervision.models import Warning
from fazhi.supervision.selectors import warning_list


@figure(
    "supervision.corrected",
    label=_("Irregular enforcement corrected"),
    unit=pgettext_lazy("unit", "incidents"),
    counted=_("Warnings raised in the year whose correction the supervisor accepted."),
    source="supervision:warnings",
)
def corrected(region: Any, year: int) -> Value:
    return warning_list(user=RegionReader(region), status=Warning.Status.CORRECTED).filter(day__year=year).count()


@figure(
    "supervision.enterprise_supervisors",
    label=_("Enterprise representatives serving as enforcement supervisors"),
    unit=_("people"),
    counted=_("Active accounts with the enforcement-supervisor role in the region today."),
)
def enterprise_supervisors(region: Any, year: int) -> Value:
    return (
        User.objects.filter(
            is_active=True,
            role_grants__role=Role.ENFORCEMENT_SUPERVISOR,
            org_unit__region__path__startswith=region.path,
        )
        .distinct()
        .count()
    )
