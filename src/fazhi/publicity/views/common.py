from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import can
from fazhi.core.clock import today
from fazhi.core.errors import ApplicationError
from fazhi.core.params import param_year


def year_of(request: HttpRequest) -> int:
    return param_year(request.GET, default=today().year)


def base_context(request: HttpRequest, **extra: Any) -> dict[str, Any]:
    this_year = today().year
    return {
        "can_record": can(request.user, Perm.PUBLICITY_RECORD),
        "can_manage": can(request.user, Perm.PUBLICITY_MANAGE),
        "years": list(range(this_year, this_year - 5, -1)),
        "today": today(),
        **extra,
    }


def field_errors(exc: ApplicationError) -> dict[str, str]:
    details = exc.details if isinstance(exc.details, dict) else {}
    return {k: str(v) for k, v in details.items()}
