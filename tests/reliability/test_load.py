"""Load on the in-process API and re-ingestion of an unchanged corpus."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from hippograph.core.settings import IngestSettings
from hippograph.graph.store import GraphStore
from hippograph.ingest.extractors.spacy_ie import SpacyExtractor
from hippograph.ingest.loaders import iter_documents
from hippograph.ingest.pipeline import Ingestor
from tests.conftest import DEMO
from tests.reliability.conftest import snapshot
from tests.reliability.test_serving import essence

QUESTIONS = [
    "Who was the first president of the association which published Journal of Psychotherapy Integration?",
    "What country was the author of Brand a citizen of?",
    "When was the institute that owned The Collegian founded?",
    "Who is the spouse of the Green performer?",
    "What is the capital of the county where the Sunflower Schoolhouse is located?",
    "Where was the director of the film born?",
    "Which river flows through the city where the university is?",
    "Who founded the company that made the first iPhone?",
]


def test_32_concurrent_questions_in_process_equal_sequential_answers(demo_app) -> None:  # type: ignore[no-untyped-def]
    expected = {q: essence(demo_app.ask(q)) for q in QUESTIONS}
    batch = QUESTIONS * 4
    with ThreadPoolExecutor(max_workers=len(batch)) as pool:
        answers = list(pool.map(demo_app.ask, batch))
    assert len(answers) == 32
    for q, a in zip(batch, answers):
        assert essence(a) == expected[q], q


def test_reingesting_an_unchanged_corpus_writes_nothing(store: GraphStore, embedder, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    corpus = tmp_path / "corpus.json"
    corpus.write_text((DEMO / "corpus.json").read_text()[:60_000].rsplit("},", 1)[0] + "}]")
    ingestor = Ingestor(IngestSettings(), store, embedder, SpacyExtractor())
    first = ingestor.ingest(iter_documents(corpus))
    assert first.created > 20 and first.failures == []
    snap, version = snapshot(store), store.version()
    second = ingestor.ingest(iter_documents(corpus))
    assert second.created == second.updated == 0 and second.failures == []
    assert second.seconds["extract"] == 0 and second.seconds["embed"] == 0  # skipped by content hash
    assert store.version() == version  # not one write
    assert snapshot(store) == snap
