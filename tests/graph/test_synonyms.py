"""Synonym kNN against a brute-force reference."""

from __future__ import annotations

import numpy as np

from hippograph.graph.synonyms import synonym_edges


def _reference(ids: list[str], vecs: np.ndarray, threshold: float, top_k: int) -> dict[tuple[str, str], float]:
    sims = vecs @ vecs.T
    np.fill_diagonal(sims, -1.0)
    out: dict[tuple[str, str], float] = {}
    for r in range(len(ids)):
        order = [c for c in np.argsort(-sims[r], kind="stable") if sims[r, c] >= threshold][:top_k]
        for c in order:
            key = (ids[r], ids[c]) if ids[r] < ids[c] else (ids[c], ids[r])
            out[key] = max(out.get(key, 0.0), float(sims[r, c]))
    return out


def test_blocked_threshold_knn_equals_brute_force() -> None:
    rng = np.random.default_rng(3)
    centers = rng.normal(size=(12, 16))
    vecs = np.repeat(centers, 25, axis=0) + rng.normal(scale=0.35, size=(300, 16))  # clusters of near-synonyms
    vecs = (vecs / np.linalg.norm(vecs, axis=1, keepdims=True)).astype(np.float32)
    ids = [f"e{i:03d}" for i in range(300)]
    names = [f"entity {i}" for i in range(300)]
    for top_k in (3, 100):
        got = {(e.source_id, e.target_id): e.score for e in synonym_edges(ids, names, vecs, 0.8, top_k, block=64)}
        want = _reference(ids, vecs, 0.8, top_k)
        assert got.keys() == want.keys() and len(got) > 50
        assert all(abs(got[k] - want[k]) < 1e-5 for k in got)


def test_short_names_are_never_merged() -> None:
    vecs = np.ones((3, 4), dtype=np.float32) / 2.0
    assert synonym_edges(["a", "b", "c"], ["us", "u.s.", "usa"], vecs) == []  # only "usa" has > 2 characters
    edges = synonym_edges(["a", "b", "c"], ["us", "usa", "u.s.a."], vecs)
    assert [(e.source_id, e.target_id) for e in edges] == [("b", "c")]
