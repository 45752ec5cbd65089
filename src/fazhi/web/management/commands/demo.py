from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from fazhi.web.demo import load_demo
from fazhi.web.demo_data import DEMO_PASSWORD


class Command(BaseCommand):
    help = "Load the demo county (巫溪县, 峰灵镇 and three more townships). Idempotent: run it twice, no duplicates."

    def handle(self, *args: Any, **options: Any) -> None:
        res = load_demo()
        if res.created:
            self.stdout.write(res.summary())
        else:
            self.stdout.write("演示县数据已存在，未重复创建。")
        self.stdout.write("")
        self.stdout.write(f"演示账号（密码均为 {DEMO_PASSWORD}）：")
        for username, name, roles in res.logins:
            self.stdout.write(f"  {username:<18} {name:<16} {roles}")
        if res.two_factor:
            self.stdout.write("")
            self.stdout.write(
                "这些账号的角色要求双因素认证：" + ", ".join(res.two_factor) + "。"
                "演示时用 `.venv/bin/fazhi twofactor code 账号` 取当前验证码；正式使用时在首次登录时用手机验证器设置。"
            )
