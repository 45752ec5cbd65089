"""Supervision warnings: rules as data, incremental and full evaluation, the correction workflow."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from fazhi.core.errors import PermissionDenied, ValidationError
from fazhi.core.models import LedgerEntry
from fazhi.inspections import onsite
from fazhi.inspections.models import InspectionRecord
from fazhi.registry.models import Enterprise, Officer
from fazhi.supervision import engine, selectors, services
from fazhi.supervision.models import Warning, WarningRule
from tests.dbutil import assert_nothing_changed
from tests.factories import MatterFactory, OfficerFactory
from tests.test_onsite import SIGNATURE, Onsite
from tests.test_onsite_pages import client_for

pytestmark = pytest.mark.django_db


def remote(
    site: Onsite, *, day: dt.date, matter: Any = None, lead: Officer | None = None, **kw: Any
) -> InspectionRecord:
    """A finished remote inspection (no_issue unless told) on ``day``."""
    record = onsite.record_remote(
        actor=site.user(site.a1),
        enterprise=kw.pop("enterprise", site.w.ent_a),
        matters=[matter or site.matter_a],
        officers=[site.a2],
        method="documents",
        day=day,
        inspection_type=kw.pop("inspection_type", "routine"),
    )
    site.answer_all(record)
    onsite.section_sign(actor=site.user(site.a1), record=record, body=site.w.body_a, signature=SIGNATURE)
    return onsite.record_finish(actor=site.user(site.a1), record=record, outcome=kw.pop("outcome", "no_issue"))


def codes_of(**filters: Any) -> list[str]:
    return sorted(Warning.objects.filter(**filters).values_list("rule__code", flat=True))


def test_default_rules_are_data() -> None:
    rules = {r.code: r for r in WarningRule.objects.all()}
    from fazhi.supervision.case_rules import CASE_RULES

    assert set(rules) == set(engine.RULES) | set(CASE_RULES)
    assert rules["high_frequency"].params == {"per_day": 1, "per_week": 2, "per_month": 3}
    assert rules["multi_agency"].params == {"window_days": 30}


def test_the_no_plan_rule_is_described_as_any_inspection_without_approval() -> None:
    """The rule covers every unapproved inspection (事后补批 for one that could not wait); its seeded
    words said 日常检查. Migration 0012 rewrites them, but never a county's own words."""
    import importlib

    from django.apps import apps

    rule = WarningRule.objects.get(code="no_plan")
    assert "日常检查" not in rule.description
    assert "未经审批" in rule.description and "事后补批" in rule.description
    WarningRule.objects.filter(code="no_plan").update(description="本县自定的说明：未经审批的检查")
    importlib.import_module("fazhi.supervision.migrations.0012_no_plan_description").add(apps, None)
    assert WarningRule.objects.get(code="no_plan").description == "本县自定的说明：未经审批的检查"


def test_incremental_evaluation_after_each_inspection(world: Any, django_capture_on_commit_callbacks: Any) -> None:
    site = Onsite(world)
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        remote(site, day=today - dt.timedelta(days=40))
    # a routine check made outside the plan: 无计划; entered 40 days late: 结果反馈超期
    assert codes_of() == ["late_feedback", "no_plan"]
    with django_capture_on_commit_callbacks(execute=True):
        remote(site, day=today - dt.timedelta(days=30))
    # the same matter again within 90 days: 重复; again no plan and late
    assert codes_of() == ["late_feedback", "late_feedback", "no_plan", "no_plan", "repeat_matter"]
    warning = Warning.objects.get(rule__code="repeat_matter")
    assert warning.body == world.body_a and warning.rule_version == 1
    assert len(warning.evidence["records"]) == 2 and warning.records.count() == 2
    assert LedgerEntry.objects.filter(verb="warning.raised").count() == 5


def test_rules_on_a_built_year(world: Any, settings: Any) -> None:
    site = Onsite(world)
    today = timezone.localdate()
    base = today - dt.timedelta(days=60)
    other = MatterFactory(body=world.body_a, name="消防")
    first = remote(site, day=base, matter=other)
    remote(site, day=base + dt.timedelta(days=1), inspection_type="lead")
    third = remote(site, day=base + dt.timedelta(days=2), inspection_type="lead", matter=other)
    # three in a row without a finding by the same officers: 低效; the cap of 2 routine checks: not yet
    expired = OfficerFactory(body=world.body_a, name="过期证", valid_until=base - dt.timedelta(days=1))
    third.officers.add(expired)
    Enterprise.objects.filter(pk=world.ent_a.pk).update(do_not_disturb=True)
    result = engine.scan(start=base.replace(month=1, day=1) if base.year == today.year else base, end=today)
    found = codes_of()
    assert "inefficient" in found and "uncertified" in found and "repeat_matter" in found
    assert "do_not_disturb" not in found  # remote checks do not disturb
    assert result["created"] == len(found)
    again = engine.scan(start=base, end=today)
    assert again["created"] == 0 and Warning.objects.count() == len(found)  # idempotent
    assert first.pk in Warning.objects.get(rule__code="repeat_matter").evidence["records"]


def test_high_frequency_and_multi_agency_on_site(world: Any) -> None:
    site = Onsite(world)
    day = timezone.localdate() - dt.timedelta(days=5)
    a = onsite.record_without_code(
        actor=site.user(site.a1),
        enterprise=world.ent_a,
        matters=[site.matter_a],
        officers=[site.a2],
        inspection_type="immediate",
        reason="燃气泄漏",
        day=day,
    )
    dept_partner = OfficerFactory(body=world.dept_body, name="县局乙")
    b = onsite.record_without_code(
        actor=site.user(site.d1),
        enterprise=world.ent_a,
        matters=[site.matter_d],
        officers=[dept_partner],
        inspection_type="lead",
        reason="群众举报",
        day=day,
    )
    engine.scan(start=day, end=timezone.localdate())
    found = codes_of()
    assert "multi_agency" in found and "high_frequency" in found  # two departments, twice in a day
    multi = Warning.objects.get(rule__code="multi_agency")
    assert multi.body == world.dept_body and sorted(multi.evidence["records"]) == sorted([a.pk, b.pk])
    # not filed at all: flagged exactly when its filing deadline has passed (the old "or" could not fail)
    assert a.filing_due is not None and a.filed_at is None
    assert ("no_code_unfiled" in found) == (timezone.localdate() > a.filing_due)


def test_no_code_not_filed_in_time(world: Any) -> None:
    site = Onsite(world)
    day = timezone.localdate() - dt.timedelta(days=10)
    record = onsite.record_without_code(
        actor=site.user(site.a1),
        enterprise=world.ent_a,
        matters=[site.matter_a],
        officers=[site.a2],
        inspection_type="immediate",
        reason="网络中断",
        day=day,
    )
    engine.scan(start=day, end=timezone.localdate())
    assert Warning.objects.filter(rule__code="no_code_unfiled", records=record).exists()


def test_rule_edit_changes_behaviour_and_version(world: Any) -> None:
    site = Onsite(world)
    today = timezone.localdate()
    remote(site, day=today - dt.timedelta(days=40))
    remote(site, day=today - dt.timedelta(days=30))
    rule = WarningRule.objects.get(code="repeat_matter")
    with assert_nothing_changed(), pytest.raises(PermissionDenied):
        services.rule_update(actor=world["head_a"], rule=rule, enabled=True, severity="high", params={"window_days": 5})
    with assert_nothing_changed(), pytest.raises(ValidationError):
        services.rule_update(
            actor=world["supervisor"], rule=rule, enabled=True, severity="high", params={"window_days": 0}
        )
    services.rule_update(actor=world["supervisor"], rule=rule, enabled=True, severity="high", params={"window_days": 5})
    engine.scan(start=today - dt.timedelta(days=60), end=today)
    assert "repeat_matter" not in codes_of()  # 10 days apart: outside the new 5-day window
    services.rule_update(
        actor=world["supervisor"], rule=rule, enabled=True, severity="high", params={"window_days": 20}
    )
    engine.scan(start=today - dt.timedelta(days=60), end=today)
    warning = Warning.objects.get(rule__code="repeat_matter")
    assert warning.rule_version == 3 and warning.severity == "high"
    WarningRule.objects.filter(code="no_plan").update(enabled=False)
    Warning.objects.filter(rule__code="no_plan").delete()
    engine.scan(start=today - dt.timedelta(days=60), end=today)
    assert "no_plan" not in codes_of()


def test_correction_workflow_and_scopes(world: Any) -> None:
    site = Onsite(world)
    today = timezone.localdate()
    day = today - dt.timedelta(days=3)
    remote(site, day=day)
    engine.scan(start=today - dt.timedelta(days=10), end=today)
    warning = Warning.objects.get(rule__code="no_plan")
    assert list(selectors.warning_list(user=world["inspector_a"])) == [warning]
    assert not selectors.warning_list(user=world["inspector_b"]).exists()
    assert not selectors.warning_list(user=world["dept_inspector"]).exists()
    assert not selectors.warning_list(user=world["enterprise"]).exists()
    with assert_nothing_changed(), pytest.raises(PermissionDenied):
        services.warning_correct(actor=world["dept_inspector"], warning=warning, text="不是我们的")
    with assert_nothing_changed(), pytest.raises(ValidationError):
        services.warning_verify(actor=world["supervisor"], warning=warning, accept=True)  # nothing submitted
    services.warning_correct(actor=world["inspector_a"], warning=warning, text="已补录检查计划并经审批")
    with assert_nothing_changed(), pytest.raises(ValidationError):
        services.warning_verify(actor=world["supervisor"], warning=warning, accept=False)  # a return needs a note
    services.warning_verify(actor=world["supervisor"], warning=warning, accept=False, note="请附审批表")
    assert warning.status == "open"
    services.warning_correct(actor=world["inspector_a"], warning=warning, text="已附审批表")
    services.warning_verify(actor=world["supervisor"], warning=warning, accept=True)
    figures = selectors.dashboard(user=world["supervisor"], year=day.year)  # the warning's year
    assert figures["corrected"] == 1 and figures["correction_rate_pct"] == 100
    assert figures["by_township"] == [{"name": "峰灵镇", "n": 1}]


def test_overdue_corrections_escalate(world: Any) -> None:
    site = Onsite(world)
    today = timezone.localdate()
    remote(site, day=today - dt.timedelta(days=3))
    engine.scan(start=today - dt.timedelta(days=10), end=today)
    Warning.objects.update(due=today - dt.timedelta(days=1))
    assert engine.scan(start=today - dt.timedelta(days=10), end=today)["escalated"] == 1
    assert Warning.objects.get().escalated_at is not None


def test_scan_command_and_pages(world: Any, capsys: Any) -> None:
    site = Onsite(world)
    day = timezone.localdate() - dt.timedelta(days=2)
    remote(site, day=day)
    call_command("supervision", "scan")
    assert "新增预警 1 条" in capsys.readouterr().out
    call_command("supervision", "scan")
    assert "新增预警 0 条" in capsys.readouterr().out
    warning = Warning.objects.get()
    insp = client_for(world["inspector_a"])
    assert "data-warning" in insp.get(reverse("supervision:warnings")).content.decode()
    insp.post(reverse("supervision:warnings"), {"warning": warning.pk, "action": "correct", "text": "已补录计划"})
    sup = client_for(world["supervisor"])
    sup.post(reverse("supervision:warnings"), {"warning": warning.pk, "action": "accept"})
    warning.refresh_from_db()
    assert warning.status == "corrected"
    dash = sup.get(reverse("supervision:dashboard"), {"year": day.year}).content.decode()  # the warning's year
    assert 'data-figure="corrected">1<' in dash and "dashboard-data" in dash
    assert client_for(world["inspector_a"]).get(reverse("supervision:dashboard")).status_code == 403
    rules = sup.get(reverse("supervision:rules")).content.decode()
    assert "多头检查" in rules
    rule = WarningRule.objects.get(code="high_frequency")
    sup.post(
        reverse("supervision:rules"),
        {
            "rule": rule.pk,
            "enabled": "on",
            "severity": "high",
            "param_per_day": "2",
            "param_per_week": "3",
            "param_per_month": "4",
        },
    )
    rule.refresh_from_db()
    assert rule.params == {"per_day": 2, "per_week": 3, "per_month": 4} and rule.version == 2
    assert Client().get(reverse("supervision:warnings")).status_code == 302


def test_daily_jobs_run_the_scan(world: Any, capsys: Any) -> None:
    site = Onsite(world)
    remote(site, day=timezone.localdate() - dt.timedelta(days=2))
    call_command("daily")
    assert "新增预警 1 条" in capsys.readouterr().out


def test_only_the_responsible_bodys_own_people_submit_its_correction(world: Any) -> None:
    """Issue 14.1: the correction rule goes through accounts.scopes.require_own_body. A user of the
    body's organisation who is not one of its people (not body-bound: here an inspector who is also
    the county supervisor) used to pass because only the organisation was compared."""
    from tests.factories import UserFactory

    site = Onsite(world)
    today = timezone.localdate()
    remote(site, day=today - dt.timedelta(days=3))
    engine.scan(start=today - dt.timedelta(days=10), end=today)
    warning = Warning.objects.get(rule__code="no_plan")
    assert warning.body is not None
    same_org = UserFactory(org_unit=warning.body.org_unit, roles=["inspector", "county_supervisor"])
    assert not same_org.is_body_bound
    with assert_nothing_changed(), pytest.raises(PermissionDenied):
        services.warning_correct(actor=same_org, warning=warning, text="同一单位但不是本主体人员")
    assert not services.can_correct_warnings(same_org) and services.can_correct_warnings(world["inspector_a"])
    services.warning_correct(actor=world["inspector_a"], warning=warning, text="已补录检查计划并经审批")
