from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_otp.oath import totp

from fazhi.accounts import twofactor
from fazhi.accounts.models import User
from fazhi.accounts.scopes import SystemUser


class Command(BaseCommand):
    help = (
        "Two-factor tools for the operator (shell access already means full power): `reset USER` removes a "
        "lost phone's devices (set up again at the next login); `code USER` prints the current code of the "
        "user's device — for the demo county and for support."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["reset", "code"])
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"没有账号 {options['username']}", returncode=2)
        if options["action"] == "reset":
            twofactor.reset(user, SystemUser("system:twofactor"))
            self.stdout.write(f"已清除 {user.username} 的双因素设备，下次登录时重新设置")
            return
        device = twofactor.confirmed_totp(user)
        if device is None:
            raise CommandError(f"{user.username} 还没有设置双因素认证", returncode=1)
        self.stdout.write(f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}")
