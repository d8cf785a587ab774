"""Factories of the strategies the application composes (registered in ``core.registry``):
clue generators, MCTS rewards and answer readers. Each takes the application it serves."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, Sequence

import numpy as np

from hippograph.core.errors import ConfigError
from hippograph.core.models import Answer, Clue, RetrievalResult, RetrievedPassage, SelectionResult
from hippograph.retrieval.answer import ExtractiveAnswerer
from hippograph.retrieval.clues import ClueGenerator, LLMClueGenerator, OfflineClueGenerator, clue_queries
from hippograph.retrieval.reader import GraphReader, ReaderModel, triples_family
from hippograph.retrieval.selection import Utility, build_set_utility

if TYPE_CHECKING:
    from hippograph.runtime.app import Hippograph


class Answerer(Protocol):
    def answer(self, retrieval: RetrievalResult, selection: SelectionResult | None = None,
               clues: Sequence[Clue] = ()) -> Answer: ...


def offline_clues(app: "Hippograph") -> ClueGenerator:
    c = app.settings.clues
    return OfflineClueGenerator(app.store, app.query_embedder, depth=c.depth, per_hop=c.per_hop,
                                compose_from_hop=c.compose_from_hop)


def llm_clues(app: "Hippograph") -> ClueGenerator:
    if app.llm is None:
        return offline_clues(app)  # no LLM configured: the offline clues
    offline = offline_clues(app)
    assert isinstance(offline, OfflineClueGenerator)
    return LLMClueGenerator(app.llm, offline, app.store, app.query_embedder, app.settings.llm.on_invalid)


def offline_reward(app: "Hippograph", result: RetrievalResult, candidates: Sequence[RetrievedPassage]) -> Utility:
    ids, mat = app.store.vectors("passage")
    row = {pid: i for i, pid in enumerate(ids)}
    pvecs = np.vstack([mat[row[p.passage_id]] for p in candidates]) if candidates else np.zeros((0, 1))
    queries = [result.question, *clue_queries(result.clues)]
    kept = result.query_vectors(queries)  # retrieval embedded these already
    qvecs = kept if kept is not None else app.query_embedder.embed(queries)
    return build_set_utility(candidates, pvecs, qvecs, result.seeds, result.clues)


def llm_reward(app: "Hippograph", result: RetrievalResult, candidates: Sequence[RetrievedPassage]) -> Utility:
    from hippograph.retrieval.generate import LLMUtility

    if app.llm is None:
        return offline_reward(app, result, candidates)
    fallback = offline_reward(app, result, candidates) if app.settings.llm.on_invalid == "fallback" else None
    return LLMUtility(app.llm, result.question, candidates, fallback)


def graph_reader(app: "Hippograph") -> Answerer:
    a = app.settings.answer
    model = ReaderModel.load(a.model_path) if a.model_path else None
    return GraphReader(app.store, app.query_embedder, model=model, min_confidence=a.min_confidence,
                       path_passages=a.path_passages, max_hops=a.max_hops, projections=app.engine.projections,
                       triples=triples_family(app.settings.ingest.extractor))


def span_reader(app: "Hippograph") -> Answerer:
    return ExtractiveAnswerer(app.embedder, app.settings.models.spacy_model)


def llm_reader(app: "Hippograph") -> Answerer:
    from hippograph.retrieval.generate import LLMAnswerer

    if app.llm is None:
        raise ConfigError("answer.reader llm needs an LLM: set llm.provider (openai-like, ollama or local)")
    return LLMAnswerer(app.llm, graph_reader(app), app.settings.llm.on_invalid)
