"""Linking a question to graph nodes.

- query-to-triple (HippoRAG 2): cosine between the question and every triple embedding,
  min-max normalised; the best triples' subject and object entities become seeds;
- query-NER-to-entity: spaCy entities (and proper-noun chunks) of the question, each matched
  to its nearest entity embedding.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np

from hippograph.core.embedding import Embedder
from hippograph.core.models import Triple
from hippograph.graph.store import GraphStore


@dataclass(frozen=True)
class LinkedTriple:
    triple: Triple
    score: float  # min-max normalised over all triples
    cosine: float
    row: int = -1  # the triple's row in ``store.vectors("triple")``


def top_indices(scores: np.ndarray, k: int) -> np.ndarray:
    """Indices of the k highest scores, best first, ties by index: the same as a stable
    ``argsort(-scores)[:k]`` but O(n) to find them (argpartition) instead of a full sort."""
    n = scores.shape[0]
    k = min(k, n)
    if k <= 0:
        return np.zeros(0, dtype=np.int64)
    if k == n:
        return np.argsort(-scores, kind="stable")
    kth = scores[np.argpartition(-scores, k - 1)[k - 1]]
    above = np.flatnonzero(scores > kth)
    ties = np.flatnonzero(scores == kth)[: k - above.shape[0]]
    chosen = np.concatenate([above, ties])
    return chosen[np.lexsort((chosen, -scores[chosen]))]


def minmax(x: np.ndarray) -> np.ndarray:
    if x.size == 0:
        return x
    lo, hi = float(x.min()), float(x.max())
    if hi - lo < 1e-12:
        return np.ones_like(x)
    return (x - lo) / (hi - lo)


def link_triples(store: GraphStore, query_vecs: np.ndarray, top_k: int) -> list[LinkedTriple]:
    """Top triples for the query (max over query rows when several query texts are given)."""
    ids, mat = store.vectors("triple")
    if not ids:
        return []
    sims = (query_vecs @ mat.T).max(axis=0)
    norm = minmax(sims)
    order = top_indices(sims, top_k * 3)
    chosen = [ids[i] for i in order]
    by_id: dict[str, Triple] = {}
    for t in store.get_triples(chosen):
        # a fact stated by several passages: keep a current (not superseded) occurrence first
        if t.id not in by_id or (by_id[t.id].superseded_by and not t.superseded_by):
            by_id[t.id] = t
    out: list[LinkedTriple] = []
    for i in order:
        found = by_id.get(ids[i])
        if found is None:
            continue
        t = found
        penalty = 0.5 if t.superseded_by else 1.0
        out.append(LinkedTriple(triple=t, score=float(norm[i]) * penalty, cosine=float(sims[i]), row=int(i)))
    out.sort(key=lambda x: -x.score)
    return out[:top_k]


class RowLookup:
    """Row of an id in one of the store's vector lists (``store.vectors(kind)``), the id → row
    map built once per list object (a new list comes with a new graph version)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._maps: dict[int, tuple[list[str], dict[str, int]]] = {}

    def __call__(self, ids: list[str], wanted: Sequence[str]) -> np.ndarray:
        """Row of each wanted id in ``ids`` (-1 when absent)."""
        with self._lock:
            cached = self._maps.get(id(ids))
            if cached is None or cached[0] is not ids:
                cached = (ids, {x: i for i, x in enumerate(ids)})
                if len(self._maps) >= 4:  # one list per vector kind and graph version
                    self._maps.clear()
                self._maps[id(ids)] = cached
        index = cached[1]
        return np.fromiter((index.get(w, -1) for w in wanted), dtype=np.int64, count=len(wanted))


def question_mentions(nlp: Any, question: str) -> list[str]:
    """Named entities and proper-noun phrases of the question."""
    doc = nlp(question)
    spans = [e.text for e in doc.ents if e.label_ not in {"ORDINAL", "CARDINAL"}]
    for chunk in doc.noun_chunks:
        if any(t.pos_ == "PROPN" for t in chunk) and not any(chunk.text in s or s in chunk.text for s in spans):
            toks = [t for t in chunk if t.pos_ not in {"DET", "PRON"}]
            if toks:
                spans.append(" ".join(t.text for t in toks))
    return list(dict.fromkeys(s.strip() for s in spans if s.strip()))


def link_mentions(
    store: GraphStore, embedder: Embedder, mentions: Sequence[str], min_cosine: float = 0.6,
    mention_vecs: np.ndarray | None = None,
) -> list[tuple[str, str, float]]:
    """(mention, entity_id, cosine) of the nearest entity to each mention, above ``min_cosine``."""
    if not mentions:
        return []
    ids, mat = store.vectors("entity")
    if not ids:
        return []
    vecs = mention_vecs if mention_vecs is not None else embedder.embed(list(mentions))
    sims = vecs @ mat.T
    out = []
    for m, row in zip(mentions, sims):
        j = int(np.argmax(row))
        if row[j] >= min_cosine:
            out.append((m, ids[j], float(row[j])))
    return out
