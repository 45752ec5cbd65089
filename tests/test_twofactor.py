"""Two-factor sign-in: required by role, set up with a TOTP app, verified each session, backup codes."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from fazhi.accounts import twofactor
from tests.factories import PASSWORD
from tests.test_urls import PUBLIC, concrete, patterns

pytestmark = pytest.mark.django_db
DEFAULT_ROLES = [
    "county_supervisor",
    "legal_office",
    "enforcement_supervisor",
    "governance_officer",
    "system_admin",
    "security_admin",
    "audit_admin",
]


@pytest.fixture(autouse=True)
def _required(settings: Any) -> None:
    settings.FAZHI_2FA_ROLES = DEFAULT_ROLES


def code(device: TOTPDevice, offset: int = 0) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift + offset):06d}"


def login(username: str) -> Client:
    c = Client()
    assert c.post(reverse("accounts:login"), {"username": username, "password": PASSWORD}).status_code == 302
    return c


def test_every_page_waits_for_the_second_factor(world: Any) -> None:
    c = login("supervisor")
    checked = 0
    for route in patterns():
        if route in PUBLIC or route.startswith(("api/v1/", "accounts/")):
            continue
        response = c.get(concrete(route))
        if response.status_code == 405:
            continue
        assert response.status_code == 302 and response["Location"].startswith("/accounts/2fa/"), route
        checked += 1
    assert checked > 40
    # an inspector's role does not require it
    assert login("inspector_a").get("/").status_code == 200


def test_setup_verify_and_backup_codes(world: Any) -> None:
    c = login("supervisor")
    page = c.get("/accounts/2fa/?next=/inspections/records/").content.decode()
    assert "<svg" in page and "data-secret" in page
    device = TOTPDevice.objects.get(user=world["supervisor"], confirmed=False)
    wrong = c.post("/accounts/2fa/", {"token": "000000" if code(device) != "000000" else "111111"})
    assert wrong.status_code == 422
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)  # a moment later
    shown = c.post("/accounts/2fa/", {"token": code(device), "next": "/inspections/records/"}).content.decode()
    assert "data-backup-codes" in shown
    assert c.get("/inspections/records/").status_code == 200  # verified for this session
    backup = world["supervisor"].staticdevice_set.get().token_set.first().token
    # a new session must verify again; a backup code works once
    second = login("supervisor")
    assert second.get("/").status_code == 302
    assert second.post("/accounts/2fa/", {"token": backup, "next": "/"}).status_code == 302
    assert second.get("/").status_code == 200
    third = login("supervisor")
    assert third.post("/accounts/2fa/", {"token": backup}).status_code == 422  # used up
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
    device.refresh_from_db()
    assert third.post("/accounts/2fa/", {"token": code(device, offset=1), "next": "/"}).status_code == 302
    assert third.get("/").status_code == 200


def test_operator_reset_and_code(world: Any, capsys: Any) -> None:
    device = twofactor.setup_device(world["auditadmin"])
    assert twofactor.confirm(world["auditadmin"], code(device)) is not None
    call_command("twofactor", "code", "auditadmin")
    device.refresh_from_db()
    assert capsys.readouterr().out.strip() in {code(device, o) for o in (-1, 0, 1)}
    call_command("twofactor", "reset", "auditadmin")
    assert twofactor.confirmed_totp(world["auditadmin"]) is None


STAFF_MENU = ("data-nav-link", "data-nav-group", "data-search", "data-bottom-bar", 'id="nav"')


def test_the_second_factor_page_shows_no_staff_menu_until_verified(world: Any) -> None:
    c = login("supervisor")
    page = c.get("/accounts/2fa/?next=/").content.decode()
    assert [m for m in STAFF_MENU if m in page] == []  # the walk-through saw the whole menu here
    assert "data-signin-pending" in page and reverse("accounts:logout") in page  # only the brand and 退出
    device = TOTPDevice.objects.get(user=world["supervisor"], confirmed=False)
    assert c.post("/accounts/2fa/", {"token": code(device), "next": "/"}).status_code == 200  # backup codes
    home = c.get("/").content.decode()
    assert "data-nav-link" in home and "data-search" in home and "data-signin-pending" not in home


def test_a_code_used_already_says_wait_for_the_next_and_the_page_has_one_log_out(world: Any) -> None:
    device = twofactor.setup_device(world["supervisor"])
    assert twofactor.confirm(world["supervisor"], code(device)) is not None
    device.refresh_from_db()
    first = login("supervisor")
    page = first.get("/accounts/2fa/?next=/").content.decode()
    assert page.count(f'action="{reverse("accounts:logout")}"') == 1  # 退出 once, in the top bar
    used = code(device, offset=1)  # the clock is stopped: the next step's code (code(device) confirmed it)
    assert first.post("/accounts/2fa/", {"token": used, "next": "/"}).status_code == 302
    # another session types the same code (the authenticator still shows it)
    again = login("supervisor").post("/accounts/2fa/", {"token": used, "next": "/"})
    assert again.status_code == 422
    assert "该验证码已使用过，请等待验证器显示下一个验证码" in again.content.decode()
    for kind in (TOTPDevice, StaticDevice):  # a moment later: no device makes the user wait
        kind.objects.filter(user=world["supervisor"]).update(throttling_failure_count=0)
    # a wrong code still says it is not right
    wrong = "000000" if used != "000000" else "111111"
    refused = login("supervisor").post("/accounts/2fa/", {"token": wrong, "next": "/"}).content.decode()
    assert "该验证码已使用过" not in refused.split("data-error>")[1].split("</div>")[0], refused.split("data-error>")[
        1
    ][:80]
    assert "验证码不正确" in refused, refused.split("data-error>")[1][:80]
