"""Retrieval recall and SQuAD-style answer metrics (exact match, token F1, aliases counted)."""

from __future__ import annotations

import re
import string
from collections import Counter
from typing import Sequence

_ARTICLES = re.compile(r"\b(a|an|the)\b")


def normalize_answer(text: str) -> str:
    """SQuAD normalisation: lowercase, no punctuation, no articles, single spaces."""
    text = text.lower()
    text = "".join(ch for ch in text if ch not in set(string.punctuation))
    text = _ARTICLES.sub(" ", text)
    return " ".join(text.split())


def exact_match(prediction: str, golds: Sequence[str]) -> float:
    p = normalize_answer(prediction)
    return float(any(p == normalize_answer(g) for g in golds))


def token_f1(prediction: str, golds: Sequence[str]) -> float:
    best = 0.0
    p_tokens = normalize_answer(prediction).split()
    for g in golds:
        g_tokens = normalize_answer(g).split()
        common = Counter(p_tokens) & Counter(g_tokens)
        same = sum(common.values())
        if not p_tokens or not g_tokens:
            score = float(p_tokens == g_tokens)
        elif same == 0:
            score = 0.0
        else:
            precision, recall = same / len(p_tokens), same / len(g_tokens)
            score = 2 * precision * recall / (precision + recall)
        best = max(best, score)
    return best


def recall_at_k(ranked: Sequence[str], gold: Sequence[str], k: int) -> float:
    """Share of the gold passages found in the first k ranked ones (1.0 when there is no gold)."""
    gold_set = set(gold)
    if not gold_set:
        return 1.0
    return len(gold_set & set(ranked[:k])) / len(gold_set)
