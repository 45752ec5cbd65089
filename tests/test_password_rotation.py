"""Password rotation: an expired password is changed before anything else; the policy applies."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from fazhi.accounts.models import User
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_expired_password_must_be_changed_first(world: Any, settings: Any) -> None:
    settings.FAZHI_PASSWORD_MAX_DAYS = 90
    User.objects.filter(pk=world["inspector_a"].pk).update(password_changed_at=timezone.now() - dt.timedelta(days=91))
    c = Client()
    c.post(reverse("accounts:login"), {"username": "inspector_a", "password": PASSWORD})
    response = c.get("/registry/enterprises/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/password/")
    page = c.get(response["Location"]).content.decode()
    assert "data-expired" in page
    assert "data-nav-link" not in page and "data-search" not in page  # no menu before the new password
    weak = c.post(
        "/accounts/password/", {"old_password": PASSWORD, "new_password1": "abcdefgh", "new_password2": "abcdefgh"}
    )
    assert weak.status_code == 200 and "is-invalid" in weak.content.decode()  # the policy still applies
    done = c.post(
        "/accounts/password/?next=/registry/enterprises/",
        {"old_password": PASSWORD, "new_password1": "Xin-Mima2027", "new_password2": "Xin-Mima2027"},
    )
    assert done.status_code == 302 and done["Location"] == "/registry/enterprises/"
    assert c.get("/registry/enterprises/").status_code == 200
    user = User.objects.get(pk=world["inspector_a"].pk)
    assert not user.password_expired(90) and user.check_password("Xin-Mima2027")


def test_rotation_off_and_service_accounts_exempt(world: Any, settings: Any) -> None:
    old = timezone.now() - dt.timedelta(days=400)
    User.objects.filter(pk=world["head_a"].pk).update(password_changed_at=old)
    assert User.objects.get(pk=world["head_a"].pk).password_expired(90)
    assert not User.objects.get(pk=world["head_a"].pk).password_expired(0)
    User.objects.filter(pk=world["head_a"].pk).update(is_service_account=True)
    assert not User.objects.get(pk=world["head_a"].pk).password_expired(90)
