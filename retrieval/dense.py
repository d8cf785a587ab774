"""Dense retrieval over passage embeddings (exact inner product on normalised vectors)."""

from __future__ import annotations

import numpy as np

from core.embedding import Embedder
from graph.store import GraphStore
from retrieval.linking import top_indices


class DenseIndex:
    def __init__(self, store: GraphStore, embedder: Embedder) -> None:
        self._store = store
        self._embedder = embedder

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
