"""``Hippograph``: everything an entry point (CLI, flow, test) needs, built once from settings.

Construction does no I/O; the store opens and models load on first use, and stay
loaded for the life of the object (a serving process answers many questions with one).
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path
from typing import Callable, Sequence

from hippograph.core.embedding import Embedder, ScopedEmbedder, SentenceTransformerEmbedder, query_scope
from hippograph.core.errors import InputError
from hippograph.core.registry import CLUE_GENERATORS, READERS, REWARDS, SELECTORS
from hippograph.core.models import Answer, Document, RetrievalResult, RetrievedPassage, SelectionResult
from hippograph.core.settings import Settings
from hippograph.core.threads import limit_blas_threads
from hippograph.graph.factory import make_store
from hippograph.graph.store import GraphStore
from hippograph.ingest.extractors.base import Extractor
from hippograph.ingest.extractors.registry import make_extractor
from hippograph.ingest.fingerprint import extraction_fingerprint
from hippograph.ingest.loaders import iter_documents
from hippograph.ingest.pipeline import Ingestor, IngestReport
from hippograph.llm.port import LLM, make_llm
from hippograph.retrieval.clues import ClueGenerator
from hippograph.retrieval.engine import RetrievalEngine, check_question
from hippograph.retrieval.selection import Selector, Utility
from hippograph.runtime.strategies import Answerer

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
        # the query side (clues, retrieval, selection, reader): inside one question's
        # ``query_scope`` each string is encoded once; ingestion uses ``embedder`` directly
        self.query_embedder = ScopedEmbedder(self.embedder)
        self.store: GraphStore = store or make_store(settings)
        self._opened = False
        self._lock = threading.Lock()
        self._extractor: Extractor | None = None
        self.engine = RetrievalEngine(settings.retrieval, self.store, self.query_embedder, settings.models.spacy_model)
        self._readers: dict[str, Answerer] = {}
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
        """The clue generator named by ``clues.generator`` (``core.registry.CLUE_GENERATORS``)."""
        generator: ClueGenerator = CLUE_GENERATORS.create(self.settings.clues.generator, self)
        return generator

    def selector(self, method: str | None = None) -> Selector:
        """The selector named ``method`` (default ``selection.method``; see ``core.registry.SELECTORS``)."""
        selector: Selector = SELECTORS.create(method or self.settings.selection.method, self.settings.selection)
        return selector

    def utility(self, result: RetrievalResult, candidates: Sequence[RetrievedPassage]) -> Utility:
        """The MCTS reward named by ``selection.reward`` (``core.registry.REWARDS``)."""
        utility: Utility = REWARDS.create(self.settings.selection.reward, self, result, candidates)
        return utility

    def reader(self, name: str | None = None) -> Answerer:
        """The answer reader named ``name`` (default ``answer.reader``; ``auto``: the LLM reader
        when an LLM is configured, else the offline graph reader), built once per name."""
        name = name or self.settings.answer.reader
        if name == "auto":
            name = "llm" if self.settings.llm.provider != "none" else "graph"
        with self._lock:
            if name not in self._readers:
                self._readers[name] = READERS.create(name, self)
            return self._readers[name]

    def open(self) -> "Hippograph":
        with self._lock:
            if not self._opened:
                limit_blas_threads(self.settings.models.blas_threads)
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
        extractor = self.extractor
        return Ingestor(self.settings.ingest, self.store, self.embedder, extractor,
                        extraction_fingerprint(self.settings, extractor.revision))

    def ingest_path(self, path: Path, progress: Callable[[int], None] | None = None) -> IngestReport:
        return self.ingestor().ingest(iter_documents(path), progress=progress)

    def ingest_documents(
        self, docs: list[Document | InputError], progress: Callable[[int], None] | None = None
    ) -> IngestReport:
        return self.ingestor().ingest(docs, progress=progress)

    def retrieve_with_clues(
        self, question: str, method: str | None = None, k: int | None = None, clues: bool | None = None
    ) -> RetrievalResult:
        method = method or self.settings.retrieval.retriever
        use_clues = self.settings.clues.enabled if clues is None else clues
        with query_scope():  # the clue chain's vectors are retrieval's too
            if not (use_clues and method == "ppr"):
                return self.engine.retrieve(question, method=method, k=k)
            q = check_question(question)
            t0 = time.perf_counter()
            self.engine.embed_question(q)  # question + mentions: one encoder call
            t1 = time.perf_counter()
            found = self.clue_generator().generate(q)
            t2 = time.perf_counter()
            result = self.engine.retrieve(question, method=method, k=k, clues=found)
            timings = {"embed": (t1 - t0) * 1000 + result.timings_ms.get("embed", 0.0), "clues": (t2 - t1) * 1000}
            return result.model_copy(update={"timings_ms": {**result.timings_ms, **timings}})

    def select(self, result: RetrievalResult, budget: int | None = None, selector: Selector | None = None) -> SelectionResult:
        candidates = list(result.passages[: self.settings.selection.candidates])
        if self.llm is not None:  # budgets count the answering model's own tokens when it has a tokenizer
            candidates = [p.model_copy(update={"n_tokens": self.llm.count_tokens(f"{p.title}: {p.text}")}) for p in candidates]
        budget = budget or self.settings.selection.budget_tokens
        return (selector or self.selector()).select(candidates, budget, self.utility(result, candidates))

    def ask(
        self, question: str, method: str | None = None, k: int | None = None, select: bool = True,
        budget: int | None = None, selector: str | None = None, clues: bool | None = None, reader: str | None = None,
    ) -> Answer:
        """Clues → retrieval → selection under the token budget → answer with citations.

        ``k`` is how many passages retrieval returns (the candidates selection chooses from);
        ``budget``, ``selector`` and ``clues`` override the settings for this question only.
        """
        self.open()
        n = k or (self.settings.selection.candidates if select else self.settings.retrieval.top_k)
        chosen = self.selector(selector) if selector else None  # an unknown name fails before any work
        with query_scope():  # every stage of this question reuses the vectors of the others
            result = self.retrieve_with_clues(question, method=method, k=n, clues=clues)
            selection = self.select(result, budget=budget, selector=chosen) if select and result.passages else None
            return self.reader(reader).answer(result, selection, result.clues)
