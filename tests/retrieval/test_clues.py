"""Clue chaining on MuSiQue multi-hop questions with gpt-3.5 triples (hipporag-json)."""

from __future__ import annotations

import json

import numpy as np
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


def _counting_app(app, compose_from_hop: int):  # type: ignore[no-untyped-def]
    from hippograph.runtime.app import Hippograph
    from tests.core.test_embedding import CountingEmbedder

    s = app.settings.model_copy(update={"clues": app.settings.clues.model_copy(update={"compose_from_hop": compose_from_hop})})
    counting = CountingEmbedder(app.embedder)
    return Hippograph(s, embedder=counting, store=app.store), counting


QUESTION = "Who was the first president of the association which published Journal of Psychotherapy Integration?"


def test_one_question_encodes_each_string_once(musique_small) -> None:  # type: ignore[no-untyped-def]
    app, _ = musique_small
    fresh, counting = _counting_app(app, compose_from_hop=2)
    answer = fresh.ask(QUESTION)
    assert answer.retrieval.clues
    assert len(counting.texts) == len(set(counting.texts)), counting.texts  # nothing encoded twice
    assert counting.texts.count(QUESTION) == 1
    spans = {c.text for c in answer.retrieval.clues if c.kind == "span"}
    assert spans and not spans & set(counting.texts)  # a span clue's vector is its triple's stored vector
    hop2 = {c.text for c in answer.retrieval.clues if c.kind == "surrogate_question" and c.hop == 2}
    assert not hop2 & set(counting.texts)  # hop-2 surrogates are composed
    hop1 = {c.text for c in answer.retrieval.clues if c.kind == "surrogate_question" and c.hop == 1}
    assert hop1 and hop1 <= set(counting.texts)  # hop-1 surrogates steer linking: encoded


def test_composed_surrogate_vectors_point_at_the_surrogate(musique_small) -> None:  # type: ignore[no-untyped-def]
    from hippograph.core.embedding import query_scope

    app, questions = musique_small
    fresh, counting = _counting_app(app, compose_from_hop=1)
    composed_cos: list[float] = []
    question_cos: list[float] = []
    for q in questions:
        with query_scope():
            result = fresh.retrieve_with_clues(q["question"], k=5)
            surrogates = [c.text for c in result.clues if c.kind == "surrogate_question"]
            composed = fresh.query_embedder.embed(surrogates) if surrogates else None
        assert not set(surrogates) & set(counting.texts)  # none went through the encoder
        if composed is None:
            continue
        encoded = app.embedder.embed(surrogates)
        qv = app.embedder.embed([q["question"]])[0]
        composed_cos += list((composed * encoded).sum(axis=1))
        question_cos += list(encoded @ qv)
    # on average the composed vector is nearer the surrogate's own encoding than the question's vector is
    assert len(composed_cos) >= 10
    assert np.mean(composed_cos) >= np.mean(question_cos) + 0.02, (np.mean(composed_cos), np.mean(question_cos))
