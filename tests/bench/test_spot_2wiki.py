"""The held-out 2Wiki spot check (``bench/spot_2wiki.py``) on a slice of the shared 2Wiki corpus:
its questions resolve to passages the corpus holds, and the offline reader answers the
comparison forms from the spaCy graph of those passages."""

from __future__ import annotations

import json
from pathlib import Path

from hippograph.bench.spot_2wiki import QUESTIONS, QUESTIONS_B, QUESTIONS_C, QUESTIONS_D, QUESTIONS_E, QUESTIONS_F, write_questions
from hippograph.core.settings import load_settings
from hippograph.evaluation.metrics import exact_match
from tests.conftest import doc, require_shared_data


def test_the_spot_check_questions_resolve_and_the_comparisons_are_answered(tmp_path: Path, embedder) -> None:  # type: ignore[no-untyped-def]
    from hippograph.runtime.app import Hippograph

    corpus = require_shared_data() / "2wiki-corpus" / "corpus.json"
    path = write_questions(corpus, tmp_path)
    rows = json.loads(path.read_text())
    assert len(rows) == len(QUESTIONS) and all(r["paragraphs"] and r["answer"] for r in rows)
    rows_b = json.loads(write_questions(corpus, tmp_path / "b", QUESTIONS_B).read_text())
    assert len(rows_b) == len(QUESTIONS_B) and all(r["paragraphs"] and r["answer"] for r in rows_b)
    rows_c = json.loads(write_questions(corpus, tmp_path / "c", QUESTIONS_C).read_text())
    assert len(rows_c) == len(QUESTIONS_C) and all(r["paragraphs"] and r["answer"] for r in rows_c)
    rows_d = json.loads(write_questions(corpus, tmp_path / "d", QUESTIONS_D).read_text())
    assert len(rows_d) == len(QUESTIONS_D) and all(r["paragraphs"] and r["answer"] for r in rows_d)
    rows_e = json.loads(write_questions(corpus, tmp_path / "e", QUESTIONS_E).read_text())
    assert len(rows_e) == len(QUESTIONS_E) and all(r["paragraphs"] and r["answer"] for r in rows_e)
    rows_f = json.loads(write_questions(corpus, tmp_path / "f", QUESTIONS_F).read_text())
    assert len(rows_f) == len(QUESTIONS_F) and all(r["paragraphs"] and r["answer"] for r in rows_f)
    asked = [{r["question"] for r in rs} for rs in (rows, rows_b, rows_c, rows_d, rows_e, rows_f)]
    assert sum(map(len, asked)) == len(set().union(*asked))  # no question in two sets
    # the gold passages and the 300 passages after the first of them: a graph with distractors
    passages = json.loads(corpus.read_text())
    gold = {p["title"] for r in rows for p in r["paragraphs"]}
    start = min(i for i, p in enumerate(passages) if p["title"] in gold)
    picked = [p for i, p in enumerate(passages) if p["title"] in gold or start <= i < start + 300]
    docs = [doc(f"2wiki-{i}", p["text"], p["title"]) for i, p in enumerate(picked)]
    app = Hippograph(load_settings(store={"path": tmp_path / "store"}), embedder=embedder)
    with app:
        assert not app.ingest_documents(docs).failures
        right = {}
        for (form, question, answer, aliases, _), r in zip(QUESTIONS, rows):
            got = app.ask(question)
            given = got.given
            right[question] = (form, exact_match(given, (answer, *aliases)), given)
    comparisons = [v for v in right.values() if v[0] == "comparison"]
    assert sum(v[1] for v in comparisons) >= 6, right
    assert right["Who was born first, Frank Launder or Clarence Brown?"][1], right
    assert right["Which film has the director who was born earlier, The Goose Woman or The Last Coupon?"][1], right
