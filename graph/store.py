"""The ``GraphStore`` port. Both adapters (embedded SQLite, Neo4j) pass one contract suite."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator, Literal, Protocol, Sequence, runtime_checkable

import numpy as np

from hippograph.core.models import DocumentBundle, Episode, GraphStats, SynonymEdge, Triple, WriteResult

VectorKind = Literal["passage", "entity", "triple"]


@dataclass(frozen=True)
class PassageRecord:
    id: str
    doc_ids: tuple[str, ...]
    title: str
    text: str
    n_tokens: int
    locator: str = ""


@dataclass(frozen=True)
class DocumentState:
    """What a store holds of a document: its content hash and the fingerprint of the extraction
    that built its contribution (empty for documents stored before fingerprints were kept)."""

    content_hash: str
    extraction: str


@dataclass
class ProjectionRows:
    """What PPR needs from the store: nodes and weighted edges."""

    entity_ids: list[str] = field(default_factory=list)
    entity_names: list[str] = field(default_factory=list)
    passage_ids: list[str] = field(default_factory=list)
    relation_edges: list[tuple[str, str, float]] = field(default_factory=list)  # entity-entity, weight = count
    mention_edges: list[tuple[str, str]] = field(default_factory=list)  # (passage_id, entity_id)
    synonym_edges: list[tuple[str, str, float]] = field(default_factory=list)


@runtime_checkable
class GraphStore(Protocol):
    """Persistent graph of documents, passages, entities, triples, episodes and vectors.

    ``open`` does the I/O (connect, create schema); constructors never do.
    ``write_document`` is atomic per document: all of the bundle or nothing.
    """

    def open(self) -> None: ...

    def close(self) -> None: ...

    def version(self) -> str:
        """Changes whenever the graph changes (cache key for projections)."""
        ...

    def instance_id(self) -> str:
        """A random id made when the store was created: a wiped store gets a new one (task cache keys)."""
        ...

    def document_state(self, doc_id: str) -> DocumentState | None:
        """The document's stored content hash and extraction fingerprint, or None if it is not in the graph."""
        ...

    def write_document(self, bundle: DocumentBundle, functional_predicates: Sequence[str] = ()) -> WriteResult: ...

    def delete_document(self, doc_id: str) -> bool: ...

    def missing_vectors(self, kind: VectorKind, ids: Sequence[str]) -> set[str]: ...

    def replace_synonyms(self, edges: Sequence[SynonymEdge], built_at: str | None = None) -> int:
        """Replace every synonym edge. ``built_at``: the graph :meth:`version` the edges were
        computed from; if another write came after it (a second ingest run at the same time),
        the edges are written but not marked current, so the next run rebuilds them."""
        ...

    def synonyms_current(self) -> bool:
        """True when the synonym edges were rebuilt after the last write (false after a crash
        between the documents and the synonym step, so a re-run rebuilds them)."""
        ...

    def vectors(self, kind: VectorKind) -> tuple[list[str], np.ndarray]:
        """Ids (sorted) and their float32 vectors, one row each, stored column-major so that
        ``query @ matrix.T`` streams memory in order; cached until the graph version changes."""
        ...

    def get_passages(self, ids: Sequence[str]) -> list[PassageRecord]: ...

    def iter_passages(self) -> Iterator[PassageRecord]: ...

    def get_triples(self, ids: Sequence[str]) -> list[Triple]: ...

    def triples_of_passages(self, passage_ids: Sequence[str]) -> list[Triple]: ...

    def triples_with_predicates(self, predicates: Sequence[str], limit: int) -> list[Triple]:
        """Up to ``limit`` facts stated under each of ``predicates`` anywhere in the graph, the
        lowest triple ids first (the same sample every call): what a relation leads to."""
        ...

    def entity_names(self, ids: Sequence[str]) -> dict[str, str]: ...

    def episodes(self, doc_id: str) -> list[Episode]: ...

    def projection_rows(self) -> ProjectionRows: ...

    def stats(self) -> GraphStats: ...
