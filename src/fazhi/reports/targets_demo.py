"""The demo's work targets of 峰灵镇 (``fazhi demo``), entered through the services as the township's
legal office, so the report's 存在的问题与不足 and 下一步工作打算 have something true to say.

Last year (the seed's year): 4 mediator trainings (2 were held: not met), a joint share of publicity
of 40 % (34.4 %: not met — the seed's 联合普法活动占比不足40%), 10 上门送法 visits (12: met). This year
(the seed's 下一步工作打算): 调解员培训4场次, and 执法规范化情况纳入年度考核，权重不低于20% — a fact fazhi
does not keep, its achieved value entered by the township leader. Dates are relative to today."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from fazhi.accounts.models import User
from fazhi.reports.models import WorkTarget
from fazhi.reports.targets_services import target_achieved_enter, target_add

TOWNSHIP = "峰灵镇"
LAST_YEAR = (
    ("开展调解员培训", "disputes.mediator_trainings", "4", ""),
    ("联合普法活动占比", "publicity.joint_share_pct", "40", ""),
    ("开展“上门送法”合规指导服务", "guidance.visits", "10", ""),
)
THIS_YEAR = (
    ("开展调解员培训", "disputes.mediator_trainings", "4", ""),
    ("执法规范化情况纳入年度考核，权重", "", "20", "%"),
)


def load(townships: dict[str, Any], res: Any) -> None:
    """Idempotent: a year of 峰灵镇 that already has targets is left alone."""
    town = townships.get(TOWNSHIP)
    legal = User.objects.filter(username="fl_legal").first()
    leader = User.objects.filter(username="fl_leader").first()
    if town is None or legal is None or leader is None:
        return
    this_year = timezone.localdate().year
    for year, rows in ((this_year - 1, LAST_YEAR), (this_year, THIS_YEAR)):
        if WorkTarget.objects.filter(region=town, year=year).exists():
            continue
        for text, figure, value, unit in rows:
            target = target_add(
                actor=legal,
                region=town,
                year=year,
                text=text,
                comparison=WorkTarget.Comparison.AT_LEAST,
                value=value,
                figure=figure,
                unit=unit,
            )
            if not figure:
                target_achieved_enter(actor=leader, target=target, achieved="20", expected_version=target.version)
