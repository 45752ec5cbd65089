"""Correcting and withdrawing a recorded publicity activity: the same form filled in, optimistic
locking, the recorder's body only, and a withdrawn activity out of every figure and the heat table."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from fazhi.core.errors import ConflictError, PermissionDenied, ValidationError
from fazhi.core.figures import REGISTRY, load_all
from fazhi.core.ledger import LedgerEntry
from fazhi.publicity import coverage, services
from fazhi.publicity.models import Activity, ActivityTarget
from tests.dates import today
from tests.dbutil import assert_nothing_changed
from tests.factories_publicity import PublicityWorld
from tests.test_onsite_pages import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def pw(world: Any) -> PublicityWorld:
    load_all()
    return PublicityWorld(world)


def _form(pw: PublicityWorld, a: Activity, **kw: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "version": a.version,
        "type": a.type_id,
        "village": a.village_id,
        "day": a.day.isoformat(),
        "participants": str(a.participants),
        "target_groups": list(a.target_groups),
        "organisers": "、".join(a.organisers),
    }
    data.update(kw)
    return data


def _reach(pw: PublicityWorld) -> Any:
    return REGISTRY["publicity.grassroots_reach"](pw.w.town_a, today().year)


def test_the_edit_form_is_the_entry_form_filled_in(pw: PublicityWorld) -> None:
    a = pw.activity(participants=37, organisers=["峰灵镇人民政府", "峰灵派出所"], title="院坝说法")
    page = client_for(pw.grid).get(reverse("publicity:activity_edit", args=[a.pk])).content.decode()
    assert 'value="37"' in page and 'value="院坝说法"' in page
    assert 'value="峰灵镇人民政府、峰灵派出所"' in page
    assert f'name="version" value="{a.version}"' in page
    assert 'id="tg-villagers" autocomplete="off" checked' in page


def test_a_correction_changes_the_figure_and_is_in_the_ledger(pw: PublicityWorld) -> None:
    a = pw.activity(participants=30)
    pw.activity(participants=12)
    assert _reach(pw) == 42
    c = client_for(pw.grid)
    r = c.post(reverse("publicity:activity_edit", args=[a.pk]), _form(pw, a, participants="50"))
    assert r.status_code == 302, r.content.decode()[:2000]
    a.refresh_from_db()
    assert (a.participants, a.version) == (50, 2)
    assert _reach(pw) == 62
    entry = LedgerEntry.objects.filter(verb="publicity.activity_corrected").get()
    assert '"participants":[30,50]' in entry.payload


def test_a_correction_moves_the_activity_in_the_heat_table(pw: PublicityWorld) -> None:
    a = pw.activity(village=pw.village, target_groups=["villagers"])
    services.activity_update(
        actor=pw.grid,
        activity=a,
        expected_version=a.version,
        type=a.type,
        village=pw.village2,
        day=a.day,
        participants=a.participants,
        target_groups=["youth"],
        organisers=a.organisers,
    )
    cov = coverage.coverage(pw.w.town_a, today().year, "youth")
    sessions = {r.village.pk: sum(c.sessions for c in r.cells) for r in cov.rows}
    assert sessions[pw.village2.pk] == 1 and sessions[pw.village.pk] == 0
    assert list(ActivityTarget.objects.values_list("group", "village_id")) == [("youth", pw.village2.pk)]
    assert REGISTRY["publicity.youth_activities"](pw.w.town_a, today().year) == 1


def test_a_withdrawn_activity_leaves_the_figures_and_the_heat_table(pw: PublicityWorld) -> None:
    a = pw.activity(participants=30, target_groups=["youth", "villagers"], materials=100)
    pw.activity(participants=12, materials=5)
    year = today().year
    assert _reach(pw) == 42
    c = client_for(pw.grid)
    r = c.post(reverse("publicity:activity_withdraw", args=[a.pk]), {"reason": "重复录入", "version": a.version})
    assert r.status_code == 302
    town = pw.w.town_a
    assert _reach(pw) == 12
    assert REGISTRY["publicity.grassroots_sessions"](town, year) == 1
    assert REGISTRY["publicity.leaflets"](town, year) == 5
    assert REGISTRY["publicity.youth_activities"](town, year) == 0
    cov = coverage.coverage(town, year)
    row = next(r for r in cov.rows if r.village.pk == pw.village.pk)
    assert (row.sessions, row.reach) == (1, 12)
    assert sum(c.sessions for c in coverage.coverage(town, year, "youth").rows[0].cells) == 0
    # still there, marked, for the area's staff, with the reason; and in the ledger
    page = client_for(pw.leader).get(reverse("publicity:activity", args=[a.pk])).content.decode()
    assert 'id="withdrawn"' in page and "重复录入" in page
    listing = client_for(pw.leader).get(reverse("publicity:activities")).content.decode()
    assert listing.count("badge text-bg-secondary") == 1
    assert "重复录入" in LedgerEntry.objects.get(verb="publicity.activity_withdrawn").payload
    # a withdrawn activity is not corrected or withdrawn again
    with assert_nothing_changed(), pytest.raises(ValidationError, match="已经撤销"):
        services.activity_withdraw(actor=pw.grid, activity=Activity.objects.get(pk=a.pk), reason="again")


def test_a_withdrawal_needs_a_reason(pw: PublicityWorld) -> None:
    a = pw.activity()
    with assert_nothing_changed(), pytest.raises(ValidationError, match="撤销原因"):
        services.activity_withdraw(actor=pw.grid, activity=a, reason="  ")


def test_a_stale_correction_is_refused_and_what_was_typed_is_kept(pw: PublicityWorld) -> None:
    a = pw.activity(participants=30)
    loaded = _form(pw, a, participants="77", title="我刚输入的标题")
    services.activity_update(  # someone else corrects it after the form was loaded
        actor=pw.grid,
        activity=Activity.objects.get(pk=a.pk),
        expected_version=1,
        type=a.type,
        village=a.village,
        day=a.day,
        participants=40,
        target_groups=a.target_groups,
        organisers=a.organisers,
    )
    c = client_for(pw.grid)
    with assert_nothing_changed():
        r = c.post(reverse("publicity:activity_edit", args=[a.pk]), loaded)
    assert r.status_code == 409
    page = r.content.decode()
    assert 'value="77"' in page and 'value="我刚输入的标题"' in page
    a.refresh_from_db()
    assert (a.participants, a.version) == (40, 2)
    with assert_nothing_changed(), pytest.raises(ConflictError):
        services.activity_withdraw(actor=pw.grid, activity=a, reason="错录", expected_version=1)


def test_another_township_and_another_body_are_refused_and_nothing_changes(pw: PublicityWorld) -> None:
    a = pw.activity(participants=30)
    form = _form(pw, a, participants="1")
    other, legal = client_for(pw.grid_b), client_for(pw.legal)
    # another township: the record is not even visible
    with assert_nothing_changed():
        assert other.post(reverse("publicity:activity_edit", args=[a.pk]), form).status_code == 404
        withdraw = {"reason": "x", "version": 1}
        assert other.post(reverse("publicity:activity_withdraw", args=[a.pk]), withdraw).status_code == 404
    kw = {"type": a.type, "village": a.village, "day": a.day, "target_groups": ["villagers"], "organisers": ["甲"]}
    with assert_nothing_changed(), pytest.raises(PermissionDenied):
        services.activity_update(actor=pw.grid_b, activity=a, expected_version=1, participants=1, **kw)
    with assert_nothing_changed(), pytest.raises(PermissionDenied):
        services.activity_withdraw(actor=pw.grid_b, activity=a, reason="x")
    # the township's justice office may record, but did not record this one
    with assert_nothing_changed():
        assert legal.post(reverse("publicity:activity_edit", args=[a.pk]), form).status_code == 403
    with assert_nothing_changed(), pytest.raises(PermissionDenied):
        services.activity_withdraw(actor=pw.legal, activity=a, reason="x")
    # the township leader reads but does not record
    with assert_nothing_changed(), pytest.raises(PermissionDenied):
        services.activity_update(actor=pw.leader, activity=a, expected_version=1, participants=1, **kw)
    page = legal.get(reverse("publicity:activity", args=[a.pk])).content.decode()
    assert 'id="change"' not in page
    assert 'id="change"' in client_for(pw.grid).get(reverse("publicity:activity", args=[a.pk])).content.decode()
    a.refresh_from_db()
    assert (a.participants, a.withdrawn_at) == (30, None)


def test_an_activity_of_a_group_can_be_moved_to_another_village(pw: PublicityWorld) -> None:
    a = pw.activity(village=pw.village, group=pw.group)
    c = client_for(pw.grid)
    page = c.get(reverse("publicity:activity_edit", args=[a.pk])).content.decode()
    assert f'<option value="{pw.group.pk}" selected>' in page  # the group is shown, so it can be cleared
    r = c.post(reverse("publicity:activity_edit", args=[a.pk]), _form(pw, a, village=pw.village2.pk, group=""))
    assert r.status_code == 302
    a.refresh_from_db()
    assert (a.village_id, a.group_id, a.area_path) == (pw.village2.pk, None, pw.village2.path)


def test_saving_the_form_unchanged_writes_nothing(pw: PublicityWorld) -> None:
    a = pw.activity()
    c = client_for(pw.grid)
    with assert_nothing_changed():
        assert c.post(reverse("publicity:activity_edit", args=[a.pk]), _form(pw, a)).status_code == 302


def test_an_activity_no_body_recorded_is_withdrawn_by_the_area_s_manager_on_the_page(pw: PublicityWorld) -> None:
    """An activity from a command or an import has no recording body: the area's publicity manager
    (the county supervisor holds manage, not record) corrects and withdraws it from its page."""
    a = pw.activity(participants=30)
    Activity.objects.filter(pk=a.pk).update(org_unit=None)
    supervisor = client_for(pw.w["supervisor"])
    page = supervisor.get(reverse("publicity:activity", args=[a.pk])).content.decode()
    assert reverse("publicity:activity_withdraw", args=[a.pk]) in page
    assert supervisor.get(reverse("publicity:activity_edit", args=[a.pk])).status_code == 200
    r = supervisor.post(
        reverse("publicity:activity_withdraw", args=[a.pk]), {"reason": "导入重复", "version": a.version}
    )
    assert r.status_code == 302 and Activity.objects.get(pk=a.pk).withdrawn_reason == "导入重复"
    # the same request again, from a page loaded before the withdrawal: refused, nothing changes
    a.org_unit = None  # as loaded then (the update above was behind this instance's back)
    assert a.withdrawn_at is None
    with assert_nothing_changed(), pytest.raises(ValidationError):
        services.activity_withdraw(actor=pw.w["supervisor"], activity=a, reason="again")
