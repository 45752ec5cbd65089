"""The demo county's special populations (issue 22): 峰灵镇's last year as the seed reports it —
22,701 screened, 9 suspected, 6 confirmed, 12 risk meetings, no incident — and a handful of files
with SYNTHETIC identities (names of no one, ID numbers made up with a valid check character), one
of them due for a visit this week. Everything through the services; the year is ``today.year - 1``."""

from __future__ import annotations

import datetime as dt
import importlib
from typing import Any

from django.apps import apps
from django.utils import timezone

from fazhi.accounts.models import Region, User
from fazhi.core.validators import resident_id_check_character
from fazhi.people import services
from fazhi.people.models import PersonCategory, PersonFile

SCREENED, SUSPECTED, CONFIRMED, MEETINGS = 22701, 9, 6, 12

# (category, synthetic name, birth as years before today + month/day, sequence, village index,
#  days since the last visit, danger level)
FILES = (
    ("mental", "示例甲", 45, "0312", 901, 0, 88, 1),  # due this week (every 3 months)
    ("mental", "示例乙", 38, "0704", 902, 1, 20, 0),
    ("corrections", "示例丙", 31, "1120", 903, 0, 10, None),
    ("released", "示例丁", 52, "0215", 904, 1, 30, None),
    ("cult", "示例戊", 60, "0909", 905, 0, 5, None),
    ("drugs", "示例己", 35, "0501", 906, 1, 25, None),
)


def synthetic_id(birth: dt.date, seq: int) -> str:
    first17 = f"500238{birth:%Y%m%d}{seq:03d}"
    return first17 + resident_id_check_character(first17)


def load(township: Region, res: Any) -> None:
    if PersonFile.objects.filter(township=township).exists():
        return
    users = {u.username: u for u in User.objects.filter(username__in=["fl_grid", "fl_governance", "fl_legal"])}
    if len(users) < 3:
        return
    grid, officer, legal = users["fl_grid"], users["fl_governance"], users["fl_legal"]
    if not PersonCategory.objects.exists():  # the data migration's rows (gone after a test's flush)
        importlib.import_module("fazhi.people.migrations.0002_categories").add(apps, None)
    categories = {c.code: c for c in PersonCategory.objects.all()}
    today = timezone.localdate()
    year = today.year - 1
    villages = list(Region.objects.filter(parent=township, level=Region.Level.VILLAGE).order_by("code"))
    services.screening_record(
        actor=officer,
        township=township,
        title=f"{year}年严重精神障碍患者集中筛查",
        ends_on=dt.date(year, 6, 30),
        screened=SCREENED,
        suspected=SUSPECTED,
        confirmed=CONFIRMED,
        referred=SUSPECTED,
    )
    files = []
    for code, name, age, md, seq, village, since, level in FILES:
        birth = dt.date(today.year - age, int(md[:2]), int(md[2:]))
        f = services.file_open(
            actor=officer,
            township=township,
            village=villages[village % len(villages)] if villages else None,
            category=categories[code],
            identity=services.Identity(
                name=name,
                id_number=synthetic_id(birth, seq),
                address=f"{township.name}示例路{seq}号",
                phone=f"1380000{seq:04d}",
                guardian="示例监护人" if code == "mental" else "",
            ),
            purpose="一人一档：随访、帮扶、风险预警",
            basis_ends_on=today + dt.timedelta(days=365) if code in ("corrections", "released") else None,
            plan_interval_days=30 if code == "corrections" else None,
            responsible=[grid],
            responsible_org=legal.org_unit if code in ("corrections", "released") else None,
        )
        services.visit_record(
            actor=grid,
            file=f,
            visited_on=today - dt.timedelta(days=since),
            place="家中",
            findings="情况稳定，家属配合",
            help_given="讲解政策，协助办理救助" if code != "cult" else "",
            legal_education=True,
            danger_level=level,
        )
        files.append(f)
    for month in range(1, MEETINGS + 1):
        services.meeting_record(
            actor=officer,
            township=township,
            held_on=dt.date(year, month, 20),
            title=f"{month}月风险研判会",
            attendees="综治办、派出所、司法所、卫生院、各村网格员",
            decisions="逐一研判在档人员，落实包抓责任与随访",
            files=files[:2],
            actions=[services.ActionInput(action="按期随访并评估", due_on=dt.date(year, month, 28), file=files[0])],
        )
    res.add("people", PersonFile.objects.filter(township=township).count())
