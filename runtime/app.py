"""``Hippograph``: everything an entry point (CLI, flow, test) needs, built once from settings.

Construction does no I/O; the store opens and models load on first use, and stay
loaded for the life of the object (a serving process answers many questions with one).
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Callable

from core.embedding import Embedder, SentenceTransformerEmbedder
from core.errors import InputError
from core.models import Answer, Document
from core.settings import Settings
from graph.factory import make_store
from graph.store import GraphStore
from ingest.extractors.base import Extractor
from ingest.extractors.registry import make_extractor
from ingest.loaders import iter_documents
from ingest.pipeline import Ingestor, IngestReport
from retrieval.answer import ExtractiveAnswerer
from retrieval.engine import RetrievalEngine

logger = logging.getLogger(__name__)


class Hippograph:
    def __init__(self, settings: Settings, embedder: Embedder | None = None, store: GraphStore | None = None) -> None:
        self.settings = settings
        self.embedder: Embedder = embedder or SentenceTransformerEmbedder(
            settings.models.embedder_path, settings.models.device, settings.models.embed_batch_size
        )
        self.store: GraphStore = store or make_store(settings)
        self._opened = False
        self._lock = threading.Lock()
        self._extractor: Extractor | None = None
        self.engine = RetrievalEngine(settings.retrieval, self.store, self.embedder, settings.models.spacy_model)
        self.answerer = ExtractiveAnswerer(self.embedder, settings.models.spacy_model)

    def open(self) -> "Hippograph":
        with self._lock:
            if not self._opened:
                self.store.open()
                self._opened = True
        return self

    def close(self) -> None:
        with self._lock:
            if self._opened:
                self.store.close()
                self._opened = False

    def __enter__(self) -> "Hippograph":
        return self.open()

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def extractor(self) -> Extractor:
        if self._extractor is None:
            self._extractor = make_extractor(self.settings)
        return self._extractor

    def ingestor(self) -> Ingestor:
        self.open()
        return Ingestor(self.settings.ingest, self.store, self.embedder, self.extractor)

    def ingest_path(self, path: Path, progress: Callable[[int], None] | None = None) -> IngestReport:
        return self.ingestor().ingest(iter_documents(path), progress=progress)

    def ingest_documents(
        self, docs: list[Document | InputError], progress: Callable[[int], None] | None = None
    ) -> IngestReport:
        return self.ingestor().ingest(docs, progress=progress)

    def ask(self, question: str, method: str | None = None, k: int | None = None) -> Answer:
        self.open()
        result = self.engine.retrieve(question, method=method, k=k)
        return self.answerer.answer(result)
