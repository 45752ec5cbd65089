from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse

from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import can
from fazhi.core.clock import today
from fazhi.core.params import param_year

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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


def xlsx(data: bytes, filename: str) -> HttpResponse:
    from urllib.parse import quote

    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
