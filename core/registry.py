"""One registry of named strategies: name → factory, for every place that dispatches on a setting.

Factories are registered as ``"module:function"`` strings and imported on first use, so naming
a strategy costs no import (``hippograph --help`` stays fast, and the Neo4j driver, torch or an
LLM client load only when chosen). Adding a strategy is its own module plus one line here.
An unknown name is a :class:`~hippograph.core.errors.ConfigError` that lists the known ones.

Factory signatures, per registry:

- ``STORES``: ``(settings: Settings) -> GraphStore`` (not opened)
- ``EXTRACTORS``: ``(settings: Settings) -> Extractor``
- ``LLM_PROVIDERS``: ``(settings: LLMSettings) -> LLM``
- ``SELECTORS``: ``(settings: SelectionSettings) -> Selector``
- ``RETRIEVERS``: ``(engine: RetrievalEngine) -> RetrieverFn``; a retriever answers
  ``(question, k, clues, settings) -> RetrievalResult``
- ``CLUE_GENERATORS``: ``(app: Hippograph) -> ClueGenerator``
- ``REWARDS``: ``(app: Hippograph, result, candidates) -> Utility`` (MCTS reward)
- ``READERS``: ``(app: Hippograph) -> Answerer`` (the answer stage)
- ``LOADERS``: ``(path: Path, key: str, max_bytes: int) -> Iterator[LoadItem]``, keyed by file suffix
"""

from __future__ import annotations

import importlib
import threading
from typing import Any, Callable, Generic, TypeVar

from hippograph.core.errors import ConfigError

T = TypeVar("T")


class Registry(Generic[T]):
    """Named factories of one kind of strategy."""

    def __init__(self, kind: str, setting: str = "") -> None:
        self.kind = kind
        self.setting = setting
        self._entries: dict[str, str | Callable[..., T]] = {}
        self._lock = threading.Lock()

    def register(self, name: str, factory: str | Callable[..., T]) -> None:
        """Register ``factory`` (a callable, or ``"package.module:function"``) under ``name``."""
        with self._lock:
            self._entries[name] = factory

    def names(self) -> list[str]:
        return list(self._entries)

    def __contains__(self, name: object) -> bool:
        return name in self._entries

    def check(self, name: str) -> str:
        if name not in self._entries:
            where = f" ({self.setting})" if self.setting else ""
            raise ConfigError(f"unknown {self.kind} {name!r}{where}; known: {', '.join(self._entries)}")
        return name

    def factory(self, name: str) -> Callable[..., T]:
        entry = self._entries[self.check(name)]
        if isinstance(entry, str):
            module, _, attr = entry.partition(":")
            fn: Callable[..., T] = getattr(importlib.import_module(module), attr)
            with self._lock:
                self._entries[name] = fn
            return fn
        return entry

    def create(self, name: str, *args: Any, **kwargs: Any) -> T:
        return self.factory(name)(*args, **kwargs)


STORES: Registry[Any] = Registry("store", "store.backend")
STORES.register("embedded", "hippograph.graph.embedded:from_settings")
STORES.register("neo4j", "hippograph.graph.neo4j_store:from_settings")

EXTRACTORS: Registry[Any] = Registry("extractor", "ingest.extractor")
EXTRACTORS.register("spacy", "hippograph.ingest.extractors.spacy_ie:from_settings")
EXTRACTORS.register("hipporag-json", "hippograph.ingest.extractors.hipporag_json:from_settings")
EXTRACTORS.register("llm", "hippograph.ingest.extractors.llm_ie:make_llm_extractor")

LLM_PROVIDERS: Registry[Any] = Registry("LLM provider", "llm.provider")
LLM_PROVIDERS.register("openai-like", "hippograph.llm.port:make_openai_like")
LLM_PROVIDERS.register("ollama", "hippograph.llm.port:make_ollama")
LLM_PROVIDERS.register("local", "hippograph.llm.port:make_local")

SELECTORS: Registry[Any] = Registry("selector", "selection.method")
SELECTORS.register("mcts", "hippograph.retrieval.selection:mcts_from_settings")
SELECTORS.register("greedy", "hippograph.retrieval.selection:greedy_from_settings")

RETRIEVERS: Registry[Any] = Registry("retriever", "retrieval.retriever")
RETRIEVERS.register("ppr", "hippograph.retrieval.engine:ppr_retriever")
RETRIEVERS.register("dense", "hippograph.retrieval.engine:dense_retriever")
RETRIEVERS.register("bm25", "hippograph.retrieval.engine:bm25_retriever")

CLUE_GENERATORS: Registry[Any] = Registry("clue generator", "clues.generator")
CLUE_GENERATORS.register("offline", "hippograph.runtime.strategies:offline_clues")
CLUE_GENERATORS.register("llm", "hippograph.runtime.strategies:llm_clues")

REWARDS: Registry[Any] = Registry("selection reward", "selection.reward")
REWARDS.register("offline", "hippograph.runtime.strategies:offline_reward")
REWARDS.register("llm", "hippograph.runtime.strategies:llm_reward")

READERS: Registry[Any] = Registry("answer reader", "answer.reader")
READERS.register("graph", "hippograph.runtime.strategies:graph_reader")
READERS.register("extractive", "hippograph.runtime.strategies:span_reader")
READERS.register("llm", "hippograph.runtime.strategies:llm_reader")

LOADERS: Registry[Any] = Registry("file type", "the file's suffix")
LOADERS.register(".txt", "hippograph.ingest.loaders:load_text_items")
for _suffix in (".md", ".markdown"):
    LOADERS.register(_suffix, "hippograph.ingest.readers:load_markdown_items")
for _suffix in (".html", ".htm"):
    LOADERS.register(_suffix, "hippograph.ingest.readers:load_html_items")
LOADERS.register(".pdf", "hippograph.ingest.readers:load_pdf_items")
LOADERS.register(".docx", "hippograph.ingest.readers:load_docx_items")
LOADERS.register(".jsonl", "hippograph.ingest.loaders:load_jsonl_items")
LOADERS.register(".json", "hippograph.ingest.loaders:load_json_items")


def validate_name(registry: Registry[Any], name: str) -> str:
    """For settings validators: the name if registered, else a ConfigError (a ValueError for pydantic)."""
    if name not in registry:
        raise ValueError(f"unknown {registry.kind} {name!r}; known: {', '.join(registry.names())}")
    return name
