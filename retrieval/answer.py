"""Offline extractive answering: pick an answer span from the retrieved passages.

The expected answer type comes from the question's wh-word ("who" → person/organisation,
"when" → date, "where" → place, "how many" → number...). Sentences of the top passages
are scored by embedding similarity to the question (and to the clues); candidate spans
(named entities, else noun chunks) in them score by sentence score, type match and
passage rank, and lose if they already occur in the question. The answer cites the
passage it came from. It is marked ``extractive``: no text is generated.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np

from hippograph.core.embedding import Embedder
from hippograph.core.errors import AnswerError
from hippograph.core.ids import normalize_entity
from hippograph.core.models import Answer, Citation, Clue, RetrievalResult, RetrievedPassage, SelectionResult
from hippograph.core.nlp import load_spacy

logger = logging.getLogger(__name__)

TYPE_RULES: list[tuple[re.Pattern[str], set[str]]] = [
    (re.compile(r"\bhow (many|much)\b"), {"CARDINAL", "QUANTITY", "MONEY", "PERCENT"}),
    (re.compile(r"\b(when|what year|which year|what date|what time|what decade|what century)\b"), {"DATE", "TIME"}),
    (re.compile(r"\bhow (long|old)\b"), {"DATE", "TIME", "QUANTITY", "CARDINAL"}),
    (re.compile(r"\b(where|what (city|country|state|county|place|town|region|continent)|which (city|country|state|county|place|town|region|continent))\b"), {"GPE", "LOC", "FAC"}),
    (re.compile(r"\b(who|whom|whose)\b"), {"PERSON", "ORG", "NORP"}),
    (re.compile(r"\b(what|which) (company|organization|organisation|team|band|group|party|university|label|network|publisher|association)\b"), {"ORG"}),
    (re.compile(r"\b(what|which) language\b"), {"LANGUAGE", "NORP"}),
]


def expected_types(question: str) -> set[str]:
    q = question.lower()
    for pattern, types in TYPE_RULES:
        if pattern.search(q):
            return types
    return set()


@dataclass
class SpanCandidate:
    """A span of a passage sentence that may answer the question, with its score."""

    text: str
    score: float
    passage: RetrievedPassage
    sentence: str


class ExtractiveAnswerer:
    """The span reader: named entities (else noun chunks) of the best-matching sentences."""

    def __init__(self, embedder: Embedder, spacy_model: str, max_passages: int = 5) -> None:
        self._embedder = embedder
        self._spacy_model = spacy_model
        self._max_passages = max_passages

    def candidates(
        self, question: str, passages: Sequence[RetrievedPassage], clues: Sequence[Clue] = (),
        query_vecs: np.ndarray | None = None,
    ) -> list[SpanCandidate]:
        """Every candidate span of the top passages, best score per normalised text."""
        passages = list(passages)[: self._max_passages]
        if not passages:
            return []
        nlp = load_spacy(self._spacy_model)
        types = expected_types(question)
        q_norm = normalize_entity(question)
        q_words = set(q_norm.split())
        docs = list(nlp.pipe([p.text for p in passages]))
        sentences: list[tuple[int, Any]] = [(i, s) for i, d in enumerate(docs) for s in d.sents if s.text.strip()]
        if not sentences:
            raise AnswerError("the retrieved passages have no sentences to answer from")
        if query_vecs is None:
            query_vecs = self._embedder.embed([question] + [c.text for c in clues if c.kind != "draft_answer"])
        sv = self._embedder.embed([f"{passages[i].title}: {s.text}" for i, s in sentences])
        sim = sv @ query_vecs.T
        sent_scores = sim[:, 0] + 0.3 * (sim[:, 1:].max(axis=1) if sim.shape[1] > 1 else 0.0)
        # first-hop bridges are intermediate answers; the draft answer (deepest bridge) is often the final one
        draft = {normalize_entity(c.text) for c in clues if c.kind == "draft_answer"}
        bridge = {normalize_entity(c.bridge_entity) for c in clues if c.bridge_entity and c.hop == 1} - draft

        cands: dict[str, SpanCandidate] = {}
        for (pi, sent), s_score in zip(sentences, sent_scores):
            spans = [(e.text, e.label_) for e in sent.ents]
            if not types:
                spans += [(c.text, "") for c in sent.noun_chunks]
            for text, label in spans:
                text = re.sub(r"^(the|a|an)\s+", "", text.strip(), flags=re.I).strip(" ,.;:'\"`")
                norm = normalize_entity(text)
                if not norm or norm in {"it", "he", "she", "they", "this"}:
                    continue
                words = set(norm.split())
                overlap = len(words & q_words) / max(1, len(words))
                rank_pen = 0.08 * passages[pi].rank / len(passages) if passages[pi].rank else 0.0
                score = float(s_score) - rank_pen
                if types:
                    score += 0.35 if label in types else -0.25
                score -= 0.6 * overlap + (0.5 if norm in q_norm else 0.0)
                score += -0.3 * (norm in bridge) + 0.15 * (norm in draft)
                prev = cands.get(norm)
                if prev is None or score > prev.score:
                    cands[norm] = SpanCandidate(text, score, passages[pi], sent.text.strip())
        if not cands:
            best_i = int(np.argmax(sent_scores))
            pi, sent = sentences[best_i]
            text = sent.text.strip()
            cands[normalize_entity(text)] = SpanCandidate(text, float(sent_scores[best_i]), passages[pi], text)
        return sorted(cands.values(), key=lambda c: -c.score)

    def answer(
        self,
        retrieval: RetrievalResult,
        selection: SelectionResult | None = None,
        clues: Sequence[Clue] = (),
    ) -> Answer:
        question = retrieval.question
        passages = list(selection.passages if selection is not None else retrieval.passages)
        cands = self.candidates(question, passages, clues)
        if not cands:
            return Answer(
                question=question, answer="", kind="extractive", citations=(), confidence=0.0,
                retrieval=retrieval, selection=selection,
            )
        chosen = cands[0]
        citations = [Citation.of(chosen.passage, chosen.sentence)]
        return Answer(
            question=question,
            answer=chosen.text,
            kind="extractive",
            citations=tuple(citations),
            confidence=round(float(1 / (1 + np.exp(-4 * (chosen.score - 0.4)))), 4),
            retrieval=retrieval,
            selection=selection,
        )
