from __future__ import annotations

from pathlib import Path

from hippograph.core.errors import InputError
from hippograph.core.settings import IngestSettings
from hippograph.graph.embedded import EmbeddedStore
from hippograph.ingest.loaders import iter_documents
from hippograph.ingest.pipeline import Ingestor
from tests.conftest import ScriptedExtractor, doc


class FailOn(ScriptedExtractor):
    def extract(self, passages):  # type: ignore[no-untyped-def]
        from hippograph.core.errors import ExtractionError

        for p in passages:
            if "POISON" in p.text:
                raise ExtractionError(f"passage {p.id[:12]} cannot be parsed")
        return super().extract(passages)


def test_one_bad_document_does_not_stop_the_rest(tmp_path: Path, embedder) -> None:  # type: ignore[no-untyped-def]
    store = EmbeddedStore(tmp_path / "s")
    store.open()
    ing = Ingestor(IngestSettings(batch_size=8), store, embedder, FailOn({"capital": [("Paris", "capital of", "France")]}))
    items = [doc("a", "Paris is the capital."), doc("b", "POISON here."), InputError("x.jsonl", "malformed JSON", 3),
             doc("c", "Berlin is a capital too.")]
    report = ing.ingest(items)
    assert report.created == 2 and len(report.failures) == 2
    errors = " | ".join(f.error for f in report.failures)
    assert "x.jsonl:3: malformed JSON" in errors and "test:b" in errors and "cannot be parsed" in errors
    assert store.stats().documents == 2
    assert store.document_state(doc("b", "x").id) is None


def test_reingesting_a_folder_adds_nothing(tmp_path: Path, embedder) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.txt").write_text("Marie Curie was born in Warsaw. She won the Nobel Prize in 1903.")
    (tmp_path / "docs" / "b.txt").write_text("Warsaw is the capital of Poland.")
    store = EmbeddedStore(tmp_path / "s")
    store.open()
    from hippograph.ingest.extractors.spacy_ie import SpacyExtractor

    ing = Ingestor(IngestSettings(), store, embedder, SpacyExtractor())
    first = ing.ingest(iter_documents(tmp_path / "docs"))
    assert first.created == 2 and first.triples > 0
    stats, version = store.stats(), store.version()
    second = ing.ingest(iter_documents(tmp_path / "docs"))
    assert second.unchanged == 2 and second.created == 0
    assert store.stats() == stats and store.version() == version


def test_an_upgraded_extractor_reextracts_stored_documents(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The app's ingestor fingerprints the extraction: a new spaCy extractor revision (or another
    spaCy model, chunking, embedder) rebuilds documents whose text did not change."""
    from hippograph.core.settings import load_settings
    from hippograph.ingest import fingerprint
    from hippograph.ingest.extractors import spacy_ie
    from hippograph.runtime.app import Hippograph

    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.txt").write_text("Marie Curie was born in Warsaw.")
    settings = load_settings(store={"path": tmp_path / "s"})
    with Hippograph(settings) as app:
        assert app.ingest_path(tmp_path / "docs").created == 1
        assert app.ingest_path(tmp_path / "docs").unchanged == 1
        monkeypatch.setattr(spacy_ie, "REVISION", spacy_ie.REVISION + "-next")
        assert app.ingest_path(tmp_path / "docs").updated == 1
        assert app.ingest_path(tmp_path / "docs").unchanged == 1
        # a new id scheme (entity names normalised another way) rebuilds them too
        monkeypatch.setattr(fingerprint, "ID_SCHEME", fingerprint.ID_SCHEME + "-next")
        assert app.ingest_path(tmp_path / "docs").updated == 1
    other = load_settings(store={"path": tmp_path / "s"}, ingest={"chunk": {"chunk_size": 64}})
    with Hippograph(other) as app:
        assert app.ingest_path(tmp_path / "docs").updated == 1
