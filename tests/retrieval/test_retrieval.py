from __future__ import annotations

import pytest

from hippograph.core.errors import InputError
from hippograph.core.ids import normalize_entity
from hippograph.core.settings import RetrievalSettings
from hippograph.evaluation.dataset import load_questions
from hippograph.evaluation.retrieval_eval import evaluate_retrieval
from hippograph.graph.projection import ProjectionCache, build_projection
from hippograph.graph.store import ProjectionRows
from hippograph.retrieval.answer import expected_types
from hippograph.retrieval.ppr import run_ppr
from tests.conftest import DEMO


def test_ppr_spreads_from_seed_entity_to_linked_passages() -> None:
    rows = ProjectionRows(
        entity_ids=["e1", "e2", "e3"], entity_names=["a", "b", "c"], passage_ids=["p1", "p2", "p3"],
        relation_edges=[("e1", "e2", 1.0)], mention_edges=[("p1", "e1"), ("p2", "e2"), ("p3", "e3")],
    )
    proj = build_projection(rows, "v1")
    scores = run_ppr(proj, {proj.entity_index["e1"]: 1.0}, {}, RetrievalSettings())
    order = [proj.passage_ids[i] for i in scores.argsort()[::-1]]
    assert order == ["p1", "p2", "p3"]  # p2 reached through the e1-e2 relation, p3 unreachable
    assert scores[2] == pytest.approx(0.0, abs=1e-9)
    assert proj.passage_counts.tolist() == [1.0, 1.0, 1.0]


def test_dense_seeds_as_aligned_arrays_equal_the_mapping_and_both_solvers_agree() -> None:
    import numpy as np

    rows = ProjectionRows(
        entity_ids=["e1", "e2", "e3", "e4"], entity_names=["a", "b", "c", "d"], passage_ids=["p1", "p2", "p3", "p4"],
        relation_edges=[("e1", "e2", 1.0), ("e3", "e4", 2.0)],
        mention_edges=[("p1", "e1"), ("p2", "e2"), ("p3", "e3"), ("p4", "e4"), ("p2", "e3")],
    )
    proj = build_projection(rows, "v1")
    ids = ["p4", "p2", "px", "p1", "p3"]  # another order, and an id the projection does not know
    vals = np.array([0.9, 0.1, 0.5, 0.3, 0.7])
    seeds = {proj.entity_index["e1"]: 1.0}
    exact = RetrievalSettings(passage_node_weight=0.5, ppr_solver="power")
    mapped = run_ppr(proj, seeds, dict(zip(ids, vals.tolist())), exact)
    aligned = run_ppr(proj, seeds, (ids, vals), exact)
    push = run_ppr(proj, seeds, (ids, vals), RetrievalSettings(passage_node_weight=0.5, ppr_push_tolerance=1e-9))
    prpack = run_ppr(proj, seeds, (ids, vals), RetrievalSettings(passage_node_weight=0.5, ppr_solver="prpack"))
    assert np.allclose(mapped, aligned, atol=1e-12)
    assert np.allclose(aligned, prpack, atol=1e-7)
    assert list(np.argsort(-aligned)) == list(np.argsort(-prpack))
    assert np.allclose(aligned, push, atol=1e-6) and list(np.argsort(-aligned)) == list(np.argsort(-push))


def test_interleave_puts_dense_first_and_keeps_the_graph_below() -> None:
    from hippograph.retrieval.engine import interleave

    ranked = interleave(["d1", "p1", "d3"], ["p1", "p2", "p3", "d1", "p4"], depth=2, k=5)
    assert [pid for pid, _ in ranked] == ["d1", "p1", "p2", "p3", "p4"]
    assert [s for _, s in ranked] == sorted((s for _, s in ranked), reverse=True)
    assert [pid for pid, _ in interleave(["a", "b"], ["c", "d"], 2, 3)] == ["a", "c", "b"]
    assert [pid for pid, _ in interleave(["a", "b"], ["a", "c", "d"], 2, 4)] == ["a", "b", "c", "d"]  # no repeats


def test_fused_ppr_is_never_below_dense_at_rank_one(demo_app) -> None:  # type: ignore[no-untyped-def]
    items = load_questions(DEMO / "questions.json")
    scores = {m.method: m for m in evaluate_retrieval(demo_app.engine, items, ["dense", "ppr"], ks=(1, 2, 5))}
    assert scores["ppr"].recall[1] >= scores["dense"].recall[1]
    for item in items[:5]:
        dense = demo_app.engine.retrieve(item.question, method="dense", k=1).passages[0].passage_id
        assert demo_app.engine.retrieve(item.question, method="ppr", k=5).passages[0].passage_id == dense


def test_projection_cache_rebuilds_only_when_graph_changes(demo_app) -> None:  # type: ignore[no-untyped-def]
    cache = ProjectionCache(demo_app.store)
    a = cache.get()
    assert cache.get() is a
    assert a.stats["nodes"] == demo_app.store.stats().entities + demo_app.store.stats().passages


def test_ppr_beats_dense_on_demo_multihop_questions(demo_app) -> None:  # type: ignore[no-untyped-def]
    items = load_questions(DEMO / "questions.json")
    scores = {m.method: m for m in evaluate_retrieval(demo_app.engine, items, ["dense", "ppr"], ks=(2, 5))}
    assert scores["ppr"].recall[5] >= 75.0
    assert scores["ppr"].recall[5] > scores["dense"].recall[5]
    assert scores["ppr"].fallbacks == 0


def test_multihop_supporting_passages_retrieved(demo_app) -> None:  # type: ignore[no-untyped-def]
    [item] = [q for q in load_questions(DEMO / "questions.json") if "Journal of Psychotherapy Integration" in q.question]
    result = demo_app.engine.retrieve(item.question, method="ppr", k=5)
    got = [p.passage_id for p in result.passages]
    assert set(item.gold_passage_ids) <= set(got)
    assert result.seeds and result.fallback is None
    assert all(p.ppr_score is not None and p.dense_score is not None for p in result.passages)


def test_baselines_and_bad_questions(demo_app) -> None:  # type: ignore[no-untyped-def]
    bm = demo_app.engine.retrieve("Bubye River tributary Limpopo", method="bm25", k=3)
    assert bm.passages[0].title == "Bubye River"
    dense = demo_app.engine.retrieve("Which river is a tributary of the Limpopo?", method="dense", k=3)
    assert len(dense.passages) == 3 and dense.method == "dense"
    with pytest.raises(InputError, match="empty question"):
        demo_app.engine.retrieve("   ")
    long_q = "Where is the Bubye River? " * 400
    assert demo_app.engine.retrieve(long_q, k=2).passages


def test_dense_fallback_when_nothing_links(tmp_path, embedder) -> None:  # type: ignore[no-untyped-def]
    from hippograph.core.settings import load_settings
    from hippograph.runtime.app import Hippograph
    from tests.conftest import ScriptedExtractor, doc

    app = Hippograph(load_settings(store={"path": tmp_path / "s"}), embedder=embedder).open()
    app._extractor = ScriptedExtractor({})  # a corpus with no extractable triples
    app.ingest_documents([doc("a", "Grass is green and the sky is blue.", title=""), doc("b", "Snow is white.", title="")])
    result = app.engine.retrieve("What colour is snow?", k=1)
    assert result.method == "dense" and result.fallback and "dense retrieval used" in result.fallback
    assert result.passages[0].text == "Snow is white."


def test_expected_answer_types() -> None:
    assert expected_types("Who wrote Brand?") == {"PERSON", "ORG", "NORP"}
    assert "DATE" in expected_types("When was the treaty signed?")
    assert "GPE" in expected_types("In which country is Midway?")
    assert "CARDINAL" in expected_types("How many Publix stores are there?")


def test_extractive_answer_cites_a_given_passage(demo_app) -> None:  # type: ignore[no-untyped-def]
    answer = demo_app.ask("What country was the author of Brand a citizen of?", reader="extractive")
    given = {p.passage_id for p in answer.retrieval.passages}
    assert answer.kind == "extractive" and answer.answer
    assert answer.citations and all(c.passage_id in given for c in answer.citations)
    assert all(c.evidence for c in answer.citations)


def test_graph_reader_answers_or_abstains_with_evidence(demo_app) -> None:  # type: ignore[no-untyped-def]
    from hippograph.core.models import NOT_FOUND

    answer = demo_app.ask("What country was the author of Brand a citizen of?")
    given = {p.passage_id for p in answer.retrieval.passages}
    assert answer.kind in {"graph-path", "extractive", "abstain"}
    assert 0.0 <= answer.confidence <= 1.0 and answer.citations
    assert all(c.passage_id in given and c.evidence for c in answer.citations)
    given_text = answer.given
    q_words = set(normalize_entity(answer.question).split())
    assert given_text and not set(normalize_entity(given_text).split()) <= q_words  # never restates the question
    if answer.kind == "abstain":
        assert answer.answer == NOT_FOUND and answer.best_guess
        assert answer.confidence < demo_app.settings.answer.min_confidence
    else:
        assert answer.confidence >= demo_app.settings.answer.min_confidence


def test_projection_cache_invalidated_by_a_write(tmp_path, embedder) -> None:  # type: ignore[no-untyped-def]
    from hippograph.graph.embedded import EmbeddedStore
    from tests.conftest import doc, ingestor

    store = EmbeddedStore(tmp_path / "s")
    store.open()
    ing = ingestor(store, embedder, {"Paris": [("Paris", "capital of", "France")]})
    ing.ingest([doc("a", "Paris text")])
    cache = ProjectionCache(store)
    first = cache.get()
    assert cache.get() is first
    ing.ingest([doc("b", "Paris again, another text")])
    second = cache.get()
    assert second is not first and second.stats["nodes"] > first.stats["nodes"]
