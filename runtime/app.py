"""``Hippograph``: everything an entry point (CLI, flow, test) needs, built once from settings.

Construction does no I/O; the store opens and models load on first use, and stay
loaded for the life of the object (a serving process answers many questions with one).
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from core.embedding import Embedder, SentenceTransformerEmbedder
from core.errors import InputError
from core.models import Answer, Document, RetrievalResult, RetrievedPassage, SelectionResult
from core.settings import Settings
from graph.factory import make_store
from graph.store import GraphStore
from ingest.extractors.base import Extractor
from ingest.extractors.registry import make_extractor
from ingest.loaders import iter_documents
from ingest.pipeline import Ingestor, IngestReport
from llm.port import LLM, make_llm
from retrieval.answer import ExtractiveAnswerer
from retrieval.clues import ClueGenerator, LLMClueGenerator, OfflineClueGenerator, clue_queries
from retrieval.engine import RetrievalEngine, check_question
from retrieval.generate import LLMAnswerer, LLMUtility
from retrieval.selection import GreedySelector, MCTSSelector, Selector, Utility, build_set_utility

logger = logging.getLogger(__name__)


class Hippograph:
    def __init__(
        self, settings: Settings, embedder: Embedder | None = None, store: GraphStore | None = None,
        llm: LLM | None = None,
    ) -> None:
        self.settings = settings
        self.embedder: Embedder = embedder or SentenceTransformerEmbedder(
            settings.models.embedder_path, settings.models.device, settings.models.embed_batch_size,
            settings.models.embed_dtype,
        )
        self.store: GraphStore = store or make_store(settings)
        self._opened = False
        self._lock = threading.Lock()
        self._extractor: Extractor | None = None
        self.engine = RetrievalEngine(settings.retrieval, self.store, self.embedder, settings.models.spacy_model)
        self.extractive = ExtractiveAnswerer(self.embedder, settings.models.spacy_model)
        self._llm: LLM | None = llm  # given: used as is (tests, custom adapters); else built from settings
        self._llm_built = llm is not None

    @property
    def llm(self) -> LLM | None:
        """The configured LLM (None offline), built on first use."""
        if not self._llm_built:
            self._llm = make_llm(self.settings.llm)
            self._llm_built = True
        return self._llm

    def clue_generator(self) -> ClueGenerator:
        c = self.settings.clues
        offline = OfflineClueGenerator(self.store, self.embedder, depth=c.depth, per_hop=c.per_hop)
        if c.generator == "llm" and self.llm is not None:
            return LLMClueGenerator(self.llm, offline, self.store, self.embedder, self.settings.llm.on_invalid)
        return offline

    def selector(self) -> Selector:
        s = self.settings.selection
        if s.method == "greedy":
            return GreedySelector()
        return MCTSSelector(s.iterations, s.exploration, s.cost_penalty, seed=s.seed)

    def utility(self, result: RetrievalResult, candidates: Sequence[RetrievedPassage]) -> Utility:
        if self.settings.selection.reward == "llm" and self.llm is not None:
            fallback = self._offline_utility(result, candidates) if self.settings.llm.on_invalid == "fallback" else None
            return LLMUtility(self.llm, result.question, candidates, fallback)
        return self._offline_utility(result, candidates)

    def _offline_utility(self, result: RetrievalResult, candidates: Sequence[RetrievedPassage]) -> Utility:
        ids, mat = self.store.vectors("passage")
        row = {pid: i for i, pid in enumerate(ids)}
        pvecs = np.vstack([mat[row[p.passage_id]] for p in candidates]) if candidates else np.zeros((0, 1))
        qvecs = self.embedder.embed([result.question, *clue_queries(result.clues)])
        return build_set_utility(candidates, pvecs, qvecs, result.seeds, result.clues)

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

    def retrieve_with_clues(self, question: str, method: str | None = None, k: int | None = None) -> RetrievalResult:
        method = method or self.settings.retrieval.retriever
        clues = self.clue_generator().generate(check_question(question)) if self.settings.clues.enabled and method == "ppr" else []
        return self.engine.retrieve(question, method=method, k=k, clues=clues)

    def select(self, result: RetrievalResult, budget: int | None = None, selector: Selector | None = None) -> SelectionResult:
        candidates = list(result.passages[: self.settings.selection.candidates])
        if self.llm is not None:  # budgets count the answering model's own tokens when it has a tokenizer
            candidates = [p.model_copy(update={"n_tokens": self.llm.count_tokens(f"{p.title}: {p.text}")}) for p in candidates]
        budget = budget or self.settings.selection.budget_tokens
        return (selector or self.selector()).select(candidates, budget, self.utility(result, candidates))

    def ask(self, question: str, method: str | None = None, k: int | None = None, select: bool = True) -> Answer:
        """Clues → retrieval → selection under the token budget → answer with citations."""
        self.open()
        # k, when given, is how many passages retrieval returns (the selection's candidates)
        n = k or (self.settings.selection.candidates if select else self.settings.retrieval.top_k)
        result = self.retrieve_with_clues(question, method=method, k=n)
        selection = self.select(result) if select and result.passages else None
        if self.llm is not None:
            answerer = LLMAnswerer(self.llm, self.extractive, self.settings.llm.on_invalid)
            return answerer.answer(result, selection, result.clues)
        return self.extractive.answer(result, selection, result.clues)
