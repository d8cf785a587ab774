"""MemoRAG-style clues that widen the question before retrieval.

The memory is the graph itself (triples, entities, embeddings). Offline, clues come from
query-to-triple linking and chaining: each well-linked triple is an answer-bearing span;
its endpoint that the question does not mention is a *bridge entity*; replacing the
mentioned endpoint by the bridge gives a surrogate question for the next hop ("Who was the
first president of the association that published X?" + "X published by Y" → "... first
president of the association that published Y"). ``depth`` hops are chained. With an LLM,
:class:`LLMClueGenerator` asks for MemoRAG's three kinds (spans, surrogate questions, a
draft answer) given the question and the best-linked facts.
"""

from __future__ import annotations

import logging
import re
from typing import Protocol, Sequence

import numpy as np
from pydantic import BaseModel, Field

from hippograph.core.embedding import Embedder, remember
from hippograph.core.errors import LLMError, LLMOutputError
from hippograph.core.ids import normalize_entity
from hippograph.core.models import Clue
from hippograph.graph.store import GraphStore
from hippograph.llm.port import LLM
from hippograph.llm.prompts import CLUES
from hippograph.llm.structured import generate
from hippograph.retrieval.linking import RowLookup, link_triples

logger = logging.getLogger(__name__)

# The weight of the entity swap in a composed surrogate vector. Measured on 118 hop-1 surrogate
# questions of musique-100 (gpt-3.5 triples): mean cosine to the surrogate's own encoding 0.89 at
# w = 0.5 (flat between 0.4 and 0.6), 0.79 at w = 1 and 0.77 for the unchanged question vector.
COMPOSE_WEIGHT = 0.5

_STOP = {"the", "a", "an", "of", "in", "on", "at", "to", "for", "and", "or", "is", "was", "by", "with", "from", "as"}


def _tokens(text: str) -> set[str]:
    return {t for t in normalize_entity(text).split() if t not in _STOP}


def overlap(entity: str, text: str) -> float:
    """Share of the entity's content words that occur in the text."""
    e = _tokens(entity)
    return len(e & _tokens(text)) / len(e) if e else 0.0


def _replace(query: str, known: str, bridge: str) -> str:
    """The query with ``known`` replaced by ``bridge``, unless ``known`` is only part of a longer
    name there ("Virginia" in "West Virginia"): then the bridge is appended instead."""
    m = re.search(rf"(?<!\w){re.escape(known)}(?!\w)", query, re.I)
    if m:
        before = query[: m.start()].split()
        after = query[m.end() :].split()
        inside_name = (before and before[-1][:1].isupper() and len(before) > 1) or (after and after[0][:1].isupper())
        if not inside_name:
            return query[: m.start()] + bridge + query[m.end() :]
    return f"{query.rstrip('?').rstrip()} ({bridge})?"


class ClueGenerator(Protocol):
    def generate(self, question: str) -> list[Clue]: ...


class OfflineClueGenerator:
    """The offline clue chain (module docstring).

    A surrogate question made at hop ``compose_from_hop`` or later gets a *composed* vector:
    its query's vector with the known entity's stored vector swapped for the bridge's
    (``q + w·(e_bridge − e_known)``, renormalised; ``w`` = :data:`COMPOSE_WEIGHT`) instead of an
    encoder call on its text. Earlier
    hops' surrogates are encoded (one encoder call per hop): they steer the next hop's linking,
    where a composed vector loses recall. The vectors of span clues are the stored vectors of
    their triples (a span's text is the triple's text). All are recorded in the current
    :func:`query_scope`, where retrieval and the reader find them instead of encoding again.
    """

    def __init__(self, store: GraphStore, embedder: Embedder, depth: int = 2, per_hop: int = 2, link_top_k: int = 8,
                 compose_from_hop: int = 2) -> None:
        self._store = store
        self._embedder = embedder
        self._depth = depth
        self._per_hop = per_hop
        self._link_top_k = link_top_k
        self._compose_from = compose_from_hop
        self._rows = RowLookup()

    def _surrogate_vector(self, qv: np.ndarray, known_id: str, bridge_id: str) -> np.ndarray | None:
        ent_ids, ent_mat = self._store.vectors("entity")
        known, bridge = self._rows(ent_ids, [known_id, bridge_id])
        if known < 0 or bridge < 0:
            return None
        v = qv + COMPOSE_WEIGHT * (ent_mat[bridge] - ent_mat[known])
        n = float(np.linalg.norm(v))
        return (v / n).astype(np.float32) if n > 1e-9 else None

    def generate(self, question: str) -> list[Clue]:
        clues: list[Clue] = []
        used: set[str] = set()
        tri_ids, tri_mat = self._store.vectors("triple")
        # (query, weight, its vector when already known)
        frontier: list[tuple[str, float, np.ndarray | None]] = [(question, 1.0, None)]
        for hop in range(1, self._depth + 1):
            if not frontier:
                break
            missing = [q for q, _, v in frontier if v is None]
            encoded = dict(zip(missing, self._embedder.embed(missing))) if missing else {}
            qvecs = [v if v is not None else encoded[q] for q, _, v in frontier]
            next_frontier: list[tuple[str, float, np.ndarray | None]] = []
            for (query, weight, _), qv in zip(frontier, qvecs):
                taken = 0
                for lt in link_triples(self._store, qv[None, :], self._link_top_k):
                    t = lt.triple
                    if t.id in used or taken >= self._per_hop:
                        continue
                    used.add(t.id)
                    s_cov, o_cov = overlap(t.subject, query), overlap(t.object, query)
                    if max(s_cov, o_cov) < 0.5:
                        continue  # neither end is what the query asks about
                    known, known_id, bridge, bridge_id = (
                        (t.subject, t.subject_id, t.object, t.object_id) if s_cov >= o_cov
                        else (t.object, t.object_id, t.subject, t.subject_id)
                    )
                    if overlap(bridge, question) >= 0.6 or not _tokens(bridge):
                        continue  # not a new entity: no hop to make
                    taken += 1
                    score = round(lt.score * weight, 6)
                    clues.append(Clue(text=t.text, kind="span", hop=hop, source_triple_ids=(t.id,),
                                      bridge_entity=bridge, bridge_entity_id=bridge_id, score=score))
                    if 0 <= lt.row < len(tri_ids) and tri_ids[lt.row] == t.id:
                        remember([t.text], tri_mat[lt.row][None, :])
                    surrogate = _replace(query, known, bridge)
                    clues.append(Clue(text=surrogate, kind="surrogate_question", hop=hop, source_triple_ids=(t.id,),
                                      bridge_entity=bridge, bridge_entity_id=bridge_id, score=score))
                    sv = self._surrogate_vector(qv, known_id, bridge_id) if hop >= self._compose_from else None
                    if sv is not None:
                        remember([surrogate], sv[None, :])
                    next_frontier.append((surrogate, score, sv))
            next_frontier.sort(key=lambda x: -x[1])
            frontier = next_frontier[: self._per_hop]
        last = [c for c in clues if c.kind == "span"]
        if last:
            best = max(last, key=lambda c: (c.hop, c.score))
            clues.append(Clue(text=best.bridge_entity or "", kind="draft_answer", hop=best.hop,
                              source_triple_ids=best.source_triple_ids, bridge_entity=best.bridge_entity,
                              bridge_entity_id=best.bridge_entity_id, score=best.score))
        return clues


class _LLMClues(BaseModel):
    spans: list[str] = Field(default_factory=list)
    surrogate_questions: list[str] = Field(default_factory=list)
    draft_answer: str = ""


class LLMClueGenerator:
    """MemoRAG's three clue kinds from an LLM, given the question and the best-linked facts."""

    def __init__(self, llm: LLM, offline: OfflineClueGenerator, store: GraphStore, embedder: Embedder,
                 on_invalid: str = "fallback", memory_facts: int = 15) -> None:
        self._llm = llm
        self._offline = offline
        self._store = store
        self._embedder = embedder
        self._on_invalid = on_invalid
        self._facts = memory_facts

    def generate(self, question: str) -> list[Clue]:
        qv = self._embedder.embed([question])
        facts = [lt.triple.text for lt in link_triples(self._store, qv, self._facts)]
        prompt = CLUES.render(question=question, memory="\n".join(f"- {f}" for f in facts) or "(empty)")
        try:
            out, fell_back = generate(self._llm, prompt, _LLMClues,
                                      on_invalid="fallback" if self._on_invalid == "fallback" else "raise",
                                      fallback=lambda: _LLMClues())
        except LLMError as exc:  # endpoint down or failing: the same policy as invalid output
            if self._on_invalid != "fallback" or isinstance(exc, LLMOutputError):
                raise
            logger.warning("clue LLM failed (%s); using the offline clues", exc)
            fell_back = True
        if fell_back:
            return self._offline.generate(question)
        clues = [Clue(text=s, kind="span") for s in out.spans if len(s.split()) > 3]
        clues += [Clue(text=q, kind="surrogate_question") for q in out.surrogate_questions if len(q.split()) > 3]
        if out.draft_answer.strip():
            clues.append(Clue(text=out.draft_answer.strip(), kind="draft_answer"))
        return clues


def clue_queries(clues: Sequence[Clue]) -> list[str]:
    """Clue lines that retrieve (MemoRAG keeps lines longer than 3 words; draft answers too)."""
    return [c.text for c in clues if c.kind != "draft_answer" and len(c.text.split()) > 3]
