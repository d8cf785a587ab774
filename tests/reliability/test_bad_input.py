"""Bad input on both stores: each bad item is a clear error naming it, the rest is ingested,
nothing is half-written, and hostile text survives byte for byte."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hippograph.core.errors import InputError
from hippograph.core.settings import IngestSettings
from hippograph.graph.store import GraphStore
from hippograph.ingest.extractors.spacy_ie import SpacyExtractor
from hippograph.ingest.loaders import iter_documents
from hippograph.ingest.pipeline import Ingestor
from hippograph.runtime.app import Hippograph
from tests.reliability.conftest import orphans, snapshot

HOSTILE = [
    ("Robert'); DROP TABLE passages;--", "Little Bobby Tables: '); DROP TABLE passages;-- was enrolled in 2007."),
    ('"}) MATCH (n) DETACH DELETE n //', 'The text "}) MATCH (n) DETACH DELETE n // is a Cypher injection attempt.'),
    ("Back\\slash \\n \\u0041", "Paths like C:\\Users\\x\\new and a literal \\n and \\' stay as typed."),
    ("Nul\x00byte", "A NUL\x00byte in the middle, a tab\there and a bell\x07 too."),
    ("Emoji 🦛📈", "The hippo 🦛 charts 📈 in ZWJ sequences 👩‍🔬 and RTL שלום مرحبا text."),
    ("$param {x}", "Parameters look like $param and maps like {x: 1} and `backticks`."),
]


def _bad_corpus(root: Path) -> Path:
    src = root / "corpus"
    src.mkdir()
    (src / "curie.txt").write_text("Marie Curie was born in Warsaw. She won the Nobel Prize in Physics in 1903.")
    (src / "warsaw.md").write_text("# Warsaw\nWarsaw is the capital of Poland. It lies on the Vistula river.")
    (src / "empty.txt").write_text("")
    (src / "blank.txt").write_text("  \n\t \n")
    (src / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (src / "latin1.txt").write_bytes("Caf\xe9 cr\xe8me in Paris".encode("latin-1"))
    with (src / "huge.txt").open("w") as f:  # 50 MB
        line = "Huge documents are refused before they are read into memory. " * 16 + "\n"
        for _ in range(50 * 1024 * 1024 // len(line) + 1):
            f.write(line)
    (src / "broken.json").write_text('[{"title": "Lost", "text": "never loaded"},')
    (src / "mixed.jsonl").write_text(
        '{"title": "Vistula", "text": "The Vistula is the longest river in Poland."}\n'
        '{"title": "Half", "text": \n'
        '{"id": "krakow", "title": "Krakow", "text": "Krakow was the capital of Poland until 1596."}\n'
        '{"id": "krakow", "title": "Krakow again", "text": "A different text under the same id."}\n'
    )
    return src


def test_bad_files_fail_alone_and_nothing_is_half_written(store: GraphStore, embedder, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    src = _bad_corpus(tmp_path)
    ingestor = Ingestor(IngestSettings(), store, embedder, SpacyExtractor())
    report = ingestor.ingest(iter_documents(src))
    problems = {Path(f.source.split(":")[0]).name + (":" + f.source.split(":")[1] if ":" in f.source else ""): f.error
                for f in report.failures}
    by_file = {name.split(":")[0]: msg for name, msg in problems.items()}
    assert set(by_file) == {"empty.txt", "blank.txt", "image.txt", "latin1.txt", "huge.txt", "broken.json", "mixed.jsonl"}
    assert "empty" in by_file["empty.txt"] and "empty" in by_file["blank.txt"]
    assert "PNG image, not text" in by_file["image.txt"]
    assert "not UTF-8" in by_file["latin1.txt"] and "0xe9" in by_file["latin1.txt"]
    assert "MB limit" in by_file["huge.txt"]
    assert "malformed JSON" in by_file["broken.json"]
    jsonl = sorted(str(f.error) for f in report.failures if "mixed.jsonl" in f.source)
    assert len(jsonl) == 2
    assert any("mixed.jsonl:2" in m and "malformed JSON" in m for m in jsonl)
    assert any("mixed.jsonl:4" in m and "duplicate document id 'krakow'" in m for m in jsonl)

    snap = snapshot(store)
    assert snap["stats"]["documents"] == 4  # curie, warsaw, Vistula, the first krakow
    assert snap["stats"]["episodes"] == 4
    assert orphans(snap) == []
    [krakow] = [p for p in store.iter_passages() if "Krakow" in p.text]
    assert "1596" in krakow.text  # the first record won; the duplicate was refused, not merged

    again = ingestor.ingest(iter_documents(src))  # the same folder again: nothing changes
    assert again.created == again.updated == 0
    assert snapshot(store) == snap


def test_hostile_text_is_stored_and_retrieved_byte_exact(store: GraphStore, embedder, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    corpus = tmp_path / "hostile.jsonl"
    corpus.write_text("\n".join(json.dumps({"title": t, "text": x}) for t, x in HOSTILE) + "\n", encoding="utf-8")
    before = store.stats()
    ingestor = Ingestor(IngestSettings(), store, embedder, SpacyExtractor())
    report = ingestor.ingest(iter_documents(corpus))
    assert report.failures == [] and report.created == len(HOSTILE)
    stored = {p.title: p for p in store.iter_passages()}
    for title, text in HOSTILE:
        assert stored[title].text == text, title  # byte for byte: NUL, backslashes, quotes, emoji
    after = store.stats()
    assert after.documents == before.documents + len(HOSTILE)

    from hippograph.core.settings import load_settings

    app = Hippograph(load_settings(store={"path": tmp_path / "unused"}), embedder=embedder, store=store)
    for title, text in HOSTILE:
        for method in ("bm25", "dense", "ppr"):
            result = app.engine.retrieve(text, method=method, k=3)
            assert title in [p.title for p in result.passages], (method, title)
    assert store.stats() == after  # questions never write


def test_questions_empty_huge_and_foreign(demo_app) -> None:  # type: ignore[no-untyped-def]
    for bad in ("", "   \n\t"):
        with pytest.raises(InputError, match="empty question"):
            demo_app.ask(bad)
    with pytest.raises(InputError, match="characters, above the"):
        demo_app.ask("why " * 10_000)
    long_q = ("Which film did the director of Pulp Fiction make? " * 200)[:10_000]
    assert len(long_q) == 10_000
    answer = demo_app.ask(long_q)  # long but under the limit: answered, the encoder truncates
    assert answer.retrieval.passages
    for foreign in ("¿Quién fue el primer presidente de la asociación que publicó el Journal of Psychotherapy Integration?",
                    "心理療法統合ジャーナルを発行した協会の初代会長は誰ですか？"):
        answer = demo_app.ask(foreign)
        assert answer.retrieval.passages and answer.answer
        assert all(c.passage_id in {p.passage_id for p in answer.retrieval.passages} for c in answer.citations)


def test_corpus_without_triples_falls_back_to_dense_and_says_so(store: GraphStore, embedder, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from hippograph.core.settings import load_settings
    from tests.conftest import doc, ingestor

    ing = ingestor(store, embedder, script={})  # the scripted extractor finds no triple at all
    report = ing.ingest([doc(f"d{i}", text) for i, text in enumerate([
        "ok ok ok, fine, sure.", "hmm... yes? no!", "lorem ipsum dolor sit amet", "the weather today: sunny and warm"])])
    assert report.created == 4 and store.stats().triples == 0
    app = Hippograph(load_settings(store={"path": tmp_path / "unused"}), embedder=embedder, store=store)
    result = app.engine.retrieve("how is the weather?", method="ppr", k=2)
    assert result.fallback and "dense" in result.fallback
    assert result.passages[0].text.startswith("the weather today")
