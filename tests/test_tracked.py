# ruff: noqa: S603, S607 - our own interpreter, script and git
"""No key, database or var-directory file is tracked by git, and the default var dir does not
depend on the directory a command is run from (keys were once generated into src/fazhi/var)."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("check_tracked", ROOT / "scripts" / "check_tracked.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


needs_git = pytest.mark.skipif(shutil.which("git") is None or not (ROOT / ".git").exists(), reason="no git checkout")


@needs_git
def test_this_checkout_tracks_no_key_database_or_var_file() -> None:
    out = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "check_tracked.py")], capture_output=True, text=True, check=False
    )
    assert out.returncode == 0, out.stdout


@pytest.mark.parametrize(
    "path",
    [
        "src/fazhi/var/keys/secret_key",
        "var/fazhi.sqlite3",
        "deep/down/var/media/photo.jpg",
        "keys/ledger_key_1",
        "elsewhere/data_key_2",
        "blind_index_key",
        "token_pepper",
        "tls/server.key",
        "tls/server.pem",
        "backup/old.db",
        "x/fazhi.sqlite3-wal",
    ],
)
def test_forbidden_paths_are_named(path: str) -> None:
    assert _script().why_forbidden(path)


@pytest.mark.parametrize(
    "path", ["src/fazhi/core/keys.py", "src/fazhi/core/management/commands/keys.py", "docs/security.md", "variables.py"]
)
def test_source_files_pass(path: str) -> None:
    assert _script().why_forbidden(path) is None


@needs_git
def test_a_repository_with_a_tracked_key_fails(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "src" / "pkg" / "var" / "keys").mkdir(parents=True)
    (repo / "src" / "pkg" / "var" / "keys" / "secret_key").write_text("00")
    (repo / "README.md").write_text("x")
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t"}
    env["GIT_COMMITTER_EMAIL"] = "t@t"
    for cmd in (["init", "-q"], ["add", "-f", "."]):
        subprocess.run(["git", "-C", str(repo), *cmd], check=True, env=env, capture_output=True)
    out = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "check_tracked.py"), str(repo)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 1
    assert "src/pkg/var/keys/secret_key" in out.stdout
    subprocess.run(["git", "-C", str(repo), "rm", "-q", "--cached", "-r", "src"], check=True, capture_output=True)
    ok = subprocess.run([sys.executable, str(ROOT / "scripts" / "check_tracked.py"), str(repo)], check=False)
    assert ok.returncode == 0


@needs_git
def test_gitignore_ignores_a_var_dir_at_any_depth() -> None:
    for path in ("var/keys/secret_key", "src/fazhi/var/keys/secret_key", "a/b/var/fazhi.sqlite3"):
        out = subprocess.run(["git", "-C", str(ROOT), "check-ignore", "-q", "--no-index", path], check=False)
        assert out.returncode == 0, path


def test_default_var_dir_is_the_checkout_root_whatever_the_working_directory() -> None:
    """Run from src/fazhi (as `make messages` does) with no FAZHI_VAR_DIR: the var dir is
    <root>/var. The keys come from the environment so the run writes no key file."""
    env = {k: v for k, v in os.environ.items() if k != "FAZHI_VAR_DIR" and k != "FAZHI_DATABASE_URL"}
    env.update(
        FAZHI_SECRET_KEY="s" * 50,
        FAZHI_LEDGER_KEY="11" * 32,
        FAZHI_DATA_KEY_1="22" * 32,
        FAZHI_BLIND_INDEX_KEY="33" * 32,
        FAZHI_TOKEN_PEPPER="44" * 32,
    )
    for cwd in (ROOT / "src" / "fazhi", ROOT / "tests"):
        out = subprocess.run(
            [sys.executable, "-c", "import fazhi.settings as s; print(s.VAR_DIR)"],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        assert Path(out.stdout.strip()) == ROOT / "var"
    assert not (ROOT / "src" / "fazhi" / "var").exists()


def test_fazhi_var_dir_still_wins(tmp_path: Path) -> None:
    env = {**os.environ, "FAZHI_VAR_DIR": str(tmp_path / "elsewhere")}
    out = subprocess.run(
        [sys.executable, "-c", "import fazhi.settings as s; print(s.VAR_DIR)"],
        cwd=ROOT / "src" / "fazhi",
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(out.stdout.strip()) == (tmp_path / "elsewhere").resolve()


def test_a_second_ledger_key_file_is_loaded_for_rotation(tmp_path: Path) -> None:
    keys = tmp_path / "keys"
    keys.mkdir()
    (keys / "ledger_key_2").write_text("ab" * 32)
    env = {**os.environ, "FAZHI_VAR_DIR": str(tmp_path), "FAZHI_LEDGER_KEY_ID": "2"}
    env.pop("FAZHI_LEDGER_KEY", None)
    code = "import fazhi.settings as s; print(sorted(s.FAZHI_LEDGER_KEYS), s.FAZHI_LEDGER_KEYS['2'])"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["['1',", "'2']", "ab" * 32]
