from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command

from fazhi.accounts.models import Region, User
from fazhi.accounts.roles import Role
from fazhi.core.ledger import ledger_verify
from fazhi.core.validators import check_uscc
from fazhi.registry.models import EnforcementBody, Enterprise, Matter, Officer

pytestmark = pytest.mark.django_db

MODELS = (Region, User, EnforcementBody, Officer, Enterprise, Matter)


def counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in MODELS}


def test_demo_county_is_the_seeds_and_idempotent(capsys: Any) -> None:
    call_command("demo")
    first = counts()
    out = capsys.readouterr().out
    call_command("demo")
    assert counts() == first
    assert "未重复创建" in capsys.readouterr().out
    fengling = Region.objects.get(name="峰灵镇")
    assert Region.objects.filter(parent=fengling, level="village").count() == 12
    officers = Officer.objects.filter(body__region=fengling)
    assert officers.count() == 7
    assert officers.filter(status="active").count() == 4 and officers.filter(status="pre_service").count() == 3
    assert 140 <= Enterprise.objects.count() <= 160
    assert all(
        not check_uscc(code).error and not check_uscc(code).warning
        for code in Enterprise.objects.values_list("uscc", flat=True)
    )
    assert Matter.objects.filter(published=True).count() >= 15
    granted = set(User.objects.values_list("role_grants__role", flat=True))
    assert granted >= set(Role.values)
    for username in ("fl_inspector", "county_supervisor", "enterprise", "auditadmin"):
        assert username in out
    # inspections as carried out: today's approved visit at the demo enterprise (scan it now),
    # finished records, published results, one no-code inspection waiting to be filed, a draw
    from django.utils import timezone

    from fazhi.inspections.models import InspectionRecord, JointInspection, Publication, RandomDraw

    today = JointInspection.objects.get(date=timezone.localdate(), enterprise__org_unit__isnull=False)
    assert today.status == "approved" and today.officers.filter(user__username="fl_inspector").exists()
    assert InspectionRecord.objects.filter(status="finished").count() >= 4
    assert InspectionRecord.objects.filter(mode="no_code", filed_at__isnull=True).count() == 1
    assert Publication.objects.filter(status="published").exists() and RandomDraw.objects.count() == 1
    assert Officer.objects.filter(status="active").exclude(photo="").exists()
    assert ledger_verify().ok
    # the county's 八个不得 beside the national 五个严禁 (the seed names both lists), each in force,
    # saved through the service: in the ledger; a second load adds none
    from fazhi.core.models import LedgerEntry
    from fazhi.supervision.models import RedLine

    county = RedLine.objects.filter(group="八个不得")
    assert county.count() == 8 and county.filter(active=True).count() == 8
    assert RedLine.objects.filter(group="五个严禁").count() == 5
    assert LedgerEntry.objects.filter(verb="red_line.save").count() == 8
    # every demo case's history (the full-process record, in its order) runs forward in time
    from fazhi.cases.models import Case

    for case in Case.objects.prefetch_related("steps"):
        days = [step.day for step in case.steps.all()]
        assert days == sorted(days) and days[-1] <= timezone.localdate(), (case.pk, days)
        if case.closed_on:
            assert case.closed_on == next(s.day for s in case.steps.all() if s.kind == "close")
    # a published penalty decision on the public site, its 个体工商户 party redacted (issue 15 item 7)
    from django.test import Client
    from django.urls import reverse

    from fazhi.cases.models import DecisionPublication

    pub = DecisionPublication.objects.get(status="published")
    party = pub.case.enterprise
    page = Client().get(reverse("cases_public:decision", args=[pub.pk])).content.decode()
    assert party is not None and party.uscc.startswith("92") and party.name not in page
    assert pub.content["party"] in page and "*" in pub.content["party"]


def test_demo_users_can_log_in_and_see_their_scope() -> None:
    from django.test import Client

    from fazhi.web.demo import load_demo
    from fazhi.web.demo_data import DEMO_PASSWORD

    load_demo()
    c = Client()
    assert c.post("/accounts/login/", {"username": "cx_inspector", "password": DEMO_PASSWORD}).status_code == 302
    theirs = Enterprise.objects.filter(region__parent__name="峰灵镇").first()
    ours = Enterprise.objects.filter(region__parent__name="城厢镇").first()
    assert theirs is not None and ours is not None
    assert "没有符合条件的企业" in c.get("/registry/enterprises/", {"q": theirs.uscc}).content.decode()
    assert ours.name in c.get("/registry/enterprises/", {"q": ours.uscc}).content.decode()


def test_demo_loaded_in_a_later_year_has_valid_certificates_and_future_dates() -> None:
    """The demo's dates are relative to the day it is loaded: loaded years from now, no active
    officer's certificate has lapsed and no "do not disturb" period is already over."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    import time_machine
    from django.utils import timezone

    from fazhi.web.demo import load_demo

    later = timezone.localdate() + dt.timedelta(days=10 * 365)
    with time_machine.travel(dt.datetime.combine(later, dt.time(10), tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        load_demo()
        today = timezone.localdate()
        active = Officer.objects.filter(status="active")
        assert active.exists() and not active.filter(valid_until__lte=today).exists()
        quiet = Enterprise.objects.filter(do_not_disturb=True)
        assert quiet.exists() and not quiet.filter(do_not_disturb_until__lte=today).exists()
