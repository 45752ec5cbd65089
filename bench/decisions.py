"""Public comments on one draft (issue 18): 10,000 comments accepted through the public form's
service (``comment_submit`` with no account, each sealed and in the ledger; the per-connection
throttle is the view's, so it is not in the way here), published, then grouped into answer groups.
Then the draft's public page with those 10,000 comments, paged, through the test client.

  FAZHI_VAR_DIR=$(mktemp -d) python bench/decisions.py                                  # SQLite
  FAZHI_VAR_DIR=$(mktemp -d) FAZHI_DATABASE_URL=postgres://postgres@127.0.0.1/bench_decisions \
      python bench/decisions.py

Targets: submit + group <= 10 s; the public page median <= 100 ms. Prints one JSON line.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from checkin import fresh_database

COMMENTS = int(os.environ.get("FAZHI_BENCH_COMMENTS", "10000"))
os.environ["FAZHI_2FA_ROLES"] = ""
os.environ.setdefault("FAZHI_MANIFEST_STATIC", "0")

TOPICS = [
    "保留老街早市摊位",
    "增加新区停车位",
    "公开项目资金使用情况",
    "照顾老年人和困难群众",
    "施工期间减少噪声扬尘",
    "延长过渡期",
    "明确搬迁补偿标准",
    "增设公共厕所",
    "完善排水设施",
    "加强夜间照明",
]
LEADS = ["建议", "希望", "请", "强烈建议", "恳请政府"]
TAILS = ["", "，谢谢", "，方便群众", "，这是大家的心声", "。"]


def main() -> None:
    fresh_database()
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")
    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.utils import timezone

    from fazhi.accounts.models import OrgUnit, Region, RoleGrant, User
    from fazhi.accounts.roles import Role
    from fazhi.decisions import services
    from fazhi.decisions.models import CommentGroup

    call_command("migrate", verbosity=0)
    rng = random.Random(18)
    today = timezone.localdate()
    county = Region.objects.create(code="930001", name="基准县", level="county", path="/930001/")
    town = Region.objects.create(
        code="930001001", name="基准镇", level="township", parent=county, path="/930001/930001001/"
    )
    org = OrgUnit.objects.create(name="基准镇人民政府", kind="township", region=town)
    legal = User.objects.create(username="legal", org_unit=org)
    RoleGrant.objects.create(user=legal, role=Role.LEGAL_OFFICE)
    decision = services.decision_create(
        actor=legal,
        region=town,
        title="基准镇农贸市场搬迁",
        drafting_office="党政办",
        draft_text="农贸市场搬迁方案（征求意见稿）",
        outside_reason="基准测试",
    )
    services.consultation_open(actor=legal, decision=decision, opens_on=today, closes_on=today + dt.timedelta(days=29))
    texts = [
        f"{rng.choice(LEADS)}{TOPICS[n % len(TOPICS)]}{rng.choice(TAILS)}"
        if n % 10
        else f"第{n}号意见：{n * 7919 % 100000}"
        for n in range(COMMENTS)
    ]
    start = time.perf_counter()
    for n, text in enumerate(texts):
        services.comment_submit(
            actor=None, decision=decision, text=text, name="" if n % 3 else f"群众{n}", contact=f"138{n:08d}"
        )
    submitted = time.perf_counter() - start
    services.comments_publish(actor=legal, decision=decision)
    g0 = time.perf_counter()
    groups = services.comments_group(actor=legal, decision=decision)
    grouped = time.perf_counter() - g0
    total = time.perf_counter() - start

    client = Client()
    url = f"/public/decisions/{decision.pk}/"
    pages = (COMMENTS + 19) // 20
    client.get(url)  # warm
    times = []
    for i in range(40):
        page = 1 + (i * 37) % pages
        t = time.perf_counter()
        r = client.get(f"{url}?page={page}")
        times.append((time.perf_counter() - t) * 1000)
        assert r.status_code == 200
    times.sort()
    from django.db import connection

    print(
        json.dumps(
            {
                "bench": "decisions",
                "database": connection.vendor,
                "comments": COMMENTS,
                "submit_s": round(submitted, 2),
                "publish_and_group_s": round(total - submitted, 2),
                "group_only_s": round(grouped, 2),
                "submit_and_group_s": round(total, 2),
                "groups": groups,
                "groups_in_db": CommentGroup.objects.filter(decision=decision).count(),
                "public_page_median_ms": round(statistics.median(times), 1),
                "public_page_p95_ms": round(times[int(len(times) * 0.95) - 1], 1),
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
