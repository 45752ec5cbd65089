"""The demo county's major decisions (issue 18): 峰灵镇's last year as the seed reports it — 12
decisions of the catalogue through legality review (all passed), 84 public opinions grouped and
answered, 4 expert argumentation sessions — plus this year's catalogue with one draft open for
comment today on the public site, and a normative-document register. Everything through the
services, as the demo users; the year is ``today.year - 1``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from fazhi.accounts.models import Region, User
from fazhi.decisions import services
from fazhi.decisions.models import Catalogue, CommentGroup

TITLES = (
    "峰灵镇场镇农贸市场搬迁",
    "峰灵镇生活垃圾分类实施方案",
    "峰灵镇集镇污水管网改造",
    "峰灵镇农村饮水安全巩固提升",
    "峰灵镇乡村旅游发展规划",
    "峰灵镇地质灾害避险搬迁安置",
    "峰灵镇集体经济组织收益分配办法",
    "峰灵镇中小学校车运营方案",
    "峰灵镇场镇停车秩序管理办法",
    "峰灵镇高标准农田建设项目",
    "峰灵镇防汛应急避难场所布局",
    "峰灵镇养老服务中心建设",
)
OPINIONS = (
    "建议在方案中明确过渡期安排，保障群众正常生活",
    "建议在方案中明确过渡期的安排，保障群众的正常生活",
    "希望公开项目资金使用情况，接受群众监督",
    "希望公开项目资金的使用情况，接受群众的监督",
    "建议优先考虑老年人和困难群众的实际需要",
    "建议优先考虑老年人、困难群众的实际需要",
    "施工期间请注意噪声和扬尘，减少对周边居民影响",
)
ANSWERS = {
    "adopted": "在方案中增加相应条款。",
    "partly": "可行部分已写入方案，其余将在实施中统筹考虑。",
    "not_adopted": "超出本决策事项范围，已转交相关部门研究。",
}
KINDS = ("adopted", "partly", "adopted", "not_adopted")


def load(township: Region, res: Any) -> None:
    """Idempotent: nothing is added when 峰灵镇 already has last year's catalogue."""
    today = timezone.localdate()
    year = today.year - 1
    if Catalogue.objects.filter(region=township, year=year).exists():
        return
    users = {u.username: u for u in User.objects.filter(username__in=["fl_leader", "fl_legal"])}
    if len(users) < 2:
        return
    leader, legal = users["fl_leader"], users["fl_legal"]
    catalogue = services.catalogue_create(
        actor=legal, region=township, year=year, titles=list(TITLES), drafting_office="峰灵镇党政办"
    )
    services.catalogue_approve(actor=leader, catalogue=catalogue, day=dt.date(year, 1, 5))
    for n, item in enumerate(catalogue.items.order_by("pk")):
        _last_years_decision(n, item, township, leader, legal, dt.date(year, 1, 10) + dt.timedelta(days=25 * n))
    _current_draft(township, leader, legal, today)
    _documents(township, legal, today)
    res.created["decisions"] = len(TITLES) + 1


def _last_years_decision(n: int, item: Any, township: Region, leader: User, legal: User, start: dt.date) -> None:
    d = services.decision_create(
        actor=leader,  # drafted by the leader's office; the legal office reviews it (not its own draft)
        region=township,
        title="",
        drafting_office="峰灵镇党政办",
        draft_text=f"{item.title}（征求意见稿）。一、目标任务；二、主要措施；三、保障措施。",
        explanation="依据《重大行政决策程序暂行条例》，经镇政府研究，形成本征求意见稿。",
        catalogue_item=item,
    )
    closes = start + dt.timedelta(days=29)
    services.consultation_open(actor=legal, decision=d, opens_on=start, closes_on=closes)
    for k in range(7):
        services.comment_submit(
            actor=legal,
            decision=d,
            text=OPINIONS[(n + k) % len(OPINIONS)],
            name="" if k % 2 else f"群众{k + 1}",
            received_on=start + dt.timedelta(days=3 + 3 * k),
        )
    services.comments_publish(actor=legal, decision=d)
    services.comments_group(actor=legal, decision=d)
    answered = closes + dt.timedelta(days=2)
    for g, group in enumerate(CommentGroup.objects.filter(decision=d).order_by("pk")):
        kind = KINDS[(n + g) % len(KINDS)]
        services.group_answer(actor=legal, group=group, kind=kind, answer=ANSWERS[kind], day=answered)
    services.consultation_close(actor=legal, decision=d, day=answered)
    if n == 0:
        services.hearing_record(
            actor=legal,
            decision=d,
            materials_published_on=closes - dt.timedelta(days=10),
            held_on=closes,
            place="峰灵镇便民服务中心",
            summary="商户代表、居民代表共12人发言，主要关注过渡期摊位安排。",
        )
    else:
        services.step_not_applicable(
            actor=legal, decision=d, kind="hearing", reason="不涉及群众切身利益的重大调整，未选择听证"
        )
    if n % 3 == 0:
        services.expert_session_record(
            actor=legal,
            decision=d,
            held_on=answered + dt.timedelta(days=1),
            experts="县规划专家、法律顾问、财务专家",
            opinion="方案总体可行，建议细化资金保障和进度安排。",
        )
    else:
        services.step_not_applicable(
            actor=legal, decision=d, kind="experts", reason="专业性、技术性不强，未组织专家论证"
        )
    services.risk_assessment_record(
        actor=legal, decision=d, day=answered + dt.timedelta(days=2), level="low", measures="做好政策解读和宣传"
    )
    submitted = answered + dt.timedelta(days=3)
    reviewed = submitted + dt.timedelta(days=21)
    services.review_record(
        actor=legal,
        decision=d,
        submitted_on=submitted,
        reviewed_on=reviewed,
        result="pass",
        opinion="决策事项主体合法、程序完备、内容不违反法律法规规章，同意提交集体讨论。",
    )
    services.discussion_record(
        actor=leader,
        decision=d,
        held_on=reviewed + dt.timedelta(days=2),
        meeting="镇政府常务会议",
        attendance="镇长、副镇长、党政办主任等7人",
        adopted=True,
    )
    services.decision_publish(actor=legal, decision=d, day=reviewed + dt.timedelta(days=4))


def _current_draft(township: Region, leader: User, legal: User, today: dt.date) -> None:
    catalogue = services.catalogue_create(
        actor=legal,
        region=township,
        year=today.year,
        titles=["峰灵镇集镇环境综合整治方案", "峰灵镇农村公路养护管理办法"],
        drafting_office="峰灵镇党政办",
    )
    services.catalogue_approve(actor=leader, catalogue=catalogue)
    item = catalogue.items.order_by("pk").first()
    d = services.decision_create(
        actor=leader,  # drafted by the leader's office; the legal office reviews it (not its own draft)
        region=township,
        title="",
        drafting_office="峰灵镇党政办",
        draft_text="峰灵镇集镇环境综合整治方案（征求意见稿）\n一、整治范围：集镇主街及背街小巷。\n"
        "二、整治内容：占道经营、乱搭乱建、垃圾收运。\n三、时间安排：分三个阶段实施。",
        explanation="为改善集镇人居环境，镇政府起草了本方案，现公开征求意见。",
        catalogue_item=item,
    )
    services.consultation_open(actor=legal, decision=d, opens_on=today, closes_on=today + dt.timedelta(days=29))
    services.comment_submit(actor=None, decision=d, text="建议增设早市临时摊位，方便村民售卖农产品", name="谭大爷")
    services.comment_submit(actor=None, decision=d, text="希望整治期间保留背街小巷的停车位")
    services.comments_publish(actor=legal, decision=d)
    services.comment_submit(actor=None, decision=d, text="建议垃圾收运时间避开早晚高峰")  # waits for moderation


def _documents(township: Region, legal: User, today: dt.date) -> None:
    year = today.year - 1
    for n, title in enumerate(("峰灵镇河道管理办法", "峰灵镇村规民约指导意见", "峰灵镇集镇摊位管理规定")):
        published = dt.date(year, 3 + 3 * n, 10)
        services.document_register(
            actor=legal,
            region=township,
            title=title,
            number=f"峰灵府发〔{year}〕{n + 1}号",
            published_on=published,
            filed_on=published + dt.timedelta(days=20),
        )
    old = today.replace(year=today.year - 5) + dt.timedelta(days=60)
    services.document_register(
        actor=legal,
        region=township,
        title="峰灵镇森林防火管理办法",
        number=f"峰灵府发〔{old.year}〕7号",
        published_on=old,
        filed_on=old + dt.timedelta(days=15),
    )
