"""Two writers at once: a changed document whose new version drops an entity, and a new document
that writes the same entity (the ingest flow's per-document tasks on threads or Dask workers).

Whatever the interleaving, the entity must stay with its mention and its vector. The Neo4j cases
hold one writer's transaction open while the other runs, so the interleaving is forced, not
hoped for (through the store's own write steps: ``_begin``, ``_remove_contribution``, ``_insert``); the embedded case builds the new document's bundle before the other write, which is
what a second thread does."""

from __future__ import annotations

import threading
import time
from typing import Any, Callable

import pytest

from hippograph.core.ids import entity_id, triple_id
from hippograph.graph.embedded import EmbeddedStore
from hippograph.graph.neo4j_store import Neo4jStore
from hippograph.graph.store import GraphStore
from hippograph.ingest.pipeline import IngestReport
from tests.conftest import doc, ingestor, open_store

SCRIPT = {
    "Ada founded": [("Ada Corp", "based in", "London")],
    "shared fact": [("Paris", "capital of", "France")],
}
OLD_A = doc("a", "A shared fact about Paris, once.")
NEW_A = doc("a", "Ada founded the company in London.")
B = doc("b", "Another shared fact about Paris.")
PARIS = [entity_id("Paris"), entity_id("France")]
PARIS_FACT = triple_id("Paris", "capital of", "France")


def assert_paris_kept(store: GraphStore) -> None:
    assert store.stats().documents == 2
    assert len(store.entity_names(PARIS)) == 2, "the entity the new document writes was deleted"
    assert not store.missing_vectors("entity", PARIS), "the entity lost its vector"
    assert len(store.get_triples([PARIS_FACT])) == 1 and not store.missing_vectors("triple", [PARIS_FACT])
    b_passages = [p.id for p in store.iter_passages() if "Another" in p.text]
    assert len(b_passages) == 1
    mentioned = {e for p, e in store.projection_rows().mention_edges if p == b_passages[0]}
    assert set(PARIS) <= mentioned, "the new document's mentions were lost"


def in_thread(fn: Callable[[], Any]) -> tuple[threading.Thread, list[Any]]:
    out: list[Any] = []

    def run() -> None:
        try:
            out.append(fn())
        except BaseException as exc:  # noqa: BLE001 - handed to the test thread
            out.append(exc)

    t = threading.Thread(target=run, daemon=True)
    t.start()
    return t, out


def finish(t: threading.Thread, out: list[Any]) -> Any:
    t.join(60)
    assert not t.is_alive(), "the second writer never finished"
    if isinstance(out[0], BaseException):
        raise out[0]
    return out[0]


@pytest.fixture
def neo(request: pytest.FixtureRequest, tmp_path, embedder) -> Any:  # type: ignore[no-untyped-def]
    store = open_store("neo4j", tmp_path, request)
    assert isinstance(store, Neo4jStore)
    ingestor(store, embedder, SCRIPT).ingest([OLD_A])
    yield store
    store.close()


def open_transaction(store: Neo4jStore) -> tuple[Any, Any]:
    session = store.driver.session(database=store._s.database)
    return session, session.begin_transaction()


def test_new_document_written_while_a_replaced_one_removes_the_entity(neo: Neo4jStore, embedder) -> None:  # type: ignore[no-untyped-def]
    """B's write holds its transaction open; A's new version is written meanwhile."""
    bundle_b = ingestor(neo, embedder, SCRIPT).build_bundles([B], IngestReport())[0]
    session, tx = open_transaction(neo)
    try:
        neo._begin(tx)
        neo._insert(tx, bundle_b)
        t, out = in_thread(lambda: ingestor(neo, embedder, SCRIPT).ingest([NEW_A]))
        time.sleep(2.0)  # A's removal reaches the entities B holds
        tx.commit()
    finally:
        session.close()
    assert finish(t, out).updated == 1
    assert_paris_kept(neo)


def test_replaced_document_removes_the_entity_while_a_new_one_is_written(neo: Neo4jStore, embedder) -> None:  # type: ignore[no-untyped-def]
    """A's new version holds its transaction open, its old contribution removed; B is written meanwhile."""
    bundle_b = ingestor(neo, embedder, SCRIPT).build_bundles([B], IngestReport())[0]
    bundle_a = ingestor(neo, embedder, SCRIPT).build_bundles([NEW_A], IngestReport())[0]
    session, tx = open_transaction(neo)
    try:
        neo._begin(tx)
        neo._remove_contribution(tx, NEW_A.id)
        neo._insert(tx, bundle_a)
        t, out = in_thread(lambda: neo.write_document(bundle_b))
        time.sleep(2.0)
        tx.commit()
    finally:
        session.close()
    assert finish(t, out).status == "created"
    assert_paris_kept(neo)


def test_embedded_bundle_built_before_another_writer_removes_the_entity(tmp_path, embedder) -> None:  # type: ignore[no-untyped-def]
    store = EmbeddedStore(tmp_path / "store")
    store.open()
    try:
        ingestor(store, embedder, SCRIPT).ingest([OLD_A])
        bundle_b = ingestor(store, embedder, SCRIPT).build_bundles([B], IngestReport())[0]
        assert ingestor(store, embedder, SCRIPT).ingest([NEW_A]).updated == 1
        assert store.write_document(bundle_b).status == "created"
        assert_paris_kept(store)
    finally:
        store.close()


def test_question_saved_while_a_changed_document_removes_what_it_links(neo: Neo4jStore, embedder) -> None:  # type: ignore[no-untyped-def]
    """`hippograph browse` saves a question whose seed, citation and answer a changed document is
    removing at that moment: the save waits for the removal and links only what is still there."""
    [old_passage] = [p.id for p in neo.iter_passages()]
    bundle_a = ingestor(neo, embedder, SCRIPT).build_bundles([NEW_A], IngestReport())[0]
    question = {"id": "q-concurrent", "text": "What is Paris the capital of?", "answer": "France", "confidence": 0.5,
                "path": [PARIS_FACT], "asked_at": "2026-11-27T00:00:00+00:00"}
    session, tx = open_transaction(neo)
    try:
        neo._begin(tx)
        neo._remove_contribution(tx, NEW_A.id)
        neo._insert(tx, bundle_a)
        t, out = in_thread(lambda: neo.save_question(question, seeds=[(PARIS[0], 1.0)], cited=[old_passage],
                                                     answer_ids=[PARIS[1]]))
        time.sleep(2.0)
        tx.commit()
    finally:
        session.close()
    assert finish(t, out) == "q-concurrent"
    assert not neo.entity_names(PARIS), "the changed document's removal did not happen"
    [row] = neo._read("MATCH (q:Question {id: $id}) RETURN COUNT { (q)-[:SEED|CITES|ANSWER]->() } AS links",
                      id="q-concurrent")
    assert row["links"] == 0, "the question links nodes the removal deleted"
