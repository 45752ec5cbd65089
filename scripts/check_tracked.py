"""No key, database or var-directory file is tracked by git.

A command run from another directory once generated the secret key, the ledger key, the data key,
the blind-index key and the token pepper into ``src/fazhi/var/keys`` and they were committed. This
check (part of ``make lint``) fails when git tracks anything of the kind:

- any path with a ``var`` directory in it (the var dir holds the database, keys and uploads);
- a key file by name (``secret_key``, ``ledger_key_<n>``, ``data_key_<n>``, ``blind_index_key``,
  ``token_pepper``, ``*.pem``, ``*.key``);
- a database (``*.sqlite3``, ``*.sqlite``, ``*.db``, and their ``-wal``/``-shm``/``-journal`` files).

Usage: ``python scripts/check_tracked.py [REPO]`` (default: the checkout this script is in).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path, PurePosixPath

ROOT = Path(__file__).resolve().parents[1]

KEY_NAMES = re.compile(r"^(secret_key|ledger_key_\d+|data_key_\d+|blind_index_key|token_pepper)$")
KEY_SUFFIXES = (".pem", ".key")
DB_NAME = re.compile(r"\.(sqlite3|sqlite|db)(-wal|-shm|-journal)?$")


def why_forbidden(path: str) -> str | None:
    """The reason a tracked path must not be in git, or None when it may."""
    p = PurePosixPath(path)
    if "var" in p.parts[:-1]:
        return "var 目录下的文件 (数据库、密钥、上传文件)"
    if KEY_NAMES.match(p.name) or p.name.endswith(KEY_SUFFIXES):
        return "密钥文件"
    if DB_NAME.search(p.name):
        return "数据库文件"
    return None


def tracked(repo: Path) -> list[str]:
    out = subprocess.run(  # noqa: S603
        ["git", "-C", str(repo), "ls-files", "-z"],  # noqa: S607
        capture_output=True,
        check=True,
    ).stdout
    return [name for name in out.decode("utf-8", "surrogateescape").split("\0") if name]


def main(argv: list[str]) -> int:
    repo = Path(argv[1]) if len(argv) > 1 else ROOT
    if not (repo / ".git").exists():
        print(f"check_tracked: {repo} 不是 git 检出, 跳过")
        return 0
    bad = [(name, why) for name in tracked(repo) if (why := why_forbidden(name))]
    for name, why in bad:
        print(f"git 跟踪了不应提交的文件: {name} ({why}); 用 git rm --cached 移除, 并轮换密钥 (fazhi keys)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
