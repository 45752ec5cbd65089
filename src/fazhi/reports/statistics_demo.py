"""The demo's 行政执法统计年报 of last year (``timezone.localdate().year - 1``), entered and imported
through :mod:`fazhi.reports.statistics_services` as the demo users, so /reports/statistics/ is not
empty: 峰灵镇's body typed in on the page by its justice office and body head (levies and
requisitions 无此职能), four county departments imported from Excel by the county justice bureau's
legal office (``county_legal``, made here: no other demo login may enter the county departments'
tables). 县生态环境局, 县消防救援大队 and 县卫生健康委员会 are left 未填报; 县市场监督管理局 decided
more licences than it received (applications carried over from the year before), which the page
notes beside the table. Idempotent: a table already there is not entered again, a user not made twice.
"""

from __future__ import annotations

import io
from typing import Any

from django.utils import timezone

from fazhi.accounts import services as accounts
from fazhi.accounts.models import OrgUnit, Region, User
from fazhi.accounts.roles import Role
from fazhi.accounts.scopes import SystemUser
from fazhi.registry.models import EnforcementBody
from fazhi.reports.models import StatisticsEntry
from fazhi.reports.statistics_services import import_columns, statistics_import, statistics_save

ACTOR = SystemUser("system:demo")
DEMO_PASSWORD = "Fazhi@2026"  # noqa: S105 (the demo's printed password, as web/demo_data.py) # nosec B105
COUNTY_LEGAL = "county_legal"

NO_POWER = None  # a table the body has no power for (无此职能)
# 峰灵镇's body, entered on the page: (user, table, values or NO_POWER)
TOWNSHIP: list[tuple[str, str, dict[str, str] | None]] = [
    ("fl_legal", "licensing", {"applications": "14", "granted": "12", "refused": "2"}),
    ("fl_head", "coercion", {"measures": "3", "enforcement": "1", "court": "1"}),
    ("fl_legal", "levy", NO_POWER),
    ("fl_legal", "requisition", NO_POWER),
]
# County departments, imported: body code → table → values or NO_POWER
DEPARTMENTS: dict[str, dict[str, dict[str, str] | None]] = {
    "YJ": {  # 烟花爆竹经营许可; a digger requisitioned in the flood season (突发事件应对法 art. 12)
        "licensing": {"applications": "36", "granted": "33", "refused": "2"},
        "coercion": {"measures": "9", "enforcement": "2", "court": "1"},
        "levy": NO_POWER,
        "requisition": {"count": "1", "compensation": "12000.00"},
    },
    "SJ": {  # more licences decided than received: December's applications of the year before
        "licensing": {"applications": "412", "granted": "420", "refused": "6"},
        "coercion": {"measures": "15", "enforcement": "3", "court": "2"},
        "levy": NO_POWER,
        "requisition": NO_POWER,
    },
    "ZR": {  # 土地闲置费 and the like
        "licensing": {"applications": "58", "granted": "55", "refused": "3"},
        "coercion": {"measures": "4", "enforcement": "0", "court": "2"},
        "levy": {"count": "27", "amount": "3856000.00"},
        "requisition": NO_POWER,
    },
    "NY": {  # 渔业资源增殖保护费
        "licensing": {"applications": "23", "granted": "22", "refused": "1"},
        "coercion": {"measures": "6", "enforcement": "1", "court": "0"},
        "levy": {"count": "3", "amount": "4500.00"},
        "requisition": NO_POWER,
    },
}


def _county_legal(county: Region, res: Any) -> User | None:
    """The county justice bureau's legal office: it collects the county departments' statistics."""
    user = User.objects.filter(username=COUNTY_LEGAL).first()
    if user is not None:
        return user
    org = OrgUnit.objects.filter(region=county, kind=OrgUnit.Kind.JUSTICE_BUREAU).order_by("pk").first()
    if org is None:
        return None
    user = accounts.user_create(
        actor=ACTOR,
        username=COUNTY_LEGAL,
        password=DEMO_PASSWORD,
        full_name="县司法局法制科",
        org_unit=org,
        roles=[Role.LEGAL_OFFICE],
        system=True,
        password_set_by_user=True,  # the README gives it
    )
    from django_otp.plugins.otp_totp.models import TOTPDevice

    # A justice office signs in with a second factor; the demo's devices are ready (fazhi twofactor code).
    TOTPDevice.objects.create(user=user, name="demo", confirmed=True)
    res.add("users")
    return user


def _import(actor: User, year: int, rows: list[tuple[str, dict[str, dict[str, str] | None]]]) -> int:
    columns = import_columns()
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.worksheets[0]
    ws.append([c.zh() for c in columns])
    for code, tables in rows:
        cells: dict[str, Any] = {"body_code": code}
        for table, values in tables.items():
            if values is NO_POWER:
                cells[f"{table}__no_power"] = "是"
            else:
                cells.update({f"{table}__{k}": v for k, v in values.items()})
        ws.append([cells.get(c.attr) for c in columns])
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    return statistics_import(actor=actor, year=year, fh=buf)


def load(townships: dict[str, Any], res: Any) -> None:
    """Registered with ``fazhi.core.demo.after_demo``: run at the end of ``fazhi demo``."""
    town = townships.get("峰灵镇")
    if town is None or town.parent is None:
        return
    year = timezone.localdate().year - 1
    have = set(StatisticsEntry.objects.filter(year=year).values_list("body__code", "table"))
    body = EnforcementBody.objects.filter(code=f"ZF-{town.code}").first()
    users = {u.username: u for u in User.objects.filter(username__in={u for u, *_ in TOWNSHIP})}
    if body is not None:
        for username, table, values in TOWNSHIP:
            if (body.code, table) in have or username not in users:
                continue
            statistics_save(
                actor=users[username],
                body=body,
                year=year,
                table=table,
                no_power=values is NO_POWER,
                values=values or {},
            )
            res.add("statistics tables")
    legal = _county_legal(town.parent, res)
    if legal is None:
        return
    known = set(EnforcementBody.objects.filter(code__in=DEPARTMENTS).values_list("code", flat=True))
    rows = [
        (code, {t: v for t, v in tables.items() if (code, t) not in have})
        for code, tables in DEPARTMENTS.items()
        if code in known
    ]
    rows = [(code, tables) for code, tables in rows if tables]
    if rows:
        res.add("statistics tables", _import(legal, year, rows))
