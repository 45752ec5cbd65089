from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import can
from fazhi.core.clock import today
from fazhi.core.params import param_year


def year_of(request: HttpRequest) -> int:
    return param_year(request.GET, default=today().year)


def base_context(request: HttpRequest, **extra: Any) -> dict[str, Any]:
    this_year = today().year
    return {
        "can_manage": can(request.user, Perm.TRAINING_MANAGE),
        "years": list(range(this_year, this_year - 5, -1)),
        "today": today(),
        **extra,
    }
