"""Chinese text uses full-width punctuation: no half-width , ; : ( ) next to a Chinese character in
a translation of the catalogue or in a Chinese string literal of the code ("演示县数据已存在，未重复创建。",
not "…存在, 未重复…"). English text with a Chinese term in it (docstrings, msgids, "检查前有方案审批: a
joint inspection…") keeps its half-width punctuation, and so do placeholders: %(name)s, {x}."""

from __future__ import annotations

import ast
import gettext
import re
from pathlib import Path

import fazhi

SRC = Path(fazhi.__file__).parent
CJK = r"[\u3400-\u9fff\uf900-\ufaff]"
HALF_WIDTH = re.compile(rf"(?:{CJK}|[（）]) ?[,;:()]|[,;:()] ?{CJK}")
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{[^{}]*\}")

# Where a half-width mark next to Chinese is right, or not ours to change, with the reason.
ALLOWED: set[tuple[str, str]] = set()


def is_chinese(text: str) -> bool:
    """Chinese UI text: Chinese characters and no English word (placeholders aside)."""
    bare = PLACEHOLDER.sub("", text)
    return bool(re.search(CJK, bare)) and not re.search(r"[A-Za-z]{3,}", bare)


def test_the_catalogue_translations_use_full_width_punctuation() -> None:
    with (SRC / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.mo").open("rb") as fh:
        catalogue = gettext.GNUTranslations(fh)._catalog  # type: ignore[attr-defined]
    wrong = [(key, text) for key, text in catalogue.items() if key and HALF_WIDTH.search(text)]
    assert wrong == []


def test_the_chinese_literals_of_the_code_use_full_width_punctuation() -> None:
    wrong = []
    for path in sorted(SRC.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        rel = path.relative_to(SRC).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(n.body[0].value)
            for n in ast.walk(tree)
            if isinstance(n, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
            and n.body
            and isinstance(n.body[0], ast.Expr)
        }
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Constant) and isinstance(node.value, str)) or id(node) in docstrings:
                continue
            if is_chinese(node.value) and HALF_WIDTH.search(node.value) and (rel, node.value) not in ALLOWED:
                wrong.append(f"{rel}:{node.lineno}: {node.value!r}")
    assert wrong == []


def test_the_check_sees_what_it_should() -> None:
    assert HALF_WIDTH.search("演示县数据已存在, 未重复创建。")
    assert HALF_WIDTH.search("不得安排日常检查 (线索核查)")
    assert not HALF_WIDTH.search("演示县数据已存在，未重复创建。")
    assert not is_chinese("检查前有方案审批: a joint inspection may start only with approval")
    assert not HALF_WIDTH.search("%(a)s, %(b)s") and not HALF_WIDTH.search("07:30")
