"""BM25 baseline (bm25s), indexed lazily and rebuilt when the store changes."""

from __future__ import annotations

import logging
import threading
from typing import Any

from hippograph.graph.store import GraphStore


class BM25Index:
    def __init__(self, store: GraphStore) -> None:
        self._store = store
        self._lock = threading.Lock()
        self._version: str | None = None
        self._ids: list[str] = []
        self._index: Any = None

    def _ensure(self) -> None:
        import bm25s

        logging.getLogger("bm25s").setLevel(logging.WARNING)  # it logs every index build at DEBUG

        version = self._store.version()
        with self._lock:
            if self._version == version:
                return
            records = list(self._store.iter_passages())
            self._ids = [r.id for r in records]
            corpus = [f"{r.title}\n{r.text}" for r in records]
            index = bm25s.BM25()
            if corpus:
                index.index(bm25s.tokenize(corpus, stopwords="en", show_progress=False), show_progress=False)
            self._index = index
            self._version = version

    def search(self, question: str, k: int) -> list[tuple[str, float]]:
        import bm25s

        self._ensure()
        if not self._ids:
            return []
        tokens = bm25s.tokenize([question], stopwords="en", show_progress=False)
        k = min(k, len(self._ids))
        docs, scores = self._index.retrieve(tokens, k=k, show_progress=False)
        return [(self._ids[int(d)], float(s)) for d, s in zip(docs[0], scores[0])]
