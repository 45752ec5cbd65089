"""Backup and verified restore (`fazhi backup FILE`, `fazhi restore FILE`).

A backup is one ``.tar.gz``: the database (SQLite's online backup API, or ``pg_dump -Fc`` for
PostgreSQL), the uploaded files (evidence, photos) and a manifest with every table's row count and
the ledger's head. Restoring loads it into the configured (fresh or disposable) database, puts the
files back, and then proves it: the row counts must equal the manifest's and the ledger chain must
verify. The keys (``$FAZHI_VAR_DIR/keys``) are not in the backup: keep them apart, as the ledger
cannot be verified without its key.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, connections

FORMAT = 1


@dataclass
class RestoreReport:
    tables: int
    rows: int
    mismatched: dict[str, tuple[int, int]]
    ledger_ok: bool
    ledger_checked: int

    @property
    def ok(self) -> bool:
        return not self.mismatched and self.ledger_ok


def row_counts() -> dict[str, int]:
    with connection.cursor() as cur:
        tables = sorted(connection.introspection.table_names(cur))
        counts = {}
        for table in tables:
            cur.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608 (introspected names) # nosec B608
            counts[table] = int(cur.fetchone()[0])
    return counts


def _pg_env() -> dict[str, str]:
    db = settings.DATABASES["default"]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])  # never on the command line
    return env


def _pg_args() -> list[str]:
    db: dict[str, Any] = dict(settings.DATABASES["default"])
    args = []
    for flag, key in (("-h", "HOST"), ("-p", "PORT"), ("-U", "USER")):
        if db.get(key):
            args += [flag, str(db[key])]
    return args


def backup(path: Path) -> dict[str, Any]:
    """Write the backup to ``path``; returns the manifest."""
    from fazhi.core.models import LedgerHead

    head = LedgerHead.objects.filter(pk=1).first()
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "created": dt.datetime.now(dt.UTC).isoformat(),
        "vendor": connection.vendor,
        "tables": row_counts(),
        "ledger": {"seq": head.seq if head else 0, "mac": head.mac if head else ""},
    }
    with tempfile.TemporaryDirectory() as tmp:
        db_file = Path(tmp) / ("database.sqlite3" if connection.vendor == "sqlite" else "database.pgdump")
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            target = sqlite3.connect(db_file)
            with target:
                connection.connection.backup(target)  # consistent while others write
            target.close()
        else:
            env = _pg_env()
            name = str(settings.DATABASES["default"]["NAME"])
            subprocess.run(["pg_dump", "-Fc", "--no-owner", "-f", str(db_file), *_pg_args(), name], check=True, env=env)  # noqa: S603,S607
        path.parent.mkdir(parents=True, exist_ok=True)
        with tarfile.open(path, "w:gz") as tar:
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
            tar.add(db_file, arcname=db_file.name)
            media = Path(settings.MEDIA_ROOT)
            if media.exists():
                tar.add(media, arcname="media")
    return manifest


def restore(path: Path) -> RestoreReport:
    """Load ``path`` into the configured database (its content is replaced) and verify it."""
    from fazhi.core.ledger import ledger_verify

    with tempfile.TemporaryDirectory() as tmp, tarfile.open(path, "r:gz") as tar:
        tar.extractall(tmp, filter="data")
        manifest = json.loads((Path(tmp) / "manifest.json").read_text())
        if manifest.get("format") != FORMAT:
            raise ValueError(f"备份格式 {manifest.get('format')!r} 无法识别")
        if manifest["vendor"] != connection.vendor:
            raise ValueError(f"这是 {manifest['vendor']} 的备份，当前配置的数据库是 {connection.vendor}")
        connections.close_all()
        if connection.vendor == "sqlite":
            source = sqlite3.connect(Path(tmp) / "database.sqlite3")
            target = sqlite3.connect(str(settings.DATABASES["default"]["NAME"]))
            with target:
                source.backup(target)
            source.close()
            target.close()
        else:
            env = _pg_env()
            name = str(settings.DATABASES["default"]["NAME"])
            subprocess.run(  # noqa: S603
                [  # noqa: S607 - Debian's pg_restore on PATH
                    "pg_restore",
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "-d",
                    name,
                    *_pg_args(),
                    str(Path(tmp) / "database.pgdump"),
                ],
                check=True,
                env=env,
            )
        media = Path(tmp) / "media"
        if media.exists():
            shutil.copytree(media, settings.MEDIA_ROOT, dirs_exist_ok=True)
    counts = row_counts()
    expected: dict[str, int] = manifest["tables"]
    mismatched = {t: (n, counts.get(t, -1)) for t, n in expected.items() if counts.get(t, -1) != n}
    result = ledger_verify()
    return RestoreReport(
        tables=len(expected),
        rows=sum(expected.values()),
        mismatched=mismatched,
        ledger_ok=result.ok,
        ledger_checked=result.checked,
    )
