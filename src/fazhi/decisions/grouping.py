"""Similar comments cluster: character bigrams, Jaccard similarity against each group's first
comment, an inverted index so 10,000 comments are compared only with leaders that share bigrams.
Pure and deterministic (the same input, the same groups)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence


def bigrams(text: str) -> frozenset[str]:
    s = "".join(ch for ch in text if not ch.isspace() and ch not in "，。、；：！？,.;:!?（）()“”\"'")
    if len(s) < 2:
        return frozenset({s}) if s else frozenset()
    return frozenset(s[i : i + 2] for i in range(len(s) - 1))


def cluster(leaders: Sequence[tuple[int, str]], todo: Sequence[tuple[int, str]], threshold: float) -> dict[int, int]:
    """{comment id: group key} for every comment of ``todo``: an existing leader's group id, or
    ``-pk`` of the first comment of a new group."""
    sets: dict[int, frozenset[str]] = {}
    index: dict[str, list[int]] = {}

    def add(key: int, grams: frozenset[str]) -> None:
        sets[key] = grams
        for g in grams:
            index.setdefault(g, []).append(key)

    for key, text in leaders:
        add(key, bigrams(text))
    out: dict[int, int] = {}
    for pk, text in todo:
        grams = bigrams(text)
        shared: Counter[int] = Counter()
        for g in grams:
            shared.update(index.get(g, ()))
        best, best_score = 0, 0.0
        for key, n in shared.items():
            union = len(grams) + len(sets[key]) - n
            score = n / union if union else 0.0
            if score > best_score or (score == best_score and best and key < best):
                best, best_score = key, score
        if best and best_score >= threshold:
            out[pk] = best
        else:
            out[pk] = -pk
            add(-pk, grams)
    return out
