"""One contract, both stores: the embedded SQLite store and the real Neo4j server."""

from __future__ import annotations

import numpy as np
import pytest

from hippograph.core.errors import StoreError
from hippograph.core.ids import entity_id, triple_id
from hippograph.core.models import SynonymEdge
from hippograph.graph.store import DocumentState, GraphStore
from hippograph.ingest.pipeline import IngestReport
from tests.conftest import doc, ingestor

SCRIPT = {
    "Ada founded": [("Ada Corp", "ceo", "Ada Lovelace"), ("Ada Corp", "based in", "London")],
    "Bob runs": [("Ada Corp", "ceo", "Bob Smith")],
    "shared fact": [("Paris", "capital of", "France")],
}


def ingest(store: GraphStore, embedder, docs, script=SCRIPT) -> IngestReport:  # type: ignore[no-untyped-def]
    return ingestor(store, embedder, script).ingest(docs)


def test_write_and_reingest_is_idempotent(store: GraphStore, embedder) -> None:  # type: ignore[no-untyped-def]
    docs = [doc("a", "Ada founded the company in London."), doc("b", "Bob likes a shared fact about Paris.")]
    r1 = ingest(store, embedder, docs)
    assert (r1.created, r1.failures) == (2, [])
    s1 = store.stats()
    assert s1.documents == 2 and s1.passages == 2 and s1.triples == 3
    v1 = store.version()
    r2 = ingest(store, embedder, docs)
    assert (r2.created, r2.unchanged) == (0, 2)
    assert store.stats() == s1
    assert store.version() == v1


def test_changed_document_replaces_its_contribution(store: GraphStore, embedder) -> None:  # type: ignore[no-untyped-def]
    ingest(store, embedder, [doc("a", "Ada founded the company in London.")])
    old_passages = [p.id for p in store.iter_passages()]
    r = ingest(store, embedder, [doc("a", "A shared fact: Paris is big.")])
    assert r.updated == 1
    now = [p.id for p in store.iter_passages()]
    assert len(now) == 1 and now != old_passages
    names = set(store.entity_names([entity_id("Ada Lovelace"), entity_id("Paris")]).values())
    assert names == {"paris"}  # Ada Lovelace was only supported by the old version
    assert not store.get_triples([triple_id("Ada Corp", "ceo", "Ada Lovelace")])
    assert store.stats().documents == 1


def test_changed_document_keeps_vectors_of_what_it_writes_again(store: GraphStore, embedder) -> None:  # type: ignore[no-untyped-def]
    """What only the old version had and the new one writes again loses its vectors with the old
    contribution; the new version's write must bring them back."""
    ingest(store, embedder, [doc("a", "Ada founded the company in London.")])
    r = ingest(store, embedder, [doc("a", "Ada founded the company in London. A shared fact: Paris is big.")])
    assert r.updated == 1
    ents = [entity_id(n) for n in ("Ada Corp", "Ada Lovelace", "London", "Paris", "France")]
    assert len(store.entity_names(ents)) == 5
    assert not store.missing_vectors("entity", ents)
    tris = [triple_id("Ada Corp", "ceo", "Ada Lovelace"), triple_id("Ada Corp", "based in", "London")]
    assert len(store.get_triples(tris)) == 2 and not store.missing_vectors("triple", tris)


def test_new_document_keeps_a_vector_a_replaced_one_dropped(store: GraphStore, embedder) -> None:  # type: ignore[no-untyped-def]
    """One batch: "a" is replaced by a version without Paris, "b" is new and has Paris. Writing
    "a" removes Paris and its vector (only "a" had it); "b" must bring the vector back."""
    ingest(store, embedder, [doc("a", "A shared fact about Paris, once.")])
    r = ingest(store, embedder, [doc("a", "Ada founded the company in London."), doc("b", "Another shared fact about Paris.")])
    assert (r.updated, r.created) == (1, 1)
    ents = [entity_id("Paris"), entity_id("France"), entity_id("Ada Corp")]
    assert len(store.entity_names(ents)) == 3 and not store.missing_vectors("entity", ents)
    assert not store.missing_vectors("triple", [triple_id("Paris", "capital of", "France")])


def test_another_extraction_rebuilds_an_unchanged_document(store: GraphStore, embedder) -> None:  # type: ignore[no-untyped-def]
    """Same text, but built by another extraction (an upgraded extractor, another model): rebuilt,
    not skipped; the same extraction again: skipped."""
    d = doc("a", "Ada founded the company in London.")
    old = {"Ada founded": [("Ada Corp", "based in", "London")]}
    new = {"Ada founded": [("Ada Lovelace", "founded", "Ada Corp")]}
    assert ingestor(store, embedder, old, fingerprint="v1").ingest([d]).created == 1
    assert ingestor(store, embedder, old, fingerprint="v1").ingest([d]).unchanged == 1
    r = ingestor(store, embedder, new, fingerprint="v2").ingest([d])
    assert (r.updated, r.unchanged, r.failures) == (1, 0, [])
    assert store.document_state(d.id) == DocumentState(d.content_hash, "v2")
    assert not store.get_triples([triple_id("Ada Corp", "based in", "London")])
    assert store.get_triples([triple_id("Ada Lovelace", "founded", "Ada Corp")])
    # "Ada Corp" was only this document's: removed with its old contribution, written again with
    # its vector (a rebuilt store that lost its vectors links nothing)
    assert not store.missing_vectors("entity", [entity_id("Ada Corp"), entity_id("Ada Lovelace")])
    assert not store.missing_vectors("triple", [triple_id("Ada Lovelace", "founded", "Ada Corp")])
    assert store.stats().documents == 1 and store.stats().passages == 1
    assert ingestor(store, embedder, new, fingerprint="v2").ingest([d]).unchanged == 1


def test_delete_keeps_what_other_documents_support(store: GraphStore, embedder) -> None:  # type: ignore[no-untyped-def]
    a = doc("a", "A shared fact about Paris, once.")
    b = doc("b", "Another shared fact about Paris.")
    ingest(store, embedder, [a, b])
    assert store.delete_document(a.id)
    v = store.version()
    assert not store.delete_document(a.id)
    assert store.version() == v  # deleting nothing moves nothing (caches and synonyms stay valid)
    assert store.entity_names([entity_id("Paris"), entity_id("France")]) != {}
    assert len(store.get_triples([triple_id("Paris", "capital of", "France")])) == 1
    assert store.stats().documents == 1
    assert store.delete_document(b.id)
    s = store.stats()
    assert (s.documents, s.passages, s.entities, s.triples) == (0, 0, 0, 0)


def test_newer_fact_supersedes_older_and_deleting_it_restores(store: GraphStore, embedder) -> None:  # type: ignore[no-untyped-def]
    ingest(store, embedder, [doc("a", "Ada founded the company.")])
    r = ingest(store, embedder, [doc("b", "Bob runs the company now.")])
    assert r.superseded == 1
    old = store.get_triples([triple_id("Ada Corp", "ceo", "Ada Lovelace")])[0]
    new_id = triple_id("Ada Corp", "ceo", "Bob Smith")
    assert old.superseded_by == new_id
    assert store.get_triples([new_id])[0].superseded_by is None
    assert store.stats().superseded_triples == 1
    store.delete_document(doc("b", "x").id)
    assert store.get_triples([old.id])[0].superseded_by is None


def test_triples_with_predicates_samples_each_relation_graph_wide(store: GraphStore, embedder) -> None:  # type: ignore[no-untyped-def]
    ingest(store, embedder, [doc("a", "Ada founded the company in London."), doc("b", "Bob runs the company now."),
                             doc("c", "A shared fact: Paris.")])
    ceo = sorted([triple_id("Ada Corp", "ceo", "Ada Lovelace"), triple_id("Ada Corp", "ceo", "Bob Smith")])
    both = store.triples_with_predicates(["ceo", "capital of", "no such relation"], limit=5)
    assert sorted(t.id for t in both if t.predicate == "ceo") == ceo  # a superseded fact still says what "ceo" leads to
    assert [(t.subject, t.object) for t in both if t.predicate == "capital of"] == [("Paris", "France")]
    assert {t.predicate for t in both} == {"ceo", "capital of"}
    one = store.triples_with_predicates(["ceo", "ceo"], limit=1)
    assert [t.id for t in one] == ceo[:1]  # the lowest id: the same sample every call
    assert store.triples_with_predicates([], limit=5) == []


def test_episodes_record_what_each_document_taught(store: GraphStore, embedder) -> None:  # type: ignore[no-untyped-def]
    d = doc("a", "Ada founded the company in London.")
    ingest(store, embedder, [d])
    eps = store.episodes(d.id)
    assert len(eps) == 1
    assert set(eps[0].triple_ids) == {triple_id("Ada Corp", "ceo", "Ada Lovelace"), triple_id("Ada Corp", "based in", "London")}
    assert eps[0].extractor == "scripted"


def test_vectors_and_missing_vectors(store: GraphStore, embedder) -> None:  # type: ignore[no-untyped-def]
    ingest(store, embedder, [doc("a", "Ada founded the company in London.")])
    ids, mat = store.vectors("passage")
    assert len(ids) == 1 and mat.shape == (1, 384)
    assert abs(float(np.linalg.norm(mat[0])) - 1.0) < 1e-3
    tids, tmat = store.vectors("triple")
    assert len(tids) == 2 and tmat.shape[1] == 384
    eid = entity_id("London")
    assert store.missing_vectors("entity", [eid, "ent-nope"]) == {"ent-nope"}


def test_projection_rows_and_synonyms(store: GraphStore, embedder) -> None:  # type: ignore[no-untyped-def]
    ingest(store, embedder, [doc("a", "Ada founded the company in London.")])
    rows = store.projection_rows()
    assert len(rows.passage_ids) == 1
    assert {(s, o) for s, o, _ in rows.relation_edges} == {
        (entity_id("Ada Corp"), entity_id("Ada Lovelace")), (entity_id("Ada Corp"), entity_id("London"))
    }
    assert all(p == rows.passage_ids[0] for p, _ in rows.mention_edges)
    v = store.version()
    n = store.replace_synonyms([SynonymEdge(source_id=entity_id("Ada Corp"), target_id=entity_id("Ada Lovelace"), score=0.9)])
    assert n == 1 and store.version() != v
    assert len(store.projection_rows().synonym_edges) == 1
    assert store.stats().synonym_edges == 1
    store.replace_synonyms([])
    assert store.stats().synonym_edges == 0


def test_synonyms_are_stale_after_a_write_until_rebuilt(store: GraphStore, embedder) -> None:  # type: ignore[no-untyped-def]
    assert not store.synonyms_current()  # never built
    ing = ingestor(store, embedder, SCRIPT)
    ing.ingest([doc("a", "Ada founded the company in London.")])
    assert store.synonyms_current()
    ing.ingest([doc("b", "Ada founded the company in London. Again.")], finalize=False)  # a crash before the synonym step
    assert not store.synonyms_current()
    report = ing.ingest([doc("b", "Ada founded the company in London. Again.")])  # nothing new, but stale: rebuilt
    assert report.created == report.updated == 0
    assert store.synonyms_current()


def test_synonyms_computed_before_another_write_stay_stale(store: GraphStore, embedder) -> None:  # type: ignore[no-untyped-def]
    """Two ingest runs at once: run 1 computes its synonym edges from the graph at version v,
    run 2 writes a document, then run 1 stores its edges. They lack run 2's entities, so they
    must not be marked current (run 2's own synonym step, or the next run, rebuilds them)."""
    ing = ingestor(store, embedder, SCRIPT)
    ing.ingest([doc("a", "Ada founded the company in London.")])
    seen = store.version()
    ing.ingest([doc("b", "Bob runs a shared fact.")], finalize=False)  # the other run's write
    edge = SynonymEdge(source_id=entity_id("Ada Corp"), target_id=entity_id("Ada Lovelace"), score=0.9)
    assert store.replace_synonyms([edge], built_at=seen) == 1
    assert store.stats().synonym_edges == 1  # written all the same
    assert not store.synonyms_current()
    assert store.replace_synonyms([edge], built_at=store.version()) == 1
    assert store.synonyms_current()
    # through the pipeline: a write between its version read and its synonym write
    ing.ingest([doc("c", "Another shared fact about Paris.")], finalize=False)
    real_vectors = store.vectors
    pending = [doc("d", "Ada founded the company in London. Once more.")]

    def vectors_then_a_write(kind):  # type: ignore[no-untyped-def]
        out = real_vectors(kind)
        if pending:
            ing.ingest([pending.pop()], finalize=False)
        return out

    store.vectors = vectors_then_a_write  # type: ignore[method-assign]
    try:
        ing.finalize()
    finally:
        del store.vectors  # type: ignore[attr-defined]
    assert not store.synonyms_current()
    ing.finalize()
    assert store.synonyms_current()


HOSTILE = "Robert'); DROP TABLE passages;-- \" MATCH (n) DETACH DELETE n // \\ back\\slash \x00 nul 🚀 émoji"


def test_hostile_text_is_stored_byte_exact(store: GraphStore, embedder) -> None:  # type: ignore[no-untyped-def]
    d = doc("evil' } RETURN 1 //", HOSTILE, title="}) MATCH (x) DELETE x //")
    r = ingest(store, embedder, [d], script={"DROP": [("Robert'); DROP", "says \"hi\"", "n} DETACH DELETE n")]})
    assert r.failures == [] and r.created == 1
    [p] = list(store.iter_passages())
    assert p.text == HOSTILE and p.title == "}) MATCH (x) DELETE x //"
    assert store.document_state(d.id) == DocumentState(d.content_hash, "")
    assert store.stats().triples == 1


def test_failed_write_leaves_nothing(store: GraphStore, embedder, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from hippograph.graph import cypher
    from hippograph.graph.embedded import EmbeddedStore

    if isinstance(store, EmbeddedStore):
        def boom(*a, **k):  # type: ignore[no-untyped-def]
            import sqlite3

            raise sqlite3.OperationalError("disk I/O error (simulated)")

        monkeypatch.setattr(EmbeddedStore, "_supersede", staticmethod(boom))
    else:
        monkeypatch.setattr(cypher, "MERGE_EPISODE", "THIS IS NOT CYPHER $ep")
    before = store.stats()
    report = ingest(store, embedder, [doc("a", "Ada founded the company in London.")])
    assert len(report.failures) == 1 and "nothing was kept" in report.failures[0].error
    assert store.stats() == before
    assert store.document_state(doc("a", "x").id) is None


def test_write_rejects_unopened_store(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from hippograph.graph.embedded import EmbeddedStore

    with pytest.raises(StoreError, match="not open"):
        EmbeddedStore(tmp_path / "s").stats()


def test_instance_id_is_stable_until_the_store_is_recreated(store: GraphStore) -> None:
    first = store.instance_id()
    assert first and store.instance_id() == first


def test_passage_locators_round_trip(store: GraphStore, embedder) -> None:  # type: ignore[no-untyped-def]
    from hippograph.core.models import Section
    from hippograph.ingest.loaders import make_document

    text = "Ada founded the company in London.\n\nBob likes a shared fact about Paris."
    d = make_document("report.pdf", "Report", text, "test:report.pdf",
                      sections=(Section(start=0, label="p. 1"), Section(start=text.index("Bob"), label="p. 2")))
    plain = doc("b", "A shared fact without pages.")
    assert ingest(store, embedder, [d, plain]).failures == []
    locators = {p.text: p.locator for p in store.iter_passages()}
    assert locators == {text: "report.pdf pp. 1–2", "A shared fact without pages.": ""}
    [record] = store.get_passages([p.id for p in store.iter_passages() if p.text == text])
    assert record.locator == "report.pdf pp. 1–2"
