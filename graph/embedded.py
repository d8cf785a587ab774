"""Embedded graph store: SQLite (stdlib) for the graph, float32 vectors beside it, exact numpy search.

Everything one document contributes, vectors included, is written in one SQLite
transaction, so a failed document leaves nothing behind. The store lives in a
directory the user names (``store.path``): ``graph.sqlite3`` (WAL mode).
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
import uuid
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, Sequence, TypeVar

import numpy as np

from hippograph.core.errors import StoreBusyError, StoreError
from hippograph.core.models import DocumentBundle, Episode, GraphStats, Triple
from hippograph.graph.base import BaseStore, batched
from hippograph.graph.store import DocumentState, PassageRecord, ProjectionRows, VectorKind

if TYPE_CHECKING:
    from hippograph.core.settings import Settings

logger = logging.getLogger(__name__)

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
  id TEXT PRIMARY KEY, key TEXT NOT NULL, title TEXT NOT NULL, source TEXT NOT NULL,
  content_hash TEXT NOT NULL, ingested_at TEXT NOT NULL, metadata TEXT NOT NULL, extraction TEXT NOT NULL DEFAULT '');
CREATE TABLE IF NOT EXISTS passages (
  id TEXT PRIMARY KEY, title TEXT NOT NULL, text TEXT NOT NULL, n_tokens INTEGER NOT NULL, locator TEXT NOT NULL DEFAULT '');
CREATE TABLE IF NOT EXISTS doc_passages (
  doc_id TEXT NOT NULL, passage_id TEXT NOT NULL, position INTEGER NOT NULL, PRIMARY KEY (doc_id, passage_id));
CREATE INDEX IF NOT EXISTS doc_passages_passage ON doc_passages(passage_id);
CREATE TABLE IF NOT EXISTS entities (id TEXT PRIMARY KEY, name TEXT NOT NULL, label TEXT);
CREATE TABLE IF NOT EXISTS entity_surfaces (entity_id TEXT NOT NULL, surface TEXT NOT NULL, PRIMARY KEY (entity_id, surface));
CREATE TABLE IF NOT EXISTS mentions (passage_id TEXT NOT NULL, entity_id TEXT NOT NULL, PRIMARY KEY (passage_id, entity_id));
CREATE INDEX IF NOT EXISTS mentions_entity ON mentions(entity_id);
CREATE TABLE IF NOT EXISTS triples (
  id TEXT NOT NULL, passage_id TEXT NOT NULL, subject_id TEXT NOT NULL, predicate TEXT NOT NULL,
  object_id TEXT NOT NULL, subject TEXT NOT NULL, object TEXT NOT NULL, episode_id TEXT NOT NULL,
  valid_from TEXT NOT NULL, superseded_by TEXT, PRIMARY KEY (id, passage_id));
CREATE INDEX IF NOT EXISTS triples_passage ON triples(passage_id);
CREATE INDEX IF NOT EXISTS triples_subject ON triples(subject_id);
CREATE INDEX IF NOT EXISTS triples_object ON triples(object_id);
CREATE INDEX IF NOT EXISTS triples_predicate ON triples(predicate, id);
CREATE TABLE IF NOT EXISTS episodes (
  id TEXT PRIMARY KEY, doc_id TEXT NOT NULL, content_hash TEXT NOT NULL, ingested_at TEXT NOT NULL, extractor TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS episode_triples (episode_id TEXT NOT NULL, triple_id TEXT NOT NULL, PRIMARY KEY (episode_id, triple_id));
CREATE TABLE IF NOT EXISTS synonyms (a TEXT NOT NULL, b TEXT NOT NULL, score REAL NOT NULL, PRIMARY KEY (a, b));
CREATE TABLE IF NOT EXISTS vectors (kind TEXT NOT NULL, id TEXT NOT NULL, vec BLOB NOT NULL, PRIMARY KEY (kind, id));
"""

_CHUNK = 500


def _migrate(conn: sqlite3.Connection) -> None:
    """Bring a store written by an earlier version up to this schema (columns added since)."""
    added = {"passages": ("locator", "TEXT NOT NULL DEFAULT ''"),
             # documents stored before: '' matches no fingerprint, so the next ingest rebuilds them
             "documents": ("extraction", "TEXT NOT NULL DEFAULT ''")}
    for table, (column, decl) in added.items():
        if column not in {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}:
            conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} {decl}")


T = TypeVar("T")


def _chunks(items: Sequence[str], size: int = _CHUNK) -> Iterator[Sequence[str]]:
    return batched(items, size)


def _qmarks(n: int) -> str:
    return ",".join("?" * n)


class _WriterClaims:
    """One writing process per embedded store folder: an exclusive ``flock`` on ``writer.lock``,
    taken at the first write and held until every store object of this process on that folder
    is closed (the OS releases it when the process dies, even by SIGKILL). Another process that
    tries to write gets a clear error instead of racing: its own checks of what the store holds
    and the in-memory vector caches assume a single writer. Readers are never blocked."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._held: dict[Path, tuple[int, int]] = {}  # folder -> (fd, store objects holding it)

    def claim(self, folder: Path, owner: set[Path]) -> None:
        import fcntl
        import os

        key = folder.resolve()
        if key in owner:
            return
        with self._lock:
            if key in self._held:
                fd, n = self._held[key]
                self._held[key] = (fd, n + 1)
                owner.add(key)
                return
            path = key / "writer.lock"
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                other = os.read(fd, 64).decode(errors="replace").strip() or "?"
                os.close(fd)
                raise StoreBusyError(
                    f"{folder}: another process (pid {other}) is writing to this embedded store; it takes one "
                    "writing process at a time (wait for it to finish, or use the Neo4j store for several writers)"
                ) from None
            os.ftruncate(fd, 0)
            os.write(fd, str(os.getpid()).encode())
            self._held[key] = (fd, 1)
            owner.add(key)

    def release(self, owner: set[Path]) -> None:
        import os

        with self._lock:
            for key in owner:
                fd, n = self._held.get(key, (-1, 0))
                if n <= 1 and fd >= 0:
                    os.close(fd)  # closing the descriptor drops the flock
                    self._held.pop(key, None)
                elif n > 1:
                    self._held[key] = (fd, n - 1)
            owner.clear()


_WRITERS = _WriterClaims()


class EmbeddedStore(BaseStore):
    """``GraphStore`` on SQLite + numpy. Thread-safe: writes are serialised by a lock; one
    process at a time may write (see :class:`_WriterClaims`), any number may read."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self._dir = path
        self._conn: sqlite3.Connection | None = None
        self._lock = threading.RLock()
        self._claims: set[Path] = set()

    # -- lifecycle -------------------------------------------------------------------------
    def open(self) -> None:
        if self._conn is not None:
            return
        try:
            self._dir.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self._dir / "graph.sqlite3", check_same_thread=False, isolation_level=None)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA foreign_keys=OFF")
            conn.executescript(SCHEMA)
            _migrate(conn)
            conn.execute("INSERT OR IGNORE INTO meta(key, value) VALUES ('version', '0')")
            conn.execute("INSERT OR IGNORE INTO meta(key, value) VALUES ('instance', ?)", (uuid.uuid4().hex,))
        except (sqlite3.Error, OSError) as exc:
            raise StoreError(f"{self._dir}: cannot open the embedded store ({exc})") from exc
        self._conn = conn

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None
            _WRITERS.release(self._claims)

    def __enter__(self) -> "EmbeddedStore":
        self.open()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def conn(self) -> sqlite3.Connection:
        if self._conn is None:
            raise StoreError(f"{self._dir}: the embedded store is not open (call open())")
        return self._conn

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            conn = self.conn
            _WRITERS.claim(self._dir, self._claims)
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
                conn.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'version'")
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise

    def _query(self, sql: str, params: Iterable[object] = ()) -> list[tuple]:
        with self._lock:
            try:
                return self.conn.execute(sql, tuple(params)).fetchall()
            except sqlite3.Error as exc:
                raise StoreError(f"{self._dir}: query failed ({exc})") from exc

    # -- reads -----------------------------------------------------------------------------
    def version(self) -> str:
        return str(self._query("SELECT value FROM meta WHERE key = 'version'")[0][0])

    def instance_id(self) -> str:
        return str(self._query("SELECT value FROM meta WHERE key = 'instance'")[0][0])

    def document_state(self, doc_id: str) -> DocumentState | None:
        rows = self._query("SELECT content_hash, extraction FROM documents WHERE id = ?", (doc_id,))
        return DocumentState(str(rows[0][0]), str(rows[0][1])) if rows else None

    def missing_vectors(self, kind: VectorKind, ids: Sequence[str]) -> set[str]:
        unique = sorted(set(ids))
        present: set[str] = set()
        for part in _chunks(unique):
            present.update(
                r[0] for r in self._query(f"SELECT id FROM vectors WHERE kind = ? AND id IN ({_qmarks(len(part))})", (kind, *part))
            )
        return set(unique) - present

    def _read_vectors(self, kind: VectorKind) -> tuple[list[str], np.ndarray]:
        rows = self._query("SELECT id, vec FROM vectors WHERE kind = ? ORDER BY id", (kind,))
        ids = [r[0] for r in rows]
        matrix = np.vstack([np.frombuffer(r[1], dtype=np.float32) for r in rows]) if rows else np.zeros((0, 0), np.float32)
        return ids, matrix

    def _passage_docs(self, ids: Sequence[str]) -> dict[str, list[str]]:
        docs: dict[str, list[str]] = {}
        for part in _chunks(list(ids)):
            for pid, did in self._query(
                f"SELECT passage_id, doc_id FROM doc_passages WHERE passage_id IN ({_qmarks(len(part))}) ORDER BY doc_id",
                part,
            ):
                docs.setdefault(pid, []).append(did)
        return docs

    def get_passages(self, ids: Sequence[str]) -> list[PassageRecord]:
        found: dict[str, tuple] = {}
        for part in _chunks(list(ids)):
            for row in self._query(f"SELECT id, title, text, n_tokens, locator FROM passages WHERE id IN ({_qmarks(len(part))})", part):
                found[row[0]] = row
        docs = self._passage_docs(list(found))
        return [
            PassageRecord(id=i, doc_ids=tuple(docs.get(i, [])), title=found[i][1], text=found[i][2], n_tokens=found[i][3],
                          locator=found[i][4])
            for i in ids
            if i in found
        ]

    def iter_passages(self) -> Iterator[PassageRecord]:
        rows = self._query("SELECT id, title, text, n_tokens, locator FROM passages ORDER BY id")
        docs = self._passage_docs([r[0] for r in rows])
        for r in rows:
            yield PassageRecord(id=r[0], doc_ids=tuple(docs.get(r[0], [])), title=r[1], text=r[2], n_tokens=r[3], locator=r[4])

    _TRIPLE_COLS = "id, subject, predicate, object, subject_id, object_id, passage_id, superseded_by"

    @staticmethod
    def _triple(row: tuple) -> Triple:
        return Triple(
            id=row[0], subject=row[1], predicate=row[2], object=row[3], subject_id=row[4], object_id=row[5],
            passage_id=row[6], superseded_by=row[7],
        )

    def get_triples(self, ids: Sequence[str]) -> list[Triple]:
        out: list[Triple] = []
        for part in _chunks(list(dict.fromkeys(ids))):
            rows = self._query(
                f"SELECT {self._TRIPLE_COLS} FROM triples WHERE id IN ({_qmarks(len(part))}) ORDER BY id, passage_id", part
            )
            out += [self._triple(r) for r in rows]
        return out

    def triples_of_passages(self, passage_ids: Sequence[str]) -> list[Triple]:
        out: list[Triple] = []
        for part in _chunks(list(dict.fromkeys(passage_ids))):
            rows = self._query(
                f"SELECT {self._TRIPLE_COLS} FROM triples WHERE passage_id IN ({_qmarks(len(part))}) ORDER BY passage_id, id",
                part,
            )
            out += [self._triple(r) for r in rows]
        return out

    def triples_with_predicates(self, predicates: Sequence[str], limit: int) -> list[Triple]:
        out: list[Triple] = []
        for pred in dict.fromkeys(predicates):
            rows = self._query(f"SELECT {self._TRIPLE_COLS} FROM triples WHERE predicate = ? ORDER BY id, passage_id LIMIT ?",
                               (pred, limit))
            out += [self._triple(r) for r in rows]
        return out

    def entity_names(self, ids: Sequence[str]) -> dict[str, str]:
        names: dict[str, str] = {}
        for part in _chunks(list(dict.fromkeys(ids))):
            names.update(self._query(f"SELECT id, name FROM entities WHERE id IN ({_qmarks(len(part))})", part))
        return names

    def episodes(self, doc_id: str) -> list[Episode]:
        rows = self._query(
            "SELECT id, doc_id, content_hash, ingested_at, extractor FROM episodes WHERE doc_id = ? ORDER BY ingested_at, id",
            (doc_id,),
        )
        out = []
        for r in rows:
            tids = [t[0] for t in self._query("SELECT triple_id FROM episode_triples WHERE episode_id = ? ORDER BY triple_id", (r[0],))]
            out.append(
                Episode(id=r[0], doc_id=r[1], content_hash=r[2], ingested_at=datetime.fromisoformat(r[3]),
                        extractor=r[4], triple_ids=tuple(tids))
            )
        return out

    def projection_rows(self) -> ProjectionRows:
        ents = self._query("SELECT id, name FROM entities ORDER BY id")
        return ProjectionRows(
            entity_ids=[r[0] for r in ents],
            entity_names=[r[1] for r in ents],
            passage_ids=[r[0] for r in self._query("SELECT id FROM passages ORDER BY id")],
            relation_edges=[
                (r[0], r[1], float(r[2]))
                for r in self._query(
                    "SELECT subject_id, object_id, COUNT(*) FROM triples GROUP BY subject_id, object_id ORDER BY 1, 2"
                )
            ],
            mention_edges=[(r[0], r[1]) for r in self._query("SELECT passage_id, entity_id FROM mentions ORDER BY 1, 2")],
            synonym_edges=[(r[0], r[1], float(r[2])) for r in self._query("SELECT a, b, score FROM synonyms ORDER BY 1, 2")],
        )

    def stats(self) -> GraphStats:
        def count(sql: str) -> int:
            return int(self._query(sql)[0][0])

        return GraphStats(
            documents=count("SELECT COUNT(*) FROM documents"),
            passages=count("SELECT COUNT(*) FROM passages"),
            entities=count("SELECT COUNT(*) FROM entities"),
            triples=count("SELECT COUNT(DISTINCT id) FROM triples"),
            synonym_edges=count("SELECT COUNT(*) FROM synonyms"),
            episodes=count("SELECT COUNT(*) FROM episodes"),
            superseded_triples=count("SELECT COUNT(DISTINCT id) FROM triples WHERE superseded_by IS NOT NULL"),
        )

    # -- writes ----------------------------------------------------------------------------
    # -- writes: hooks of the shared skeleton (graph/base.py) ---------------------------------
    def _write(self, work: Callable[[sqlite3.Connection], T], what: str) -> T:
        try:
            with self._tx() as c:
                return work(c)
        except sqlite3.Error as exc:
            raise StoreError(f"{self._dir}: {what} failed ({exc})") from exc

    def _stored_state(self, c: sqlite3.Connection, doc_id: str) -> DocumentState | None:
        row = c.execute("SELECT content_hash, extraction FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return None if row is None else DocumentState(str(row[0]), str(row[1]))

    def _insert(self, c: sqlite3.Connection, bundle: DocumentBundle) -> None:
        doc = bundle.document
        now = bundle.episode.ingested_at.isoformat()
        c.execute(
            "INSERT OR REPLACE INTO documents(id, key, title, source, content_hash, ingested_at, metadata, extraction)"
            " VALUES (?,?,?,?,?,?,?,?)",
            (doc.id, doc.key, doc.title, doc.source, doc.content_hash, now, json.dumps(doc.metadata, sort_keys=True),
             bundle.extraction),
        )
        c.executemany(
            "INSERT OR IGNORE INTO passages(id, title, text, n_tokens, locator) VALUES (?,?,?,?,?)",
            [(p.id, p.title, p.text, p.n_tokens, p.locator) for p in bundle.passages],
        )
        c.executemany(
            "INSERT OR IGNORE INTO doc_passages(doc_id, passage_id, position) VALUES (?,?,?)",
            [(doc.id, p.id, p.position) for p in bundle.passages],
        )
        self._put_vectors(c, "passage", [p.id for p in bundle.passages], bundle.passage_vectors)
        c.executemany(
            "INSERT OR IGNORE INTO entities(id, name, label) VALUES (?,?,?)",
            [(e.id, e.name, e.label) for e in bundle.entities],
        )
        c.executemany(
            "INSERT OR IGNORE INTO entity_surfaces(entity_id, surface) VALUES (?,?)",
            [(e.id, s) for e in bundle.entities for s in e.surface_forms],
        )
        self._put_vectors(c, "entity", bundle.entity_vector_ids, bundle.entity_vectors)
        c.executemany("INSERT OR IGNORE INTO mentions(passage_id, entity_id) VALUES (?,?)", bundle.mentions)
        c.executemany(
            "INSERT OR IGNORE INTO triples(id, passage_id, subject_id, predicate, object_id, subject, object,"
            " episode_id, valid_from, superseded_by) VALUES (?,?,?,?,?,?,?,?,?,NULL)",
            [
                (t.id, t.passage_id, t.subject_id, t.predicate, t.object_id, t.subject, t.object, bundle.episode.id, now)
                for t in bundle.triples
            ],
        )
        self._put_vectors(c, "triple", bundle.triple_vector_ids, bundle.triple_vectors)
        ep = bundle.episode
        c.execute(
            "INSERT OR REPLACE INTO episodes(id, doc_id, content_hash, ingested_at, extractor) VALUES (?,?,?,?,?)",
            (ep.id, ep.doc_id, ep.content_hash, now, ep.extractor),
        )
        c.executemany(
            "INSERT OR IGNORE INTO episode_triples(episode_id, triple_id) VALUES (?,?)",
            [(ep.id, t) for t in ep.triple_ids],
        )

    @staticmethod
    def _put_vectors(c: sqlite3.Connection, kind: str, ids: Sequence[str], matrix: np.ndarray) -> None:
        c.executemany(
            "INSERT OR IGNORE INTO vectors(kind, id, vec) VALUES (?,?,?)",
            [(kind, i, np.ascontiguousarray(matrix[n], dtype=np.float32).tobytes()) for n, i in enumerate(ids)],
        )

    def _supersede(self, c: sqlite3.Connection, bundle: DocumentBundle, functional: list[dict[str, str]]) -> int:
        count = 0
        for t in functional:
            cur = c.execute(
                "UPDATE triples SET superseded_by = ? WHERE subject_id = ? AND lower(predicate) = ? AND object_id != ?"
                " AND superseded_by IS NULL AND episode_id != ?",
                (t["id"], t["subject_id"], t["predicate"], t["object_id"], bundle.episode.id),
            )
            count += cur.rowcount
        return count

    def _remove_contribution(self, c: sqlite3.Connection, doc_id: str) -> None:
        pids = [r[0] for r in c.execute("SELECT passage_id FROM doc_passages WHERE doc_id = ?", (doc_id,))]
        c.execute("DELETE FROM doc_passages WHERE doc_id = ?", (doc_id,))
        orphans = [
            p for p in pids if c.execute("SELECT 1 FROM doc_passages WHERE passage_id = ? LIMIT 1", (p,)).fetchone() is None
        ]
        touched_entities: set[str] = set()
        removed_triples: set[str] = set()
        for part in _chunks(orphans):
            q = _qmarks(len(part))
            touched_entities.update(r[0] for r in c.execute(f"SELECT entity_id FROM mentions WHERE passage_id IN ({q})", part))
            for tid, s, o in c.execute(f"SELECT id, subject_id, object_id FROM triples WHERE passage_id IN ({q})", part):
                removed_triples.add(tid)
                touched_entities.update((s, o))
            c.execute(f"DELETE FROM triples WHERE passage_id IN ({q})", part)
            c.execute(f"DELETE FROM mentions WHERE passage_id IN ({q})", part)
            c.execute(f"DELETE FROM passages WHERE id IN ({q})", part)
            c.execute(f"DELETE FROM vectors WHERE kind = 'passage' AND id IN ({q})", part)
        gone_triples = [
            t for t in removed_triples if c.execute("SELECT 1 FROM triples WHERE id = ? LIMIT 1", (t,)).fetchone() is None
        ]
        for part in _chunks(gone_triples):
            q = _qmarks(len(part))
            c.execute(f"DELETE FROM vectors WHERE kind = 'triple' AND id IN ({q})", part)
            # a fact whose successor disappeared is current again
            c.execute(f"UPDATE triples SET superseded_by = NULL WHERE superseded_by IN ({q})", part)
        gone_entities = [
            e
            for e in touched_entities
            if c.execute("SELECT 1 FROM mentions WHERE entity_id = ? LIMIT 1", (e,)).fetchone() is None
            and c.execute("SELECT 1 FROM triples WHERE subject_id = ? OR object_id = ? LIMIT 1", (e, e)).fetchone() is None
        ]
        for part in _chunks(gone_entities):
            q = _qmarks(len(part))
            c.execute(f"DELETE FROM entities WHERE id IN ({q})", part)
            c.execute(f"DELETE FROM entity_surfaces WHERE entity_id IN ({q})", part)
            c.execute(f"DELETE FROM vectors WHERE kind = 'entity' AND id IN ({q})", part)
            c.execute(f"DELETE FROM synonyms WHERE a IN ({q}) OR b IN ({q})", (*part, *part))

    def delete_document(self, doc_id: str) -> bool:
        if not self._query("SELECT 1 FROM documents WHERE id = ?", (doc_id,)):
            return False  # nothing to delete: the graph version does not move
        with self._tx() as c:
            if c.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone() is None:
                return False
            self._remove_contribution(c, doc_id)
            c.execute("DELETE FROM episode_triples WHERE episode_id IN (SELECT id FROM episodes WHERE doc_id = ?)", (doc_id,))
            c.execute("DELETE FROM episodes WHERE doc_id = ?", (doc_id,))
            c.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
        return True

    def _write_synonyms(self, c: sqlite3.Connection, rows: list[tuple[str, str, float]], built_at: str | None) -> None:
        c.execute("DELETE FROM synonyms")
        c.executemany("INSERT INTO synonyms(a, b, score) VALUES (?,?,?)", rows)
        # the version this transaction commits (``_tx`` adds one on commit), unless a write came
        # after the version the edges were computed from
        c.execute(
            "INSERT OR REPLACE INTO meta(key, value) "
            "SELECT 'synonyms_version', CAST(value AS INTEGER) + 1 FROM meta WHERE key = 'version' "
            "AND (? IS NULL OR CAST(value AS INTEGER) = CAST(? AS INTEGER))",
            (built_at, built_at),
        )

    def synonyms_current(self) -> bool:
        rows = self._query(
            "SELECT (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'synonyms_version') = "
            "(SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'version')"
        )
        return bool(rows and rows[0][0])


def from_settings(settings: "Settings") -> EmbeddedStore:
    """Registry factory (``store.backend = embedded``)."""
    return EmbeddedStore(settings.store.path)
