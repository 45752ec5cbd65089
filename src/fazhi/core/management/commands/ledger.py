from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fazhi.core.anchor import AnchorFileError, ledger_anchor_write, ledger_verify_against, read_heads
from fazhi.core.ledger import VerifyResult, ledger_verify


class Command(BaseCommand):
    help = (
        "Ledger tools. `fazhi ledger verify [--against HEADS]`: recompute the HMAC chain (and check it "
        "against heads kept elsewhere); exit 1 naming the first broken entry. `fazhi ledger anchor "
        "[--dir DIR]`: write today's signed head (the daily job does it) for a second server to keep."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify", "anchor"])
        parser.add_argument("--against", type=Path, help="a head file, or a folder of them, kept off this server")
        parser.add_argument("--dir", type=Path, help="where `anchor` writes (default $FAZHI_VAR_DIR/anchors)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "anchor":
            path = ledger_anchor_write(options["dir"])
            head = json.loads(path.read_text(encoding="utf-8"))
            self.stdout.write(f"账本头已签名并写入 {path}：第 {head['seq']} 条，{head['date']}")
            return
        started = time.perf_counter()
        result: VerifyResult
        if options["against"] is not None:
            try:
                heads = read_heads(options["against"])
            except AnchorFileError as exc:
                raise CommandError(f"无法读取外部保存的账本头：{exc}", returncode=2) from exc
            result = ledger_verify_against(heads)
        else:
            result = ledger_verify()
        seconds = time.perf_counter() - started
        if not result.ok:
            where = f"第 {result.broken_seq} 条 — " if result.broken_seq else ""
            raise CommandError(f"账本校验失败：{where}{result.reason}（已校验 {result.checked} 条）", returncode=1)
        self.stdout.write(f"账本完整：已校验 {result.checked} 条，用时 {seconds:.1f} 秒")
        if options["against"] is not None:
            anchors, latest = getattr(result, "anchors", 0), getattr(result, "latest_anchor", "")
            self.stdout.write(f"与 {anchors} 个外部保存的账本头一致（最近：{latest}）")
