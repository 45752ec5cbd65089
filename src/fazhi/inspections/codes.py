"""扫码入企 codes: signed tokens in QR codes (segno, through core.qr).

- The task code (执法码) of an approved joint inspection: the enterprise scans it and sees, without
  logging in, the approved task and the team (亮证). It expires after the inspection day
  (+ FAZHI_TASK_CODE_GRACE_DAYS).
- The enterprise code (企业码): permanent, printed as a poster at the enterprise; the officers scan it
  to check in. Replacing a lost poster raises the enterprise's ``code_serial`` and voids the old one.

Both are signed with the site's secret (Django's signing, so SECRET_KEY_FALLBACKS rotate keys);
a changed character is a forged code, refused.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core import qr
from fazhi.core.errors import ValidationError

TASK_SALT = "fazhi.inspections.task-code"
ENTERPRISE_SALT = "fazhi.inspections.enterprise-code"


@dataclass(frozen=True)
class TaskCode:
    inspection_id: int
    day: dt.date


@dataclass(frozen=True)
class EnterpriseCode:
    enterprise_id: int
    serial: int


def task_token(inspection_id: int, day: dt.date) -> str:
    return signing.dumps({"j": inspection_id, "d": day.toordinal()}, salt=TASK_SALT)


def enterprise_token(enterprise_id: int, serial: int) -> str:
    return signing.dumps({"e": enterprise_id, "s": serial}, salt=ENTERPRISE_SALT)


def read_task_token(token: str, *, today: dt.date | None = None) -> TaskCode:
    """The task a code names; ValidationError for a forged, damaged or expired code."""
    data = _load(token, TASK_SALT, ("j", "d"))
    code = TaskCode(inspection_id=int(data["j"]), day=dt.date.fromordinal(int(data["d"])))
    today = today or timezone.localdate()
    if today > code.day + dt.timedelta(days=settings.FAZHI_TASK_CODE_GRACE_DAYS):
        raise ValidationError(
            _("This task code expired: it was valid for the inspection on %(day)s.") % {"day": code.day},
            details={"code": "expired"},
        )
    return code


def read_enterprise_token(token: str) -> EnterpriseCode:
    data = _load(token, ENTERPRISE_SALT, ("e", "s"))
    return EnterpriseCode(enterprise_id=int(data["e"]), serial=int(data["s"]))


def _load(token: str, salt: str, keys: tuple[str, ...]) -> dict[str, int]:
    try:
        data = signing.loads(token.strip(), salt=salt)
    except signing.BadSignature as exc:
        raise ValidationError(
            _("This code is not one the system issued (forged or damaged). Do not let the inspection start on it."),
            details={"code": "forged"},
        ) from exc
    if not isinstance(data, dict) or any(not isinstance(data.get(k), int) for k in keys):
        raise ValidationError(_("This code is not one the system issued."), details={"code": "forged"})
    return data


def qr_svg(url: str, *, scale: int = 6) -> str:
    """An SVG QR code of ``url``, served as a file (the task code) or inline (the poster)."""
    return qr.qr_svg(url, scale=scale)
