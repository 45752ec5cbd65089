"""One way to read a request parameter (query string or form field) as a typed value.

Every view reads numbers, ids, years, months, dates, amounts and choices through these helpers.
A value that is not what the parameter expects raises :class:`BadParameter` — an
``ApplicationError`` with HTTP status 400 and a Chinese message naming the parameter and what it
expects — so a crafted URL is answered 400 (a page in the site's layout, or JSON under /api/) and
never 500. Inside a form handler's ``try … except ApplicationError`` the same message is shown on
the form like any other refusal.

An empty or missing parameter gives ``default``; pass ``required=True`` to refuse it instead.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any, Literal, overload

from django.utils.translation import gettext as _

from fazhi.core.errors import ApplicationError

YEAR_MIN = 2000
YEAR_MAX = 2100
ID_MAX = 2**63 - 1  # the largest primary key the databases hold
MONEY_MAX = Decimal("9999999999.99")
_INT = re.compile(r"[+-]?[0-9]{1,19}")
_MONEY = re.compile(r"[0-9]{1,10}(?:\.[0-9]{1,2})?")


class BadParameter(ApplicationError):
    """A request parameter that is not what the page or endpoint expects (HTTP 400)."""

    code = "bad_parameter"
    http_status = 400

    def __init__(self, name: str, expected: str) -> None:
        message = _("The parameter “%(name)s” is not valid: %(expected)s") % {"name": name, "expected": expected}
        super().__init__(message, details={name: expected})
        self.name = name


def _raw(data: Mapping[str, Any], name: str) -> str:
    value = data.get(name)
    if value is None:
        return ""
    return str(value).strip()


def _missing(name: str) -> BadParameter:
    return BadParameter(name, _("a value is required."))


@overload
def param_int(
    data: Mapping[str, Any],
    name: str,
    *,
    default: int,
    min: int | None = None,
    max: int | None = None,
    required: bool = False,
) -> int: ...
@overload
def param_int(
    data: Mapping[str, Any],
    name: str,
    *,
    default: None = None,
    min: int | None = None,
    max: int | None = None,
    required: Literal[True],
) -> int: ...
@overload
def param_int(
    data: Mapping[str, Any],
    name: str,
    *,
    default: None = None,
    min: int | None = None,
    max: int | None = None,
    required: bool = False,
) -> int | None: ...
def param_int(
    data: Mapping[str, Any],
    name: str,
    *,
    default: int | None = None,
    min: int | None = None,
    max: int | None = None,
    required: bool = False,
) -> int | None:
    """A whole number, optionally within ``min``..``max``."""
    raw = _raw(data, name)
    if not raw:
        if required:
            raise _missing(name)
        return default
    lo = min if min is not None else -ID_MAX
    hi = max if max is not None else ID_MAX
    if not _INT.fullmatch(raw):  # ASCII digits only: isdigit() also accepts ² and ١٢
        raise BadParameter(name, _range_text(min, max))
    value = int(raw)
    if not lo <= value <= hi:
        raise BadParameter(name, _range_text(min, max))
    return value


def _range_text(lo: int | None, hi: int | None) -> str:
    if lo is not None and hi is not None:
        return _("a whole number from %(min)s to %(max)s.") % {"min": lo, "max": hi}
    if lo is not None:
        return _("a whole number of at least %(min)s.") % {"min": lo}
    if hi is not None:
        return _("a whole number of at most %(max)s.") % {"max": hi}
    return _("a whole number.")


def param_count(
    data: Mapping[str, Any],
    name: str,
    *,
    default: int = 0,
    min: int = 0,
    max: int = 10**9,
) -> int:
    """A count typed into a form (empty is ``default``), within ``min``..``max``."""
    value = param_int(data, name, default=default, min=min, max=max)
    return default if value is None else value


@overload
def param_id(data: Mapping[str, Any], name: str, *, required: Literal[True]) -> int: ...
@overload
def param_id(data: Mapping[str, Any], name: str, *, required: bool = False) -> int | None: ...
def param_id(data: Mapping[str, Any], name: str, *, required: bool = False) -> int | None:
    """A record's id (a positive whole number); None when empty."""
    return param_int(data, name, min=1, max=ID_MAX, required=required)


def param_ids(data: Any, name: str) -> list[int]:
    """Every id of a multi-valued field (``getlist``); a value that is not an id is refused."""
    values: Iterable[str] = data.getlist(name) if hasattr(data, "getlist") else data.get(name) or []
    out: list[int] = []
    for value in values:
        parsed = param_id({name: value}, name)
        if parsed is not None:
            out.append(parsed)
    return out


def param_year(data: Mapping[str, Any], name: str = "year", *, default: int) -> int:
    """A calendar year from 2000 to 2100."""
    raw = _raw(data, name)
    if not raw:
        return default
    if not (len(raw) == 4 and raw.isascii() and raw.isdecimal()) or not YEAR_MIN <= int(raw) <= YEAR_MAX:
        raise BadParameter(name, _("a year from %(min)s to %(max)s, e.g. 2027.") % {"min": YEAR_MIN, "max": YEAR_MAX})
    return int(raw)


@overload
def param_month(data: Mapping[str, Any], name: str = "month", *, default: dt.date) -> dt.date: ...
@overload
def param_month(data: Mapping[str, Any], name: str = "month", *, default: None = None) -> dt.date | None: ...
def param_month(data: Mapping[str, Any], name: str = "month", *, default: dt.date | None = None) -> dt.date | None:
    """A month written ``YYYY-MM`` (2000-01 to 2100-12), as its first day."""
    raw = _raw(data, name)
    if not raw:
        return default
    expected = _("a month written YYYY-MM from %(min)s-01 to %(max)s-12, e.g. 2027-03.") % {
        "min": YEAR_MIN,
        "max": YEAR_MAX,
    }
    if len(raw) != 7 or raw[4] != "-" or not (raw[:4] + raw[5:]).isdecimal() or not raw.isascii():
        raise BadParameter(name, expected)
    year, month = int(raw[:4]), int(raw[5:])
    if not (YEAR_MIN <= year <= YEAR_MAX and 1 <= month <= 12):
        raise BadParameter(name, expected)
    return dt.date(year, month, 1)


@overload
def param_date(data: Mapping[str, Any], name: str, *, default: dt.date, required: bool = False) -> dt.date: ...
@overload
def param_date(data: Mapping[str, Any], name: str, *, default: None = None, required: Literal[True]) -> dt.date: ...
@overload
def param_date(
    data: Mapping[str, Any], name: str, *, default: None = None, required: bool = False
) -> dt.date | None: ...
def param_date(
    data: Mapping[str, Any], name: str, *, default: dt.date | None = None, required: bool = False
) -> dt.date | None:
    """A day written ``YYYY-MM-DD`` (years 2000–2100 for a page's filter; wider for history)."""
    raw = _raw(data, name)
    if not raw:
        if required:
            raise _missing(name)
        return default
    expected = _("a date written YYYY-MM-DD, e.g. 2027-03-15.")
    if len(raw) != 10 or not raw.isascii():
        raise BadParameter(name, expected)
    try:
        day = dt.date.fromisoformat(raw)
    except ValueError:
        raise BadParameter(name, expected) from None
    if not 1900 <= day.year <= YEAR_MAX:
        raise BadParameter(name, expected)
    return day


def param_money(data: Mapping[str, Any], name: str, *, default: Decimal = Decimal("0")) -> Decimal:
    """An amount in yuan (at most two decimals, not negative); 1,000 and 1，000 are accepted."""
    raw = _raw(data, name).replace(",", "").replace("，", "")
    if not raw:
        return default
    expected = _("an amount in yuan, e.g. 2000 or 2000.50.")
    if not _MONEY.fullmatch(raw):  # digits and at most two decimals: no sign, exponent, NaN or Infinity
        raise BadParameter(name, expected)
    amount = Decimal(raw)
    if amount > MONEY_MAX:
        raise BadParameter(name, expected)
    return amount


def param_choice(data: Mapping[str, Any], name: str, choices: Iterable[str], *, default: str = "") -> str:
    """One of ``choices``; empty gives ``default``."""
    raw = _raw(data, name)
    if not raw:
        return default
    allowed = [str(c) for c in choices]
    if raw not in allowed:
        raise BadParameter(name, _("one of: %(choices)s.") % {"choices": "、".join(allowed)})
    return raw


def param_flag(data: Mapping[str, Any], name: str) -> bool | None:
    """A yes/no filter: ``1`` true, ``0`` false, empty unset."""
    raw = param_choice(data, name, ("1", "0"))
    return {"1": True, "0": False}.get(raw)
