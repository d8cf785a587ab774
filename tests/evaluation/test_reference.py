"""Reference rows: the rows the shipped reader models were fitted on, as `hippograph eval` cross-fits with them."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from hippograph.core.errors import ConfigError
from hippograph.evaluation import reference as ref
from hippograph.evaluation.calibration import QuestionRows, question_key
from hippograph.retrieval.reader import FEATURES


def _set(family: str, read: str, n: int, seed: int) -> ref.RowSet:
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        k = int(rng.integers(1, 5))
        f1 = rng.random(k)
        rows.append(QuestionRows(rng.normal(size=(k, len(FEATURES))), (f1 >= 0.5).astype(float), f1, (f1 > 0.9).astype(float),
                                 one_hop=i % 2 == 1, group=i // 2, shape=rng.normal(size=4),
                                 key=question_key(f"{family} {i}"), group_key=question_key(f"{family} {i - i % 2}")))
    rows.append(QuestionRows(np.zeros((0, len(FEATURES))), np.zeros(0), np.zeros(0), np.zeros(0), key=question_key("none")))
    return ref.RowSet(family, read, f"questions.json ({family})", rows)


def test_row_sets_survive_the_file_and_the_other_triples_rows_are_weighted(tmp_path: Path) -> None:
    sets = [_set("spacy", "pipeline", 7, 0), _set("llm", "pipeline", 5, 1), _set("llm", "dense", 4, 2)]
    path = tmp_path / "rows.npz"
    ref.save_rows(path, sets)
    back = ref.load_rows(path)
    assert [(s.family, s.read, s.source, len(s.rows)) for s in back] == [(s.family, s.read, s.source, len(s.rows)) for s in sets]
    for a, b in zip([r for s in sets for r in s.rows], [r for s in back for r in s.rows]):
        assert np.allclose(a.x, b.x, atol=1e-6) and np.allclose(a.f1, b.f1, atol=1e-6) and np.array_equal(a.y, b.y)
        assert (a.one_hop, a.group, a.key, a.group_key) == (b.one_hop, b.group, b.key, b.group_key)
    spacy_pipeline = ref.reference_rows("spacy", "pipeline", back)
    assert len(spacy_pipeline) == 6 and {r.weight for r in spacy_pipeline} == {ref.OTHER_TRIPLES_WEIGHT["spacy"]}
    llm_pipeline = ref.reference_rows("llm", "pipeline", back)
    assert len(llm_pipeline) == 8 and {r.weight for r in llm_pipeline} == {ref.OTHER_TRIPLES_WEIGHT["llm"]}
    assert len(ref.reference_rows("spacy", "dense", back)) == 5
    assert ref.reference_rows("llm", "dense", back) == []
    with pytest.raises(ConfigError, match="no reference rows for triples 'rebel'"):
        ref.reference_rows("rebel", "pipeline", back)


def test_rows_of_other_features_or_no_file_are_refused_by_name(tmp_path: Path) -> None:
    path = tmp_path / "old.npz"
    ref.save_rows(path, [_set("spacy", "pipeline", 3, 0)])
    d = dict(np.load(path))
    d["features"] = np.array(list(FEATURES)[:-1])
    np.savez_compressed(path, **d)
    with pytest.raises(ConfigError, match="old.npz were collected with other features"):
        ref.load_rows(path)
    with pytest.raises(ConfigError, match="missing.npz"):
        ref.load_rows(tmp_path / "missing.npz")


def test_the_shipped_reference_rows_hold_both_triples_both_reads_and_the_sub_questions() -> None:
    sets = ref.load_rows()
    assert {(s.family, s.read) for s in sets} == {("spacy", "pipeline"), ("spacy", "dense"), ("llm", "pipeline"), ("llm", "dense")}
    for s in sets:
        assert "musique-100/questions.json" in s.source
        assert sum(not r.one_hop for r in s.rows) == 100 and sum(r.one_hop for r in s.rows) > 100
        mains = {r.key for r in s.rows if not r.one_hop}
        assert all(r.group_key in mains for r in s.rows)
