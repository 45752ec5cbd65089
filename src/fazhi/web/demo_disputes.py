"""The demo county's disputes (issue 21): 峰灵镇's last year as the seed reports it — 80 disputes
screened, 50 police-related, 1 petition-related, every flag identified at intake (100 %), 79 of 80
resolved (化解率 99 %), no mass incident — plus one dispute in mediation today and one follow-up
visit due. Everything through the services, as the demo users; the year is ``today.year - 1``."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from django.utils import timezone

from fazhi.accounts.models import Region, User
from fazhi.disputes import services
from fazhi.disputes.models import Dispute, DisputeCategory

SCREENED, POLICE, PETITION = 80, 50, 1
SURNAMES = (
    "谭王李张刘陈杨黄赵周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶"
    "阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
)
GIVEN = "明华建军秀英桂兰志强国平德福春梅玉珍永红海燕文斌丽娟家豪俊杰"
POLICE_CATEGORIES = ("neighbours", "damages", "traffic", "marriage_family")
OTHER_CATEGORIES = ("housing_land", "contract", "forest_land", "labour", "village_affairs", "other")


def _name(rng: random.Random, n: int) -> str:
    return SURNAMES[n % len(SURNAMES)] + rng.choice(GIVEN[::2]) + rng.choice(GIVEN[1::2])


def load(township: Region, res: Any) -> None:
    if Dispute.objects.filter(township=township).exists():
        return
    users = {u.username: u for u in User.objects.filter(username__in=["fl_grid", "fl_governance", "fl_legal"])}
    if len(users) < 3:
        return
    grid, officer = users["fl_grid"], users["fl_governance"]
    rng = random.Random(21)  # demo data
    today = timezone.localdate()
    year = today.year - 1
    villages = list(Region.objects.filter(parent=township, level=Region.Level.VILLAGE).order_by("code"))
    if not DisputeCategory.objects.exists():  # the data migration's rows (gone after a test's flush)
        import importlib

        from django.apps import apps

        importlib.import_module("fazhi.disputes.migrations.0002_categories").add(apps, None)
    categories = {c.code: c for c in DisputeCategory.objects.all()}
    committee = services.committee_create(actor=officer, region=township, name=f"{township.name}人民调解委员会")
    mediator = services.mediator_create(
        actor=officer, committee=committee, name="谭家村网格员", user=grid, specialty="邻里纠纷"
    )
    services.mediator_create(actor=officer, committee=committee, name="峰灵镇司法所调解员", specialty="婚姻家庭、土地")
    for month, title in ((4, "人民调解法与调解技巧"), (10, "矛盾纠纷排查与风险研判")):
        services.training_record(
            actor=officer,
            region=township,
            held_on=dt.date(year, month, 15),
            title=title,
            hours=Decimal(3),
            mediators=[mediator],
        )
    # the follow-up due today: an agreement 30 days ago (one of last year's 80 when it falls there)
    due_agreement = today - dt.timedelta(days=30)
    counter = 0

    def intake(day: dt.date, category: str, *, police: bool = False, petition: bool = False) -> Dispute:
        nonlocal counter
        counter += 1
        return services.dispute_intake(
            actor=grid,
            township=township,
            village=villages[counter % len(villages)] if villages else None,
            source=rng.choice(["screening", "screening", "walk_in", "hotline", "police"]),
            category=categories[category],
            parties=[
                services.PartyInput(name=_name(rng, 2 * counter)),
                services.PartyInput(name=_name(rng, 2 * counter + 1), side="respondent"),
            ],
            description=rng.choice(
                ["邻里排水沟堵塞引发争执", "宅基地边界争议", "交通事故赔偿未谈妥", "务工工资结算争议", "家庭赡养纠纷"]
            ),
            police_related=police,
            petition_related=petition,
            received_on=day,
        )

    def agree(d: Dispute, day: dt.date, *, visit: bool = True) -> None:
        if not visit:  # the one whose visit is due: its mediator is on the register
            services.dispute_assign(actor=officer, dispute=d, mediators=[mediator])
        services.dispute_accept(actor=grid, dispute=d, day=day)
        services.session_record(
            actor=grid,
            dispute=d,
            held_on=day,
            notes="双方当事人到场陈述，经调解达成一致。",
            present=list(d.parties.all()),
        )
        agreement = services.agreement_record(
            actor=grid,
            dispute=d,
            form="written",
            terms="双方自愿和解，按约定履行。",
            made_on=day,
            perform_by=day + dt.timedelta(days=15),
        )
        if not visit:
            return
        for f in agreement.follow_ups.all():
            if f.due_on <= today:
                services.follow_up_record(
                    actor=grid, follow_up=f, performed=True, note="回访：协议已履行，双方无异议。", visited_on=f.due_on
                )

    due_dispute: Dispute | None = None  # the one whose first visit is due today
    for i in range(SCREENED):
        # spread over the year's first eight months: every 回头看 of last year (30 and 90 days after
        # its agreement) falls within last year, so a January demo has no stray visit due
        received = dt.date(year, 1, 6) + dt.timedelta(days=i * 3)
        police, petition = i < POLICE, i == POLICE
        category = rng.choice(POLICE_CATEGORIES if police else OTHER_CATEGORIES)
        if i == SCREENED - 1 and (due_agreement - dt.timedelta(days=2)).year == year:
            received = due_agreement - dt.timedelta(days=2)
        d = intake(received, category, police=police, petition=petition)
        services.dispute_flags_review(
            actor=officer, dispute=d, police_related=police, petition_related=petition, mass_risk=False
        )
        if petition:  # the one not resolved: a party refuses, the dispute goes to court (诉调对接)
            services.dispute_accept(actor=grid, dispute=d, day=received)
            party = d.parties.order_by("pk").last()
            if party is not None:
                services.party_refuse(
                    actor=grid, dispute=d, party=party, reason="坚持通过诉讼解决", day=received + dt.timedelta(days=3)
                )
            d.refresh_from_db()
            services.dispute_refer(actor=grid, dispute=d, to="court", note="引导当事人依法起诉")
            for w in d.risk_warnings.all():
                services.risk_acknowledge(actor=officer, warning=w, note="已会同信访办、派出所做好稳控")
            continue
        if received == due_agreement - dt.timedelta(days=2):
            agree(d, due_agreement, visit=False)
            due_dispute = d
        else:
            agree(d, received + dt.timedelta(days=3))
    if due_dispute is None:  # the due follow-up falls in this year
        d = intake(due_agreement - dt.timedelta(days=2), "neighbours")
        agree(d, due_agreement, visit=False)
        due_dispute = d
    # in mediation today
    d = intake(today, "housing_land")
    services.dispute_assign(actor=officer, dispute=d, mediators=[mediator])
    services.dispute_accept(actor=grid, dispute=d, day=today)
    services.session_record(
        actor=grid,
        dispute=d,
        held_on=today,
        notes="首次调解：双方各自陈述，约定实地查看边界。",
        present=list(d.parties.all()),
        place="谭家村村委会",
    )
    res.add("disputes", Dispute.objects.filter(township=township).count())
