from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from fazhi.core import keys


class Command(BaseCommand):
    help = (
        "Keys of the encrypted fields. `status`: which key seals how many values; `new`: write the next "
        "data key (used after restart); `rotate`: re-encrypt every value with the current key and cipher."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["status", "new", "rotate"])

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "new":
            key_id = keys.new_key()
            self.stdout.write(
                f"已生成数据密钥 {key_id}；重启服务后新数据使用该密钥，再运行 `fazhi keys rotate` 重新加密旧数据"
            )
        elif action == "rotate":
            self.stdout.write(f"已重新加密 {keys.rotate()} 个值")
        else:
            for column, counts in keys.status().items():
                parts = ", ".join(f"密钥 {k}: {n}" for k, n in sorted(counts.items())) or "无数据"
                self.stdout.write(f"{column}: {parts}")
