"""Accounts, regions and bodies: the separated administrator duties, on the pages."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from fazhi.accounts.models import OrgUnit, Region, User
from fazhi.accounts.roles import Role
from fazhi.accounts.services import role_grant
from fazhi.core.errors import PermissionDenied
from fazhi.core.models import LedgerEntry
from fazhi.registry.models import EnforcementBody
from tests.dbutil import assert_nothing_changed
from tests.test_views import client_for

pytestmark = pytest.mark.django_db


def test_system_admin_creates_security_admin_grants(world: Any) -> None:
    org = OrgUnit.objects.get(name="峰灵镇人民政府")
    sysadmin = client_for(world["sysadmin"])
    weak = sysadmin.post(
        reverse("core:user_create"),
        {"username": "newbie", "full_name": "新人", "org_unit": org.pk, "password": "password"},
    )
    assert "密码" in weak.content.decode() and not User.objects.filter(username="newbie").exists()
    ok = sysadmin.post(
        reverse("core:user_create"),
        {"username": "newbie", "full_name": "新人", "org_unit": org.pk, "password": "Strong#2026x"},
    )
    assert ok.status_code == 302
    newbie = User.objects.get(username="newbie")
    assert newbie.roles == frozenset()
    # the system administrator cannot grant roles
    assert sysadmin.get(reverse("core:user_roles", args=[newbie.pk])).status_code == 403
    secadmin = client_for(world["secadmin"])
    secadmin.post(reverse("core:user_roles", args=[newbie.pk]), {"roles": [Role.INSPECTOR]})
    assert User.objects.get(pk=newbie.pk).roles == {Role.INSPECTOR}
    assert LedgerEntry.objects.filter(verb="role.grant", target_id=str(newbie.pk)).exists()
    # nobody else reaches the accounts pages
    for name in ("auditadmin", "supervisor", "inspector_a"):
        assert client_for(world[name]).get(reverse("core:user_list")).status_code == 403


def test_nobody_changes_their_own_roles(world: Any) -> None:
    with assert_nothing_changed(), pytest.raises(PermissionDenied):
        role_grant(actor=world["secadmin"], user=world["secadmin"], role=Role.AUDIT_ADMIN)
    assert world["secadmin"].role_grants.count() == 1


def test_disable_account(world: Any) -> None:
    c = client_for(world["sysadmin"])
    c.post(reverse("core:user_active", args=[world["inspector_b"].pk]), {"active": "0"})
    assert not User.objects.get(pk=world["inspector_b"].pk).is_active
    login = Client().post(reverse("accounts:login"), {"username": "inspector_b", "password": "Test@2026pass"})
    assert login.status_code == 200  # refused: the form comes back


def test_system_admin_adds_a_region(world: Any) -> None:
    c = client_for(world["sysadmin"])
    response = c.post(
        reverse("registry:region_list"),
        {"code": "500238117099", "name": "新设村", "level": "village", "parent": world.town_a.pk},
    )
    assert response.status_code == 302
    region = Region.objects.get(code="500238117099")
    assert region.path == world.town_a.path + "500238117099/"
    dup = c.post(reverse("registry:region_list"), {"code": "500238117099", "name": "重复", "level": "village"})
    assert "已被使用" in dup.content.decode()
    supervisor = client_for(world["supervisor"])
    with assert_nothing_changed():
        refused = supervisor.post(reverse("registry:region_list"), {"code": "1", "name": "x", "level": "village"})
    assert refused.status_code == 403


def test_county_supervisor_registers_a_body(world: Any) -> None:
    c = client_for(world["supervisor"])
    response = c.post(
        reverse("registry:body_create"),
        {
            "code": "sw",
            "name": "巫溪县水利局",
            "level": "county",
            "region": world.county.pk,
            "published": "on",
            "qualification_basis": "水法",
        },
    )
    body = EnforcementBody.objects.get(code="SW")
    assert response["Location"] == reverse("registry:body_detail", args=[body.pk])
    assert body.org_unit is not None and body.org_unit.name == "巫溪县水利局"
    assert client_for(world["head_a"]).get(reverse("registry:body_create")).status_code == 403


@pytest.mark.parametrize("kind", ["enterprises", "officers", "matters"])
def test_exports(world: Any, kind: str) -> None:
    from io import BytesIO

    from openpyxl import load_workbook

    from tests.factories import MatterFactory

    MatterFactory(body=world.body_a)
    response = client_for(world["supervisor"]).get(reverse("registry:export", args=[kind]))
    assert response.status_code == 200
    rows = list(load_workbook(BytesIO(response.content)).active.values)  # type: ignore[union-attr]
    assert len(rows) >= 2
    assert client_for(world["inspector_a"]).get(reverse("registry:export", args=["nothing"])).status_code == 404


def test_body_head_issues_and_revokes_an_api_token(world: Any) -> None:
    c = client_for(world["head_a"])
    page = c.post(reverse("core:token_list"), {"name": "镇安全生产台账"}).content.decode()
    import re

    raw = re.search(r"fz_[0-9a-f]{8}_[\w-]+", page)
    assert raw is not None
    api = Client()
    headers = {"Authorization": f"Bearer {raw.group(0)}"}
    assert api.get("/api/v1/enterprises", headers=headers).status_code == 200
    from fazhi.accounts.models import ApiToken

    token = ApiToken.objects.get()
    assert token.secret_hash not in page and raw.group(0).split("_", 2)[2] not in token.secret_hash
    # another organisation's head cannot see or revoke it
    other = UserFactoryFor(world, "head_b")
    assert "镇安全生产台账" not in client_for(other).get(reverse("core:token_list")).content.decode()
    assert client_for(other).post(reverse("core:token_revoke", args=[token.pk])).status_code == 404
    c.post(reverse("core:token_revoke", args=[token.pk]))
    assert api.get("/api/v1/enterprises", headers=headers).status_code == 401
    assert client_for(world["inspector_a"]).get(reverse("core:token_list")).status_code == 403


def UserFactoryFor(world: Any, username: str) -> User:
    from tests.factories import UserFactory

    return UserFactory(username=username, org_unit=world["inspector_b"].org_unit, roles=[Role.BODY_HEAD])


def test_accounts_list_query_count_is_constant(world: Any) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import UserFactory

    c = client_for(world["secadmin"])
    c.get(reverse("core:user_list"))

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert c.get(reverse("core:user_list")).status_code == 200
        return len(ctx)

    few = count()
    for _n in range(15):
        UserFactory(org_unit=world["inspector_a"].org_unit, roles=[Role.INSPECTOR, Role.BODY_HEAD])
    assert count() == few


def test_duplicate_username_is_refused_by_the_service(world: Any) -> None:
    from fazhi.accounts.services import user_create
    from fazhi.core.errors import ValidationError

    with assert_nothing_changed(), pytest.raises(ValidationError, match="用户名已被使用"):
        user_create(
            actor=world["sysadmin"],
            username="inspector_a",
            password="Strong#2026x",
            full_name="x",
            org_unit=None,
            roles=[],
        )
