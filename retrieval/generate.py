"""The LLM answer stage: an answer from the selected passages, citing passage ids that were given.

Citations are checked: an answer citing a passage that was not in the prompt is invalid
output and follows the LLM policy (retry once, then fall back to the extractive answer or
raise, per ``llm.on_invalid``).
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, Sequence

from pydantic import BaseModel, Field

from hippograph.core.errors import LLMError, LLMOutputError
from hippograph.core.ids import normalize_entity
from hippograph.core.models import NOT_FOUND, Answer, Citation, Clue, ReasoningPath, RetrievalResult, RetrievedPassage, SelectionResult
from hippograph.llm.port import LLM
from hippograph.llm.prompts import ANSWER, UTILITY
from hippograph.llm.structured import generate
from hippograph.retrieval.selection import Utility

if TYPE_CHECKING:
    from hippograph.runtime.strategies import Answerer

logger = logging.getLogger(__name__)


class _LLMAnswer(BaseModel):
    answer: str
    citations: list[str] = Field(default_factory=list)
    path: str = ""


class _LLMScore(BaseModel):
    score: float = Field(ge=0, le=10)


def label_passages(passages: Sequence[RetrievedPassage]) -> str:
    return "\n\n".join(f"[P{i}] {p.title}: {p.text}" for i, p in enumerate(passages, start=1))


def _evidence(passage: RetrievedPassage, answer: str) -> str:
    sentences = re.split(r"(?<=[.!?])\s+", passage.text)
    low = answer.lower()
    return next((s for s in sentences if low and low in s.lower()), sentences[0] if sentences else passage.text[:200])


class LLMAnswerer:
    """A HippoRAG 2-style reading prompt over the selected passages; the offline graph reader's best
    paths go in as hints, and it is the fallback when the LLM fails (per ``llm.on_invalid``)."""

    def __init__(self, llm: LLM, fallback: Answerer, on_invalid: str = "fallback", max_passages: int = 8) -> None:
        self._llm = llm
        self._fallback = fallback
        self._on_invalid = on_invalid
        self._max = max_passages

    def answer(self, retrieval: RetrievalResult, selection: SelectionResult | None = None,
               clues: Sequence[Clue] = ()) -> Answer:
        passages = list(selection.passages if selection is not None else retrieval.passages)[: self._max]
        labels = {f"P{i}": p for i, p in enumerate(passages, start=1)}
        offline = self._fallback.answer(retrieval, selection, clues)

        def check(out: _LLMAnswer) -> None:
            bad = [c for c in out.citations if c.strip("[] ") not in labels]
            if bad:
                raise LLMOutputError(f"cites {', '.join(bad)}, which were not given (valid: {', '.join(labels)})")
            if not out.answer.strip():
                raise LLMOutputError("empty answer")

        hints = [offline.path.text] if offline.path is not None else []
        prompt = ANSWER.render(question=retrieval.question, passages=label_passages(passages),
                               facts="\n".join(f"- {h}" for h in hints) or "(none)")
        try:
            out, _ = generate(self._llm, prompt, _LLMAnswer, on_invalid="raise", check=check, prefill=ANSWER.prefill)
        except LLMError as exc:
            if self._on_invalid != "fallback":
                raise
            logger.warning("LLM answer failed (%s); answering offline", exc)
            return offline
        cited = [labels[c.strip("[] ")] for c in dict.fromkeys(out.citations)]
        text = out.answer.strip()
        if text.lower().rstrip(".") == NOT_FOUND:
            return Answer(question=retrieval.question, answer=NOT_FOUND, kind="abstain", citations=offline.citations,
                          confidence=0.0, retrieval=retrieval, selection=selection, best_guess=offline.best_guess or offline.answer)
        path = ReasoningPath(hops=(), text=out.path.strip()) if out.path.strip() else None
        # the LLM gives no calibrated probability: agreeing with the calibrated offline reader is the
        # evidence (its confidence, at least 0.5); otherwise 0.5 with citations, 0.3 without
        agrees = normalize_entity(text) == normalize_entity(offline.best_guess or offline.answer)
        confidence = max(offline.confidence, 0.5) if agrees else 0.5 if cited else 0.3
        return Answer(
            question=retrieval.question,
            answer=text,
            kind="generative",
            citations=tuple(Citation.of(p, _evidence(p, text)) for p in cited),
            confidence=confidence,
            retrieval=retrieval,
            selection=selection,
            path=path,
        )


class LLMUtility:
    """An LLM-judged utility of a passage set (0–10 scaled to 0–1), cached per set."""

    def __init__(
        self, llm: LLM, question: str, candidates: Sequence[RetrievedPassage], fallback: Utility | None = None
    ) -> None:
        self._llm = llm
        self._question = question
        self._candidates = candidates
        self._cache: dict[tuple[int, ...], float] = {}
        self._fallback = fallback  # used for the rest of the search once the LLM failed
        self._failed = False

    def __call__(self, state: tuple[int, ...]) -> float:
        key = tuple(sorted(state))
        if not key:
            return 0.0
        if self._failed and self._fallback is not None:
            return self._fallback(state)
        if key not in self._cache:
            prompt = UTILITY.render(question=self._question, passages=label_passages([self._candidates[i] for i in key]))
            try:
                out, _ = generate(self._llm, prompt, _LLMScore, on_invalid="raise")
            except LLMError as exc:
                if self._fallback is None:
                    raise
                logger.warning("utility LLM failed (%s); the search goes on with the offline utility", exc)
                self._failed = True
                return self._fallback(state)
            self._cache[key] = out.score / 10.0
        return self._cache[key]
