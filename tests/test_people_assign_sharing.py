"""Issue 22's last pages: reassigning a file's 包抓 officials on the file page, and sharing grants
with a county body (list, grant, revoke) — each through the existing services, with a validation
error that changes nothing and a refusal that changes nothing."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from fazhi.core.errors import PermissionDenied, ValidationError
from fazhi.core.models import LedgerEntry
from fazhi.people import services
from fazhi.people.models import PersonFile, ShareGrant
from tests.dbutil import assert_nothing_changed
from tests.factories import UserFactory
from tests.factories_people import CORRECTIONS, MENTAL, PeopleWorld
from tests.test_onsite_pages import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def pw(world: Any) -> PeopleWorld:
    return PeopleWorld(world)


def responsible(f: PersonFile) -> set[str]:
    return set(PersonFile.objects.get(pk=f.pk).responsible.values_list("username", flat=True))


# --- 包抓 officials reassigned on the file page ---------------------------------------------------


def test_the_governance_officer_reassigns_from_the_township_list_with_a_reason(pw: PeopleWorld) -> None:
    c = client_for(pw.officer)
    url = reverse("people:detail", args=[pw.mental.pk])
    page = c.get(url).content.decode()
    assert 'id="assign"' in page
    # the township's visiting accounts are offered; 城厢镇's grid worker is not
    assert f'value="{pw.grid2.pk}"' in page and f'value="{pw.grid_b.pk}"' not in page
    r = c.post(url, {"action": "assign", "responsible": [pw.grid2.pk], "reason": "网格调整，改由谭家村网格员包抓"})
    assert r.status_code == 302
    assert responsible(pw.mental) == {"grid_a2"}
    entry = LedgerEntry.objects.filter(verb="people.file_assigned", target_id=str(pw.mental.pk)).latest("pk")
    payload = json.loads(entry.payload)
    assert payload["before"] == [pw.grid.pk] and payload["after"] == [pw.grid2.pk]
    assert payload["reason"] == "网格调整，改由谭家村网格员包抓"
    assert MENTAL["name"] not in entry.payload
    # the file page shows the change: when, who, from whom to whom, why
    history = c.get(url).content.decode().split('id="assign-history"')[1].split("</section>")[0]
    assert history.count("data-assignment") == 1
    assert f"：{pw.grid} → {pw.grid2}" in history and "网格调整，改由谭家村网格员包抓" in history
    assert timezone.localtime(entry.created_at).strftime("%Y-%m-%d %H:%M") in history
    # the new official opens the file now, the old one no longer does
    assert client_for(pw.grid2).get(url).status_code == 200
    assert client_for(pw.grid).get(url).status_code == 404


def test_reassigning_without_a_reason_or_outside_the_list_changes_nothing(pw: PeopleWorld) -> None:
    c = client_for(pw.officer)
    url = reverse("people:detail", args=[pw.mental.pk])
    with assert_nothing_changed():
        r = c.post(url, {"action": "assign", "responsible": [pw.grid2.pk], "reason": " "})
    assert r.status_code == 422
    assert "请说明更换包抓责任人的原因" in r.content.decode()
    with assert_nothing_changed():
        r = c.post(url, {"action": "assign", "reason": "人员调整"})
    assert r.status_code == 422 and "请至少选择一名包抓责任人" in r.content.decode()
    # an account of another township (not on the list) is refused, even with a reason
    with assert_nothing_changed():
        r = c.post(url, {"action": "assign", "responsible": [pw.grid_b.pk], "reason": "人员调整"})
    assert r.status_code == 422 and "请从列表中选择包抓责任人" in r.content.decode()
    assert responsible(pw.mental) == {"grid_a"}
    # the service itself refuses an official of another township
    with assert_nothing_changed(), pytest.raises(ValidationError) as exc:
        services.file_assign(actor=pw.officer, file=pw.mental, responsible=[pw.grid_b], reason="人员调整")
    assert "responsible" in exc.value.details


def test_a_role_without_the_right_cannot_reassign(pw: PeopleWorld) -> None:
    url = reverse("people:detail", args=[pw.mental.pk])
    # the assigned grid worker opens the file but may not rename its officials: no form, refused
    c = client_for(pw.grid)
    assert 'id="assign"' not in c.get(url).content.decode()
    with assert_nothing_changed():
        r = c.post(url, {"action": "assign", "responsible": [pw.grid.pk, pw.grid2.pk], "reason": "我想加一个人"})
    assert r.status_code == 403
    # the corrections file's responsible body (司法所) opens it, and may not either
    legal = client_for(pw.legal)  # logging in writes last_login: before the snapshot
    with assert_nothing_changed():
        r = legal.post(
            reverse("people:detail", args=[pw.corrections.pk]),
            {"action": "assign", "responsible": [pw.grid.pk], "reason": "调整"},
        )
    assert r.status_code == 403
    # the township leader does not open files at all
    leader = client_for(pw.w["leader_a"])
    with assert_nothing_changed():
        r = leader.post(url, {"action": "assign", "responsible": [pw.grid2.pk], "reason": "调整"})
    assert r.status_code in (403, 404)
    assert responsible(pw.mental) == {"grid_a"} and responsible(pw.corrections) == {"grid_a2"}


# --- sharing grants with a county body ------------------------------------------------------------


def grant_form(pw: PeopleWorld, **over: Any) -> dict[str, Any]:
    return {
        "action": "grant",
        "township": pw.w.town_a.pk,
        "org": pw.d.police.pk,
        "categories": ["mental"],
        "min_danger_level": "0",
        "valid_until": (timezone.localdate() + dt.timedelta(days=90)).isoformat(),
        "purpose": "肇事肇祸风险预警",
        **over,
    }


def test_the_governance_officer_grants_lists_and_revokes_sharing(pw: PeopleWorld) -> None:
    police = UserFactory(username="police", org_unit=pw.d.police, roles=[])
    c = client_for(pw.officer)
    url = reverse("people:sharing")
    page = c.get(url).content.decode()
    assert f'value="{pw.d.police.pk}"' in page  # the county bodies are offered
    assert f'value="{pw.w["enterprise"].org_unit.pk}"' not in page  # an enterprise is not a body
    assert reverse("people:sharing") in c.get(reverse("people:list")).content.decode()
    r = c.post(url, grant_form(pw))
    assert r.status_code == 302
    grant = ShareGrant.objects.get()
    assert (grant.org, grant.township, grant.purpose, grant.granted_by) == (
        pw.d.police,
        pw.w.town_a,
        "肇事肇祸风险预警",
        pw.officer,
    )
    assert [c.code for c in grant.categories.all()] == ["mental"]
    assert LedgerEntry.objects.filter(verb="people.share_granted", target_id=str(grant.pk)).count() == 1
    # the body reads exactly that under it
    assert [row["number"] for row in services.shared_files(actor=police)] == [pw.mental.number]
    # the list names the body, the purpose and the categories, never a person
    page = c.get(url).content.decode()
    assert "巫溪县公安局峰灵派出所" in page and "肇事肇祸风险预警" in page and "严重精神障碍患者" in page
    for secret in (MENTAL["name"], MENTAL["phone"], CORRECTIONS["name"], pw.mental.number):
        assert secret not in page
    # revoked: the body reads nothing from now on, the row and the ledger keep it
    r = c.post(url, {"action": "revoke", "grant": grant.pk, "reason": "预警任务结束"})
    assert r.status_code == 302
    grant.refresh_from_db()
    assert grant.revoked_at is not None and grant.revoked_by == pw.officer
    entry = LedgerEntry.objects.get(verb="people.share_revoked", target_id=str(grant.pk))
    assert json.loads(entry.payload)["reason"] == "预警任务结束"
    with pytest.raises(PermissionDenied):
        services.shared_files(actor=police)
    assert 'name="grant"' not in c.get(url).content.decode()  # nothing left to revoke


def test_a_bad_grant_or_revocation_changes_nothing(pw: PeopleWorld) -> None:
    c = client_for(pw.officer)
    url = reverse("people:sharing")
    with assert_nothing_changed():
        r = c.post(url, grant_form(pw, purpose="看", categories=[]))
    assert r.status_code == 422
    page = r.content.decode()
    assert "请说明共享目的" in page and "请至少选择一个类别" in page
    with assert_nothing_changed():
        r = c.post(url, grant_form(pw, valid_until=(timezone.localdate() - dt.timedelta(days=1)).isoformat()))
    assert r.status_code == 422 and "截止日期不能早于今天" in r.content.decode()
    # an enterprise is no county body, on the page or through the service
    ent_org = pw.w["enterprise"].org_unit
    with assert_nothing_changed():
        r = c.post(url, grant_form(pw, org=ent_org.pk))
    assert r.status_code == 422 and "请选择共享对象部门" in r.content.decode()
    with assert_nothing_changed(), pytest.raises(ValidationError) as exc:
        services.share_grant(
            actor=pw.officer,
            township=pw.w.town_a,
            org=ent_org,
            purpose="风险预警",
            categories=[pw.mental_cat],
            valid_until=timezone.localdate(),
        )
    assert "org" in exc.value.details
    grant = services.share_grant(
        actor=pw.officer,
        township=pw.w.town_a,
        org=pw.d.police,
        purpose="风险预警",
        categories=[pw.mental_cat],
        valid_until=timezone.localdate(),
    )
    with assert_nothing_changed():
        r = c.post(url, {"action": "revoke", "grant": grant.pk, "reason": ""})
    assert r.status_code == 422 and "请说明撤销共享授权的原因" in r.content.decode()
    services.share_revoke(actor=pw.officer, grant=grant, reason="结束")
    with assert_nothing_changed(), pytest.raises(ValidationError):
        services.share_revoke(actor=pw.officer, grant=grant, reason="再次撤销")


def test_roles_without_the_right_cannot_grant_or_revoke(pw: PeopleWorld) -> None:
    grant = services.share_grant(
        actor=pw.officer,
        township=pw.w.town_a,
        org=pw.d.police,
        purpose="峰灵镇严重精神障碍患者联合预警",
        categories=[pw.mental_cat],
        valid_until=timezone.localdate() + dt.timedelta(days=30),
    )
    url = reverse("people:sharing")
    for user in (pw.grid, pw.legal, pw.w["leader_a"], pw.w["supervisor"], pw.w["enterprise"]):
        c = client_for(user)
        assert c.get(url).status_code == 403, user.username
        with assert_nothing_changed():
            assert c.post(url, grant_form(pw)).status_code == 403, user.username
        with assert_nothing_changed():
            r = c.post(url, {"action": "revoke", "grant": grant.pk, "reason": "撤销"})
        assert r.status_code == 403, user.username
    # another township's governance officer neither sees nor revokes 峰灵镇's grant
    c = client_for(pw.officer_b)
    assert "峰灵镇严重精神障碍患者联合预警" not in c.get(url).content.decode()
    with assert_nothing_changed():
        r = c.post(url, {"action": "revoke", "grant": grant.pk, "reason": "撤销"})
    assert r.status_code == 404
    with assert_nothing_changed(), pytest.raises(PermissionDenied):
        services.share_revoke(actor=pw.officer_b, grant=grant, reason="撤销")
    with assert_nothing_changed():
        assert c.post(url, grant_form(pw)).status_code == 422  # 峰灵镇 is not on their list
    grant.refresh_from_db()
    assert grant.revoked_at is None


def test_a_village_s_governance_officer_may_not_share_the_township_s_files(pw: PeopleWorld) -> None:
    """Sharing hands a county body every file of the chosen categories in the township: the
    township's own office decides it, not an officer working in one of its villages."""
    from fazhi.accounts.models import OrgUnit
    from fazhi.accounts.roles import Role
    from tests.factories import OrgUnitFactory

    village_org = OrgUnitFactory(name="谭家村村委会", kind=OrgUnit.Kind.VILLAGE, region=pw.w.village_a)
    village_officer = UserFactory(username="zongzhi_village", org_unit=village_org, roles=[Role.GOVERNANCE_OFFICER])
    grant = services.share_grant(
        actor=pw.officer,
        township=pw.w.town_a,
        org=pw.d.police,
        purpose="峰灵镇严重精神障碍患者联合预警",
        categories=[pw.mental_cat],
        valid_until=timezone.localdate() + dt.timedelta(days=30),
    )
    with assert_nothing_changed(), pytest.raises(PermissionDenied):
        services.share_grant(
            actor=village_officer,
            township=pw.w.town_a,
            org=pw.d.police,
            purpose="村里想共享全镇档案",
            categories=[pw.mental_cat, pw.corrections_cat],
            valid_until=timezone.localdate() + dt.timedelta(days=30),
        )
    with assert_nothing_changed(), pytest.raises(PermissionDenied):
        services.share_revoke(actor=village_officer, grant=grant, reason="村里撤销")
    c = client_for(village_officer)
    page = c.get(reverse("people:sharing")).content.decode()
    assert "峰灵镇严重精神障碍患者联合预警" not in page  # the township's grants are not theirs to see
    with assert_nothing_changed():
        assert c.post(reverse("people:sharing"), grant_form(pw)).status_code == 422  # no township offered
    with assert_nothing_changed():
        r = c.post(reverse("people:sharing"), {"action": "revoke", "grant": grant.pk, "reason": "撤销"})
    assert r.status_code == 404


def test_the_danger_level_starts_empty_and_must_be_chosen(pw: PeopleWorld) -> None:
    c = client_for(pw.officer)
    url = reverse("people:detail", args=[pw.mental.pk])
    page = c.get(url).content.decode()
    select = page.split('name="level"')[1].split("</select>")[0]
    assert "required" in select.split(">")[0]
    assert '<option value="">请选择</option>' in select and "selected" not in select  # no silent 0
    with assert_nothing_changed():
        refused = c.post(url, {"action": "assess", "level": "", "note": "家属反映近期情绪波动"})
    html = refused.content.decode()
    assert refused.status_code == 422 and "请选择危险性等级（0 至 5 级）。" in html
    assert 'value="家属反映近期情绪波动"' in html  # what was typed stays on the form
