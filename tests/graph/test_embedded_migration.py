"""A store written before a column was added opens, gains the column, and rebuilds what it must."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from hippograph.graph.embedded import EmbeddedStore
from hippograph.graph.store import DocumentState
from tests.conftest import doc, ingestor

SCRIPT = {"Ada founded": [("Ada Corp", "based in", "London")]}


def test_store_without_extraction_column_is_migrated_and_rebuilt(tmp_path: Path, embedder) -> None:  # type: ignore[no-untyped-def]
    d = doc("a", "Ada founded the company in London.")
    store = EmbeddedStore(tmp_path / "s")
    store.open()
    ingestor(store, embedder, SCRIPT, fingerprint="v1").ingest([d])
    store.close()
    with sqlite3.connect(tmp_path / "s" / "graph.sqlite3") as conn:  # as an earlier version wrote it
        conn.execute("ALTER TABLE documents DROP COLUMN extraction")

    store = EmbeddedStore(tmp_path / "s")
    store.open()
    try:
        assert store.document_state(d.id) == DocumentState(d.content_hash, "")
        r = ingestor(store, embedder, SCRIPT, fingerprint="v1").ingest([d])
        assert (r.updated, r.unchanged) == (1, 0)  # built before fingerprints were kept: rebuilt once
        assert ingestor(store, embedder, SCRIPT, fingerprint="v1").ingest([d]).unchanged == 1
        assert store.stats().documents == 1 and store.stats().triples == 1
    finally:
        store.close()
