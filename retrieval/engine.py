"""The retrieval engine: PPR (HippoRAG 2), dense and BM25 in one place, over one store."""

from __future__ import annotations

import functools
import logging
import threading
import time
from typing import Protocol, Sequence

import numpy as np

from hippograph.core.embedding import Embedder
from hippograph.core.errors import InputError, RetrievalError
from hippograph.core.registry import RETRIEVERS
from hippograph.core.models import Clue, LinkedNode, RetrievalResult, RetrievedPassage
from hippograph.core.nlp import load_spacy
from hippograph.core.settings import RetrievalSettings
from hippograph.graph.projection import GraphProjection, ProjectionCache
from hippograph.graph.store import GraphStore
from hippograph.retrieval.bm25 import BM25Index
from hippograph.retrieval.clues import clue_queries
from hippograph.retrieval.dense import DenseIndex, ScoreTable
from hippograph.retrieval.linking import link_mentions, link_triples, question_mentions, top_indices
from hippograph.retrieval.ppr import Seeds, entity_seeds, run_ppr

logger = logging.getLogger(__name__)

MAX_QUESTION_CHARS = 20_000


def check_question(question: str) -> str:
    q = question.strip()
    if not q:
        raise InputError("question", "empty question")
    if len(q) > MAX_QUESTION_CHARS:
        raise InputError("question", f"question is {len(q)} characters, above the {MAX_QUESTION_CHARS} limit")
    return q


class RetrievalEngine:
    def __init__(
        self, settings: RetrievalSettings, store: GraphStore, embedder: Embedder, spacy_model: str
    ) -> None:
        self.settings = settings
        self.store = store
        self.embedder = embedder
        self._spacy_model = spacy_model
        self.dense = DenseIndex(store, embedder)
        self.bm25 = BM25Index(store)
        self.projections = ProjectionCache(store)
        self._mention_cache: dict[str, list[str]] = {}
        self._mention_lock = threading.Lock()

    def mentions(self, question: str) -> list[str]:
        """The question's entity mentions (spaCy), remembered for the last 1,024 questions."""
        with self._mention_lock:
            found = self._mention_cache.get(question)
        if found is None:
            found = question_mentions(load_spacy(self._spacy_model), question)
            with self._mention_lock:
                if len(self._mention_cache) >= 1024:
                    self._mention_cache.clear()
                self._mention_cache[question] = found
        return list(found)

    def embed_question(self, question: str) -> None:
        """Embed the question and its mentions in one encoder call, inside the caller's
        ``query_scope`` (the clue chain and retrieval then find both there)."""
        mentions = self.mentions(question) if self.settings.linking in ("ner", "both") else []
        self.embedder.embed([question, *mentions])

    def _result(
        self,
        question: str,
        method: str,
        ranked: Sequence[tuple[str, float]],
        dense: ScoreTable | None = None,
        ppr: ScoreTable | None = None,
        seeds: Sequence[LinkedNode] = (),
        clues: Sequence[Clue] = (),
        fallback: str | None = None,
        timings: dict[str, float] | None = None,
    ) -> RetrievalResult:
        records = {r.id: r for r in self.store.get_passages([pid for pid, _ in ranked])}
        passages = []
        for rank, (pid, score) in enumerate(ranked, start=1):
            rec = records.get(pid)
            if rec is None:
                raise RetrievalError(f"passage {pid} is ranked but missing from the store")
            passages.append(
                RetrievedPassage(
                    passage_id=pid,
                    doc_id=rec.doc_ids[0] if rec.doc_ids else "",
                    title=rec.title,
                    text=rec.text,
                    rank=rank,
                    score=float(score),
                    dense_score=None if dense is None else dense.get(pid),
                    ppr_score=None if ppr is None else ppr.get(pid),
                    n_tokens=rec.n_tokens,
                    locator=rec.locator,
                )
            )
        return RetrievalResult(
            question=question, method=method, passages=tuple(passages), seeds=tuple(seeds), clues=tuple(clues),
            fallback=fallback, timings_ms=timings or {},
        )

    def retrieve(
        self,
        question: str,
        method: str | None = None,
        k: int | None = None,
        clues: Sequence[Clue] = (),
        settings: RetrievalSettings | None = None,
    ) -> RetrievalResult:
        s = settings or self.settings
        question = check_question(question)
        retriever: Retriever = RETRIEVERS.create(method or s.retriever, self)
        return retriever(question, k or s.top_k, clues, s)

    def _bm25(self, question: str, k: int, clues: Sequence[Clue], s: RetrievalSettings) -> RetrievalResult:
        t0 = time.perf_counter()
        ranked = self.bm25.search(question, k)
        return self._result(question, "bm25", ranked, timings={"bm25": (time.perf_counter() - t0) * 1000})

    def _dense_or_ppr(
        self, question: str, k: int, clues: Sequence[Clue], s: RetrievalSettings, method: str = "ppr"
    ) -> RetrievalResult:
        timings: dict[str, float] = {}
        t0 = time.perf_counter()
        queries = [question] + clue_queries(clues)
        mentions = self.mentions(question) if method == "ppr" and s.linking in ("ner", "both") else []
        # one encoder call for the question, the clues and the question's entity mentions
        all_vecs = self.embedder.embed(queries + mentions)
        qvecs, mention_vecs = all_vecs[: len(queries)], all_vecs[len(queries) :]
        timings["embed"] = (time.perf_counter() - t0) * 1000
        t = time.perf_counter()
        pids, sims = self.dense.scores(qvecs)
        if not pids:
            return self._result(question, method, [], fallback="the graph is empty", timings=timings)
        dense_all = sims[0]
        dense_map = ScoreTable(pids, dense_all, self.dense.index_of(pids))
        timings["dense"] = (time.perf_counter() - t) * 1000
        dense_ranked = [(pids[i], float(dense_all[i])) for i in top_indices(dense_all, k)]
        if method == "dense":
            return self._result(question, "dense", dense_ranked, dense=dense_map, timings=timings)

        t = time.perf_counter()
        triples = link_triples(self.store, qvecs[:1], s.linking_top_k) if s.linking in ("triple", "both") else []
        ner = link_mentions(self.store, self.embedder, mentions, mention_vecs=mention_vecs) if mentions else []
        timings["link"] = (time.perf_counter() - t) * 1000
        t = time.perf_counter()
        proj = self.projections.get(s.use_synonyms, s.use_passage_nodes)
        timings["projection"] = (time.perf_counter() - t) * 1000
        seeds = entity_seeds(proj, triples, ner, s)
        self._add_clue_seeds(proj, seeds, clues, s)
        if not seeds.entity_weights:
            return self._result(
                question, "dense", dense_ranked, dense=dense_map, clues=clues, timings=timings,
                fallback="no triple or entity of the graph linked to the question; dense retrieval used",
            )
        t = time.perf_counter()
        # clues are extra dense queries: a passage's dense seed is its best score over question + clues
        dense_seed = np.maximum(dense_all, sims[1:].max(axis=0) * s.clue_dense_weight) if len(queries) > 1 else dense_all
        scores = run_ppr(proj, seeds.entity_weights, (pids, dense_seed), s)
        timings["ppr"] = (time.perf_counter() - t) * 1000
        ppr_map = ScoreTable(proj.passage_ids, scores, proj.passage_index, offset=proj.n_entities)
        if s.fusion == "interleave":
            ppr_order = [proj.passage_ids[i] for i in top_indices(scores, k + s.fusion_depth)]
            ranked = interleave([pid for pid, _ in dense_ranked[: s.fusion_depth]], ppr_order, s.fusion_depth, k)
        elif s.fusion == "rrf":
            ranked = self._fuse(ppr_map.to_dict(), dense_map.to_dict(), s.dense_fusion, k)
        else:
            order = top_indices(scores, k)
            ranked = [(proj.passage_ids[i], float(scores[i])) for i in order]
        return self._result(
            question, "ppr", ranked, dense=dense_map, ppr=ppr_map, seeds=seeds.linked, clues=clues, timings=timings
        ).keep_query_vectors(queries, qvecs)

    @staticmethod
    def _add_clue_seeds(proj: GraphProjection, seeds: Seeds, clues: Sequence[Clue], s: RetrievalSettings) -> None:
        """Bridge entities of clues become extra PPR seeds (weight = clue score × specificity × clue_seed_weight)."""
        linked = {n.entity_id for n in seeds.linked}
        for c in clues:
            if c.kind != "span" or not c.bridge_entity_id or c.bridge_entity_id not in proj.entity_index:
                continue
            v = proj.entity_index[c.bridge_entity_id]
            spec = 1.0 / max(1.0, float(proj.passage_counts[v])) if s.use_specificity else 1.0
            w = c.score * spec * s.clue_seed_weight
            if w > seeds.entity_weights.get(v, 0.0):
                seeds.entity_weights[v] = w
            if c.bridge_entity_id not in linked:
                linked.add(c.bridge_entity_id)
                seeds.linked.append(LinkedNode(entity_id=c.bridge_entity_id, name=proj.entity_names[v],
                                               score=round(w, 6), via="clue", evidence=c.text))

    @staticmethod
    def _fuse(ppr: dict[str, float], dense: dict[str, float], w: float, k: int, c: float = 60.0) -> list[tuple[str, float]]:
        """Reciprocal-rank fusion of the PPR and dense rankings (dense weighted by ``w``)."""
        fused: dict[str, float] = {}
        for weight, table in ((1.0 - w, ppr), (w, dense)):
            for rank, pid in enumerate(sorted(table, key=lambda p: -table[p])[:200], start=1):
                fused[pid] = fused.get(pid, 0.0) + weight / (c + rank)
        return sorted(fused.items(), key=lambda kv: -kv[1])[:k]


def interleave(dense: Sequence[str], ppr: Sequence[str], depth: int, k: int) -> list[tuple[str, float]]:
    """Dense #1, PPR #1, dense #2, PPR #2, ... for the first ``depth`` of each (duplicates
    skipped), then the rest of PPR's order; scores are reciprocal ranks (1/(60 + position))."""
    order: list[str] = []
    for pid in [pid for pair in zip(dense[:depth], ppr[:depth]) for pid in pair] + list(ppr):
        if pid not in order:
            order.append(pid)
    return [(pid, 1.0 / (60 + n)) for n, pid in enumerate(order[:k], start=1)]


class Retriever(Protocol):
    def __call__(self, question: str, k: int, clues: Sequence[Clue], s: RetrievalSettings) -> RetrievalResult: ...


def ppr_retriever(engine: RetrievalEngine) -> Retriever:
    """Registry factory (``retrieval.retriever = ppr``): HippoRAG 2 PPR, dense as its fallback."""
    return functools.partial(engine._dense_or_ppr, method="ppr")


def dense_retriever(engine: RetrievalEngine) -> Retriever:
    """Registry factory (``retrieval.retriever = dense``): cosine over passage embeddings."""
    return functools.partial(engine._dense_or_ppr, method="dense")


def bm25_retriever(engine: RetrievalEngine) -> Retriever:
    """Registry factory (``retrieval.retriever = bm25``)."""
    return engine._bm25
