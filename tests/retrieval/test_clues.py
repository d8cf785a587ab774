"""Clue chaining on MuSiQue multi-hop questions with gpt-3.5 triples (hipporag-json)."""

from __future__ import annotations

import json

import pytest

from hippograph.core.ids import normalize_entity
from hippograph.core.settings import load_settings
from hippograph.ingest.loaders import iter_documents
from hippograph.retrieval.clues import OfflineClueGenerator
from tests.conftest import MUSIQUE, require_shared_data


@pytest.fixture(scope="module")
def musique_small(tmp_path_factory, embedder):  # type: ignore[no-untyped-def]
    require_shared_data()
    from hippograph.runtime.app import Hippograph

    questions = json.loads((MUSIQUE / "questions.json").read_text())[:12]
    corpus = [{"title": p["title"], "text": p["paragraph_text"]} for q in questions for p in q["paragraphs"]]
    tmp = tmp_path_factory.mktemp("musique")
    (tmp / "corpus.json").write_text(json.dumps(corpus))
    settings = load_settings(store={"path": tmp / "store"},
                             ingest={"extractor": "hipporag-json", "openie_path": MUSIQUE / "openie-gpt-3.5-turbo-1106.json"})
    app = Hippograph(settings, embedder=embedder).open()
    report = app.ingestor().ingest(iter_documents(tmp / "corpus.json"))
    assert report.failures == []
    yield app, questions
    app.close()


def test_clue_chaining_finds_the_bridge_entity(musique_small) -> None:  # type: ignore[no-untyped-def]
    app, questions = musique_small
    gen = OfflineClueGenerator(app.store, app.embedder, depth=2)
    hits = 0
    for q in questions:
        hop1 = normalize_entity(q["question_decomposition"][0]["answer"])
        clues = gen.generate(q["question"])
        assert all(c.text for c in clues)
        if any(c.bridge_entity and hop1 in normalize_entity(c.bridge_entity) for c in clues):
            hits += 1
    assert hits >= len(questions) // 2, f"bridge entity found for {hits}/{len(questions)} questions"


def test_journal_question_chains_to_its_publisher(musique_small) -> None:  # type: ignore[no-untyped-def]
    app, _ = musique_small
    clues = OfflineClueGenerator(app.store, app.embedder).generate(
        "Who was the first president of the association which published Journal of Psychotherapy Integration?"
    )
    surrogate = [c for c in clues if c.kind == "surrogate_question"]
    assert any("American Psychological Association" in c.text for c in surrogate)
    result = app.retrieve_with_clues("Who was the first president of the association which published Journal of Psychotherapy Integration?", k=5)
    assert result.clues and "american psychological association" in {n.name for n in result.seeds}
    # both hops' supporting passages: the journal's, and the one naming APA's first president
    assert {"Journal of Psychotherapy Integration", "Adolescence"} <= {p.title for p in result.passages}


def test_ask_selects_within_budget_and_cites(musique_small) -> None:  # type: ignore[no-untyped-def]
    app, questions = musique_small
    answer = app.ask(questions[0]["question"])
    sel = answer.selection
    assert sel is not None and sel.method == "mcts" and 0 < sel.tokens <= sel.budget
    # the offline reader reads the selected passages and the top retrieved ones, and cites only those
    given = {p.passage_id for p in sel.passages} | {p.passage_id for p in answer.retrieval.passages}
    assert answer.citations and all(c.passage_id in given for c in answer.citations)
    if answer.path is not None:  # each hop cites the passage that states it
        assert {h.passage_id for h in answer.path.hops} <= {c.passage_id for c in answer.citations}
