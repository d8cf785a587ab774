"""Recall@k of several retrievers measured side by side, in one run, on one graph."""

from __future__ import annotations

import logging
import statistics
import time
from dataclasses import dataclass, field
from typing import Callable, Sequence

from typing import TYPE_CHECKING

from hippograph.evaluation.dataset import QAItem
from hippograph.evaluation.metrics import recall_at_k
from hippograph.retrieval.engine import RetrievalEngine

if TYPE_CHECKING:
    from hippograph.runtime.app import Hippograph

logger = logging.getLogger(__name__)

KS = (1, 2, 5, 10)


@dataclass
class MethodScores:
    method: str
    recall: dict[int, float] = field(default_factory=dict)
    by_hops: dict[int, dict[int, float]] = field(default_factory=dict)
    latency_ms_p50: float = 0.0
    latency_ms_p95: float = 0.0
    fallbacks: int = 0
    per_question: list[dict[str, object]] = field(default_factory=list)


def _pct(values: Sequence[float], q: float) -> float:
    if not values:
        return 0.0
    s = sorted(values)
    return s[min(len(s) - 1, int(round(q * (len(s) - 1))))]


def evaluate_retrieval(
    engine: RetrievalEngine,
    items: Sequence[QAItem],
    methods: Sequence[str] = ("bm25", "dense", "ppr"),
    ks: Sequence[int] = KS,
    retrieve: Callable[[str, str, int], tuple[list[str], str | None]] | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[MethodScores]:
    """Recall@k per method (averaged, and by hop count) plus latency percentiles."""
    kmax = max(ks)
    out: list[MethodScores] = []
    for method in methods:
        scores = MethodScores(method=method)
        lat: list[float] = []
        sums = {k: 0.0 for k in ks}
        hop_sums: dict[int, dict[int, float]] = {}
        hop_counts: dict[int, int] = {}
        for item in items:
            t = time.perf_counter()
            if retrieve is not None:
                ranked, fallback = retrieve(item.question, method, kmax)
            else:
                res = engine.retrieve(item.question, method=method, k=kmax)
                ranked, fallback = [p.passage_id for p in res.passages], res.fallback
            lat.append((time.perf_counter() - t) * 1000)
            scores.fallbacks += fallback is not None
            rec = {k: recall_at_k(ranked, item.gold_passage_ids, k) for k in ks}
            for k in ks:
                sums[k] += rec[k]
                hop_sums.setdefault(item.hops, {kk: 0.0 for kk in ks})[k] += rec[k]
            hop_counts[item.hops] = hop_counts.get(item.hops, 0) + 1
            scores.per_question.append({"id": item.id, "recall": rec, "fallback": fallback})
            if progress:
                progress(1)
        n = max(1, len(items))
        scores.recall = {k: 100 * sums[k] / n for k in ks}
        scores.by_hops = {h: {k: 100 * v / hop_counts[h] for k, v in d.items()} for h, d in sorted(hop_sums.items())}
        scores.latency_ms_p50 = statistics.median(lat) if lat else 0.0
        scores.latency_ms_p95 = _pct(lat, 0.95)
        out.append(scores)
    return out


@dataclass
class SelectionScores:
    method: str
    answer_recall: float  # share of gold passages inside the selected set
    tokens: float
    passages: float
    utility: float
    ms_p50: float


def evaluate_selection(
    app: "Hippograph", items: Sequence[QAItem], budget: int, progress: Callable[[int], None] | None = None
) -> list[SelectionScores]:
    """MCTS vs greedy top-k on the same candidates (PPR + clues) and the same token budget."""
    from hippograph.retrieval.selection import GreedySelector

    rows: dict[str, list[tuple[float, int, int, float, float]]] = {"mcts": [], "greedy": []}
    for item in items:
        result = app.retrieve_with_clues(item.question, method="ppr", k=app.settings.selection.candidates)
        for name, selector in (("mcts", None), ("greedy", GreedySelector())):
            t = time.perf_counter()
            sel = app.select(result, budget=budget, selector=selector)
            ms = (time.perf_counter() - t) * 1000
            ids = [p.passage_id for p in sel.passages]
            rows[name].append((recall_at_k(ids, item.gold_passage_ids, len(ids) or 1), sel.tokens, len(ids), sel.utility, ms))
        if progress:
            progress(1)
    out = []
    for name, r in rows.items():
        n = max(1, len(r))
        out.append(SelectionScores(
            method=name,
            answer_recall=100 * sum(x[0] for x in r) / n,
            tokens=sum(x[1] for x in r) / n,
            passages=sum(x[2] for x in r) / n,
            utility=sum(x[3] for x in r) / n,
            ms_p50=statistics.median([x[4] for x in r]) if r else 0.0,
        ))
    return out
