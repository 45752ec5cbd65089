"""`fazhi backup` and `fazhi restore` end to end, in fresh processes and fresh databases, on the
database the suite runs on: the restore must reproduce every table's rows and the ledger chain."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

pytestmark = [pytest.mark.django_db, pytest.mark.real_clock]  # subprocesses see the machine clock


def fazhi(var: Path, url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "FAZHI_VAR_DIR": str(var), "FAZHI_CONN_MAX_AGE": "0"}
    env.pop("FAZHI_DATABASE_URL", None)
    if url:
        env["FAZHI_DATABASE_URL"] = url
    cmd = [sys.executable, "-m", "fazhi", *args]
    return subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)  # noqa: S603 - our own CLI


@pytest.fixture
def databases(tmp_path: Path) -> Any:
    """Two empty databases of the suite's kind: (url_a, url_b)."""
    if connection.vendor == "sqlite":
        yield "", ""
        return
    import psycopg

    names = [f"fazhi_bk_{uuid.uuid4().hex[:8]}" for _ in range(2)]
    db = connection.settings_dict
    user, host, port = db.get("USER") or "postgres", db.get("HOST") or "127.0.0.1", db.get("PORT") or 5432
    base = f"postgresql://{user}@{host}:{port}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        for name in names:
            conn.execute(f'CREATE DATABASE "{name}"')
    yield f"{base}/{names[0]}", f"{base}/{names[1]}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        for name in names:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_backup_restores_into_a_fresh_database_with_counts_and_ledger(tmp_path: Path, databases: Any) -> None:
    url_a, url_b = databases
    a, b = tmp_path / "a", tmp_path / "b"
    assert fazhi(a, url_a, "migrate", "-v0").returncode == 0
    assert fazhi(a, url_a, "demo").returncode == 0
    archive = tmp_path / "backup.tar.gz"
    made = fazhi(a, url_a, "backup", str(archive))
    assert made.returncode == 0, made.stderr
    shutil.copytree(a / "keys", b / "keys")  # the keys travel apart from the backup
    refused = fazhi(b, url_b, "restore", str(archive))
    assert refused.returncode == 2 and "--yes" in refused.stderr
    restored = fazhi(b, url_b, "restore", str(archive), "--yes")
    assert restored.returncode == 0, restored.stderr
    assert "与备份一致" in restored.stdout and "账本完整" in restored.stdout
    assert any((b / "media" / "officers").iterdir())  # uploaded files came back too
    assert fazhi(b, url_b, "ledger", "verify").returncode == 0
    # a backup whose manifest does not match its data is caught
    tampered = tmp_path / "tampered.tar.gz"
    with tarfile.open(archive) as src, tarfile.open(tampered, "w:gz") as dst:
        for member in src.getmembers():
            data = src.extractfile(member) if member.isfile() else None
            if member.name == "manifest.json" and data is not None:
                manifest = json.loads(data.read())
                manifest["tables"]["registry_enterprise"] += 1
                raw = json.dumps(manifest).encode()
                member.size = len(raw)
                dst.addfile(member, io.BytesIO(raw))
            else:
                dst.addfile(member, data)
    bad = fazhi(b, url_b, "restore", str(tampered), "--yes")
    assert bad.returncode == 1 and "registry_enterprise" in bad.stderr
