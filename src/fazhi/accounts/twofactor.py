"""Two-factor authentication (TOTP, django-otp) for the roles that supervise, administer or will
read sensitive files (FAZHI_2FA_ROLES), with ten one-time backup codes."""

from __future__ import annotations

import secrets
import time
from typing import Any

from django.conf import settings
from django.db import transaction
from django_otp import devices_for_user
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from fazhi.core.ledger import actor_of, ledger_append

BACKUP_CODES = 10


def requires_2fa(user: Any) -> bool:
    roles: frozenset[str] = getattr(user, "roles", frozenset())
    return bool(roles & set(settings.FAZHI_2FA_ROLES))


def confirmed_totp(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def setup_device(user: Any) -> TOTPDevice:
    """The unconfirmed device shown while setting up (one, reused until confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="TOTP", confirmed=False)


def confirm(user: Any, token: str) -> list[str] | None:
    """Confirm the set-up device with a first code; returns the new backup codes (shown once)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None or not device.verify_token(token.strip()):
        return None
    codes = [f"{secrets.randbelow(10**8):08d}" for _ in range(BACKUP_CODES)]
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=True).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        StaticDevice.objects.filter(user=user).delete()
        static = StaticDevice.objects.create(user=user, name="backup", confirmed=True)
        StaticToken.objects.bulk_create(StaticToken(device=static, token=c) for c in codes)
        ledger_append(
            actor=actor_of(user), verb="twofactor.enrolled", target=user, payload={"backup_codes": len(codes)}
        )
    return codes


def verify(user: Any, token: str) -> Any:
    """The device that accepts ``token`` (a TOTP code or an unused backup code), or None."""
    token = token.strip().replace(" ", "")
    for device in devices_for_user(user, confirmed=True):
        if device.verify_token(token):
            return device
    return None


def already_used(user: Any, token: str) -> bool:
    """``token`` is the authenticator's code of a moment already used to sign in: django-otp
    refuses a TOTP code twice (a replayed code), and the user should wait for the next one rather
    than read "not right" and doubt the phone."""
    token = token.strip().replace(" ", "")
    if not token.isdigit():
        return False
    now = time.time()

    def matches(device: TOTPDevice, min_t: int | None) -> bool:
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        totp.time = now
        return bool(totp.verify(int(token), device.tolerance, min_t))

    # it is a code of this moment (within the tolerance) that the device refuses as not later
    # than the last one accepted
    return any(
        matches(d, None) and not matches(d, d.last_t + 1) for d in TOTPDevice.objects.filter(user=user, confirmed=True)
    )


def reset(user: Any, actor: Any) -> None:
    """A lost phone: remove the devices; the user sets up again at the next login."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        ledger_append(actor=actor_of(actor), verb="twofactor.reset", target=user, payload={})


def throttled(user: Any) -> bool:
    """After wrong codes django-otp makes the user wait (1 s, 2 s, 4 s …)."""
    return any(not d.verify_is_allowed()[0] for d in devices_for_user(user, confirmed=True))
