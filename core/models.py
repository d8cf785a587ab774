"""Typed contracts between the stages.

Document → Passage → Entity/Triple (+ Episode) → RetrievedPassage → Answer.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal, Sequence

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Section(_Model):
    """Where a part of a document starts: a character offset into ``Document.text`` and a
    label a person can find it by (``p. 3`` for a PDF page, ``§ Methods`` for a heading)."""

    start: int
    label: str


class Document(_Model):
    """One source document, as loaded. ``id`` comes from ``key`` (stable across edits),
    ``content_hash`` from the text (changes when the document changes). ``sections`` (in order
    of ``start``) give each passage its locator: pages of a PDF, headings of HTML and Markdown."""

    id: str
    key: str
    title: str
    text: str
    source: str
    content_hash: str
    metadata: dict[str, str] = Field(default_factory=dict)
    sections: tuple[Section, ...] = ()


class Passage(_Model):
    """A chunk of a document; ``id`` is the sha256 of its normalised text. ``locator`` says
    where it is in its file (``report.pdf p. 3``, ``guide.html § Install``), empty when the
    file has no pages or headings."""

    id: str
    doc_id: str
    title: str
    text: str
    position: int
    n_tokens: int
    locator: str = ""


class Entity(_Model):
    """A graph node for a named thing. ``name`` is normalised; surface forms are kept."""

    id: str
    name: str
    surface_forms: tuple[str, ...] = ()
    label: str | None = None


class Triple(_Model):
    """A (subject, predicate, object) fact stated by one passage."""

    id: str
    subject: str
    predicate: str
    object: str
    subject_id: str
    object_id: str
    passage_id: str
    superseded_by: str | None = None

    @property
    def text(self) -> str:
        return f"{self.subject} {self.predicate} {self.object}"


class Extraction(_Model):
    """What an extractor found in one passage."""

    passage_id: str
    entities: tuple[Entity, ...]
    triples: tuple[Triple, ...]


class Episode(_Model):
    """AriGraph episodic memory: one ingestion of one document version, and what it taught."""

    id: str
    doc_id: str
    content_hash: str
    ingested_at: datetime
    extractor: str
    triple_ids: tuple[str, ...]


class Supersession(_Model):
    """An older fact made outdated by a newer one (same subject and functional predicate)."""

    old_triple_id: str
    new_triple_id: str
    episode_id: str


class DocumentBundle(BaseModel):
    """Everything one document contributes to the graph, written atomically."""

    model_config = ConfigDict(arbitrary_types_allowed=True, extra="forbid")

    document: Document
    passages: list[Passage]
    entities: list[Entity]
    triples: list[Triple]
    mentions: list[tuple[str, str]]  # (passage_id, entity_id)
    episode: Episode
    passage_vectors: np.ndarray  # aligned with ``passages``
    entity_vector_ids: list[str]  # entities whose vectors travel with the bundle (new ones)
    entity_vectors: np.ndarray
    triple_vector_ids: list[str]
    triple_vectors: np.ndarray
    extraction: str = ""  # fingerprint of what built it (ingest/fingerprint.py): kept with the document


class WriteResult(_Model):
    doc_id: str
    status: Literal["created", "updated", "unchanged"]
    passages: int = 0
    entities: int = 0
    triples: int = 0
    superseded: int = 0


class GraphStats(_Model):
    documents: int
    passages: int
    entities: int
    triples: int
    synonym_edges: int
    episodes: int
    superseded_triples: int


class SynonymEdge(_Model):
    source_id: str
    target_id: str
    score: float


class LinkedNode(_Model):
    """A graph node linked to the question, and why."""

    entity_id: str
    name: str
    score: float
    via: Literal["triple", "ner", "clue"]
    evidence: str = ""


class Clue(_Model):
    """A MemoRAG-style clue that widened the question."""

    text: str
    kind: Literal["span", "surrogate_question", "draft_answer"]
    hop: int = 1
    source_triple_ids: tuple[str, ...] = ()
    bridge_entity: str | None = None
    bridge_entity_id: str | None = None
    score: float = 0.0


class RetrievedPassage(_Model):
    passage_id: str
    doc_id: str
    title: str
    text: str
    rank: int
    score: float
    dense_score: float | None = None
    ppr_score: float | None = None
    n_tokens: int = 0
    locator: str = ""


class RetrievalResult(_Model):
    question: str
    method: str
    passages: tuple[RetrievedPassage, ...]
    seeds: tuple[LinkedNode, ...] = ()
    clues: tuple[Clue, ...] = ()
    fallback: str | None = None
    timings_ms: dict[str, float] = Field(default_factory=dict)
    # the encoder's vectors of the queries retrieval embedded (question, then clue lines), kept
    # in-process so the reader does not embed them again; never serialised
    _query_vectors: Any = PrivateAttr(default=None)

    def keep_query_vectors(self, queries: Sequence[str], vectors: Any) -> "RetrievalResult":
        self._query_vectors = (tuple(queries), vectors)
        return self

    def query_vectors(self, queries: Sequence[str]) -> Any:
        """The vectors retrieval computed for exactly these queries, else None."""
        kept = self._query_vectors
        return kept[1] if kept is not None and kept[0] == tuple(queries) else None


class SelectionResult(_Model):
    method: str
    passages: tuple[RetrievedPassage, ...]
    tokens: int
    budget: int
    utility: float
    stats: dict[str, float] = Field(default_factory=dict)


class Citation(_Model):
    passage_id: str
    title: str
    evidence: str
    locator: str = ""

    @classmethod
    def of(cls, passage: RetrievedPassage, evidence: str) -> Citation:
        return cls(passage_id=passage.passage_id, title=passage.title, evidence=evidence, locator=passage.locator)

    @property
    def where(self) -> str:
        """The title, and the file location when there is one: ``Annual report (report.pdf p. 3)``."""
        return f"{self.title} ({self.locator})" if self.locator else self.title


class PathHop(_Model):
    """One triple of a reasoning path; ``forward`` is False when it is walked object → subject."""

    subject: str
    predicate: str
    object: str
    forward: bool = True
    passage_id: str = ""
    triple_id: str = ""


class ReasoningPath(_Model):
    """A chain of triples from an entity the question names to the answer."""

    hops: tuple[PathHop, ...]
    text: str
    score: float = 0.0


NOT_FOUND = "not found in the documents"


class Answer(_Model):
    """The answer a user reads. ``kind``: ``graph-path`` (read off a chain of triples),
    ``extractive`` (a span of a passage), ``generative`` (an LLM), ``abstain`` (confidence below
    ``answer.min_confidence``: ``answer`` is "not found in the documents", ``best_guess`` and the
    citations hold the best evidence). ``confidence`` is calibrated: answers given confidence c
    were right about c of the time on held-out questions."""

    question: str
    answer: str
    kind: Literal["extractive", "generative", "graph-path", "abstain"]
    citations: tuple[Citation, ...]
    confidence: float = 0.0
    retrieval: RetrievalResult
    selection: SelectionResult | None = None
    path: ReasoningPath | None = None
    best_guess: str | None = None
    alternatives: tuple[str, ...] = ()

    @property
    def given(self) -> str:
        """The answer as scored: the best guess when the stage abstained with one, else ``answer``."""
        return self.best_guess if self.kind == "abstain" and self.best_guess else self.answer
