"""峰灵镇's law-publicity year before this one, as the seed report tells it (issue 20), and this
year's targets (§六) with a first quarter done — all through the publicity services, as the demo
users: 12 youth activities; 72 legal liaisons and 12 studios; 45 grassroots sessions reaching 8,530
person-times; 12 village broadcasts reaching 6,120 people; 19 以案释法 (some held inside last year's
mediations and inspections, linked, not retyped); 780 person-times taught in 调解说事; 23 campaign
events handing out 12,000 copies; 2 county-level model villages; 100 consultations by the legal
advisers, who joined the mediation of the 80 disputes of the register (counted once each); 3 of 10
culture sites outdated (30 %); a joint share of 34.4 % (under 40 %). Dates are relative to today."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.utils import timezone

from fazhi.accounts.models import Region, User
from fazhi.publicity import links, services
from fazhi.publicity.models import Activity, ActivityType, TargetGroup

REMOTE = ("大坪村", "茶山村", "新华村")
BROADCAST_REACH = [520, 510, 500, 505, 515, 510, 500, 510, 520, 505, 510, 515]  # 6,120 people
SURNAMES = "谭王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂"
OWN = "峰灵镇司法所"
PARTNERS = ("峰灵派出所", "峰灵镇中心校", "峰灵镇妇联", "县司法局")


def _spread(year: int, i: int, n: int, months: tuple[int, int] = (1, 12)) -> dt.date:
    """The i-th of n dates spread over the months of ``year`` (a day up to the 27th)."""
    first, last = months
    month = first + (i * (last - first + 1)) // n
    return dt.date(year, month, 1 + (i * 7) % 27)


def load(town: Region, res: Any) -> None:
    """Idempotent: nothing is added when 峰灵镇 already has publicity activities."""
    if Activity.objects.filter(area_path__startswith=town.path).exists():
        return
    users = {u.username: u for u in User.objects.filter(username__in=["fl_legal", "fl_grid"])}
    if len(users) < 2:
        return
    legal, grid = users["fl_legal"], users["fl_grid"]
    if not ActivityType.objects.exists():  # the data migration's rows (gone after a test's flush)
        import importlib

        from django.apps import apps

        importlib.import_module("fazhi.publicity.migrations.0002_activity_types").add(apps, None)
    types = {t.code: t for t in ActivityType.objects.all()}
    today = timezone.localdate()
    last = today.year - 1
    villages = list(Region.objects.filter(parent=town, level=Region.Level.VILLAGE).order_by("code"))
    if not villages:
        return
    _network(town, villages, legal, grid, last, today)
    joint_budget = [44]  # at most 44 joint: every third activity is, 43 of 125 (34.4 %)

    def record(code: str, i: int, day: dt.date, people: int, groups: Sequence[str], **kw: Any) -> Activity:
        joint = joint_budget[0] > 0 and i % 3 == 0
        if joint:
            joint_budget[0] -= 1
        return services.activity_record(
            actor=kw.pop("actor", grid if i % 2 else legal),
            type=types[code],
            village=kw.pop("village", villages[i % len(villages)]),
            day=day,
            participants=people,
            target_groups=groups,
            organisers=[OWN, PARTNERS[i % len(PARTNERS)]] if joint else [OWN],
            **kw,
        )

    for i in range(12):  # 开学法治第一课 in September, 模拟法庭 in spring
        code = "school_first_class" if i % 2 == 0 else "moot_court"
        day = dt.date(last, 9, 1 + i) if i % 2 == 0 else dt.date(last, 4, 10 + i)
        record(code, i, day, 120, [TargetGroup.YOUTH], title="峰灵镇中心校")
    for i in range(45):  # 板凳普法 / 院坝宣讲: 44 × 190 + 170 = 8,530 person-times
        code = "bench_talk" if i % 2 == 0 else "courtyard_talk"
        people = 170 if i == 44 else 190
        record(code, i, _spread(last, i, 45), people, [TargetGroup.VILLAGERS, TargetGroup.ELDERLY][: 1 + i % 2])
    _case_explained(record, last, legal)
    for i in range(26):  # 调解说事: 26 × 30 = 780 person-times
        record("mediation_talk", i, _spread(last, i, 26), 30, [TargetGroup.VILLAGERS])
    campaign = (
        ["constitution_week"] * 6 + ["civil_code_month"] * 7 + ["law_performance"] * 4 + ["legal_consultation"] * 6
    )
    for i, code in enumerate(campaign):  # 23 events, 22 × 520 + 560 = 12,000 copies
        month = 12 if code == "constitution_week" else 5 if code == "civil_code_month" else 3 + i % 8
        record(code, i, dt.date(last, month, 1 + i), 200, [TargetGroup.VILLAGERS], materials=560 if i == 0 else 520)
    _this_year(town, villages, types, legal, today)


def _network(town: Region, villages: list[Region], legal: User, grid: User, last: int, today: dt.date) -> None:
    for n, v in enumerate(villages):
        services.village_setting_set(actor=legal, village=v, population=1500 + 150 * n, remote=v.name in REMOTE)
        channel = services.channel_create(
            actor=legal, village=v, kind="broadcast", name=f"{v.name}大喇叭", reach=BROADCAST_REACH[n]
        )
        for month in (3, 6, 9, 12):
            services.channel_message_record(
                actor=grid, channel=channel, day=dt.date(last, month, 5), title="平安顺口溜"
            )
        wechat = services.channel_create(actor=legal, village=v, kind="wechat", name=f"{v.name}村民群", reach=300)
        services.channel_message_record(actor=grid, channel=wechat, day=dt.date(last, 7, 1), title="民法典小课堂")
        liaisons = [
            services.liaison_appoint(
                actor=legal,
                village=v,
                name=SURNAMES[(n * 6 + k) % len(SURNAMES)]
                + GIVEN[(n + k) % len(GIVEN)]
                + GIVEN[(n * 3 + k) % len(GIVEN)],
                phone=f"139{n:04d}{k:04d}",
                appointed_on=dt.date(last, 2, 1 + k),
            )
            for k in range(6)
        ]
        services.studio_create(
            actor=legal,
            village=v,
            name=f"{v.name}法律明白人工作室",
            opened_on=dt.date(last, 3, 1 + n),
            liaison=liaisons[0],
        )
        services.adviser_create(actor=legal, village=v, name=f"{v.name}法律顾问", firm="重庆巫溪律师事务所")
        if n < 10:  # 10 culture sites, 3 not renewed for over a year by last year's end: 30 %
            built = dt.date(last - 3, 5, 1)
            renewed = dt.date(last - 2, 6, 1) if n < 3 else dt.date(last, 8, 1 + n)
            services.culture_site_create(
                actor=legal, village=v, name=f"{v.name}法治文化广场", built_on=built, content_updated_on=renewed
            )
    for v in villages[:2]:
        services.model_village_record(actor=legal, village=v, level="county", year=last)
    from fazhi.publicity.selectors import adviser_list, liaison_list

    advisers = list(adviser_list(user=legal))
    liaisons = list(liaison_list(user=legal))
    for q in range(4):
        services.liaison_training_record(
            actor=legal, region=town, day=dt.date(last, 3 * q + 2, 20), title="法律明白人专题培训", liaisons=liaisons
        )
    for i in range(50):  # consultations: 50 × 2 = 100 person-times
        services.adviser_service_record(
            actor=legal, adviser=advisers[i % len(advisers)], day=_spread(last, i, 50), kind="consultation", people=2
        )
    from fazhi.disputes.models import Dispute

    for i, d in enumerate(
        Dispute.objects.filter(area_path__startswith=town.path, received_on__year=last).order_by("pk")
    ):
        services.adviser_service_record(
            actor=legal,
            adviser=advisers[i % len(advisers)],
            day=d.received_on,
            kind="mediation",
            dispute_id=d.pk,
            note="参与调解",
        )


def _case_explained(record: Any, last: int, legal: User) -> None:
    """19 以案释法: those held inside last year's mediations and inspections name them."""
    from fazhi.disputes.models import Dispute
    from fazhi.inspections.models import InspectionRecord

    town_path = legal.org_unit.region.path if legal.org_unit else ""
    disputes = [
        d.pk for d in Dispute.objects.filter(area_path__startswith=town_path, received_on__year=last).order_by("pk")[:8]
    ]
    inspections = [
        r.pk
        for r in InspectionRecord.objects.filter(enterprise__region__path__startswith=town_path).order_by("pk")[:4]
        if links.resolve("inspection", legal, r.pk) is not None
    ]
    refs = [("dispute", pk) for pk in disputes] + [("inspection", pk) for pk in inspections]
    for i in range(19):
        kind, pk = refs[i] if i < len(refs) else ("", None)
        record(
            "case_explained",
            i,
            _spread(last, i, 19, (2, 11)),
            40,
            [TargetGroup.VILLAGERS, TargetGroup.ENTERPRISES][: 1 + (kind == "inspection")],
            link_kind=kind,
            link_id=pk,
            actor=legal,
        )


def _this_year(
    town: Region, villages: list[Region], types: dict[str, ActivityType], legal: User, today: dt.date
) -> None:
    """§六's targets for this year, and its first quarter done (dates up to today)."""
    year = today.year
    for q in (1, 2, 3, 4):
        services.target_set(
            actor=legal,
            region=town,
            year=year,
            quarter=q,
            metric="remote_sessions",
            value=2,
            note="流动普法车每季度深入偏远村组不少于2场",
        )
        services.target_set(actor=legal, region=town, year=year, quarter=q, metric="joint_activities", value=1)
        services.target_set(
            actor=legal,
            region=town,
            year=year,
            quarter=q,
            metric="coordination_meetings",
            value=3,
            note="部门月度普法协调会",
        )
        services.target_set(actor=legal, region=town, year=year, quarter=q, metric="liaison_trainings", value=1)
    services.target_set(
        actor=legal, region=town, year=year, metric="model_villages", value=2, note="新增县级民主法治示范村2个"
    )
    services.target_set(
        actor=legal, region=town, year=year, metric="large_print", value=4, note="为老年人提供大字版普法资料"
    )
    services.target_set(
        actor=legal, region=town, year=year, metric="online_new_form", value=4, note="为新业态从业者开展线上普法"
    )

    def day(month: int, d: int) -> dt.date:
        return min(dt.date(year, month, d), today)

    remote = [v for v in villages if v.name in REMOTE]
    for n, v in enumerate(remote):
        for k in range(2):
            services.activity_record(
                actor=legal,
                type=types["mobile_van"],
                village=v,
                day=day(2 + k, 10 + n),
                participants=60,
                target_groups=[TargetGroup.VILLAGERS, TargetGroup.ELDERLY],
                organisers=[OWN, "县司法局"],
                large_print=k == 0 and n == 0,
                materials=100,
            )
    for m in (1, 2, 3):
        services.activity_record(
            actor=legal,
            type=types["coordination_meeting"],
            village=villages[0],
            day=day(m, 25),
            participants=12,
            target_groups=[TargetGroup.OFFICIALS],
            organisers=[OWN, "峰灵派出所", "峰灵镇中心校"],
            title="部门月度普法协调会",
        )
    services.activity_record(
        actor=legal,
        type=types["online_publicity"],
        village=villages[0],
        day=day(3, 15),
        participants=85,
        target_groups=[TargetGroup.NEW_FORM_WORKERS],
        organisers=[OWN],
        online=True,
        title="新业态从业者线上普法",
    )
    from fazhi.publicity.selectors import liaison_list

    services.liaison_training_record(
        actor=legal,
        region=town,
        day=day(3, 20),
        title="法律明白人专题培训（第一季度）",
        liaisons=list(liaison_list(user=legal)),
    )
