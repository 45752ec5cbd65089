"""A password an administrator set (a new account, a reset) is changed at the first login before
anything else opens; the user's own password, and the demo's accounts, are not affected."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from fazhi.accounts import services
from fazhi.accounts.models import User
from fazhi.core.errors import PermissionDenied
from fazhi.core.models import LedgerEntry
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db
ADMIN_SET = "Chushi-Mima2027"
OWN = "Ziji-Mima2027!"
PAGES = ["/", "/registry/enterprises/", "/inspections/mine/", "/cases/", "/supervision/warnings/"]


def _must_change_everywhere(c: Client) -> None:
    for path in PAGES:
        response = c.get(path)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/password/"), path


def _change(c: Client, old: str) -> None:
    done = c.post(
        "/accounts/password/?next=/registry/enterprises/",
        {"old_password": old, "new_password1": OWN, "new_password2": OWN},
    )
    assert done.status_code == 302 and done["Location"] == "/registry/enterprises/"


def test_admin_created_account_changes_its_password_first(world: Any, settings: Any) -> None:
    settings.FAZHI_PASSWORD_MAX_DAYS = 90
    admin = Client()
    admin.force_login(world["sysadmin"])
    created = admin.post(
        reverse("core:user_create"),
        {
            "username": "new_inspector",
            "full_name": "新执法人员",
            "org_unit": world["inspector_a"].org_unit_id,
            "password": ADMIN_SET,
        },
    )
    assert created.status_code == 302
    services.user_roles_set(
        actor=world["secadmin"], user=User.objects.get(username="new_inspector"), roles=["inspector"]
    )
    c = Client()
    assert c.post(reverse("accounts:login"), {"username": "new_inspector", "password": ADMIN_SET}).status_code == 302
    _must_change_everywhere(c)
    page = c.get("/accounts/password/").content.decode()
    assert "data-must-change" in page and "管理员" in page
    same = c.post(
        "/accounts/password/", {"old_password": ADMIN_SET, "new_password1": "short", "new_password2": "short"}
    )
    assert same.status_code == 200  # refused: the policy applies
    _must_change_everywhere(c)
    _change(c, ADMIN_SET)
    for path in PAGES[:2]:
        assert c.get(path).status_code == 200, path
    user = User.objects.get(username="new_inspector")
    assert not user.password_must_change and user.check_password(OWN)


def test_rotation_off_still_forces_the_first_change(world: Any, settings: Any) -> None:
    settings.FAZHI_PASSWORD_MAX_DAYS = 0
    services.user_create(
        actor=world["sysadmin"],
        username="clerk",
        password=ADMIN_SET,
        full_name="办事员",
        org_unit=world["inspector_a"].org_unit,
        roles=[],
    )
    c = Client()
    c.post(reverse("accounts:login"), {"username": "clerk", "password": ADMIN_SET})
    _must_change_everywhere(c)


def test_security_admin_resets_a_forgotten_password(world: Any) -> None:
    target = world["inspector_a"]
    entries = LedgerEntry.objects.count()
    for actor in ("sysadmin", "head_a", "auditadmin"):
        with pytest.raises(PermissionDenied):
            services.user_password_reset(actor=world[actor], user=target, password=ADMIN_SET)
    with pytest.raises(PermissionDenied):
        services.user_password_reset(actor=world["secadmin"], user=world["secadmin"], password=ADMIN_SET)
    target.refresh_from_db()
    assert target.check_password(PASSWORD) and not target.password_must_change
    assert LedgerEntry.objects.count() == entries
    sec = Client()
    sec.force_login(world["secadmin"])
    assert "重置密码" in sec.get(reverse("core:user_list")).content.decode()
    weak = sec.post(reverse("core:user_password_reset", args=[target.pk]), {"password": "abc"})
    assert weak.status_code == 200 and "密码太短" in weak.content.decode()
    ok = sec.post(reverse("core:user_password_reset", args=[target.pk]), {"password": ADMIN_SET})
    assert ok.status_code == 302
    assert LedgerEntry.objects.filter(verb="user.password_reset", target_id=str(target.pk)).count() == 1
    c = Client()
    assert c.post(reverse("accounts:login"), {"username": "inspector_a", "password": ADMIN_SET}).status_code == 302
    _must_change_everywhere(c)
    _change(c, ADMIN_SET)
    assert c.get("/").status_code == 200


def test_demo_accounts_are_not_asked(db: Any) -> None:
    from fazhi.web.demo import load_demo

    load_demo()
    assert User.objects.filter(username="fl_inspector").exists()
    assert not User.objects.filter(password_must_change=True).exists()
