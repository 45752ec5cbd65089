"""The demo's last year reproduces the seed report's enforcement and coordination figures for 峰灵镇
(issue 23 item 6), built through the services; 城厢镇 has a different, smaller year. The year is the test instant's
year before, never a bare year."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from fazhi.accounts.models import Region
from fazhi.reports.figures import figures_for
from fazhi.web.demo import load_demo

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

# the seed (/work/shared/seed/annual-report-2025.txt), 执法行为标准化, 涉企执法优化 and 健全执法监督体系
SEED = {
    "cases.waived_enterprises": 3,  # 对3家首次轻微违法且及时整改的企业依法免予处罚
    "reviews.procedure_rate": 100,  # 程序合规率、文书规范率、证据充分率均达100%
    "reviews.document_rate": 100,
    "reviews.evidence_rate": 100,
    "cases.remedies_from_irregular": 0,  # 未发生因执法不规范引发的行政复议或行政诉讼案件
    "guidance.visits": 12,  # 开展"上门送法"服务12次
    "guidance.enterprises": 15,  # 为15家企业提供合规指导
    "guidance.problems_solved": 23,  # 解决……问题20余个 (the demo's 23)
    "supervision.corrected": 2,  # 累计纠正不规范行为2起
    "supervision.enterprise_supervisors": 5,  # 邀请5名企业负责人担任执法监督员
    # 涉企执法优化 (demo_coordination): 41 visits alone, 30 joint visits made; 50 on-site the year before
    "coordination.merged_inspections": 11,  # 全年整合重复检查11次
    "coordination.frequency_change_pct": -40,  # 企业迎检频次同比下降40%
}


def values(name: str) -> dict[str, Any]:
    figures = figures_for(region=Region.objects.get(name=name), year=timezone.localdate().year - 1)
    return {fid: f["value"] for fid, f in figures.figures.items()}


def test_fenglings_last_year_gives_the_seeds_figures_and_chengxiangs_is_its_own() -> None:
    load_demo()
    fengling, chengxiang = values("峰灵镇"), values("城厢镇")
    assert {fid: fengling.get(fid) for fid in SEED} == SEED  # remedies: kept and 0, not missing
    enforcement = [fid for fid in SEED if not fid.startswith("coordination.")]
    assert {fid: chengxiang.get(fid) for fid in enforcement} == {
        "cases.waived_enterprises": 2,
        "reviews.procedure_rate": 100,
        "reviews.document_rate": 50,  # one of its two files lacked a document
        "reviews.evidence_rate": 100,
        "cases.remedies_from_irregular": 0,
        "guidance.visits": 3,
        "guidance.enterprises": 4,
        "guidance.problems_solved": 5,
        "supervision.corrected": 1,
        "supervision.enterprise_supervisors": 2,
    }
    assert "coordination.merged_inspections" not in chengxiang  # missing: no month of its year was coordinated
    differ = [fid for fid in enforcement if chengxiang[fid] != fengling[fid]]
    assert differ == [
        "cases.waived_enterprises",
        "reviews.document_rate",
        "guidance.visits",
        "guidance.enterprises",
        "guidance.problems_solved",
        "supervision.corrected",
        "supervision.enterprise_supervisors",
    ]
    load_demo()  # loading it again adds nothing to the year
    assert (values("峰灵镇"), values("城厢镇")) == (fengling, chengxiang)
