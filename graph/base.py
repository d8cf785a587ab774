"""The skeleton both ``GraphStore`` adapters share; each adapter keeps only what differs.

- :meth:`BaseStore.write_document`: one transaction per document: unchanged → nothing;
  changed → remove its old contribution, insert the bundle, mark superseded facts; any
  failure → "write failed, nothing was kept";
- :meth:`BaseStore.replace_synonyms`: de-duplicates undirected edges (best score kept);
- :meth:`BaseStore.vectors`: a matrix per vector kind, cached until the graph version changes,
  column-major so ``query @ matrix.T`` streams memory in order;
- :func:`batched`, :func:`functional_rows`: batching and predicate normalisation.

An adapter implements the ``_``-prefixed hooks: a write transaction, the stored content
hash, removing and inserting a document's rows, superseding, writing synonym rows, and
reading a vector kind.
"""

from __future__ import annotations

from typing import Any, Callable, Iterator, Sequence, TypeVar

import numpy as np

from hippograph.core.errors import StoreError, StoreUnavailableError
from hippograph.core.ids import normalize_text
from hippograph.core.models import DocumentBundle, SynonymEdge, WriteResult
from hippograph.graph.store import DocumentState, VectorKind
from hippograph.graph.supersession import is_functional

T = TypeVar("T")
S = TypeVar("S")


def batched(rows: Sequence[S], size: int) -> Iterator[Sequence[S]]:
    """``rows`` in consecutive slices of at most ``size``."""
    for i in range(0, len(rows), size):
        yield rows[i : i + size]


def normalize_predicate(predicate: str) -> str:
    return normalize_text(predicate).lower()


def functional_rows(bundle: DocumentBundle, functional_predicates: Sequence[str]) -> list[dict[str, str]]:
    """The bundle's triples whose predicate holds one value at a time (they can supersede older facts)."""
    return [
        {"id": t.id, "subject_id": t.subject_id, "object_id": t.object_id, "predicate": normalize_predicate(t.predicate)}
        for t in bundle.triples
        if is_functional(t.predicate, functional_predicates)
    ]


def synonym_rows(edges: Sequence[SynonymEdge]) -> list[tuple[str, str, float]]:
    """Undirected, de-duplicated (a < b) synonym edges, sorted."""
    best = {(min(e.source_id, e.target_id), max(e.source_id, e.target_id)): e.score for e in edges}
    return [(a, b, s) for (a, b), s in sorted(best.items())]


def check_vectors(bundle: DocumentBundle) -> None:
    for kind, ids, matrix in (
        ("passage", [p.id for p in bundle.passages], bundle.passage_vectors),
        ("entity", bundle.entity_vector_ids, bundle.entity_vectors),
        ("triple", bundle.triple_vector_ids, bundle.triple_vectors),
    ):
        rows = matrix.shape[0] if matrix.ndim == 2 else 0
        if ids and len(ids) != rows:
            raise StoreError(f"document {bundle.document.source}: {len(ids)} {kind} ids but {rows} vector rows")


class _Unchanged(Exception):
    """Internal: abort the write transaction, the document is stored as is."""


class BaseStore:
    """Shared write path and vector cache (see the module docstring)."""

    def __init__(self) -> None:
        self._vector_cache: dict[str, tuple[str, list[str], np.ndarray]] = {}

    # -- hooks -----------------------------------------------------------------------------
    def version(self) -> str:
        raise NotImplementedError

    def _write(self, work: Callable[[Any], T], what: str) -> T:
        """Run ``work(tx)`` in one write transaction (all or nothing), mapping driver errors to StoreErrors."""
        raise NotImplementedError

    def _stored_state(self, tx: Any, doc_id: str) -> DocumentState | None:
        raise NotImplementedError

    def _remove_contribution(self, tx: Any, doc_id: str) -> None:
        """Remove what only this document contributed; keep what other documents also support."""
        raise NotImplementedError

    def _insert(self, tx: Any, bundle: DocumentBundle) -> None:
        raise NotImplementedError

    def _supersede(self, tx: Any, bundle: DocumentBundle, functional: list[dict[str, str]]) -> int:
        """AriGraph update, Graphiti-style: an older fact with the same subject and functional
        predicate but another object is kept and marked superseded by the new one."""
        raise NotImplementedError

    def _write_synonyms(self, tx: Any, rows: list[tuple[str, str, float]], built_at: str | None) -> None:
        """Replace the edges; mark them current unless the graph moved past ``built_at``."""
        raise NotImplementedError

    def _begin(self, tx: Any) -> None:
        """First step of a document write or delete, in its transaction: serialise it with every
        other writer of the store (what it reads next must not change under it) and move the
        graph version. The embedded store's transactions are serialised already."""

    def _read_vectors(self, kind: VectorKind) -> tuple[list[str], np.ndarray]:
        raise NotImplementedError

    # -- the shared skeleton ---------------------------------------------------------------
    def write_document(self, bundle: DocumentBundle, functional_predicates: Sequence[str] = ()) -> WriteResult:
        doc = bundle.document
        check_vectors(bundle)
        functional = functional_rows(bundle, functional_predicates)

        def work(tx: Any) -> WriteResult:
            self._begin(tx)
            old = self._stored_state(tx, doc.id)
            if old == DocumentState(doc.content_hash, bundle.extraction):
                raise _Unchanged()
            if old is not None:
                self._remove_contribution(tx, doc.id)
            self._insert(tx, bundle)
            superseded = self._supersede(tx, bundle, functional)
            return WriteResult(
                doc_id=doc.id, status="updated" if old is not None else "created", passages=len(bundle.passages),
                entities=len(bundle.entities), triples=len(bundle.triples), superseded=superseded,
            )

        try:
            return self._write(work, f"write of document {doc.source}")
        except _Unchanged:
            return WriteResult(doc_id=doc.id, status="unchanged")
        except StoreUnavailableError:
            raise
        except StoreError as exc:
            raise StoreError(f"document {doc.source}: write failed, nothing was kept ({exc})") from exc

    def replace_synonyms(self, edges: Sequence[SynonymEdge], built_at: str | None = None) -> int:
        rows = synonym_rows(edges)
        self._write(lambda tx: self._write_synonyms(tx, rows, built_at), "synonym edges")
        return len(rows)

    def vectors(self, kind: VectorKind) -> tuple[list[str], np.ndarray]:
        version = self.version()
        cached = self._vector_cache.get(kind)
        if cached is not None and cached[0] == version:
            return cached[1], cached[2]
        ids, matrix = self._read_vectors(kind)
        matrix = np.asfortranarray(matrix if len(ids) else np.zeros((0, 0), np.float32))
        self._vector_cache[kind] = (version, ids, matrix)
        return ids, matrix
