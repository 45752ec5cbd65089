"""Identifier checks (domain-rules §9) on top of python-stdnum."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum.cn import uscc


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


# GB 11643-1999: weights of the first 17 digits (2^(17-i) mod 11); the check character is
# (12 - sum mod 11) mod 11, with X for 10.
_RIC_WEIGHTS = [pow(2, 17 - i, 11) for i in range(17)]
_RIC_EARLIEST = dt.date(1900, 1, 1)


def resident_id_check_character(first17: str) -> str:
    total = sum(int(c) * w for c, w in zip(first17, _RIC_WEIGHTS, strict=True))
    check = (12 - total % 11) % 11
    return "X" if check == 10 else str(check)


def _known_area(code: str) -> bool:
    """The library's list of county codes knows ``code`` in some year (a county renamed or moved,
    such as 巫溪县 512237 → 500238 in 1997, keeps every number issued under either code)."""
    from stdnum import numdb

    info = {k: v for _part, props in numdb.get("cn/loc").info(code) for k, v in props.items()}
    return bool(info.get("county"))


def check_resident_id(raw: str | None, *, today: dt.date | None = None) -> CodeCheck:
    """居民身份证号码 (GB 11643-1999): 18 characters, the check character and a real birth date
    (not before 1900, not after today) are required. The area code is only compared with the
    library's list: a code it does not know (abolished, renamed or newer counties) is a warning."""
    value = "".join((raw or "").split()).upper()  # spaces as printed on forms; a lower-case x
    if len(value) != 18 or not value[:17].isdigit() or not (value[17].isdigit() or value[17] == "X"):
        return CodeCheck(
            value,
            error=_("A resident ID number has 18 characters: 17 digits and a digit or X; this one has %(n)d.")
            % {"n": len(value)}
            if len(value) != 18
            else _("A resident ID number has 17 digits and then a digit or X."),
        )
    expected = resident_id_check_character(value[:17])
    if value[17] != expected:
        return CodeCheck(
            value,
            error=_("The check character of this resident ID number is wrong: check every digit against the card."),
        )
    try:
        born = dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        born = None
    if born is None or born < _RIC_EARLIEST or born > (today or timezone.localdate()):
        return CodeCheck(
            value,
            error=_("Digits 7 to 14 of the resident ID number are the birth date (YYYYMMDD); %(d)s is not a real one.")
            % {"d": value[6:14]},
        )
    try:
        known = _known_area(value[:6])
    except Exception:  # the library's data is a convenience: it never refuses a number nor fails
        known = False
    if not known:
        return CodeCheck(
            value,
            warning=_(
                "The area code %(code)s of this resident ID number is not in the list of counties (it may be an "
                "abolished or renamed county): confirm the number against the ID card."
            )
            % {"code": value[:6]},
        )
    return CodeCheck(value)
