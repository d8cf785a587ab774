"""Dense retrieval over passage embeddings (exact inner product on normalised vectors)."""

from __future__ import annotations

import numpy as np

from hippograph.core.embedding import Embedder
from hippograph.graph.store import GraphStore
from hippograph.retrieval.linking import top_indices


class ScoreTable:
    """Scores aligned with a list of ids; looked up by id only for the few passages returned
    (no per-question dict over every passage)."""

    def __init__(self, ids: list[str], values: np.ndarray, index: dict[str, int], offset: int = 0) -> None:
        self.ids = ids
        self.values = values
        self._index = index
        self._offset = offset

    def get(self, pid: str, default: float | None = None) -> float | None:
        i = self._index.get(pid)
        return default if i is None else float(self.values[i - self._offset])

    def to_dict(self) -> dict[str, float]:
        return {p: float(v) for p, v in zip(self.ids, self.values)}


class DenseIndex:
    def __init__(self, store: GraphStore, embedder: Embedder) -> None:
        self._store = store
        self._embedder = embedder
        self._index: tuple[list[str], dict[str, int]] | None = None

    def index_of(self, ids: list[str]) -> dict[str, int]:
        """id → row for the store's (cached, per graph version) passage id list."""
        cached = self._index
        if cached is None or cached[0] is not ids:
            cached = (ids, {p: i for i, p in enumerate(ids)})
            self._index = cached
        return cached[1]

    def scores(self, query_vecs: np.ndarray) -> tuple[list[str], np.ndarray]:
        """Passage ids and, per query row, the cosine score of every passage."""
        ids, mat = self._store.vectors("passage")
        if not ids:
            return [], np.zeros((query_vecs.shape[0], 0), dtype=np.float32)
        return ids, query_vecs @ mat.T

    def search(self, question: str, k: int) -> list[tuple[str, float]]:
        q = self._embedder.embed([question])
        ids, sims = self.scores(q)
        if not ids:
            return []
        row = sims[0]
        top = top_indices(row, k)
        return [(ids[i], float(row[i])) for i in top]
