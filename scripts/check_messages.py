"""The zh_Hans catalogue is complete and compiled: no untranslated or fuzzy message, and the .mo
matches the .po. When GNU gettext is installed, also that no message in the code is missing."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PO = ROOT / "src/fazhi/locale/zh_Hans/LC_MESSAGES/django.po"


def entries(text: str) -> list[tuple[str, str, bool]]:
    """(msgid, msgstr, fuzzy) for each entry; plural forms count as translated if msgstr[0] is."""
    out = []
    for block in text.split("\n\n"):
        lines = block.strip().splitlines()
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        msgid, msgstr, cur = [], [], None
        for line in lines:
            if line.startswith("msgid "):
                cur = msgid
                msgid.append(line[6:])
            elif line.startswith(("msgstr ", "msgstr[0] ")):
                cur = msgstr
                msgstr.append(line.split(" ", 1)[1])
            elif line.startswith("msgstr["):
                cur = None
            elif line.startswith('"') and cur is not None:
                cur.append(line)
            elif line.startswith("msgid_plural"):
                cur = None
        if msgid:
            ids = "".join(s.strip('"') for s in msgid)
            strs = "".join(s.strip('"') for s in msgstr)
            out.append((ids, strs, fuzzy))
    return out


def main() -> int:
    problems = []
    for msgid, msgstr, fuzzy in entries(PO.read_text()):
        if not msgid:
            continue
        if fuzzy:
            problems.append(f"fuzzy: {msgid}")
        elif not msgstr:
            problems.append(f"untranslated: {msgid}")
    if shutil.which("xgettext") and shutil.which("msgfmt"):
        with tempfile.TemporaryDirectory() as tmp:
            shutil.copytree(ROOT / "src/fazhi", Path(tmp) / "fazhi", ignore=shutil.ignore_patterns("__pycache__"))
            subprocess.run([sys.executable, "-m", "django", "makemessages", "-l", "zh_Hans", "--no-location",
                            "--no-obsolete", "-v0"], cwd=Path(tmp) / "fazhi", check=True,
                           env={"DJANGO_SETTINGS_MODULE": "fazhi.settings", "PYTHONPATH": tmp,
                                "FAZHI_VAR_DIR": tmp + "/var", "PATH": "/usr/bin:/bin"})
            fresh = {m for m, _, _ in entries((Path(tmp) / "fazhi/locale/zh_Hans/LC_MESSAGES/django.po").read_text())}
            known = {m for m, _, _ in entries(PO.read_text())}
            problems += [f"missing from the catalogue (run make messages): {m}" for m in sorted(fresh - known) if m]
            mo = PO.with_suffix(".mo")
            out = Path(tmp) / "check.mo"
            subprocess.run(["msgfmt", "-o", str(out), str(PO)], check=True)
            if not mo.exists() or mo.read_bytes() != out.read_bytes():
                problems.append("django.mo is out of date: run make messages")
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
