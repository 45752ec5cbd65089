"""Search by name, code and pinyin initials (输入 "fljd" 找到 "峰灵酒店")."""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Model, Q, QuerySet
from pypinyin import Style, lazy_pinyin

M = TypeVar("M", bound=Model)


def initials(text: str) -> str:
    """Lower-case pinyin initials of the Chinese characters; other letters and digits kept."""
    letters = lazy_pinyin(text, style=Style.FIRST_LETTER, errors="default")
    return "".join(ch for part in letters for ch in part.lower() if ch.isalnum())[:200]


def search(qs: QuerySet[M], q: str, *, code_field: str = "code") -> QuerySet[M]:
    q = q.strip()
    if not q:
        return qs
    cond = Q(name__icontains=q) | Q(**{f"{code_field}__istartswith": q})
    if q.isascii() and q.isalnum():
        cond |= Q(name_initials__contains=q.lower())
    return qs.filter(cond)
