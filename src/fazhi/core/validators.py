"""Identifier checks (domain-rules §9) on top of python-stdnum."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from stdnum import exceptions as stdnum_exc
from stdnum.cn import ric, uscc


@dataclass(frozen=True)
class CodeCheck:
    value: str  # normalised (upper case, no spaces)
    error: str = ""  # the code cannot be right: refuse
    warning: str = ""  # a pilot code whose check character fails: accept, and say so


def check_uscc(raw: str | None) -> CodeCheck:
    """统一社会信用代码 (GB 32100-2015).

    Shape errors (length, characters outside the code alphabet) are refused. A wrong check
    character is only a warning: some early pilot codes fail the checksum legitimately.
    """
    value = uscc.compact(raw or "")
    if not value:
        return CodeCheck(value, error=_("The unified social credit code is empty."))
    if len(value) != 18:
        return CodeCheck(
            value,
            error=_("The unified social credit code must have 18 characters; it has %(n)d.") % {"n": len(value)},
        )
    bad = sorted({c for c in value if c not in uscc._alphabet})
    if bad:
        return CodeCheck(
            value,
            error=_(
                "The unified social credit code contains characters not allowed (I, O, Z, S, V and "
                "symbols are never used): %(chars)s"
            )
            % {"chars": "".join(bad)},
        )
    if not value[2:8].isdigit():
        return CodeCheck(
            value,
            error=_("Characters 3 to 8 of the unified social credit code are the region code and must be digits."),
        )
    # stdnum's validate() also insists on digits in the first two places, which rejects lawful
    # codes such as N2… (farmers' cooperatives); the checksum itself is the standard's.
    expected = uscc.calc_check_digit(value[:17])
    if value[-1] != expected:
        return CodeCheck(
            value,
            warning=_(
                "The check character of this code is wrong (expected %(c)s). Early pilot codes can "
                "fail the check; confirm the code against the business licence."
            )
            % {"c": expected},
        )
    return CodeCheck(value)


def check_resident_id(raw: str | None) -> CodeCheck:
    """居民身份证号码 (GB 11643-1999)."""
    value = ric.compact(raw or "")
    try:
        ric.validate(value)
    except stdnum_exc.ValidationError:
        return CodeCheck(value, error=_("The resident ID number is not valid: check its 18 characters."))
    return CodeCheck(value)
