"""``GraphStore`` on a real Neo4j 5 server over Bolt.

All Cypher lives in :mod:`graph.cypher`. One document is written in one transaction,
with every row list sent as ``UNWIND $rows`` batches of ``neo4j.batch_size``: a failed
document leaves nothing half-written. Connection problems raise
:class:`StoreUnavailableError` (worth retrying) naming the URI; refused credentials raise
:class:`StoreAuthError`. The password is a ``SecretStr`` and never appears in messages.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from datetime import datetime
from typing import TYPE_CHECKING, Any, Callable, Iterator, Sequence, TypeVar

import numpy as np

from hippograph.core.errors import StoreAuthError, StoreError, StoreUnavailableError
from hippograph.core.models import DocumentBundle, Episode, GraphStats, Triple, WriteResult
from hippograph.core.redact import register_secret
from hippograph.core.settings import Neo4jSettings
from hippograph.graph import cypher
from hippograph.graph.base import BaseStore, batched
from hippograph.graph.store import DocumentState, PassageRecord, ProjectionRows, VectorKind

if TYPE_CHECKING:
    from hippograph.core.settings import Settings

logger = logging.getLogger(__name__)
T = TypeVar("T")


_batches = batched
# schema errors that mean "it exists already" (a concurrent writer's IF NOT EXISTS won the race)
_ALREADY_THERE = frozenset({
    "Neo.ClientError.Schema.EquivalentSchemaRuleAlreadyExists",
    "Neo.ClientError.Schema.IndexAlreadyExists",
    "Neo.ClientError.Schema.ConstraintAlreadyExists",
})


class Neo4jStore(BaseStore):
    def __init__(self, settings: Neo4jSettings) -> None:
        super().__init__()
        self._s = settings
        self._driver: Any = None
        self._lock = threading.Lock()
        self._vector_dim: int | None = None
        self._schema_lock = threading.RLock()

    # -- lifecycle -------------------------------------------------------------------------
    def open(self) -> None:
        with self._lock:
            if self._driver is not None:
                return
            import neo4j
            from neo4j.exceptions import AuthError, ServiceUnavailable

            if self._s.password is None:
                raise StoreAuthError(
                    f"Neo4j at {self._s.uri}: no password configured (set HIPPOGRAPH_NEO4J__PASSWORD)"
                )
            register_secret(self._s.password.get_secret_value())
            driver = neo4j.GraphDatabase.driver(
                self._s.uri,
                auth=(self._s.user, self._s.password.get_secret_value()),
                connection_timeout=10,
                max_transaction_retry_time=self._s.transaction_retry_s,
            )
            last: Exception | None = None
            for attempt in range(self._s.connect_retries + 1):
                try:
                    driver.verify_connectivity()
                    break
                except AuthError as exc:
                    driver.close()
                    raise StoreAuthError(
                        f"Neo4j at {self._s.uri} refused the credentials of user {self._s.user!r}"
                    ) from exc
                except (ServiceUnavailable, OSError) as exc:
                    last = exc
                    if attempt < self._s.connect_retries:
                        time.sleep(self._s.connect_backoff_s * 2**attempt)
            else:
                driver.close()
                raise StoreUnavailableError(
                    f"Neo4j at {self._s.uri} is unreachable after {self._s.connect_retries + 1} attempts: "
                    f"{type(last).__name__}"
                ) from last
            self._driver = driver
        self._run_schema(cypher.CONSTRAINTS)
        self._run_schema(cypher.BACKFILL_CAPTIONS)
        dims = self._read(cypher.VECTOR_INDEX_OPTIONS)
        if dims:
            self._vector_dim = int(dims[0]["options"]["indexConfig"]["vector.dimensions"])

    def close(self) -> None:
        with self._lock:
            if self._driver is not None:
                self._driver.close()
                self._driver = None

    def __enter__(self) -> "Neo4jStore":
        self.open()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def driver(self) -> Any:
        if self._driver is None:
            raise StoreError(f"Neo4j store at {self._s.uri} is not open (call open())")
        return self._driver

    def _wrap(self, fn: Callable[[], T], what: str) -> T:
        from neo4j.exceptions import AuthError, Neo4jError, ServiceUnavailable, SessionExpired, TransientError

        try:
            return fn()
        except AuthError as exc:
            raise StoreAuthError(f"Neo4j at {self._s.uri}: credentials refused during {what}") from exc
        except (ServiceUnavailable, SessionExpired, TransientError, OSError) as exc:
            raise StoreUnavailableError(f"Neo4j at {self._s.uri} unavailable during {what}: {type(exc).__name__}") from exc
        except Neo4jError as exc:
            raise StoreError(f"Neo4j at {self._s.uri}: {what} failed: {exc.code}: {exc.message}") from exc

    def _session(self) -> Any:
        return self.driver.session(database=self._s.database)

    def _read(self, query: str, **params: Any) -> list[dict[str, Any]]:
        def run() -> list[dict[str, Any]]:
            with self._session() as s:
                return [dict(r) for r in s.execute_read(lambda tx: list(tx.run(query, **params)))]

        return self._wrap(run, "read")

    def _run_schema(self, statements: Sequence[str]) -> None:
        from neo4j.exceptions import ClientError

        def run() -> None:
            with self._session() as s:
                for st in statements:
                    try:
                        s.run(st).consume()
                    except ClientError as exc:
                        # "IF NOT EXISTS" is not atomic: another writer (a thread, a Dask worker)
                        # created the same index or constraint a moment earlier, which is the goal
                        if exc.code not in _ALREADY_THERE:
                            raise

        with self._schema_lock:
            self._wrap(run, "schema setup")

    def clear(self) -> None:
        """Delete every node (tests and benchmarks only)."""

        def run() -> None:
            with self._session() as s:
                s.run(cypher.DELETE_ALL).consume()
                s.run(cypher.RESET_META).consume()

        self._wrap(run, "clear")
        self._vector_cache.clear()

    # -- reads -----------------------------------------------------------------------------
    def version(self) -> str:
        rows = self._read(cypher.VERSION)
        return str(rows[0]["version"]) if rows else "0"

    def synonyms_current(self) -> bool:
        rows = self._read(cypher.SYNONYMS_CURRENT)
        return bool(rows and rows[0]["current"])

    def instance_id(self) -> str:
        rows = self._read(cypher.INSTANCE)
        return str(rows[0]["instance"]) if rows else ""

    def document_state(self, doc_id: str) -> DocumentState | None:
        rows = self._read(cypher.DOCUMENT_STATE, id=doc_id)
        return DocumentState(rows[0]["hash"], rows[0]["extraction"]) if rows else None

    def missing_vectors(self, kind: VectorKind, ids: Sequence[str]) -> set[str]:
        out: set[str] = set()
        unique = sorted(set(ids))
        for part in _batches(unique, 5000):
            out.update(r["id"] for r in self._read(cypher.MISSING_VECTORS[kind], ids=list(part)))
        return out

    def _read_vectors(self, kind: VectorKind) -> tuple[list[str], np.ndarray]:
        rows = self._read(cypher.VECTORS[kind])
        ids = [r["id"] for r in rows]
        return ids, np.asarray([r["v"] for r in rows], dtype=np.float32) if rows else np.zeros((0, 0), np.float32)

    @staticmethod
    def _passage(r: dict[str, Any]) -> PassageRecord:
        return PassageRecord(id=r["id"], doc_ids=tuple(r["doc_ids"]), title=r["title"], text=r["text"], n_tokens=r["n_tokens"],
                             locator=r["locator"])

    def get_passages(self, ids: Sequence[str]) -> list[PassageRecord]:
        found = {r["id"]: self._passage(r) for r in self._read(cypher.GET_PASSAGES, ids=list(ids))}
        return [found[i] for i in ids if i in found]

    def iter_passages(self) -> Iterator[PassageRecord]:
        for r in self._read(cypher.ALL_PASSAGES):
            yield self._passage(r)

    @staticmethod
    def _triple(r: dict[str, Any]) -> Triple:
        return Triple(**r)

    def get_triples(self, ids: Sequence[str]) -> list[Triple]:
        return [self._triple(r) for r in self._read(cypher.GET_TRIPLES, ids=list(dict.fromkeys(ids)))]

    def triples_of_passages(self, passage_ids: Sequence[str]) -> list[Triple]:
        return [self._triple(r) for r in self._read(cypher.TRIPLES_OF_PASSAGES, ids=list(dict.fromkeys(passage_ids)))]

    def triples_with_predicates(self, predicates: Sequence[str], limit: int) -> list[Triple]:
        return [self._triple(r) for r in self._read(cypher.TRIPLES_WITH_PREDICATES, predicates=list(dict.fromkeys(predicates)),
                                                    limit=limit)]

    def entity_names(self, ids: Sequence[str]) -> dict[str, str]:
        out: dict[str, str] = {}
        for part in _batches(list(dict.fromkeys(ids)), 10000):
            out.update({r["id"]: r["name"] for r in self._read(cypher.ENTITY_NAMES, ids=list(part))})
        return out

    def episodes(self, doc_id: str) -> list[Episode]:
        return [
            Episode(
                id=r["id"], doc_id=r["doc_id"], content_hash=r["content_hash"],
                ingested_at=datetime.fromisoformat(r["ingested_at"]), extractor=r["extractor"],
                triple_ids=tuple(r["triple_ids"]),
            )
            for r in self._read(cypher.EPISODES, doc_id=doc_id)
        ]

    def projection_rows(self) -> ProjectionRows:
        def run() -> ProjectionRows:
            with self._session() as s:
                def read(tx: Any) -> ProjectionRows:
                    rec = tx.run(cypher.PROJECTION_ENTITIES).single()
                    ents = sorted(zip(rec["ids"], rec["names"])) if rec is not None else []
                    passages = sorted((r[0], r[1]) for r in tx.run(cypher.PROJECTION_PASSAGES))
                    relations = sorted(
                        (r[0], o, float(w)) for r in tx.run(cypher.PROJECTION_RELATIONS) for o, w in r[1]
                    )
                    return ProjectionRows(
                        entity_ids=[e[0] for e in ents],
                        entity_names=[e[1] for e in ents],
                        passage_ids=[p[0] for p in passages],
                        relation_edges=relations,
                        mention_edges=sorted((p, e) for p, es in passages for e in es),
                        synonym_edges=sorted(
                            (r[0], b, float(w)) for r in tx.run(cypher.PROJECTION_SYNONYMS) for b, w in zip(r[1], r[2])
                        ),
                    )

                result: ProjectionRows = s.execute_read(read)
                return result

        return self._wrap(run, "projection read")

    def stats(self) -> GraphStats:
        return GraphStats(**self._read(cypher.STATS)[0])

    # -- writes ----------------------------------------------------------------------------
    def _ensure_vector_indexes(self, dim: int) -> None:
        with self._schema_lock:
            if self._vector_dim is None and dim > 0:
                self._run_schema(cypher.vector_index_statements(dim))
                self._vector_dim = dim

    def _unwind(self, tx: Any, query: str, rows: Sequence[Any], **params: Any) -> list[Any]:
        out: list[Any] = []
        for part in _batches(rows, self._s.batch_size):
            out += list(tx.run(query, rows=list(part), **params))
        return out

    # -- writes: hooks of the shared skeleton (graph/base.py) ---------------------------------
    def _write(self, work: Callable[[Any], T], what: str) -> T:
        def run() -> T:
            with self._session() as s:
                result: T = s.execute_write(work)
                return result

        return self._wrap(run, what)

    def write_document(self, bundle: DocumentBundle, functional_predicates: Sequence[str] = ()) -> WriteResult:
        if bundle.passage_vectors.ndim == 2 and bundle.passage_vectors.shape[0]:
            self._ensure_vector_indexes(int(bundle.passage_vectors.shape[1]))
        return super().write_document(bundle, functional_predicates)

    def _stored_state(self, tx: Any, doc_id: str) -> DocumentState | None:
        old = tx.run(cypher.DOCUMENT_STATE, id=doc_id).single()
        return None if old is None else DocumentState(str(old["hash"]), str(old["extraction"]))

    def _insert(self, tx: Any, bundle: DocumentBundle) -> None:
        doc = bundle.document
        now = bundle.episode.ingested_at.isoformat()
        evec = {i: bundle.entity_vectors[n].tolist() for n, i in enumerate(bundle.entity_vector_ids)}
        tvec = {i: bundle.triple_vectors[n].tolist() for n, i in enumerate(bundle.triple_vector_ids)}
        facts = {t.id: t for t in bundle.triples}
        tx.run(
            cypher.MERGE_DOCUMENT,
            doc={"id": doc.id, "key": doc.key, "title": doc.title, "source": doc.source,
                 "content_hash": doc.content_hash, "extraction": bundle.extraction, "ingested_at": now,
                 "metadata": json.dumps(doc.metadata, sort_keys=True)},
        ).consume()
        self._unwind(tx, cypher.MERGE_PASSAGES, [
            {"id": p.id, "title": p.title, "text": p.text, "n_tokens": p.n_tokens, "position": p.position,
             "locator": p.locator,
             "embedding": bundle.passage_vectors[n].tolist()}
            for n, p in enumerate(bundle.passages)
        ], doc_id=doc.id)
        self._unwind(tx, cypher.MERGE_ENTITIES, [
            {"id": e.id, "name": e.name, "label": e.label, "forms": list(e.surface_forms), "embedding": evec.get(e.id)}
            for e in bundle.entities
        ])
        self._unwind(tx, cypher.MERGE_MENTIONS, [{"p": p, "e": e} for p, e in bundle.mentions])
        self._unwind(tx, cypher.MERGE_FACTS, [
            {"id": t.id, "subject": t.subject, "predicate": t.predicate, "object": t.object, "embedding": tvec.get(t.id)}
            for t in facts.values()
        ])
        self._unwind(tx, cypher.MERGE_RELATIONS, [
            {"id": t.id, "subject_id": t.subject_id, "object_id": t.object_id, "passage_id": t.passage_id,
             "predicate": t.predicate}
            for t in bundle.triples
        ], episode_id=bundle.episode.id, now=now)
        ep = bundle.episode
        tx.run(cypher.MERGE_EPISODE, ep={"id": ep.id, "doc_id": ep.doc_id, "content_hash": ep.content_hash,
                                         "ingested_at": now, "extractor": ep.extractor}).consume()
        self._unwind(tx, cypher.LINK_EPISODE_FACTS, list(ep.triple_ids), episode_id=ep.id)

    def _supersede(self, tx: Any, bundle: DocumentBundle, functional: list[dict[str, str]]) -> int:
        return int(sum(r["n"] for r in self._unwind(tx, cypher.SUPERSEDE, functional, episode_id=bundle.episode.id)))

    def _begin(self, tx: Any) -> None:
        # the version bump write-locks the one meta node until commit, so document writes and
        # deletes run one at a time. Under read-committed isolation, two writers that overlap can
        # otherwise each act on what the other has not committed yet: a replaced document's
        # removal deleted an entity that a new document, written at the same moment, was merging
        # (the merge matched the node, then waited for its lock, then wrote to a deleted node, and
        # the new document's mentions of it were lost; tests/graph/test_concurrent_writers.py)
        tx.run(cypher.BUMP_VERSION).consume()

    def _remove_contribution(self, tx: Any, doc_id: str) -> None:
        orphans = tx.run(cypher.DETACH_DOCUMENT_PASSAGES, doc_id=doc_id).single()["orphans"]
        if not orphans:
            return
        touched = tx.run(cypher.ORPHAN_TOUCHED, ids=orphans).single()
        entity_ids = sorted(set(touched["mentioned"]) | set(touched["ends"]))
        triple_ids = sorted(set(touched["triple_ids"]))
        tx.run(cypher.DELETE_RELATIONS_OF_PASSAGES, ids=orphans).consume()
        tx.run(cypher.DELETE_PASSAGES, ids=orphans).consume()
        if triple_ids:
            tx.run(cypher.DELETE_GONE_FACTS, ids=triple_ids).consume()
        if entity_ids:
            tx.run(cypher.DELETE_GONE_ENTITIES, ids=entity_ids).consume()

    def delete_document(self, doc_id: str) -> bool:
        def work(tx: Any) -> bool:
            if tx.run(cypher.DOCUMENT_EXISTS, doc_id=doc_id).single()["n"] == 0:
                return False  # nothing to delete: the graph version does not move
            self._begin(tx)
            if tx.run(cypher.DOCUMENT_EXISTS, doc_id=doc_id).single()["n"] == 0:
                return False  # another writer deleted it while this one waited for the lock
            self._remove_contribution(tx, doc_id)
            tx.run(cypher.DELETE_EPISODES, doc_id=doc_id).consume()
            tx.run(cypher.DELETE_DOCUMENT, doc_id=doc_id).consume()
            return True

        def run() -> bool:
            with self._session() as s:
                result: bool = s.execute_write(work)
                return result

        return self._wrap(run, f"delete of document {doc_id}")

    def save_question(self, question: dict[str, Any], seeds: Sequence[tuple[str, float]], cited: Sequence[str],
                      answer_ids: Sequence[str]) -> str:
        """Save a question's evidence as a (:Question) node for Neo4j Browser (``hippograph browse``):
        ``question`` has id, text, answer, confidence, path (triple ids) and asked_at."""
        def work(tx: Any) -> str:
            # after the document writers (one at a time under this lock): a document removal in
            # flight would otherwise delete a node the question links (EntityNotFound)
            tx.run(cypher.LOCK_FOR_QUESTION).consume()
            rows = list(tx.run(cypher.SAVE_QUESTION, q=question, seeds=[{"id": i, "score": s} for i, s in seeds],
                               cited=[{"id": p, "n": n} for n, p in enumerate(cited, start=1)],
                               answer_ids=list(answer_ids)))
            return str(rows[0]["id"])

        return self._write(work, f"save of question {question['id'][:12]}")

    def _write_synonyms(self, tx: Any, rows: list[tuple[str, str, float]], built_at: str | None) -> None:
        self._begin(tx)  # the version seen next is the last writer's: none can come in between
        tx.run(cypher.DELETE_SYNONYMS).consume()
        self._unwind(tx, cypher.CREATE_SYNONYMS, [{"a": a, "b": b, "score": s} for a, b, s in rows])
        tx.run(cypher.MARK_SYNONYMS_CURRENT, seen=None if built_at is None else int(built_at)).consume()


def from_settings(settings: "Settings") -> Neo4jStore:
    """Registry factory (``store.backend = neo4j``)."""
    return Neo4jStore(settings.neo4j)
